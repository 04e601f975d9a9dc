/**
 * The one place to configure the mini-program for a CloudBase environment, and the one place that
 * holds the reminder template id: `npm run deploy` reads REMINDER_TEMPLATE_ID from here for the
 * reminders function (README, "Deploy"), so the app and the function never disagree.
 * CLOUD_ENV_ID: 云开发控制台 → 环境 → 环境ID. REMINDER_TEMPLATE_ID: the subscribe-message template
 * (小程序后台 → 订阅消息 → 我的模板) the reminders function sends.
 */
export const CLOUD_ENV_ID = 'your-cloudbase-env-id';
export const REMINDER_TEMPLATE_ID = 'your-subscribe-template-id';

/** A call gives up after this long and shows a retry (elderly users on weak networks). */
export const CALL_TIMEOUT_MS = 15_000;
/** Retries after UNAVAILABLE or a dropped network, never after an input error. */
export const CALL_RETRIES = 2;

/** A value still as shipped ("your-…"): nobody has set it. */
export const isPlaceholder = (value: string) => !value || value.startsWith('your-');

/** The settings above that still hold their placeholder, by name. */
export function unsetSettings(): string[] {
  const settings = { CLOUD_ENV_ID, REMINDER_TEMPLATE_ID };
  return Object.entries(settings)
    .filter(([, value]) => isPlaceholder(value))
    .map(([name]) => name);
}
