import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoCitizens } from '@yiwang/fixtures';
import { scanLogDirectory } from './scan-test-logs';

describe('the personal-data log scan', () => {
  it('lists each log line holding a seeded citizen’s unmasked ID number or phone, and passes masked ones', () => {
    const [citizen] = demoCitizens;
    const dir = mkdtempSync(join(tmpdir(), 'yiwang-log-scan-'));
    const line = (msg: string) => JSON.stringify({ level: 30, time: 1795000000000, msg });
    writeFileSync(
      join(dir, '1.jsonl'),
      [
        line('request completed'),
        line(`looked up ${citizen!.idNumber}`),
        line(`masked ${citizen!.idNumber.slice(0, 6)}********${citizen!.idNumber.slice(-4)}`),
      ].join('\n') + '\n',
    );
    writeFileSync(join(dir, '2.jsonl'), line(`callback to ${citizen!.phone}`) + '\n');
    writeFileSync(join(dir, 'notes.txt'), citizen!.phone);
    const scan = scanLogDirectory(dir);
    expect(scan).toMatchObject({ files: 2, lines: 4 });
    expect(scan.offending.map((o) => [o.file, o.line, o.values])).toEqual([
      ['1.jsonl', 2, [citizen!.idNumber]],
      ['2.jsonl', 1, [citizen!.phone]],
    ]);
  });
});
