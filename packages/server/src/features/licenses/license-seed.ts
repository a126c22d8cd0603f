import { sql } from 'kysely';
import type { Database } from '@yiwang/db';
import { demoCitizens, demoEnterprises } from '@yiwang/fixtures';
import type { Actor } from '../../core/auth/actor';
import { issueLicense, type IssueLicenseInput } from './license.service';

/** DEMO ONLY: the licences the demo accounts hold, marked `demo: true` in their data. */
export function demoLicenses(): IssueLicenseInput[] {
  const enterprises = demoEnterprises.map((e): IssueLicenseInput => ({
    typeCode: 'business-licence',
    holderKind: 'enterprise',
    holderId: e.creditCode,
    holderName: e.name,
    title: '营业执照',
    issuedAt: new Date('2024-03-18T02:00:00Z'),
    data: {
      demo: true,
      名称: e.name,
      类型: '有限责任公司（自然人投资或控股）',
      法定代表人: e.legalRepresentative,
      注册资本: '人民币100万元整',
      成立日期: '2024-03-18',
      营业期限: '长期',
      住所: '上海市虹口区东大名路（演示地址）',
      经营范围:
        '一般项目：技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广；软件开发；信息系统集成服务。',
    },
  }));
  const citizens = demoCitizens.map((c): IssueLicenseInput => ({
    typeCode: 'resident-id',
    holderKind: 'person',
    holderId: c.idNumber,
    holderName: c.name,
    title: '居民身份证',
    issuedAt: new Date('2019-06-03T02:00:00Z'),
    data: {
      demo: true,
      姓名: c.name,
      性别: c.gender === 'male' ? '男' : '女',
      民族: '汉',
      出生: c.birthDate,
      住址: '上海市虹口区（演示地址）',
    },
  }));
  return [...enterprises, ...citizens];
}

/** Issue the demo licences that do not exist yet; idempotent. Returns how many were issued. */
export async function seedDemoLicenses(db: Database, actor: Actor): Promise<number> {
  const wanted = demoLicenses();
  const existing = await db
    .selectFrom('e_license')
    .select(['holder_id', 'type_code'])
    .where(sql<boolean>`data @> '{"demo": true}'::jsonb`)
    .execute();
  const have = new Set(existing.map((e) => `${e.holder_id}|${e.type_code}`));
  const fresh = wanted.filter((w) => !have.has(`${w.holderId}|${w.typeCode}`));
  if (!fresh.length) return 0;
  await db.transaction().execute(async (trx) => {
    for (const w of fresh) await issueLicense(trx, actor, w);
  });
  return fresh.length;
}
