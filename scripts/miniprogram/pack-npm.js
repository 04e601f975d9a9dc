// "Build npm" without WeChat DevTools: node_modules → miniprogram/miniprogram_npm, offline, with
// miniprogram-ci packNpmManually (no appid or key needed). Usage: node scripts/miniprogram/pack-npm.js [--if-missing]
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const dist = path.join(ROOT, 'miniprogram');
if (
  process.argv.includes('--if-missing') &&
  fs.existsSync(path.join(dist, 'miniprogram_npm', 'tdesign-miniprogram'))
)
  process.exit(0);
const ci = require('miniprogram-ci');
const started = Date.now();
ci.packNpmManually({ packageJsonPath: path.join(ROOT, 'package.json'), miniprogramNpmDistDir: dist })
  .then((r) => {
    console.log(
      `miniprogram_npm: ${r.miniProgramPackNum} mini-program packages, ${r.otherNpmPackNum} others, ${Date.now() - started} ms`,
    );
    r.warnList.forEach((w) => console.warn(w));
    process.exit(0); // miniprogram-ci leaves a worker running
  })
  .catch((e) => {
    console.error(e);
    process.exit(1);
  });
