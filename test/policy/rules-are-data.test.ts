/**
 * Rules are data: no policy figure and no city name in the engine's code. A new city or a changed
 * ratio must be a data change with its source.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { realPack } from '../support/policy';

const ENGINE_DIRS = ['engine', 'policy', 'contract', 'places'].map((d) =>
  join(__dirname, '../../cloudfunctions/common', d),
);
const files = ENGINE_DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(dir, f)),
);
// Comments may explain; only code counts.
const code = (file: string) =>
  readFileSync(file, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '');

describe('engine code holds no policy', () => {
  it.each(files.map((f) => [f.split('cloudfunctions/common/')[1], f]))('%s names no city', (_name, file) => {
    const source = code(file);
    const names = Object.values(realPack().places).flatMap((p) => [p.name, p.shortName]);
    expect(names.filter((name) => source.includes(name))).toEqual([]);
  });

  it.each(files.map((f) => [f.split('cloudfunctions/common/')[1], f]))(
    '%s has no decimal figure',
    (_name, file) => {
      expect(code(file).match(/(?<![\w.])\d+\.\d+(?![\w.])/g) ?? []).toEqual([]);
    },
  );
});
