/**
 * The policy data model (design.md §3), as schemas. Policy files under data/ are parsed with these
 * at load time; nothing reaches the engine unvalidated.
 *
 * A parameter is a list of dated values `{ from, value, source }` (OpenFisca style): the latest
 * `from` on or before the treatment date wins, and `value: null` ends the rule from that date.
 */
import { z } from 'zod';
import {
  ADJUSTMENT_METHODS,
  CARE_TYPES,
  CHANNEL_KINDS,
  CHRONIC_DISEASES,
  DOCUMENT_IDS,
  HOSPITAL_LEVELS,
  REASONS,
  SCHEMES,
  SCOPES,
} from '../contract/vocabulary';
import { isIsoDate } from '../contract/dates';
import type { Scope } from '../../../typings/contract';

export const isoDate = z.string().refine(isIsoDate, { message: '日期须为 YYYY-MM-DD 格式的真实日期' });
const fraction = z.number().min(0).max(1);
const nonEmpty = z.string().trim().min(1);

/**
 * A official page read directly; B official text through a copy, or an official outlet restating
 * it; B- as B but only seen on a spam mirror or with the outlet inferred (a lead until the original
 * is found); C secondary; S seed article.
 */
export const GRADES = ['A', 'B', 'B-', 'C', 'S'] as const;
/** Grades that may reach users as fact. */
export const USABLE_GRADES: readonly string[] = ['A', 'B'];

const quoteKey = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'quote key: lower-case letters, digits and dashes');
/** A quoted sentence: at most two lines on a phone. */
export const MAX_QUOTE_CHARS = 160;

export const sourceSchema = z
  .strictObject({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'id: lower-case letters, digits and dashes'),
    /** The publisher whose text it is (for a copy: the original publisher, not the copying site). */
    authority: nonEmpty,
    title: nonEmpty,
    url: z.url(),
    /** own: the publisher's own page; copy: the publisher's text on another site (shown as 转载). */
    page: z.enum(['own', 'copy']),
    /** For a copy: what kind of site holds it (mirror, proxy, forum, 网易号 …). */
    copySite: z.string().min(1).optional(),
    grade: z.enum(GRADES),
    publishedAt: isoDate.nullable(),
    verifiedAt: isoDate,
    reviewIntervalDays: z.number().int().positive(),
    /** What the source speaks for: a national rule, a province, a city, or a county inside a city. */
    scope: z.strictObject({
      level: z.enum(['national', 'province', 'city', 'county']),
      code: z
        .string()
        .regex(/^\d{6}$/)
        .optional(),
      /** A local outlet or office that restates the national rules (so it may back national values too). */
      alsoNational: z.boolean().optional(),
      note: z.string().optional(),
    }),
    /** The exact sentences (as shown on the page) that values cite by key. */
    quotes: z.record(quoteKey, z.string().trim().min(1).max(MAX_QUOTE_CHARS)).default({}),
    note: z.string().optional(),
  })
  .refine((s) => (s.page === 'copy') === Boolean(s.copySite), {
    message: "a copy names its site (copySite); a publisher's own page has none",
    path: ['copySite'],
  });
export type Source = z.infer<typeof sourceSchema>;

