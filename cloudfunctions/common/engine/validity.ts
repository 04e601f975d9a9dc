import type { Filing, Validity, Warning } from '../../../typings/contract';
import { lastDayOfDays, lastDayOfMonths } from '../contract/dates';
import { resolve } from '../policy/resolve';
import { provenanceOf, type EngineContext } from './context';
import { text } from './messages';

/**
 * How long the filing lasts, from the treatment date (for a late filing, the admission date).
 * Temporary: at least the national minimum; where the 参保地's own figure is shorter, the shorter
 * date is shown with a warning, so that nobody relies on a filing that may have lapsed.
 * Long-term: open-ended, with the 参保地's change/cancel lock; a 承诺书 filing may be shorter.
 */
export function decideValidity(
  ctx: EngineContext,
  filing: Filing,
  pledgeUsed: boolean,
): { validity: Validity | null; warnings: Warning[] } {
  if (!filing.required || !filing.category) return { validity: null, warnings: [] };
  const from = ctx.date;
  const warnings: Warning[] = [];
  if (filing.category === 'temporary') {
    const national = resolve(ctx.chain, 'validity.temporaryMinMonths', ctx.date);
    const local = resolve(ctx.chain, 'validity.temporaryDays', ctx.date);
    const nationalUntil = national ? lastDayOfMonths(from, national.value) : null;
    const localUntil = local ? lastDayOfDays(from, local.value) : null;
    if (localUntil && (!nationalUntil || localUntil < nationalUntil)) {
      if (national && nationalUntil)
        warnings.push({
          code: 'TEMP_VALIDITY_CONFLICT',
          message: text.warnings.TEMP_VALIDITY_CONFLICT(local!.value, national.value),
        });
      return {
        validity: {
          from,
          until: localUntil,
          untilIsMinimum: false,
          changeLockedUntil: null,
          provenance: provenanceOf(local, national),
        },
        warnings,
      };
    }
    if (nationalUntil) {
      return {
        validity: {
          from,
          until: nationalUntil,
          untilIsMinimum: !local,
          changeLockedUntil: null,
          provenance: provenanceOf(national, local),
        },
        warnings,
      };
    }
    warnings.push({ code: 'VALIDITY_UNKNOWN', message: text.warnings.VALIDITY_UNKNOWN });
    return {
      validity: {
        from,
        until: null,
        untilIsMinimum: false,
        changeLockedUntil: null,
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
  if (!lock && !pledgeLock) warnings.push({ code: 'LOCK_UNKNOWN', message: text.warnings.LOCK_UNKNOWN });
  if (pledgeMonths)
    warnings.push({ code: 'PLEDGE_VALIDITY', message: text.warnings.PLEDGE_VALIDITY(pledgeMonths) });
  if (pledgeLock) warnings.push({ code: 'PLEDGE_LOCK', message: text.warnings.PLEDGE_LOCK(pledgeLock) });
  const until = pledgeMonths ? lastDayOfMonths(from, pledgeMonths) : null;
  return {
    validity: {
      from,
      until,
      untilIsMinimum: false,
      changeLockedUntil: lockMonths ? lastDayOfMonths(from, lockMonths) : null,
      provenance: provenanceOf(lock, effects),
    },
    warnings,
  };
}
