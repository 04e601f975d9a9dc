/** @jest-environment jsdom */
import { checklistText, drawPoster } from '../../miniprogram/utils/checklist-text';
import { percentRange, shortTime, yuanRange, chineseDate } from '../../miniprogram/utils/format';
import { cleanAnswers, visibleQuestions } from '../../miniprogram/utils/questions';
import { callFunction, CallError } from '../../miniprogram/services/cloud';

const list = {
  title: '深圳市 → 长沙市',
  validUntil: '2027-05-31',
  items: [
    { id: 'a', label: '准备身份凭证', done: true, note: '在包里' },
    { id: 'b', label: '办理异地就医备案', done: false },
  ],
};

describe('checklist text and poster', () => {
  it('writes the checklist as text with ticks and notes', () => {
    expect(checklistText(list)).toBe(
      '深圳市 → 长沙市\n☑ 准备身份凭证（备注：在包里）\n☐ 办理异地就医备案\n备案有效期至 2027-05-31\n——来自「异地就医备案助手」小程序',
    );
  });
  it('draws every item on the poster', () => {
    const drawn: string[] = [];
    const ctx = {
      fillStyle: '',
      font: '',
      fillRect: () => undefined,
      fillText: (t: string) => void drawn.push(t),
    };
    const height = drawPoster(ctx, list, 750);
    expect(drawn).toEqual([
      '深圳市 → 长沙市',
      '☑ 准备身份凭证',
      '☐ 办理异地就医备案',
      '备案有效期至 2027-05-31',
      '微信搜索「异地就医备案助手」查看和勾选',
    ]);
    expect(height).toBeGreaterThan(300);
  });
});

describe('formatting', () => {
  it('shows fractions, money and dates the way people read them', () => {
    expect(percentRange({ min: 0.72, max: 0.72 })).toBe('72%');
    expect(percentRange({ min: 0.6, max: 0.8 })).toBe('60%～80%');
    expect(yuanRange({ min: 14400, max: 14400 })).toBe('14,400 元');
    expect(chineseDate('2027-05-31')).toBe('2027年5月31日');
    expect(shortTime('2026-11-22T02:00:00.000Z')).toBe('11月22日 10:00');
  });
});

describe('wizard questions', () => {
  it('asks follow-ups only when they apply and drops stale answers', () => {
    expect(visibleQuestions({ scheme: 'resident' }).map((q) => q.key)).not.toContain('retired');
    expect(visibleQuestions({ scheme: 'employee' }).map((q) => q.key)).toContain('retired');
    expect(cleanAnswers({ careType: 'inpatient', chronicDisease: 'dialysis' })).toEqual({
      careType: 'inpatient',
    });
  });
});

describe('cloud service layer', () => {
  const holder = globalThis as unknown as { wx?: { cloud?: unknown } };
  const wx = (holder.wx ??= {});
  it('retries UNAVAILABLE and then succeeds', async () => {
    let n = 0;
    wx.cloud = {
      callFunction: async () => ({
        result:
          ++n < 2 ? { ok: false, error: { code: 'UNAVAILABLE', message: '忙' } } : { ok: true, data: 42 },
      }),
    };
    await expect(callFunction('evaluate', {}, { backoffMs: 1 })).resolves.toBe(42);
    expect(n).toBe(2);
  });
  it('never retries an input error', async () => {
    let n = 0;
    wx.cloud = {
      callFunction: async () => (
        n++,
        {
          result: {
            ok: false,
            error: { code: 'INVALID_INPUT', message: '请填写参保地', field: 'insuredCity' },
          },
        }
      ),
    };
    await expect(callFunction('evaluate', {}, { backoffMs: 1 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: '请填写参保地',
      field: 'insuredCity',
    });
    expect(n).toBe(1);
  });
  it('times out a call that never answers', async () => {
    wx.cloud = { callFunction: () => new Promise(() => undefined) };
    const error = (await callFunction('evaluate', {}, { timeoutMs: 10, retries: 0 }).catch(
      (e: unknown) => e,
    )) as CallError;
    expect(error).toBeInstanceOf(CallError);
    expect(error.code).toBe('TIMEOUT');
  });
  it('treats a garbled reply as unavailable', async () => {
    wx.cloud = { callFunction: async () => ({ result: 'oops' }) };
    await expect(callFunction('evaluate', {}, { retries: 0 })).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });
});
