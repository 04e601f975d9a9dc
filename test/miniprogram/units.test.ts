/** @jest-environment jsdom */
import {
  checklistText,
  drawPoster,
  layoutPoster,
  validityText,
  wrap,
} from '../../miniprogram/utils/checklist-text';
import { percentRange, shortTime, yuanRange, chineseDate } from '../../miniprogram/utils/format';
import { cleanAnswers, visibleQuestions } from '../../miniprogram/utils/questions';
import { callFunction, CallError } from '../../miniprogram/services/cloud';

const list = {
  title: '深圳市 → 长沙市',
  validity: {
    basis: 'filed' as const,
    until: '2027-05-31',
    filedOn: '2026-12-01',
    term: { months: 6 },
    untilIsMinimum: false,
  },
  items: [
    { id: 'a', label: '准备身份凭证', hint: '医保电子凭证或社保卡', done: true, note: '在包里' },
    {
      id: 'b',
      label: '办理异地就医备案',
      hint: '可以通过：国家医保服务平台APP；参保地医保经办窗口',
      done: false,
    },
  ],
};

describe('checklist text and poster', () => {
  it('writes the checklist as text with ticks, hints and notes', () => {
    expect(checklistText(list)).toBe(
      [
        '深圳市 → 长沙市',
        '☑ 准备身份凭证',
        '   医保电子凭证或社保卡',
        '   备注：在包里',
        '☐ 办理异地就医备案',
        '   可以通过：国家医保服务平台APP；参保地医保经办窗口',
        '备案有效期至 2027年5月31日（从12月1日办好起算）',
        '——来自「异地就医备案助手」小程序',
      ].join('\n'),
    );
  });

  it('says how long the filing lasts, from when', () => {
    const v = list.validity;
    expect(validityText({ ...v, basis: 'treatment_date' })).toBe(
      '备案有效期至 2027年5月31日（从就医日期起算）',
    );
    expect(validityText({ ...v, basis: 'if_filed_today', filedOn: null, untilIsMinimum: true })).toContain(
      '备案办好后有效 6 个月（至少）：如果今天办好，到 2027年5月31日',
    );
    expect(validityText({ ...v, basis: 'if_filed_today', until: null, term: null })).toBe(
      '长期备案，没有到期日',
    );
    expect(validityText(v, true)).toBe('备案有效期至 2027年5月31日');
    expect(validityText(null)).toBe('');
  });

  it('never starts a line with closing punctuation: no lone "）" under a title', () => {
    const measure = (t: string) => Array.from(t).length;
    const title = '深圳市 → 长沙市（其他临时外出就医）';
    // As wide as the title but its last character: the "）" alone would go to the second line.
    const lines = wrap(title, Array.from(title).length - 1, measure);
    expect(lines.join('')).toBe(title);
    expect(lines.at(-1)).toBe('医）');
    for (const width of [4, 5, 6, 7, 8, 9, 10]) {
      for (const line of wrap(title, width, measure).slice(1)) expect(line).not.toMatch(/^[）)，。、]/);
    }
  });

  it('wraps long text, URLs included, within the width', () => {
    const url = 'https://fuwu.nhsa.gov.cn/nationalHallSt/#/search/medical-ins-hall';
    const lines = wrap(url, 10, (t) => t.length);
    expect(lines.join('')).toBe(url);
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(10);
  });

  it('lays the poster out before drawing: the height holds every line, and the code when there is one', () => {
    const measure = (text: string) => Array.from(text).length * 32;
    const input = {
      title: list.title,
      done: 1,
      total: 2,
      nextSteps: ['办理异地就医备案'],
      validity: '备案有效期至 2027年5月31日',
      withCode: true,
    };
    const layout = layoutPoster(input, measure);
    const lastText = Math.max(...layout.texts.map((t) => t.y));
    expect(layout.height).toBeGreaterThan(lastText);
    expect(layout.code!.y + layout.code!.size).toBeLessThan(layout.height);
    expect(layout.texts.map((t) => t.text)).toEqual([
      '异地就医备案清单',
      '深圳市 → 长沙市',
      '已完成 1 / 2 项',
      '接下来要做：',
      '☐ 办理异地就医备案',
      '备案有效期至 2027年5月31日',
      '微信扫一扫，和家人一起勾选',
      // Whoever scans the code joins: the picture itself says to keep it in the family.
      '只发给家人：谁扫这个码都能加入清单',
    ]);
    const withoutCode = layoutPoster({ ...input, withCode: false }, measure);
    expect(withoutCode.code).toBeNull();
    expect(withoutCode.texts.map((t) => t.text)).not.toContain('只发给家人：谁扫这个码都能加入清单');

    const drawn: string[] = [];
    drawPoster(
      {
        fillStyle: '',
        font: '',
        fillRect: () => undefined,
        fillText: (t: string) => void drawn.push(t),
        drawImage: (img: unknown) => void drawn.push(`image ${String(img)}`),
      },
      layout,
      'code.png',
    );
    expect(drawn).toEqual([...layout.texts.map((t) => t.text), 'image code.png']);
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
  it('never retries a spent write budget: the wait is shown at once', async () => {
    let n = 0;
    wx.cloud = {
      callFunction: async () => (
        n++,
        {
          result: {
            ok: false,
            error: { code: 'TOO_MANY_REQUESTS', message: '您操作得太频繁了，请12秒后再试' },
          },
        }
      ),
    };
    await expect(callFunction('checklist', {}, { backoffMs: 1 })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: '您操作得太频繁了，请12秒后再试',
    });
    expect(n).toBe(1);
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
