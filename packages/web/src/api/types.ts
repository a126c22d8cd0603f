/** Shapes of the JSON the server answers with (see docs/api.md). */
export type UnitKind = 'district' | 'street' | 'committee' | 'department' | 'station';
export const UNIT_KINDS: readonly UnitKind[] = ['district', 'street', 'committee', 'department', 'station'];

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  kind: UnitKind;
}

export interface Unit extends UnitRef {
  nameEn?: string | null;
  parentId: string | null;
  demo: boolean;
}

export type UserKind = 'staff' | 'citizen' | 'enterprise';

export interface SessionUser {
  id: string;
  kind: UserKind;
  username: string;
  displayName: string;
  roles: string[];
  unit: UnitRef | null;
  /** Masked by the server (e.g. 110105********002X); citizens and legal representatives. */
  idNumber?: string | null;
  /** Masked by the server (e.g. 138****8000). */
  phone?: string | null;
  creditCode?: string | null;
}

export interface Session {
  csrfToken: string;
  user: SessionUser | null;
}

export interface User {
  id: string;
  username: string;
  displayName: string;
  roles: string[];
  unit: UnitRef;
  disabled: boolean;
  createdAt: string;
}

export interface Role {
  key: string;
  zh: string;
  en: string;
  staff: boolean;
}

export interface Page<T> {
  items: T[];
  total: number;
}

export interface CalendarYear {
  year: number;
  holidays: string[];
  workdays: string[];
  source: string;
  loadedAt: string;
}

export type DeadlineAnswer = { ok: true; deadline: string } | { ok: false; unknownYear: number };

export interface AuditEntry {
  seq: number;
  at: string;
  actorId: string | null;
  actorName: string | null;
  action: string;
  entity: string;
  entityId: string | null;
  summary: string;
}
