/** Says loudly, at launch, which settings in config/env.ts still hold their placeholder. */
import { unsetSettings } from '../config/env';

const CONSEQUENCE: Record<string, string> = {
  CLOUD_ENV_ID: '小程序连不上云函数',
  REMINDER_TEMPLATE_ID: '到期提醒无法订阅',
};

/**
 * Every placeholder in the log, and in the developer and trial versions a dialog the developer
 * cannot miss. A released version only logs: a user could do nothing about it.
 */
export function warnAboutPlaceholders(log: (line: string) => void = console.error): string[] {
  const unset = unsetSettings();
  if (!unset.length) return unset;
  const lines = unset.map((name) => `${name} 还是示例值：${CONSEQUENCE[name]}`);
  for (const line of lines) log(`【配置未完成】miniprogram/config/env.ts 的 ${line}（见 README「Deploy」）`);
  const version = wx.getAccountInfoSync?.().miniProgram.envVersion;
  if (version === 'develop' || version === 'trial')
    wx.showModal({
      title: '配置未完成',
      content: `请在 miniprogram/config/env.ts 填写：\n${lines.join('\n')}`,
      showCancel: false,
    });
  return unset;
}
