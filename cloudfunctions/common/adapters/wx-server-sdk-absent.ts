// Stands in for wx-server-sdk in the bundles of functions whose config.json lists no open API
// (scripts/build-functions.ts): WeChat would refuse their cloud calls anyway.
throw new Error("wx-server-sdk is not in this bundle: list the open API in the function's config.json");
