/**
 * The note filter: phone and ID numbers are found however they are written (the 28 ways of issue
 * #13, then generated variants), ordinary notes with dates, times, amounts and short numbers pass,
 * and characters that display misleadingly are refused.
 */
import fc from 'fast-check';
import { checklistFunction, type ChecklistView } from '../../cloudfunctions/common/handlers/checklist';
import { containsPersonalNumber, PRIVACY_MESSAGES, userText } from '../../cloudfunctions/common/privacy';
import { SHENZHEN_TO_CHANGSHA } from '../support/fixtures';
import { caller, data, testDeps } from '../support/functions';

const note = userText(200);
const accepted = (text: string) => note.safeParse(text).success;

// The 28 ways of writing a number that were stored before (issue #13), and their kin.
const WRITTEN_NUMBERS: [string, string][] = [
  ['+86 and spaces', '电话 +86 138 1234 5678'],
  ['+86 and dashes', '+86-138-1234-5678'],
  ['0086 and a dash', '0086-13812345678'],
  ['0086 run together', '008613812345678'],
  ['86 run together', '8613812345678'],
  ['(+86) in brackets', '（+86）13812345678'],
  ['dots', '138.1234.5678'],
  ['spaces', '有事打 138 1234 5678'],
  ['dashes', '138-1234-5678'],
  ['slashes', '138/1234/5678'],
  ['full-width digits', '１３８１２３４５６７８'],
  ['full-width digits and dash', '１３８－１２３４－５６７８'],
  ['Chinese numerals', '一三八一二三四五六七八'],
  ['financial numerals', '壹叁捌壹贰叁肆伍陆柒捌'],
  ['幺 as read aloud, with spaces', '幺三八 幺二三四 五六七八'],
  ['zero-width spaces', '138\u200B1234\u200B5678'],
  ['mixed zero-width characters', '1\u200C3\u200D8\u20601234\uFEFF5678'],
  ['digits and numerals mixed', '138一二三四5678'],
  ['a number right before another', '电话13812345678 3床'],
  ['full-width, numerals and spaces', '１３８ 一二三四 ５６７８'],
  ['an ID number', '身份证 110101199003071234'],
  ['an ID number split by dots', '110101.19900307.123X'],
  ['an ID number with spaces and a small x', '110101 19900307 123x'],
  ['a full-width ID number', '１１０１０１１９９００３０７１２３Ｘ'],
  ['an ID number in numerals with 〇', '一一〇一〇一一九九〇〇三〇七一二三四'],
  ['a 15-digit ID number', '110101900307123'],
  ['a 15-digit ID number with dashes', '110101-900307-123'],
  ['an ID number with zero-width spaces', '110101\u200B19900307\u200B1234'],
];

const ORDINARY_NOTES = [
  '原件在爸爸的抽屉里',
  '2026-05-01 上午 9:30 到 3 号窗口',
  '费用 12,345.67 元，发票 3 张',
  '住院号 2026001234',
  '一楼大厅左转第二个窗口，三楼缴费',
  '2026.05.01-2026.05.31 20床',
  '医保卡尾号 5678',
  '电子发票号码 24442000000012345678',
  '13:30,14:00,15:00,16:00 都可以',
  '👨‍👩‍👧 一家人一起去',
  '第1 3 5 7 9 11 13床',
];

describe('phone and ID numbers in a note', () => {
  it.each(WRITTEN_NUMBERS)('refuses %s', (_label, text) => {
    expect(containsPersonalNumber(text)).toBe(true);
    const parsed = note.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe(PRIVACY_MESSAGES.personalNumber);
  });

  it('has the 28 cases of the issue', () => expect(WRITTEN_NUMBERS).toHaveLength(28));

  it.each(ORDINARY_NOTES)('accepts an ordinary note: %s', (text) => {
    expect(containsPersonalNumber(text)).toBe(false);
    expect(accepted(text)).toBe(true);
  });
});

// Generated variants: every digit may be written another way, every gap may hold separators.
const FULL_WIDTH = '０１２３４５６７８９';
const LOWER = '〇一二三四五六七八九';
const UPPER = '零壹贰叁肆伍陆柒捌玖';
const digitForm = (d: string) =>
  fc.constantFrom(
    d,
    FULL_WIDTH[+d],
    LOWER[+d],
    UPPER[+d],
    ...(d === '1' ? ['幺'] : []),
    ...(d === '0' ? ['零'] : []),
  );
const separator = fc.constantFrom(
  '',
  '',
  '',
  ' ',
  '-',
  '.',
  '·',
  '/',
  '\u200B',
  '\u200C',
  '\u2060',
  '\uFEFF',
  '－',
  ' - ',
  '　',
);
const written = (digits: string) =>
  fc
    .tuple(
      ...[...digits].map((d) =>
        fc.tuple(d === 'X' ? fc.constantFrom('X', 'x', 'Ｘ') : digitForm(d), separator),
      ),
    )
    .map((parts) => parts.map(([d, s], i) => (i < parts.length - 1 ? d + s : d)).join(''));
const digitString = (n: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const mobile = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digitString(9))
  .map(([second, rest]) => `1${second}${rest}`);
