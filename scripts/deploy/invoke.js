// node scripts/deploy/invoke.js <entry.js> [event JSON] [context JSON]
// Loads a built function the way CloudBase does (require the file, call exports.main(event,
// context)) and prints { handlerExported, result } or { handlerExported, error } as one JSON line.
// Plain JavaScript so any Node binary can run it (the tests use the runtime's own version).
/* global clearTimeout */
const [entry, event = '{}', context = '{}'] = process.argv.slice(2);
const print = (out) => {
  process.stdout.write(`${JSON.stringify(out)}\n`);
  process.exit(0); // the SDK may keep timers alive after a failed request
};
let main;
try {
  main = require(require('path').resolve(entry)).main;
} catch (error) {
  print({ handlerExported: false, error: `load failed: ${error && error.message}` });
}
if (typeof main !== 'function') print({ handlerExported: false, error: 'exports.main is not a function' });
const timer = setTimeout(() => print({ handlerExported: true, error: 'no answer in 20 s' }), 20_000);
Promise.resolve()
  .then(() => main(JSON.parse(event), JSON.parse(context)))
  .then(
    (result) => {
      clearTimeout(timer);
      print({ handlerExported: true, result });
    },
    (error) => {
      clearTimeout(timer);
      print({ handlerExported: true, error: `main rejected: ${error && error.message}` });
    },
  );
