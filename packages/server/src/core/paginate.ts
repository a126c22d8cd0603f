import type { SelectQueryBuilder } from 'kysely';

/**
 * One page of a filtered query and the total count of the filter, in parallel.
 *
 * @example
 * const { rows, total } = await paginate(filtered, (q) => q.selectAll().orderBy('seq', 'desc'), { page, pageSize });
 */
export async function paginate<DB, TB extends keyof DB, O>(
  filtered: SelectQueryBuilder<DB, TB, object>,
  select: (q: SelectQueryBuilder<DB, TB, object>) => SelectQueryBuilder<DB, TB, O>,
  { page, pageSize }: { page: number; pageSize: number },
): Promise<{ rows: O[]; total: number }> {
  const [rows, count] = await Promise.all([
    select(filtered)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    filtered.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirst(),
  ]);
  return { rows, total: Number((count as { n?: string } | undefined)?.n ?? 0) };
}