const prefix = fc.constantFrom('', '+86', '+86 ', '0086', '0086-', '86', '(+86)', '＋８６ ');
const pad = (n: number, w: number) => String(n).padStart(w, '0');
const birth = fc.record({
  y: fc.integer({ min: 1920, max: 2025 }),
  m: fc.integer({ min: 1, max: 12 }),
  d: fc.integer({ min: 1, max: 28 }),
});
const region = fc.tuple(fc.integer({ min: 1, max: 8 }), digitString(5)).map(([a, b]) => `${a}${b}`);
const id18 = fc
  .tuple(region, birth, digitString(3), fc.constantFrom(...'0123456789X'))
  .map(([r, b, seq, check]) => `${r}${b.y}${pad(b.m, 2)}${pad(b.d, 2)}${seq}${check}`);
const id15 = fc
  .tuple(region, birth, digitString(3))
  .map(([r, b, seq]) => `${r}${pad(b.y % 100, 2)}${pad(b.m, 2)}${pad(b.d, 2)}${seq}`);
// Text around the number that is not a digit in any form.
const around = fc.constantFrom('', '电话', '联系：', '身份证号 ', '请找', ' 谢谢', '（急）', 'Tel ');

describe('generated ways of writing a number', () => {
  it('refuses every mobile number, with or without a country code, however written', () => {
    fc.assert(
      fc.property(around, prefix, mobile.chain(written), around, (before, cc, number, after) => {
        expect(accepted(`${before}${cc}${number}${after}`)).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  it('refuses every 18- and 15-digit ID number, however written', () => {
    fc.assert(
      fc.property(around, fc.oneof(id18, id15).chain(written), around, (before, number, after) => {
        expect(accepted(`${before}${number}${after}`)).toBe(false);
      }),
      { numRuns: 1500 },
    );
  });

  it('accepts notes whose numbers are all short (dates, times, amounts, counts)', () => {
    const shortNumber = fc.oneof(
      fc.integer({ min: 0, max: 999_999 }).map(String),
      fc
        .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      fc
        .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
        .map(([h, m]) => `${h}:${pad(m, 2)}`),
    );
    const words = fc.constantFrom('号窗口', '元', '张发票', '床', '楼', '，', '。', '带上', '复印件');
    fc.assert(
      fc.property(fc.array(fc.tuple(shortNumber, words), { minLength: 1, maxLength: 6 }), (parts) => {
        const text = parts.map(([n, w]) => n + w).join('');
        expect(accepted(text.slice(0, 200))).toBe(true);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('characters that display misleadingly', () => {
  it.each([
    ['NUL', 'a\u0000b'],
    ['a bell', '取\u0007件'],
    ['an escape sequence', '\u001b[31m红字'],
    ['DEL', '备注\u007f'],
    ['a C1 control', '备注\u0085'],
    ['a right-to-left override', '文件\u202Efdp.exe'],
    ['a left-to-right embedding', '\u202A备注'],
    ['a bidi isolate', '\u2066备注\u2069'],
    ['a right-to-left mark', '备注\u200F'],
    ['an unpaired high surrogate', '备注\uD83D'],
    ['an unpaired low surrogate', '\uDE00备注'],
    ['tag characters', '备注\u{E0041}\u{E0042}'],
    ['a line separator', '第一行\u2028第二行'],
    ['a carriage return', '第一行\r第二行'],
  ])('refuses %s', (_label, text) => {
    const parsed = note.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe(PRIVACY_MESSAGES.unsafeCharacter);
  });

  it('keeps the lines of a multi-line note', () => {
    expect(note.parse('第一行\n第二行')).toBe('第一行\n第二行');
  });

  it('stores a note without zero-width characters, keeping emoji sequences whole', () => {
    expect(note.parse('户口\u200B簿在\u2060抽屉\uFEFF里\u00AD')).toBe('户口簿在抽屉里');
    expect(note.parse('👨‍👩‍👧 一家人')).toBe('👨‍👩‍👧 一家人');
    expect(note.parse('好\u200D的')).toBe('好的');
    expect(note.parse('👍🏻 收到')).toBe('👍🏻 收到');
  });
});

describe('through the checklist function', () => {
  const situation = SHENZHEN_TO_CHANGSHA;

  it('refuses a number written in numerals and stores a clean note without its zero-width characters', async () => {
    const call = caller(await testDeps());
    const list = data(
      await call(checklistFunction, { action: 'create', situation }, 'parent'),
    ) as ChecklistView;
    const itemId = list.items[0].id;
    expect(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId, note: '打 一三八一二三四五六七八' },
        'parent',
      ),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: PRIVACY_MESSAGES.personalNumber, field: 'note' },
    });
    expect(
      await call(checklistFunction, { action: 'note', id: list.id, itemId, note: '文件\u202Efdp' }, 'parent'),
    ).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: PRIVACY_MESSAGES.unsafeCharacter },
    });
    const saved = data(
      await call(
        checklistFunction,
        { action: 'note', id: list.id, itemId, note: '原件\u200B在抽屉里' },
        'parent',
      ),
    ) as ChecklistView;
    expect(saved.items[0].note).toBe('原件在抽屉里');
  });
});
