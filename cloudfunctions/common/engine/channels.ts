import type { Channel, Filing } from '../../../typings/contract';
import { collect, itemOf, matches } from '../policy/resolve';
import { factsOf, provenanceOf, type EngineContext } from './context';

/**
 * Where to file: the 参保地's own channels first, then the province's and the national ones.
 * A hand claim after a self-paid discharge is made at the 参保地's counter. Where the 参保地 names
 * its own counter, the national "参保地医保经办机构窗口" would only repeat it, so it is left out.
 */
export function listChannels(ctx: EngineContext, filing: Filing): Channel[] {
  const needed = filing.required || filing.manualClaim;
  if (!needed || ctx.scope === 'same_city') return [];
  const facts = factsOf(ctx, !(filing.manualClaim && filing.required), undefined, filing.exempt);
  const seen = new Set<string>();
  const channels: Channel[] = [];
  let ownCounter = false;
  for (const found of collect(ctx.chain, 'channels', ctx.date)) {
    for (const channel of found.value) {
      if (seen.has(channel.id) || !matches(channel.when, facts)) continue;
      // Filing channels while a filing is due; claim channels (and counters) for a claim by hand.
      const wanted = filing.manualClaim
        ? channel.purpose === 'claim' || channel.kind === 'counter'
        : channel.purpose === 'filing';
      if (!wanted) continue;
      if (channel.kind === 'counter' && found.layer.layer === 'national' && ownCounter) continue;
      if (channel.kind === 'counter' && found.layer.layer === 'city') ownCounter = true;
      seen.add(channel.id);
      channels.push({
        id: channel.id,
        name: channel.name,
        kind: channel.kind,
        ...(channel.how ? { how: channel.how } : {}),
        provenance: provenanceOf(itemOf(found, channel)),
      });
    }
  }
  return channels;
}
