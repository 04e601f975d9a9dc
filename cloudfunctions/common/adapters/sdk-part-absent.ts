// Stands in, in the cloud bundles, for the parts of @cloudbase/node-sdk the functions never use:
// data models and MySQL (@cloudbase/wx-cloud-client-sdk, which init() sets up inside a try and
// skips when it fails), AI (@cloudbase/ai, and the web SDK @cloudbase/app and web-streams-polyfill
// it brings, all created on use), custom login tickets (jsonwebtoken, used by createTicket only)
// and file storage's XML (xml2js). Each is only required at load and touched on use, so a load
// succeeds and a use fails with this message. Together they are most of the SDK's bytes, and
// parsing is most of a cold start (scripts/bench/cold-start.ts).
const absent: object = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule') return false;
      throw new Error(
        `not in this bundle: a part of @cloudbase/node-sdk the functions do not use (${String(key)})`,
      );
    },
  },
);
module.exports = absent;
