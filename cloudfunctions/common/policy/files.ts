/**
 * Reads the policy data from the repository (data/): the source of truth for tests, scripts and
 * the snapshot bundled into the functions. Node only.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildPack, type Lead, type PackInput, type PolicyPack } from './pack';

export const DEFAULT_DATA_DIR = join(__dirname, '../../../data');

function readYaml(file: string): unknown {
  try {
    return parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`${file}: ${(error as Error).message}`);
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}

/** The raw inputs, with a content hash as version, and the source watch's report (data/watch.json) if there is one. */
export function readPackInput(dataDir = DEFAULT_DATA_DIR): PackInput & { files: string[] } {
  const policyDir = join(dataDir, 'policies');
  const files = [
    join(policyDir, 'national.yaml'),
    ...yamlFiles(join(policyDir, 'provinces')),
    ...yamlFiles(join(policyDir, 'cities')),
  ];
  const layers = files.map(readYaml);
  const sources = readYaml(join(dataDir, 'sources.yaml'));
  if (!Array.isArray(sources))
    throw new Error(`${join(dataDir, 'sources.yaml')}: expected a list of sources`);
  const places = (
    JSON.parse(readFileSync(join(dataDir, 'generated/cities.json'), 'utf8')) as { places: unknown[] }
  ).places;
  const version = createHash('sha256')
    .update(JSON.stringify({ sources, layers, places }))
    .digest('hex')
    .slice(0, 12);
  // The source watch's last report is not policy data: it leaves the version alone.
  const watchFile = join(dataDir, 'watch.json');
  const watch = existsSync(watchFile) ? (JSON.parse(readFileSync(watchFile, 'utf8')) as unknown) : undefined;
  return { version, origin: 'files', sources, layers, places, files, ...(watch ? { watch } : {}) };
}

/** Loads and validates everything under data/. Throws PolicyDataError listing every problem. */
export function loadPolicyFiles(dataDir = DEFAULT_DATA_DIR): { pack: PolicyPack; leads: Lead[] } {
  return buildPack(readPackInput(dataDir));
}
