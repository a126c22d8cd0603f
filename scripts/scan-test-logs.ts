/**
 * The personal-data log scan: every server log line the test suite wrote (test apps log JSON
 * lines into YIWANG_TEST_LOG_DIR, see packages/server/src/testing/test-app.ts) must be free of
 * unmasked 身份证号 and mobile numbers; so must the JSON log lines of the browser journeys' server
 * (its plain-text start-up banner, which lists the invented demo accounts' phones, is not a log
 * line). `npm test` runs it after each run; it prints each offending line and exits 1.
 *
 * @example
 * node --import tsx scripts/scan-test-logs.ts /tmp/yiwang-test-logs-abc [--require-logs]
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findUnmaskedPersonalData } from '../packages/server/src/core/log-redaction';

export type LogScan = {
  files: number;
  lines: number;
  offending: { file: string; line: number; text: string; values: string[] }[];
};

/** Scan every `*.jsonl` file of a directory (none if it does not exist), or one log file, line by line. */
export function scanLogDirectory(path: string): LogScan {
  const scan: LogScan = { files: 0, lines: 0, offending: [] };
  if (!existsSync(path)) return scan;
  const [dir, names] = statSync(path).isFile()
    ? [dirname(path), [basename(path)]]
    : [
        path,
        readdirSync(path)
          .filter((n) => n.endsWith('.jsonl'))
          .sort(),
      ];
  for (const name of names) {
    scan.files++;
    const lines = readFileSync(join(dir, name), 'utf8').split('\n');
    lines.forEach((text, i) => {
      if (!text.startsWith('{')) return;
      scan.lines++;
      const found = findUnmaskedPersonalData(text);
      if (found.length > 0) {
        scan.offending.push({ file: name, line: i + 1, text, values: found.map((f) => f.value) });
      }
    });
  }
  return scan;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const args = process.argv.slice(2);
  const dir = args.find((a) => !a.startsWith('--')) ?? process.env.YIWANG_TEST_LOG_DIR;
  if (!dir) {
    process.stderr.write('usage: scan-test-logs.ts <directory of *.jsonl server logs>\n');
    process.exit(2);
  }
  const scan = scanLogDirectory(dir);
  for (const o of scan.offending) {
    process.stdout.write(
      `${o.file}:${o.line}: unmasked ${o.values.join(', ')}\n  ${o.text.slice(0, 2000)}\n`,
    );
  }
  process.stdout.write(
    `log scan: ${scan.lines} lines in ${scan.files} files, ${scan.offending.length} with an unmasked ID number or phone\n`,
  );
  // --require-logs: a whole-suite run that wrote no log line at all (no file, or only the journeys'
  // plain-text banner) has a broken capture or too quiet a log level, not clean logs.
  const missing = scan.lines === 0 && args.includes('--require-logs');
  process.exit(scan.offending.length > 0 || missing ? 1 : 0);
}
