/** The by-department table as CSV (the XLSX comes from the server, same columns: @yiwang/domain). */
import { DEPARTMENT_COLUMNS, type DepartmentFigures } from '@yiwang/domain';
import { toCsv } from '../../lib/csv';
import type { ExportColumn } from '../../lib/export';

export { pct, round1 } from '@yiwang/domain';

export const departmentColumns = (): ExportColumn<DepartmentFigures>[] => [...DEPARTMENT_COLUMNS];

export const departmentsCsv = (rows: readonly DepartmentFigures[]): string =>
  toCsv(departmentColumns(), rows);
