/**
 * The note filter: phone and ID numbers are found however they are written (the 28 ways of issue
 * #13, the separators, words, numerals and links of issue #19, then generated variants), what a
 * family really writes in a note — dates, times, amounts, addresses, 住院号 and short numbers —
 * passes, and characters that display misleadingly are refused.
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

// Issue #19: every separator people put between digit groups, words, numerals, links.
const MORE_WRITTEN_NUMBERS: [string, string][] = [
  ['full-width commas', '138，1234，5678'],
  ['enumeration commas', '138、1234、5678'],
  ['ASCII commas', '138,1234,5678'],
  ['Chinese full stops', '138。1234。5678'],
  ['semicolons', '138；1234；5678'],
  ['middle dots', '138·1234·5678'],
  ['tildes', '138～1234～5678'],
  ['em dashes', '138——1234——5678'],
  ['ellipses', '138…1234…5678'],
  ['asterisks', '138＊1234＊5678'],
  ['underscores', '138_1234_5678'],
  ['vertical bars', '138|1234|5678'],
  ['lenticular brackets', '【138】【1234】【5678】'],
  ['area-code brackets', '（138）1234-5678'],
  ['quotes', '“138”“1234”“5678”'],
  ['arrows', '138 → 1234 → 5678'],
  ['four spaces', '138    1234    5678'],
  ['eight spaces', '138        1234        5678'],
  ['tabs', '138\t\t\t\t1234\t5678'],
  ['ideographic spaces', '138　　　　1234　　5678'],
  ['a space between every digit', '1 3 8 1 2 3 4 5 6 7 8'],
  ['two spaces between every digit', '1  3  8  1  2  3  4  5  6  7  8'],
  ['line breaks', '138\n1234\n5678'],
  ['one per line, between words', '电话：\n138\n1234\n5678\n谢谢'],
  ['a line break before the last four', '1381234\n5678'],
  ['a blank line', '138 1234\n\n5678'],
  [
    'zero-width spaces between every digit',
    '1\u200B3\u200B8\u200B1\u200B2\u200B3\u200B4\u200B5\u200B6\u200B7\u200B8',
  ],
  ['word joiners and a zero-width joiner', '138\u200D1234\u2060\u20605678'],
  ['soft hyphens', '138\u00AD1234\u00AD5678'],
  ['full-width digits with a BOM', '１\u200B３８\uFEFF１２３４５６７８'],
  ['split by 转', '138 转 1234 转 5678'],
  ['split by 中间 / 最后', '138中间1234最后5678'],
  ['split by 然后', '手机138然后1234然后5678'],
  ['split by 和', '138 和 1234 和 5678'],
  ['split by 再加', '号码是138再加1234再加5678'],
  ['split by words and commas', '前三位138，中间1234，后面5678'],
  ['split by English words', '138 then 1234 then 5678'],
  ['numerals split by 转', '一三八 转 一二三四 转 五六七八'],
  ['幺 throughout', '幺三八幺二三四五六七八'],
  ['幺 with financial numerals', '幺叁捌 幺贰叁肆 伍陆柒捌'],
  ['numerals and full-width commas', '一三八，一二三四，五六七八'],
  ['numerals with spaces', '一 三 八 一 二 三 四 五 六 七 八'],
  ['financial numerals and dashes', '壹叁捌—壹贰叁肆—伍陆柒捌'],
  ['洞 for 0, read aloud', '幺三八洞幺二三四五六七'],
  ['拐 for 7, read aloud', '幺拐八幺二三四五六七八'],
  ['两 for 2', '一三两一二三四五六七八'],
  ['零 in groups', '一八六 零零零零 一一一一'],
  ['keycap emoji', '1️⃣3️⃣8️⃣1️⃣2️⃣3️⃣4️⃣5️⃣6️⃣7️⃣8️⃣'],
  ['circled digits', '①③⑧①②③④⑤⑥⑦⑧'],
  ['superscript digits', '¹³⁸¹²³⁴⁵⁶⁷⁸'],
  ['mathematical digits', '𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖'],
  ['half full-width, half numerals', '13８ 一二三四 5６七8'],
  ['in a link query', 'https://example.com/call?tel=13812345678'],
  ['a tel: link', 'tel:+86-138-1234-5678'],
  ['a chat link with 86', 'https://wa.me/8613812345678'],
  ['percent-encoded spaces in a link', 'http://x.cn/?n=138%201234%205678'],
  ['every digit percent-encoded', 'http://x.cn/?n=%31%33%38%31%32%33%34%35%36%37%38'],
  ['a link path', 'https://x.cn/p/138/1234/5678'],
  ['an ID number in a link', 'https://x.cn/?id=110101199003071234&a=1'],
  ['(0086) in brackets', '(0086)138 1234 5678'],
  ['+86 and four spaces', '+86 138    1234    5678'],
  ['+86 and full-width commas', '+86，138，1234，5678'],
  ['an ID number with full-width commas', '110101，19900307，1234'],
  ['an ID number with 、 and X', '110101、19900307、123X'],
  ['an ID number with four spaces', '110101    19900307    1234'],
  ['an ID number in groups of four', '110101 1990 0307 1234'],
  ['an ID number across a line break', '1101011990\n03071234'],
  ['an ID number split by words', '110101 出生 19900307 尾数 1234'],
  ['an ID number one group per line', '身份证\n110101\n19900307\n1234'],
  ['an ID number with a lone small x', '身份证号：110101 19900307 123 x'],
  ['an ID number with a full-width X', '11010119900307123Ｘ'],
  ['an ID number with X before a word', '11010119900307123XTel'],
  ['an ID number in numerals with spaces', '一一〇一〇一 一九九〇〇三〇七 一二三X'],
  ['an ID number in financial numerals', '壹壹零壹零壹壹玖玖零零叁零柒壹贰叁肆'],
  ['a 15-digit ID number with full-width commas', '１１０１０１，９００３０７，１２３'],
];

const REFUSED = [...WRITTEN_NUMBERS, ...MORE_WRITTEN_NUMBERS];

/** What a family writes in a note: none of it is a phone or ID number, and all of it is kept. */
const ORDINARY_NOTES = [
  '原件在爸爸的抽屉里',
  // Dates and times.
  '2026-05-01 上午 9:30 到 3 号窗口',
  '2026.05.01-2026.05.31 20床',
  '2026/05/01 到 2026/06/30',
  '2026年5月1日住院，5月20日出院',
  '5月1日至5月31日住院',
  '上午 9:30，下午 1:30',
  '1:30，2026-05-01 到医院',
  '13:30,14:00,15:00,16:00 都可以',
  // Amounts.
  '押金 20000元',
  '20000元',
  '费用 12,345.67 元，发票 3 张',
  '住院费 8,650.00元，自付 1,730.00 元',
  '挂号费 150，检查费 1200，药费 3400',
  '总共花了 23456 元，报销 15000 元',
  '¥20000 ¥3500 ¥1200',
  '报销比例 70%，起付线 1300 元',
  // Hospital addresses, three numbered parts and more.
  '长沙市开福区湘雅路87号 湘雅医院 新医技楼5楼502室',
  '北京市东城区帅府园1号 协和医院 门诊楼3层12号窗口',
  '成都市一环路西二段32号 四川省人民医院',
  '人民南路三段17号华西医院 住院部3楼12床',
  '上海市徐汇区宜山路600号 6号楼 2楼',
  '广州市中山二路58号 1号楼 13楼 1305',
  // Hospital numbers and the like.
  '住院号 2026001234',
  '住院号：ZY20260512003',
  '病案号 1234567',
  '门诊号 0012345678',
  '床号 13，住院号 2026051203',
  '医保卡尾号 5678',
  '手机尾号 5678，号码问小王',
  '138****5678',
  '电子发票号码 24442000000012345678',
  '发票代码 144032209110 号码 12345678',
  '医保服务热线 12393',
  '急救 120，报警 110',
  '12345 市民热线',
  // Counts and numbers in words.
  '第1 3 5 7 9 11 13床',
  '3 张发票，2 份复印件',
  '1、身份证 2、医保卡 3、转诊单',
  '每天 3 次，每次 2 片',
  '血压 130/85，心率 72',
  '一楼大厅左转第二个窗口，三楼缴费',
  '周一三五上午去换药',
  '两张照片，一寸的',
  '右拐第二个门，二楼',
  '👨‍👩‍👧 一家人一起去',
  '政策原文 https://www.gov.cn/zhengce/2024-01/12/content_6925678.htm',
];

