/**
 * What a deploy will do to each function, decided from cloudbaserc.json and the live functions
 * before anything is written, and what it refuses to do. Pure: scripts/deploy/cloudbase.ts reads
 * the live state and carries the plan out.
 *
 * The rules, each a way a deploy could otherwise un-configure a live environment:
 * - a variable with no value in this shell keeps the live function's value (UpdateFunctionConfiguration
 *   replaces all variables at once); without a live value the deploy refuses;
 * - a variable set on the live function but not in cloudbaserc.json (added in the console) is kept;
 * - a function's runtime cannot change in place: a live function on another runtime is refused,
 *   saying to delete and recreate it;
 * - the runtime must be one CloudBase documents (docs.cloudbase.net/cloud-function/runtime-support);
 * - a timer trigger is created only when missing, and replaced when its schedule differs.
 */
import type { FunctionSettings, Trigger } from './artifacts';

/**
 * Node.js runtimes CloudBase lists for event functions (docs.cloudbase.net/cloud-function/runtime-support,
 * read 2026-11). Nodejs20.19 is the fallback where an environment does not offer a newer one: it is
 * also the runtime @cloudbase/manager-node 5.6.5 creates a function with when none is named
 * (lib/function/index.js configToParams).
 */
export const DOCUMENTED_RUNTIMES = [
  'Nodejs24.11',
  'Nodejs22.21',
  'Nodejs20.19',
  'Nodejs18.15',
  'Nodejs16.13',
];
export const FALLBACK_RUNTIME = 'Nodejs20.19';

/** A function as GetFunction reports it; null when it does not exist (ResourceNotFound only). */
export interface LiveFunction {
  runtime: string;
  status: string;
  env: Record<string, string>;
  triggers: Trigger[];
}

/** The parameters @cloudbase/manager-node's createFunction / updateFunctionConfig take. */
export type ManagerFunction = Omit<FunctionSettings, 'unset' | 'triggers'> & { ignore: string[] };

export interface FunctionPlan {
  name: string;
  action: 'create' | 'update';
  func: ManagerFunction;
  /** Variables with no value here whose live value is kept. */
  kept: string[];
  /** Variables only the live function has (set in the console), kept. */
  liveOnly: string[];
  /** Timer triggers to create; `replace` ones are deleted first (their schedule changed). */
  triggers: { create: Trigger[]; replace: Trigger[] };
}

export interface Plan {
  functions: FunctionPlan[];
  /** Why the deploy must not go ahead; empty when it may. */
  refusals: string[];
}

/** Creates come first: if the environment refuses the runtime, nothing has been changed yet. */
export function planFunctions(settings: FunctionSettings[], live: Map<string, LiveFunction | null>): Plan {
  const refusals: string[] = [];
  const functions: FunctionPlan[] = [];
  for (const s of settings) {
    const current = live.get(s.name) ?? null;
    if (!DOCUMENTED_RUNTIMES.includes(s.runtime))
      refusals.push(
        `${s.name}: cloudbaserc.json names runtime ${s.runtime}, which CloudBase does not document (${DOCUMENTED_RUNTIMES.join(', ')}); ${FALLBACK_RUNTIME} is the fallback`,
      );
    if (current && current.runtime !== s.runtime)
      refusals.push(
        `${s.name}: the live function runs ${current.runtime} but cloudbaserc.json names ${s.runtime}, and a runtime cannot be changed in place: delete and recreate — delete ${s.name} in the CloudBase console (云函数 → ${s.name} → 删除), then deploy again (note its variables first: they are recreated from this shell) — or set "runtime": "${current.runtime}" in cloudbaserc.json`,
      );
    const missing = s.unset.filter((key) => current?.env[key] === undefined);
    if (missing.length)
      refusals.push(
        `${s.name}: ${missing.join(', ')} has no value here${current ? ' nor on the live function' : ' and the function does not exist yet'}: set it (README, "Deploy"; an empty value must be set on purpose, e.g. export ${missing[0]}=)`,
      );
    const kept = s.unset.filter((key) => current?.env[key] !== undefined);
    const liveOnly = Object.keys(current?.env ?? {}).filter(
      (key) => !(key in s.envVariables) && !s.unset.includes(key),
    );
    const envVariables: Record<string, string> = { ...s.envVariables };
    for (const key of [...kept, ...liveOnly]) envVariables[key] = current!.env[key];
    const triggers = { create: [] as Trigger[], replace: [] as Trigger[] };
    for (const wanted of s.triggers) {
      const found = current?.triggers.find((t) => t.name === wanted.name);
      if (!found) triggers.create.push(wanted);
      else if (found.config !== wanted.config || found.type !== wanted.type) triggers.replace.push(wanted);
    }
    functions.push({
      name: s.name,
      action: current ? 'update' : 'create',
      func: {
        name: s.name,
        handler: s.handler,
        runtime: s.runtime,
        timeout: s.timeout,
        memorySize: s.memorySize,
        installDependency: false,
        envVariables,
        ignore: [],
      },
      kept,
      liveOnly,
      triggers,
    });
  }
  functions.sort((a, b) => Number(a.action === 'update') - Number(b.action === 'update'));
  return { functions, refusals };
}

/** One line per function for the deploy's log. */
export function describePlan(plan: Plan): string[] {
  return plan.functions.map((f) => {
    const notes = [
      f.kept.length ? `keeps the live ${f.kept.join(', ')}` : '',
      f.liveOnly.length ? `keeps ${f.liveOnly.join(', ')} set in the console` : '',
      ...f.triggers.create.map((t) => `creates timer ${t.name} (${t.config})`),
      ...f.triggers.replace.map((t) => `replaces timer ${t.name} with ${t.config}`),
    ].filter(Boolean);
    return `  ${f.name}: ${f.action === 'create' ? `create on ${f.func.runtime}` : 'update'}${notes.length ? `; ${notes.join('; ')}` : ''}`;
  });
}
