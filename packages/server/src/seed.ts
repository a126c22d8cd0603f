import { randomUUID } from 'node:crypto';
import { sql, type Insertable } from 'kysely';
import type { Account, Database, OrgUnit } from '@yiwang/db';
import {
  DEMO_PASSWORD,
  demoCitizens,
  demoEnterprises,
  demoStaff,
  loadOrgUnits,
  officialSchedules,
} from '@yiwang/fixtures';
import { recordAudit } from './core/audit/audit-log';
import { hashPassword } from './core/auth/password';
import { ANONYMOUS, type Actor } from './core/auth/actor';
import { upsertCalendarYear } from './core/calendar/calendar.repository';
import { seedCatalogue } from './features/catalogue/catalogue.seed';
import { seedDemoLicenses } from './features/licenses/license-seed';
import { seedCityopsCategories } from './features/cityops-categories/cityops-category.service';
import { seedSensorTypesAndRules } from './features/sensor-rules/sensor-rule.service';
import { seedDemoSensorRouting } from './features/sensor-alarms/sensor-alarm.seed';

const SEED_ACTOR: Actor = { ...ANONYMOUS, label: 'system:seed' };

export type SeedReport = {
  units: number;
  calendarYears: number;
  accounts: number;
  catalogueItems: number;
  bundles: number;
};

/** The advisory lock that lets one server copy at a time seed (copies started together on a fresh database). */
const SEED_LOCK = 7355610;

/**
 * Load the reference data (the district's org units, the official working-day schedules)
 * and, with `demo`, the demo accounts. Idempotent: what exists is left as it is. Several
 * server copies may start at once: a session advisory lock (held on one pooled connection,
 * the seeding runs on others — the pool needs two) lets one seed while the others wait and
 * then find everything there.
 */
export async function seed(db: Database, options: { demo: boolean }): Promise<SeedReport> {
  return db.connection().execute(async (lock) => {
    await sql`SELECT pg_advisory_lock(${SEED_LOCK})`.execute(lock);
    try {
      return await seedLocked(db, options);
    } finally {
      // a lock connection that broke has released the lock with its session
      await sql`SELECT pg_advisory_unlock(${SEED_LOCK})`.execute(lock).catch(() => {});
    }
  });
}

async function seedLocked(db: Database, options: { demo: boolean }): Promise<SeedReport> {
  const report: SeedReport = { units: 0, calendarYears: 0, accounts: 0, catalogueItems: 0, bundles: 0 };

  const existing = new Map(
    (await db.selectFrom('org_unit').select(['id', 'code', 'path']).execute()).map((u) => [u.code, u]),
  );
  const fresh: Insertable<OrgUnit>[] = [];
  for (const u of loadOrgUnits()) {
    if (existing.has(u.code)) continue;
    const parent = u.parentCode ? existing.get(u.parentCode) : undefined;
    if (u.parentCode && !parent)
      throw new Error(`org unit ${u.code}: parent ${u.parentCode} comes later or is missing`);
    const row = { id: randomUUID(), code: u.code, path: parent ? `${parent.path}/${u.code}` : u.code };
    existing.set(u.code, row);
    fresh.push({
      ...row,
      name: u.name,
      name_en: u.nameEn ?? null,
      kind: u.kind,
      parent_id: parent?.id ?? null,
      demo: u.demo,
      note: u.note ?? null,
    });
  }

  const loadedYears = new Set(
    (await db.selectFrom('calendar_year').select('year').execute()).map((r) => r.year),
  );
  const years = officialSchedules.filter((s) => !loadedYears.has(s.year));

  const accounts: Insertable<Account>[] = [];
  if (options.demo) {
    const taken = await db.selectFrom('account').select(['username', 'id_number', 'credit_code']).execute();
    const names = new Set(taken.map((a) => a.username));
    const ids = new Set(taken.map((a) => a.id_number ?? a.credit_code));
    // One argon2id hash for the shared demo password keeps the first start fast; real accounts each get their own.
    const hash = await hashPassword(DEMO_PASSWORD);
    for (const s of demoStaff) {
      if (names.has(s.username)) continue;
      const unit = existing.get(s.unitCode);
      if (!unit) throw new Error(`demo account ${s.username}: unknown unit ${s.unitCode}`);
      accounts.push({
        kind: 'staff',
        username: s.username,
        display_name: s.displayName,
        password_hash: hash,
        roles: s.roles,
        unit_id: unit.id,
      });
    }
    for (const c of demoCitizens) {
      if (ids.has(c.idNumber)) continue;
      accounts.push({
        kind: 'citizen',
        display_name: c.name,
        password_hash: hash,
        roles: ['citizen'],
        id_number: c.idNumber,
        phone: c.phone,
      });
    }
    for (const e of demoEnterprises) {
      if (ids.has(e.creditCode)) continue;
      accounts.push({
        kind: 'enterprise',
        display_name: e.name,
        password_hash: hash,
        roles: ['enterprise'],
        credit_code: e.creditCode,
        legal_rep_name: e.legalRepresentative,
        legal_rep_id_number: e.legalRepresentativeIdNumber,
        phone: e.phone,
      });
    }
  }

  if (!fresh.length && !years.length && !accounts.length) {
    Object.assign(report, await seedCatalogue(db, SEED_ACTOR));
    await seedCityopsCategories(db);
    await seedSensorTypesAndRules(db);
    if (options.demo) await seedDemoSensorRouting(db);
    if (options.demo) await seedDemoLicenses(db, SEED_ACTOR);
    return report;
  }
  await db.transaction().execute(async (trx) => {
    if (fresh.length) await trx.insertInto('org_unit').values(fresh).execute();
    for (const y of years)
      await upsertCalendarYear(
        trx,
        y,
        '国务院办公厅节假日安排通知（随 Yiwang 发布） · State Council holiday notice, shipped with Yiwang',
        null,
      );
    if (accounts.length) await trx.insertInto('account').values(accounts).execute();
    report.units = fresh.length;
    report.calendarYears = years.length;
    report.accounts = accounts.length;
    await recordAudit(trx, SEED_ACTOR, {
      action: 'seed',
      entity: 'system',
      summary: { ...report, demo: options.demo },
    });
  });
  // The service catalogue is reference data too; it names departments seeded above.
  Object.assign(report, await seedCatalogue(db, SEED_ACTOR));
  await seedCityopsCategories(db);
  await seedSensorTypesAndRules(db);
  if (options.demo) await seedDemoSensorRouting(db);
  if (options.demo) await seedDemoLicenses(db, SEED_ACTOR);
  return report;
}
