// Stands in, in the cloud bundles, for zod's index of every locale (scripts/build-functions.ts):
// English, which zod sets as its default, and Chinese. The functions write their own messages
// (contract/issues.ts); z.locales.<other> is undefined here.
export { default as en } from 'zod/v4/locales/en.js';
export { default as zhCN } from 'zod/v4/locales/zh-CN.js';
