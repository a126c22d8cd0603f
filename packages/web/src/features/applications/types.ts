/** Shapes of the catalogue and applications API (docs/api.md; the applications routes are the lead's). */
import type { LocalizedText } from '../../api/types';

export type MaterialSource = 'upload' | 'elicense' | 'district';

export interface CatalogueMaterial {
  key: string;
  name: string;
  required: boolean;
  source: MaterialSource;
  licenseType?: string;
  tolerable?: boolean;
}

export type FieldType =
  | 'text'
  | 'textarea'
  | 'number'
  | 'date'
  | 'select'
  | 'idNumber'
  | 'creditCode'
  | 'phone'
  | 'address'
  | 'businessScope';

export interface CatalogueField {
  key: string;
  label: LocalizedText;
  type: FieldType;
  required: boolean;
  options?: { value: string; label: LocalizedText }[];
  min?: number;
  max?: number;
  maxLength?: number;
  pastDate?: boolean;
}

export interface ItemDefinition {
  code: string;
  name: string;
  nameEn?: string;
  type: string;
  departmentCode: string;
  basis: string;
  legalLimitDays: number;
  promisedLimitDays: number;
  instant: boolean;
  visits: number;
  fee: string;
  materials: CatalogueMaterial[];
  form: { fields: CatalogueField[] };
  issuesLicenseType?: string;
  pledgeAllowed: boolean;
  toleranceAllowed: boolean;
  riskLevel: string;
  lifeEvents: string[];
  keywords: string[];
}

export interface CatalogueItem {
  code: string;
  version: number;
  departmentName: string;
  departmentNameEn?: string | null;
  definition: ItemDefinition;
}

export interface BundleDefinition {
  code: string;
  name: string;
  nameEn?: string;
  kind: string;
  lifeEvent?: string;
  description?: string;
  itemCodes: string[];
}

/** GET /api/catalogue/bundles/:code: `{ code, version, definition, items }` (older drafts were flat). */
export interface CatalogueBundle extends Partial<BundleDefinition> {
  code: string;
  version?: number;
  definition?: BundleDefinition;
  items: CatalogueItem[];
}

/** A row of GET /api/catalogue/items?q= */
export interface CatalogueItemSummary {
  code: string;
  name: string;
  nameEn: string | null;
  departmentName: string;
  promisedLimitDays: number;
}

export interface WalletLicense {
  id: string;
  licenseNo: string;
  typeCode: string;
  typeName?: LocalizedText | string;
  title: string;
  status: string;
}

export type Channel = 'online' | 'window' | 'station';

export interface ApplicationPayload {
  itemCode?: string;
  bundleCode?: string;
  form: Record<string, unknown>;
  channel: Channel;
  applicant?: { idNumber?: string; creditCode?: string; name?: string; phone?: string };
  pledge?: boolean;
  tolerated?: string[];
  remoteConsultation?: string;
}

export type ApplicationStatus = 'in-progress' | 'awaiting-correction' | 'completed';

export interface MyApplication {
  id: string;
  applicationNo: string;
  submittedAt: string;
  channel: Channel;
  status: ApplicationStatus;
  items: {
    caseId: string;
    itemName: string;
    state: string;
    deadline: string | null;
    unknownYear: number | null;
  }[];
}

export type AppSla =
  | { kind: 'running'; deadline: string; warnAt: string }
  | { kind: 'paused' }
  | { kind: 'unknown'; unknownYear: number }
  | { kind: 'none' };

export interface AppCaseAction {
  seq: number;
  action: string;
  fromState: string;
  toState: string;
  actorId: string;
  at: string;
  comment?: string;
}

export interface AppCase {
  caseId: string;
  itemCode: string;
  itemName: string;
  departmentName: string;
  state: string;
  version: number;
  sla: AppSla;
  actions: AppCaseAction[];
  available: string[];
}

export interface AppMaterial {
  key: string;
  name: string;
  source: 'upload' | 'elicense' | 'district' | 'tolerated';
  fileName?: string | null;
  fileId?: string | null;
  licenseNo?: string | null;
  dueBy?: string | null;
  suppliedAt?: string | null;
}

export interface ApplicationView {
  id: string;
  applicationNo: string;
  applicantName: string;
  applicantId: string;
  applicantKind: string;
  channel: Channel;
  pledge: boolean;
  form: Record<string, unknown>;
  submittedAt: string;
  status: ApplicationStatus;
  cases: AppCase[];
  materials: AppMaterial[];
}

export type Urgency = 'normal' | 'warning' | 'overdue' | 'none';

export interface QueueRow {
  applicationId: string;
  applicationNo: string;
  applicantName: string;
  channel: Channel;
  submittedAt: string;
  caseId: string;
  itemName: string;
  departmentName: string;
  state: string;
  version: number;
  deadline: string | null;
  unknownYear: number | null;
  urgency: Urgency;
}
