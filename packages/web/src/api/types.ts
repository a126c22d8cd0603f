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

/** A machine client's key as listed; the secret itself is only in the create answer. */
export interface ApiKey {
  id: string;
  name: string;
  prefix: string;
  roles: string[];
  unitId: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** A registered citizen as staff see them: ID number and phone masked by the server. */
export interface Citizen {
  id: string;
  name: string;
  idNumber: string;
  phone: string;
  createdAt: string;
}

/** The unmasked view for window clerks (GET /api/citizens/:id/identity, audited). */
export interface CitizenIdentity {
  id: string;
  name: string;
  idNumber: string;
  phone: string;
}

export interface LocalizedText {
  zh: string;
  en: string;
}

export interface WorkflowStateDef {
  name: LocalizedText;
  terminal?: boolean;
  sla?: { amount: number; unit: 'workingDays' | 'workingHours' | 'clockHours'; warnAt?: number };
  clock?: 'running' | 'paused';
}

export interface WorkflowActionDef {
  name: LocalizedText;
  from: string[];
  to: string;
  roles: string[];
  requiresComment?: boolean;
  effect?: 'pause' | 'resume' | 'extend';
}

/** A workflow definition as GET /api/workflows lists it (one item per key and version). */
export interface WorkflowDefinition {
  key: string;
  version: number;
  name: LocalizedText;
  initialState: string;
  states: Record<string, WorkflowStateDef>;
  actions: Record<string, WorkflowActionDef>;
}

export type CaseSla =
  | { kind: 'none' }
  | { kind: 'paused' }
  | { kind: 'unknown'; unknownYear: number }
  | { kind: 'running'; deadline: string; warnAt: string };

export interface CaseAction {
  seq: number;
  action: string;
  fromState: string;
  toState: string;
  actorId: string;
  at: string;
  comment?: string;
}

/** A case of the workflow engine with its log and the actions the caller may take. */
export interface CaseView {
  id: string;
  title: string;
  state: string;
  version: number;
  unitId: string;
  createdAt: string;
  definition: { key: string; version: number; name: LocalizedText };
  sla: CaseSla;
  actions: CaseAction[];
  available: string[];
}
