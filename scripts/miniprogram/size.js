// npm run -s size -- [--json]
// Compiles the mini-program offline with miniprogram-ci (no DevTools, no real key, no network):
// TypeScript → JS, WXML/WXSS checked and minified, only the npm components in use kept. Prints
// { mainPackageBytes, totalBytes, files } and fails when the main package is over 800 KB
// (WeChat's hard limit is 2 MB; 800 KB is our budget for elderly users on slow networks).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '../..');
const BUDGET = 800 * 1024;
const json = process.argv.includes('--json');

(async () => {
  // "Build npm" first when it has not run yet (a fresh clone): the compiler resolves TDesign's
  // components from miniprogram_npm. It runs in its own process: miniprogram-ci never exits.
  execFileSync(process.execPath, [path.join(__dirname, 'pack-npm.js'), '--if-missing'], {
    stdio: ['ignore', json ? 'ignore' : 'inherit', 'inherit'],
  });
  const originalLog = console.log;
  if (json) console.log = console.info = () => {}; // miniprogram-ci talks on stdout, from require on
  const ci = require('miniprogram-ci');
  const project = new ci.Project({
    appid: JSON.parse(fs.readFileSync(path.join(ROOT, 'project.config.json'), 'utf8')).appid,
    type: 'miniProgram',
    projectPath: ROOT,
    privateKey: 'offline-placeholder', // only used to sign server calls, which this never makes
    attr: async () => ci.DefaultProjectAttr, // undocumented: skips the signed "project attributes" request
    ignores: [
      'node_modules/**/*',
      'test/**/*',
      'scripts/**/*',
      'cloudfunctions/**/*',
      'data/**/*',
      'docs/**/*',
      'build/**/*',
      '.local-data/**/*',
    ],
  });
  const outDir = path.join(ROOT, 'build');
  fs.mkdirSync(outDir, { recursive: true });
  const started = Date.now();
  const files = await ci.getCompiledResult(
    {
      project,
      setting: {
        es6: true,
        es7: true,
        minify: true,
        minifyWXML: true,
        minifyWXSS: true,
        autoPrefixWXSS: true,
      },
    },
    path.join(outDir, 'miniprogram.zip'),
  );
  console.log = originalLog;
  const sizes = Object.fromEntries(
    Object.entries(files).map(([name, content]) => [name, Buffer.byteLength(content)]),
  );
  const totalBytes = Object.values(sizes).reduce((a, b) => a + b, 0);
  // No subpackages yet: everything is in the main package.
  const report = {
    mainPackageBytes: totalBytes,
    totalBytes,
    files: Object.keys(sizes).length,
    budgetBytes: BUDGET,
    ms: Date.now() - started,
  };
  if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else {
    const own = Object.entries(sizes)
      .filter(([k]) => !k.startsWith('miniprogram_npm/'))
      .sort((a, b) => b[1] - a[1]);
    for (const [name, bytes] of own.slice(0, 15)) console.log(`${String(bytes).padStart(8)}  ${name}`);
    console.log(
      `main package ${(totalBytes / 1024).toFixed(1)} KB in ${report.files} files (budget ${BUDGET / 1024} KB), ${report.ms} ms`,
    );
  }
  process.exit(totalBytes > BUDGET ? 1 : 0); // miniprogram-ci leaves a compiler process running
})().catch((error) => {
  console.error(String((error && error.stack) || error));
  process.exit(1);
});
