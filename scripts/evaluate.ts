/**
 * CLI: npm run -s evaluate -- <situation.json | -> [--as-of YYYY-MM-DD]
 * Prints the verdict JSON and exits 0; on invalid input prints { ok: false, error } and exits 2.
 * A stable contract: other tools rely on the output shape and the exit codes. Never a stack trace.
 */
import { readFileSync } from 'node:fs';
import dayjs from 'dayjs';
import { isIsoDate } from '../cloudfunctions/common/contract/dates';
import { evaluateRequest } from '../cloudfunctions/common/engine';
import { loadPolicyFiles } from '../cloudfunctions/common/policy/files';
import type { ApiError } from '../typings/contract';

function fail(error: ApiError, exitCode: number): never {
  process.stdout.write(`${JSON.stringify({ ok: false, error }, null, 2)}\n`);
  process.exit(exitCode);
}

function parseArgs(argv: string[]): { file: string; asOf: string } {
  let file: string | undefined;
  let asOf = dayjs().format('YYYY-MM-DD');
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--as-of') {
      asOf = argv[++i] ?? '';
      if (!isIsoDate(asOf)) fail({ code: 'INVALID_INPUT', message: '--as-of 须为 YYYY-MM-DD 格式的日期' }, 2);
    } else if (!file) file = argv[i];
    else fail({ code: 'INVALID_INPUT', message: `多余的参数：${argv[i]}` }, 2);
  }
  if (!file)
    fail(
      {
        code: 'INVALID_INPUT',
        message: '用法：npm run -s evaluate -- <situation.json | -> [--as-of YYYY-MM-DD]',
      },
      2,
    );
  return { file, asOf };
}

function readInput(file: string): unknown {
  let textIn: string;
  try {
    textIn = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch {
    return fail({ code: 'INVALID_INPUT', message: `读不到输入文件：${file}` }, 2);
  }
  try {
    return JSON.parse(textIn);
  } catch {
    return fail({ code: 'INVALID_INPUT', message: '输入不是有效的 JSON' }, 2);
  }
}

function main(): void {
  const { file, asOf } = parseArgs(process.argv.slice(2));
  const raw = readInput(file);
  const { pack } = loadPolicyFiles();
  const result = evaluateRequest(raw, pack, asOf);
  if (!result.ok) fail(result.error, 2);
  process.stdout.write(`${JSON.stringify(result.data, null, 2)}\n`);
}

try {
  main();
} catch (error) {
  // Broken policy data or an engine bug: report it plainly, never as a stack trace on stdout.
  process.stderr.write(`${(error as Error).message}\n`);
  fail({ code: 'UNAVAILABLE', message: '暂时无法完成评估，请稍后再试' }, 1);
}
