import type { Filing, Term, Validity, Warning } from '../../../typings/contract';
import { termText } from '../../../miniprogram/shared/labels';
import { lastDayOfDays, lastDayOfMonths } from '../contract/dates';
import { findRule, resolve } from '../policy/resolve';
import { factsOf, provenanceOf, type EngineContext } from './context';
import { text } from './messages';

/** The last day of a term that starts on `from`. */
export function endOf(from: string, term: Term): string {
  return 'days' in term ? lastDayOfDays(from, term.days) : lastDayOfMonths(from, term.months);
}

/** A lock that would not end before the filing does says nothing: it is left out. */
function lockBefore(lockUntil: string | null, until: string | null): string | null {
  return lockUntil && (until === null || lockUntil < until) ? lockUntil : null;
}

/**
 * How long the filing lasts. While planning, the filing day is not known yet: dates are counted as
 * if it were made today (basis `filed_today`), and the term is given so the real day can be used
 * later. A late filing for a stay that has begun counts from the treatment date. After a self-paid
 * discharge no filing exists yet, so there is no validity (nor a reminder): the plan says from
 * which day the 补办 must start.
 * Temporary: at least the national minimum; where the 参保地's own figure is shorter, the shorter
 * date is shown with a warning, so that nobody relies on a filing that may have lapsed.
 * Long-term: open-ended, with the 参保地's change/cancel lock; a 承诺书 filing may be shorter.
 */
export function decideValidity(
  ctx: EngineContext,
  filing: Filing,
  pledgeUsed: boolean,
): { validity: Validity | null; warnings: Warning[] } {
  if (!filing.required || !filing.category || filing.manualClaim) return { validity: null, warnings: [] };
  const basis: Validity['basis'] = ctx.situation.stage === 'planning' ? 'filed_today' : 'treatment_date';
  const from = basis === 'filed_today' ? ctx.asOf : ctx.date;
  const warnings: Warning[] = [];
  if (filing.category === 'temporary') {
    const national = resolve(ctx.chain, 'validity.temporaryMinMonths', ctx.date);
    const local = findRule(
      ctx.chain,
      'validity.temporaryTerm',
      ctx.date,
      factsOf(ctx, true),
      (rules) => rules,
    );
    const nationalUntil = national ? lastDayOfMonths(from, national.value) : null;
    if (local) {
      // The 参保地's own term wins; where it is shorter than the national minimum the shorter date
      // is shown, with a warning, so that nobody relies on a filing that may have lapsed.
      const term = local.rule.term;
      const until = endOf(from, term);
      const conflict = nationalUntil !== null && until < nationalUntil;
      if (conflict)
        warnings.push({
          code: 'TEMP_VALIDITY_CONFLICT',
          message: text.warnings.TEMP_VALIDITY_CONFLICT(termText(term), national!.value),
          question: text.ask.temporaryTerm,
        });
      return {
        validity: {
          from,
          basis,
          until,
          untilIsMinimum: false,
          term,
          changeLockedUntil: null,
          ...(conflict ? { question: text.ask.temporaryTerm } : {}),
          provenance: provenanceOf(local, conflict ? national : undefined),
        },
        warnings,
      };
    }
    if (national && nationalUntil) {
      return {
        validity: {
          from,
          basis,
          until: nationalUntil,
          untilIsMinimum: true,
          term: { months: national.value },
          changeLockedUntil: null,
          provenance: provenanceOf(national),
        },
        warnings,
      };
    }
    warnings.push({
      code: 'VALIDITY_UNKNOWN',
      message: text.warnings.VALIDITY_UNKNOWN,
      question: text.ask.temporaryTerm,
    });
    return {
      validity: {
        from,
        basis,
        until: null,
        untilIsMinimum: false,
        term: null,
        changeLockedUntil: null,
        question: text.ask.temporaryTerm,
        provenance: provenanceOf(),
      },
      warnings,
    };
  }

  const lock = resolve(ctx.chain, 'validity.longTermChangeLockMonths', ctx.date);
  const effects = pledgeUsed ? resolve(ctx.chain, 'pledge.effects', ctx.date) : undefined;
  const pledgeMonths = effects?.value.validityMonths;
  const pledgeLock = effects?.value.lockMonths;
  const lockMonths = Math.max(lock?.value ?? 0, pledgeLock ?? 0);
  const lockUnknown = !lock && !pledgeLock;
  if (lockUnknown)
    warnings.push({ code: 'LOCK_UNKNOWN', message: text.warnings.LOCK_UNKNOWN, question: text.ask.lock });
  if (pledgeMonths)
    warnings.push({ code: 'PLEDGE_VALIDITY', message: text.warnings.PLEDGE_VALIDITY(pledgeMonths) });
  if (pledgeLock) warnings.push({ code: 'PLEDGE_LOCK', message: text.warnings.PLEDGE_LOCK(pledgeLock) });
  const until = pledgeMonths ? lastDayOfMonths(from, pledgeMonths) : null;
  const term: Term | null = pledgeMonths ? { months: pledgeMonths } : null;
  return {
    validity: {
      from,
      basis,
      until,
      untilIsMinimum: false,
      term,
      changeLockedUntil: lockBefore(lockMonths ? lastDayOfMonths(from, lockMonths) : null, until),
      ...(lockUnknown ? { question: text.ask.lock } : {}),
      provenance: provenanceOf(lock, effects),
    },
    warnings,
  };
}
