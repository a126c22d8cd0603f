import { sql, type Transaction } from 'kysely';
import type { Database, DB } from '@yiwang/db';
import { LICENCE_CASE_WORKFLOW } from '@yiwang/domain';

/** How many audit rows about or by the person an export carries (the newest). */
export const EXPORT_AUDIT_LIMIT = 1000;

/** The name an erased citizen's account keeps. */
export const ERASED_NAME = '已注销用户';

type Row = Record<string, unknown>;

/**
 * Everything the platform holds about one account (个人信息保护法 第45条 right of access and
 * copy), unmasked: its profile, sessions, applications with their sub-cases, e-licences,
 * ratings, notifications, credit records, 12345 calls and work orders it reported or follows,
 * and the audit rows about it or made by it. Undefined when there is no such person.
 */
export async function findPersonData(db: Database, accountId: string) {
  const account = await db
    .selectFrom('account')
    .select([
      'id',
      'kind',
      'display_name as name',
      'id_number as idNumber',
      'phone',
      'credit_code as creditCode',
      'legal_rep_name as legalRepName',
      'legal_rep_id_number as legalRepIdNumber',
      'disabled',
      'erased_at as erasedAt',
      'created_at as createdAt',
      'updated_at as updatedAt',
    ])
    .where('id', '=', accountId)
    .where('kind', 'in', ['citizen', 'enterprise'])
    .executeTakeFirst();
  if (!account) return undefined;
  const phone = account.phone;
  const holderIds = [account.idNumber, account.creditCode].filter((v): v is string => !!v);
  const byPhone = <T>(run: (phone: string) => Promise<T[]>) => (phone ? run(phone) : Promise.resolve([]));

  const [sessions, applications, licences, ratings, notifications, credit, calls, orders, following, audit] =
    await Promise.all([
      db
        .selectFrom('session')
        .select(['created_at as createdAt', 'last_seen_at as lastSeenAt', 'expires_at as expiresAt'])
        .select(['revoked_at as revokedAt', 'ip', 'user_agent as userAgent'])
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .execute(),
      db
        .selectFrom('application as a')
        .select(['a.id', 'a.application_no as applicationNo', 'a.applicant_name as applicantName'])
        .select([
          'a.applicant_id as applicantId',
          'a.channel',
          'a.form',
          'a.pledge',
          'a.submitted_at as submittedAt',
        ])
        .select((eb) =>
          eb
            .selectFrom('application_item as i')
            .innerJoin('workflow_case as c', 'c.id', 'i.case_id')
            .innerJoin('service_item as s', 's.id', 'i.item_id')
            .select(
              sql<Row[]>`coalesce(jsonb_agg(jsonb_build_object('item', s.code, 'state', c.state)), '[]')`.as(
                'x',
              ),
            )
            .whereRef('i.application_id', '=', 'a.id')
            .as('items'),
        )
        .where('a.applicant_account_id', '=', accountId)
        .orderBy('a.submitted_at', 'desc')
        .execute(),
      db
        .selectFrom('e_license')
        .select(['id', 'license_no as licenseNo', 'type_code as type', 'holder_id as holderId'])
        .select([
          'holder_name as holderName',
          'title',
          'data',
          'issuer_name as issuer',
          'issued_at as issuedAt',
        ])
        .select(['valid_until as validUntil', 'revoked_at as revokedAt'])
        .where((eb) =>
          eb.or([
            eb('holder_account_id', '=', accountId),
            ...(holderIds.length ? [eb('holder_id', 'in', holderIds)] : []),
          ]),
        )
        .orderBy('issued_at', 'desc')
        .execute(),
      db
        .selectFrom('rating')
        .select(['application_id as applicationId', 'score', 'comment', 'created_at as createdAt'])
        .where('rater_account_id', '=', accountId)
        .execute(),
      db
        .selectFrom('notification')
        .select([
          'kind',
          'text_zh as textZh',
          'text_en as textEn',
          'created_at as createdAt',
          'read_at as readAt',
        ])
        .where('account_id', '=', accountId)
        .orderBy('created_at', 'desc')
        .execute(),
      holderIds.length
        ? db
            .selectFrom('credit_record')
            .select(['kind', 'note', 'application_id as applicationId', 'recorded_at as recordedAt'])
            .where('holder_id', 'in', holderIds)
            .execute()
        : Promise.resolve([]),
      byPhone((p) =>
        db
          .selectFrom('hotline_call')
          .select(['call_no as callNo', 'caller_name as callerName', 'caller_phone as callerPhone'])
          .select(['address', 'description', 'disposition', 'answer', 'created_at as createdAt'])
          .where('caller_phone', '=', p)
          .orderBy('created_at', 'desc')
          .execute(),
      ),
      db
        .selectFrom('work_order')
        .select(['order_no as orderNo', 'source', 'category_code as category', 'description', 'address'])
        .select([
          'reporter_name as reporterName',
          'reporter_phone as reporterPhone',
          'created_at as createdAt',
        ])
        .where((eb) =>
          eb.or([eb('reported_by', '=', accountId), ...(phone ? [eb('reporter_phone', '=', phone)] : [])]),
        )
        .orderBy('created_at', 'desc')
        .execute(),
      db
        .selectFrom('work_order_follower as f')
        .innerJoin('work_order as o', 'o.case_id', 'f.order_id')
        .select(['o.order_no as orderNo', 'f.name', 'f.phone', 'f.via', 'f.created_at as createdAt'])
        .where((eb) =>
          eb.or([eb('f.account_id', '=', accountId), ...(phone ? [eb('f.phone', '=', phone)] : [])]),
        )
        .execute(),
      db
        .selectFrom('audit_log')
        .select(['seq', 'at', 'actor_label as actor', 'action', 'entity', 'entity_id as entityId'])
        .where((eb) => eb.or([eb('actor_id', '=', accountId), eb('entity_id', '=', accountId)]))
        .orderBy('seq', 'desc')
        .limit(EXPORT_AUDIT_LIMIT)
        .execute(),
    ]);
  return {
    account,
    sessions,
    applications,
    licences,
    ratings,
    notifications,
    creditRecords: credit,
    hotlineCalls: calls,
    workOrdersReported: orders,
    workOrdersFollowed: following,
    audit,
  };
}