/** Which situations a rule applies to; an absent key matches everything. */
export const conditionSchema = z.strictObject({
  scopes: z.array(z.enum(SCOPES)).nonempty().optional(),
  reasons: z.array(z.enum(REASONS)).nonempty().optional(),
  careTypes: z.array(z.enum(CARE_TYPES)).nonempty().optional(),
  schemes: z.array(z.enum(SCHEMES)).nonempty().optional(),
  hospitalLevels: z.array(z.literal(HOSPITAL_LEVELS)).nonempty().optional(),
  retired: z.boolean().optional(),
  /** false: the trip was not filed (self-paid discharge without a filing). */
  filed: z.boolean().optional(),
  /** true: the 参保地 exempts this trip from filing. */
  exempt: z.boolean().optional(),
  /** Where the care is: provinces (xx0000) or cities, for regional arrangements (京津冀, 湘鄂). */
  careProvinces: z
    .array(z.string().regex(/^\d{2}0000$/))
    .nonempty()
    .optional(),
  careCities: z
    .array(z.string().regex(/^\d{6}$/))
    .nonempty()
    .optional(),
  /** The 门诊慢特病 chosen (a rule for certain diseases); never holds when none was chosen. */
  chronicDiseases: z.array(z.enum(CHRONIC_DISEASES)).nonempty().optional(),
  /** false: the bill was paid in full at the hospital and is claimed by hand (stage discharged_self_paid). */
  settledDirectly: z.boolean().optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

/** Items of a list may name their own source; otherwise the dated value's source covers them. */
const itemSource = z.string().min(1).optional();
/** The quoted sentence(s) behind a value or item: keys into its source's `quotes`. */
export const quoteRef = z.union([quoteKey, z.array(quoteKey).nonempty()]);
const itemQuote = quoteRef.optional();

const rangeSchema = z
  .strictObject({ min: fraction, max: fraction })
  .refine((r) => r.min <= r.max, { message: 'min must not exceed max' });

const adjustmentRuleSchema = z
  .strictObject({
    when: conditionSchema,
    method: z.enum(ADJUSTMENT_METHODS),
    /**
     * points: the cut (0.2 = 20 points); multiplier: k (0.8); self_pay_first: the share paid first
     * (0.1); fixed: the ratio itself (0.7).
     */
    value: fraction.optional(),
    note: z.string().optional(),
    source: itemSource,
    quote: itemQuote,
  })
  .refine((r) => (r.method === 'same') === (r.value === undefined), {
    message: 'method "same" takes no value; every other method needs one',
  });
export type AdjustmentRule = z.infer<typeof adjustmentRuleSchema>;

/** The parameters a `policy.supersedes` marker can flag (the engine handles these). */
export const SUPERSEDABLE = [
  'reimbursement.adjustments',
  'reimbursement.localRatios',
  'settlement.chronicDirectDiseases',
] as const;
export type Supersedable = (typeof SUPERSEDABLE)[number];

/** The value schema of each parameter a layer may define. */
export const PARAMETERS = {
  /** Which filing reasons form the long-term and the temporary category. */
  'filing.categories': z.strictObject({
    long_term: z.array(z.enum(REASONS)),
    temporary: z.array(z.enum(REASONS)),
  }),
  /** 异地急诊抢救视同已备案. */
  'filing.emergencyDeemedFiled': z.boolean(),
  /** Situations in which the 参保地 requires no filing at all. */
  'filing.exemptions': z.array(
    z.strictObject({
      when: conditionSchema,
      note: z.string().optional(),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
  /** Filing after admission and before the discharge settlement still settles directly. */
  'filing.lateBeforeDischarge': z.boolean(),
  /** After a self-paid discharge: file late and claim by hand at the 参保地. */
  'filing.manualClaimAfterSelfPay': z.boolean(),
  /**
   * Category proof per reason: any one of the listed documents suffices; [] = no proof needed.
   * A reason a layer leaves out falls through to the next layer.
   */
  'documents.proofs': z.partialRecord(z.enum(REASONS), z.array(z.enum(DOCUMENT_IDS))),
  /** Papers for a claim by hand after paying in full. */
  'documents.manualClaim': z.array(
    z.strictObject({
      id: z.enum(DOCUMENT_IDS),
      careTypes: z.array(z.enum(CARE_TYPES)).optional(),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
  /** Reasons for which a 个人承诺书 may replace the category proof. */
  'pledge.allowedFor': z.array(z.enum(REASONS)),
  /** What a filing made on a 承诺书 entails. */
  'pledge.effects': z.strictObject({
    validityMonths: z.number().int().positive().optional(),
    lockMonths: z.number().int().positive().optional(),
    note: z.string().optional(),
  }),
  /** Temporary filings last at least this many months. */
  'validity.temporaryMinMonths': z.number().int().positive(),
  /**
   * A 参保地's own temporary validity, `{ days: 90 }` or `{ months: 12 }`, per case: the most specific
   * matching rule wins (青海: 12 months for a 转诊 of four diseases).
   */
  'validity.temporaryTerm': z.array(
    z.strictObject({
      when: conditionSchema.optional(),
      term: z.union([
        z.strictObject({ days: z.number().int().positive() }),
        z.strictObject({ months: z.number().int().positive() }),
      ]),
      note: z.string().optional(),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
  /** Long-term filings cannot be changed or cancelled within this many months. */
  'validity.longTermChangeLockMonths': z.number().int().positive(),
  /** 门诊慢特病 that settle directly across provinces. */
  'settlement.chronicDirectDiseases': z.array(z.enum(CHRONIC_DISEASES)),
  /** Where to file. Layers add to each other: national channels plus the 参保地's own. */
  channels: z.array(
    z.strictObject({
      id: z.string().regex(/^[a-z0-9_-]+$/),
      name: nonEmpty,
      kind: z.enum(CHANNEL_KINDS),
      how: z.string().optional(),
      /** filing (default): where to file; claim: where to claim by hand after paying in full. */
      purpose: z.enum(['filing', 'claim']).default('filing'),
      when: conditionSchema.optional(),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
  /** Server-driven notices shown as warnings where `when` matches. Layers add to each other. */
  notices: z.array(
    z.strictObject({
      // At most 36: a notice's question becomes the checklist item `ask-<code>` (ids are ≤ 40).
      code: z
        .string()
        .regex(/^[A-Z][A-Z0-9_]*$/)
        .max(36),
      when: conditionSchema.optional(),
      message: nonEmpty,
      /** What the notice leaves open, as the question to ask the 参保地 (one short sentence). */
      ask: z.string().trim().min(1).max(60).optional(),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
  /** National caps on the ratio cut for temporary filers (percentage points as fractions). */
  'reimbursement.nationalCaps': z.array(
    z.strictObject({ when: conditionSchema, maxCut: fraction, source: itemSource, quote: itemQuote }),
  ),
  /** The 参保地's adjustment of the in-city ratio; the most specific matching rule wins. */
  'reimbursement.adjustments': z.array(adjustmentRuleSchema),
  /** In-city ratios (the base the adjustment applies to); a range where the source gives one. */
  'reimbursement.localRatios': z.array(
    z.strictObject({
      when: conditionSchema,
      value: z.union([fraction, rangeSchema]),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
  /** 起付线 in 元 per stay (a later stay in the year may have a lower one), where published. */
  'reimbursement.deductibles': z.array(
    z.strictObject({
      when: conditionSchema,
      perStay: z.number().int().nonnegative(),
      laterStays: z.number().int().nonnegative().optional(),
      note: z.string().optional(),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
  /**
   * A newer rule of this (higher) layer that probably replaces older values of the layers under it
   * from `from`: e.g. a province notice that moved its cities' temporary-filer rates. A city value
   * older than the marker is then not shown as fact (the verdict says verify and names both).
   */
  'policy.supersedes': z.array(
    z.strictObject({
      /** The parameters whose older values it affects (the engine handles these). */
      params: z.array(z.enum(SUPERSEDABLE)).nonempty(),
      /** Which situations; absent = all. */
      when: conditionSchema.optional(),
      /** The newer document, as users know it: 鲁医保发〔2024〕58号. */
      document: nonEmpty,
      note: z.string().optional(),
      source: itemSource,
      quote: itemQuote,
    }),
  ),
} as const;

export type ParameterKey = keyof typeof PARAMETERS;
export type ParameterValue<K extends ParameterKey> = z.infer<(typeof PARAMETERS)[K]>;

/**
 * What `from` is: the date the source says the rule takes effect (effective); the source names
 * only the year (year: from is 1 January); the source names only a date by which it is to be in
 * place everywhere (deadline: "2024年12月底前"); or it states none, so its publication date
 * (published) or the day a person read it (read) stands in.
 */
export const FROM_KINDS = ['effective', 'year', 'deadline', 'published', 'read'] as const;
export type FromKind = (typeof FROM_KINDS)[number];

export interface DatedValue<T> {
  from: string;
  fromIs?: FromKind;
  /** The trips this value governs, when narrower than its layer's `scopes`. */
  scopes?: Scope[];
  value: T | null;
  source: string;
  quote?: string | string[];
  note?: string;
  /** Set by the source watch when the quoted sentence is no longer on its page (policy/watch.ts). */
  quoteGone?: { sourceId: string; keys: string[] };
}

const scopesSchema = z.array(z.enum(SCOPES)).nonempty();

function datedValues<T extends z.ZodType>(valueSchema: T) {
  return z
    .array(
      z.strictObject({
        from: isoDate,
        fromIs: z.enum(FROM_KINDS).optional(),
        scopes: scopesSchema.optional(),
        value: valueSchema.nullable(),
        source: nonEmpty,
        quote: quoteRef.optional(),
        note: z.string().optional(),
      }),
    )
    .nonempty()
    .refine((values) => values.every((v, i) => i === 0 || values[i - 1].from < v.from), {
      message: 'dated values must be in strictly increasing `from` order',
    });
}

const paramsShape = Object.fromEntries(
  Object.entries(PARAMETERS).map(([key, schema]) => [key, datedValues(schema).optional()]),
) as unknown as Record<ParameterKey, z.ZodType>; // the typed view of parsed params is LayerParams below

export const layerSchema = z.strictObject({
  layer: z.enum(['national', 'province', 'city']),
  code: z.string().regex(/^\d{6}$/),
  name: nonEmpty,
  note: z.string().optional(),
  /**
   * The trips this layer's rules govern (all when absent): the national rules of 医保发〔2022〕22号
   * are for 跨省 trips only; a trip inside a province follows that province's rules.
   */
  scopes: scopesSchema.optional(),
  params: z.strictObject(paramsShape),
});

export type LayerParams = { [K in ParameterKey]?: DatedValue<ParameterValue<K>>[] };
export interface PolicyLayer {
  layer: 'national' | 'province' | 'city';
  code: string;
  name: string;
  note?: string;
  scopes?: Scope[];
  params: LayerParams;
}

export const placeSchema = z.strictObject({
  code: z.string().regex(/^\d{6}$/),
  name: nonEmpty,
  shortName: nonEmpty,
  province: nonEmpty,
  provinceCode: z.string().regex(/^\d{2}0000$/),
  pinyin: nonEmpty,
  initials: nonEmpty,
  /** 辽宁 for 辽宁省: people type "辽宁鞍山". */
  provinceShort: nonEmpty,
  provincePinyin: nonEmpty,
  /** 1–21 for the largest cities by 城区人口 (search ranking only; data/places/size-order.yaml). */
  sizeRank: z.number().int().positive().optional(),
});
export type Place = z.infer<typeof placeSchema>;
