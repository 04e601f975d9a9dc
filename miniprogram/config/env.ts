/**
 * The one place to set the CloudBase environment the mini-program talks to.
 * Replace with your own environment id (云开发控制台 → 环境 → 环境ID) before previewing.
 */
export const CLOUD_ENV_ID = 'your-cloudbase-env-id';

/** Network calls give up after this long and show a retry (elderly users on weak networks). */
export const CALL_TIMEOUT_MS = 15_000;