export type PersonData = NonNullable<Awaited<ReturnType<typeof findPersonData>>>;

const FINAL_STATES = Object.entries(LICENCE_CASE_WORKFLOW.states)
  .filter(([, s]) => s.terminal)
  .map(([key]) => key);

/** How many of the person's application sub-cases are still being handled (not in a final state). */
export async function countOpenApplicationCases(trx: Transaction<DB>, accountId: string): Promise<number> {
  const row = await trx
    .selectFrom('application as a')
    .innerJoin('application_item as i', 'i.application_id', 'a.id')
    .innerJoin('workflow_case as c', 'c.id', 'i.case_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('a.applicant_account_id', '=', accountId)
    .where('c.state', 'not in', FINAL_STATES)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** What an erasure removed (counts), for the audit row and the answer. */
export type Erasure = {
  sessions: number;
  notifications: number;
  loginFailures: number;
  hotlineCalls: number;
  workOrders: number;
  followers: number;
};

/**
 * Erase a live citizen's personal data (个人信息保护法 第47条) in the caller's transaction:
 * the account keeps its id (decided applications, issued e-licences, ratings and the audit log
 * point at it and are kept, see docs/security.md) but loses its name, 身份证号, phone and sign-in;
 * sessions, notifications and sign-in failures go; the caller's name and phone leave the 12345
 * calls and work orders they reported or follow, whose descriptions stay as city records.
 * The account row is locked first so two erasures cannot interleave.
 */
export async function erasePerson(trx: Transaction<DB>, accountId: string): Promise<Erasure> {
  const account = await trx
    .selectFrom('account')
    .select(['id_number', 'phone'])
    .where('id', '=', accountId)
    .forUpdate()
    .executeTakeFirstOrThrow();
  const phone = account.phone;
  const subjects = [account.id_number, phone].filter((v): v is string => !!v);
  const count = (r: { numDeletedRows?: bigint; numUpdatedRows?: bigint }) =>
    Number(r.numDeletedRows ?? r.numUpdatedRows ?? 0);

  const sessions = count(
    await trx.deleteFrom('session').where('account_id', '=', accountId).executeTakeFirst(),
  );
  const notifications = count(
    await trx.deleteFrom('notification').where('account_id', '=', accountId).executeTakeFirst(),
  );
  const loginFailures = subjects.length
    ? count(await trx.deleteFrom('login_failure').where('subject', 'in', subjects).executeTakeFirst())
    : 0;
  const hotlineCalls = phone
    ? count(
        await trx
          .updateTable('hotline_call')
          .set({ caller_name: null, caller_phone: null })
          .where('caller_phone', '=', phone)
          .executeTakeFirst(),
      )
    : 0;
  const workOrders = count(
    await trx
      .updateTable('work_order')
      .set({ reporter_name: null, reporter_phone: null })
      .where((eb) =>
        eb.or([eb('reported_by', '=', accountId), ...(phone ? [eb('reporter_phone', '=', phone)] : [])]),
      )
      .executeTakeFirst(),
  );
  const followers = count(
    await trx
      .updateTable('work_order_follower')
      .set({ name: null, phone: null })
      .where((eb) => eb.or([eb('account_id', '=', accountId), ...(phone ? [eb('phone', '=', phone)] : [])]))
      .executeTakeFirst(),
  );
  await trx
    .updateTable('account')
    .set({
      display_name: ERASED_NAME,
      id_number: null,
      phone: null,
      legal_rep_name: null,
      legal_rep_id_number: null,
      // Not a hash any password can match.
      password_hash: '!erased',
      disabled: true,
      erased_at: sql<Date>`now()`,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', accountId)
    .execute();
  return { sessions, notifications, loginFailures, hotlineCalls, workOrders, followers };
}