describe('phone and ID numbers in a note', () => {
  it.each(REFUSED)('refuses %s', (_label, text) => {
    expect(containsPersonalNumber(text)).toBe(true);
    const parsed = note.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0].message).toBe(PRIVACY_MESSAGES.personalNumber);
  });

  it('has the 28 ways of issue #13 and at least 80 in all', () => {
    expect(WRITTEN_NUMBERS).toHaveLength(28);
    expect(REFUSED.length).toBeGreaterThanOrEqual(80);
    expect(new Set(REFUSED.map(([, text]) => text)).size).toBe(REFUSED.length);
  });

  it.each(ORDINARY_NOTES)('accepts an ordinary note: %s', (text) => {
    expect(containsPersonalNumber(text)).toBe(false);
    expect(note.parse(text)).toBe(text);
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

  it('refuses them in their usual groups split by words, long runs of spaces, punctuation or line breaks', () => {
    const wide = fc.oneof(
      fc.constantFrom('转', '中间', '然后', '和', '再加', '，后面是', ' then ', '、中间是、', '尾数'),
      fc
        .array(fc.constantFrom(' ', '　', '\n', '，', '、', '.', '-'), { minLength: 1, maxLength: 12 })
        .map((a) => a.join('')),
    );
    const inGroups = (digits: string, lengths: readonly number[]) =>
      fc.tuple(...lengths.slice(1).map(() => wide)).map((gaps) => {
        let at = 0;
        return lengths.map((n, i) => digits.slice(at, (at += n)) + (gaps[i] ?? '')).join('');
      });
    const grouped = fc.oneof(
      mobile.chain((m) => fc.constantFrom([3, 4, 4], [3, 8], [7, 4]).chain((shape) => inGroups(m, shape))),
      id18.chain((id) =>
        fc.constantFrom([6, 8, 4], [6, 4, 4, 4], [6, 12], [14, 4]).chain((shape) => inGroups(id, shape)),
      ),
      id15.chain((id) => fc.constantFrom([6, 6, 3], [6, 9], [12, 3]).chain((shape) => inGroups(id, shape))),
    );
    fc.assert(
      fc.property(around, grouped, around, (before, number, after) => {
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
    // What follows a number in a note says what it counts; then punctuation, then maybe more words.
    const unit = fc.constantFrom('号窗口', '元', '张发票', '床', '楼', '天', '点');
    const punctuation = fc.constantFrom('', '，', '。', '、', ' ', '\n');
    const words = fc.constantFrom('', '带上', '复印件', '然后', '再去');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(shortNumber, unit, punctuation, words), { minLength: 1, maxLength: 6 }),
        (parts) => {
          const text = parts.map((part) => part.join('')).join('');
          expect(accepted(text.slice(0, 200))).toBe(true);
        },
      ),
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
