import { readFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { openDatabase, type Database } from '@yiwang/db';
import { parseScheduleIcs, parseScheduleJson, type YearSchedule } from '@yiwang/domain';
import { loadConfig, ConfigError } from './config';
import { openServerDatabase, type DatabaseHandle } from './database-bootstrap';
import { ANONYMOUS, type Actor } from './core/auth/actor';
import { isRole, STAFF_ROLE_KEYS } from './core/auth/roles';
import { hashPassword } from './core/auth/password';
import { recordAudit, verifyAuditChain } from './core/audit/audit-log';
import { upsertCalendarYear } from './core/calendar/calendar.repository';
import { Password, Username } from './core/schemas';
import { seed } from './seed';
import { BackupError, backupDatabase, restoreDatabase } from './core/backup/backup';
import { simulateCommand } from './features/simulator/simulate.command';

const CLI_ACTOR: Actor = { ...ANONYMOUS, label: `cli:${process.env.USER ?? 'operator'}` };
const out = (line: string): void => void process.stdout.write(`${line}\n`);

/** Open the platform's database (DATABASE_URL, or the embedded one — attaching to a running server's), run, close. */
async function withDatabase<T>(work: (db: Database, url: string) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const handle: DatabaseHandle = await openServerDatabase(config, out, { attach: true });
  const { db } = openDatabase(handle.url, { max: 2, applicationName: 'yiwang-cli' });
  try {
    return await work(db, handle.url);
  } finally {
    await db.destroy();
    await handle.cluster?.stop();
  }
}

const program = new Command('yiwang')
  .description(
    'Yiwang 一网 — administration commands. Uses DATABASE_URL, or the embedded PostgreSQL under DATA_DIR.',
  )
  .showHelpAfterError();

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(() => withDatabase(async () => out('migrations are up to date')));

program
  .command('seed')
  .description(
    'load reference data (org units, working-day schedules) and, unless --no-demo, the demo accounts',
  )
  .option('--no-demo', 'skip the demo accounts')
  .action((opts: { demo: boolean }) =>
    withDatabase(async (db) => {
      const r = await seed(db, { demo: opts.demo });
      out(`seeded ${r.units} units, ${r.calendarYears} calendar years, ${r.accounts} accounts`);
    }),
  );

const users = program.command('users').description('manage staff accounts');
users
  .command('create')
  .description('create a staff account (the password is read from YIWANG_PASSWORD or --password)')
  .requiredOption('--username <name>', 'login name (lowercase letters, digits, . _ -)')
  .requiredOption('--name <displayName>', 'display name')
  .requiredOption('--unit <code>', 'org unit code, e.g. 310109 (the district) or 310109018 (北外滩街道)')
  .requiredOption('--roles <roles>', `comma-separated roles: ${STAFF_ROLE_KEYS.join(', ')}`, (v: string) => {
    const roles = v.split(',').map((r) => r.trim());
    const bad = roles.filter((r) => !isRole(r) || !STAFF_ROLE_KEYS.includes(r));
    if (bad.length) throw new InvalidArgumentError(`unknown role(s): ${bad.join(', ')}`);
    return roles;
  })
  .option('--password <password>', 'password (prefer the YIWANG_PASSWORD variable: arguments show in ps)')
  .action((opts: { username: string; name: string; unit: string; roles: string[]; password?: string }) =>
    withDatabase(async (db) => {
      const password = opts.password ?? process.env.YIWANG_PASSWORD ?? '';
      for (const [field, check, value] of [
        ['--username', Username, opts.username],
        ['password', Password, password],
      ] as const) {
        const r = check.safeParse(value);
        if (!r.success) throw new InvalidArgumentError(`${field}: ${r.error.issues[0]?.message}`);
      }
      const unit = await db
        .selectFrom('org_unit')
        .select('id')
        .where('code', '=', opts.unit)
        .executeTakeFirst();
      if (!unit) throw new InvalidArgumentError(`--unit: no org unit with code ${opts.unit}`);
      const passwordHash = await hashPassword(password);
      await db.transaction().execute(async (trx) => {
        const taken = await trx
          .selectFrom('account')
          .select('id')
          .where('username', '=', opts.username)
          .executeTakeFirst();
        if (taken) throw new InvalidArgumentError(`--username: ${opts.username} is taken`);
        const row = await trx
          .insertInto('account')
          .values({
            kind: 'staff',
            username: opts.username,
            display_name: opts.name,
            password_hash: passwordHash,
            roles: opts.roles,
            unit_id: unit.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordAudit(trx, CLI_ACTOR, {
          action: 'account.create',
          entity: 'account',
          entityId: row.id,
          summary: { username: opts.username, roles: opts.roles },
        });
      });
      out(`created ${opts.username} (${opts.roles.join(', ')}) in ${opts.unit}`);
    }),
  );

const calendar = program.command('calendar').description('the working-day calendar');
calendar
  .command('load')
  .description(
    "load a year's official schedule from a JSON file (one YearSchedule or a list) or an ICS calendar",
  )
  .argument('<file>', 'a .json or .ics file')
  .option('--year <year>', 'the year (ICS only; default: the first event’s year)', (v: string) => Number(v))
  .option('--source <text>', 'where the schedule comes from', 'loaded with the yiwang CLI')
  .action((file: string, opts: { year?: number; source: string }) =>
    withDatabase(async (db) => {
      const text = await readFile(file, 'utf8');
      let schedules: YearSchedule[];
      if (file.toLowerCase().endsWith('.ics')) {
        const year = opts.year ?? Number(/DTSTART[^:]*:(\d{4})/.exec(text)?.[1]);
        if (!year) throw new InvalidArgumentError('--year: give the year; none found in the calendar');
        schedules = [parseScheduleIcs(text, year)];
      } else {
        schedules = parseScheduleJson(JSON.parse(text));
      }
      await db.transaction().execute(async (trx) => {
        for (const s of schedules) {
          await upsertCalendarYear(trx, s, opts.source, null);
          await recordAudit(trx, CLI_ACTOR, {
            action: 'calendar.load',
            entity: 'calendar_year',
            entityId: String(s.year),
            summary: { source: opts.source },
          });
          out(`loaded ${s.year}: ${s.holidays.length} days off, ${s.workdays.length} make-up working days`);
        }
      });
    }),
  );

const audit = program.command('audit').description('the audit log');
audit
  .command('verify')
  .description(
    'chain pending audit rows, walk the hash chain and report the first changed, inserted, deleted or unchained row (exit code 1)',
  )
  .option(
    '--chain-all',
    'chain every unchained row, however far below the head (after checking that an `unchained` row was a late commit)',
  )
  .action((opts: { chainAll?: boolean }) =>
    withDatabase(async (db) => {
      const result = await verifyAuditChain(db, opts.chainAll ? { lookback: Infinity } : {});
      if (result.ok) {
        out(`audit chain intact: ${result.rows} rows, head ${result.head.slice(0, 16)}…`);
      } else {
        out(
          `audit chain BROKEN at seq ${result.seq}: ${result.reason} (audit row ${result.auditSeq ?? 'unknown'}; ${result.rows} rows verified before it)`,
        );
        process.exitCode = 1;
      }
    }),
  );

program.addCommand(
  simulateCommand(withDatabase, out, {
    port: Number(process.env.PORT) || 3000,
    mqttUrl: process.env.MQTT_URL,
  }),
);

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
program
  .command('backup')
  .description(
    "write a consistent backup of the database (every table's rows in one snapshot, gzip'd; the schema is the migrations it records) — with the embedded PostgreSQL too, while the server runs",
  )
  .requiredOption('--out <file>', 'the file to write, e.g. yiwang-2026-11-27.backup.gz')
  .action((opts: { out: string }) =>
    withDatabase(async (_db, url) => {
      const r = await backupDatabase(url, opts.out);
      out(
        `backed up ${r.rows} rows of ${r.tables} tables (migration ${r.header.migrations.at(-1)?.version ?? 'none'}, ` +
          `PostgreSQL ${r.header.server}) to ${opts.out} (${megabytes(r.bytes)})`,
      );
    }),
  );
program
  .command('restore')
  .description(
    'replace the data of the database with a backup, in one transaction; the database must be at the same migrations and no server may be running on it',
  )
  .requiredOption('--from <file>', 'a file written by `backup`')
  .option('--replace', 'replace a database that already holds data (accounts)')
  .action((opts: { from: string; replace?: boolean }) =>
    withDatabase(async (_db, url) => {
      const r = await restoreDatabase(url, opts.from, { replace: opts.replace });
      out(`restored ${r.rows} rows of ${r.tables} tables from ${opts.from} (made ${r.header.createdAt})`);
    }),
  );

try {
  await program.parseAsync(process.argv);
} catch (error) {
  const message =
    error instanceof ConfigError || error instanceof InvalidArgumentError || error instanceof BackupError
      ? error.message
      : String((error as Error).stack ?? error);
  process.stderr.write(`yiwang: ${message}\n`);
  process.exitCode = 2;
}
