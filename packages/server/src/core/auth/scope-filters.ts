import { sql, type Expression, type SqlBool } from 'kysely';
import type { Scope } from './actor';

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A where-clause over an org_unit alias that keeps only units inside the scope.
 *
 * @example
 * db.selectFrom('org_unit as u').where(unitInScope(scope, 'u')).selectAll()
 */
export function unitInScope(scope: Scope, alias: string): Expression<SqlBool> {
  const path = sql.ref(`${alias}.path`);
  switch (scope.kind) {
    case 'all':
      return sql<SqlBool>`true`;
    case 'subtree':
      return sql<SqlBool>`(${path} = ${scope.path} OR ${path} LIKE ${`${escapeLike(scope.path)}/%`})`;
    case 'own':
    case 'none':
      return sql<SqlBool>`false`;
  }
}
