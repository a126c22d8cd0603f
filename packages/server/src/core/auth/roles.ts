import type { LocalizedText } from '@yiwang/domain';

/** Every role of the platform (DESIGN.md "Users"). Staff roles are held by accounts in an org unit. */
export const ROLES = {
  admin: { zh: '系统管理员', en: 'Administrator', staff: true },
  clerk: { zh: '窗口人员', en: 'Window clerk', staff: true },
  reviewer: { zh: '部门审批人员', en: 'Department reviewer', staff: true },
  handler: { zh: '处置人员', en: 'Handler', staff: true },
  dispatcher: { zh: '指挥中心调度员', en: 'Dispatcher', staff: true },
  inspector: { zh: '网格监督员', en: 'Grid inspector', staff: true },
  operator: { zh: '热线话务员', en: 'Hotline operator', staff: true },
  leader: { zh: '领导', en: 'Leader', staff: true },
  auditor: { zh: '审计员', en: 'Auditor', staff: true },
  citizen: { zh: '市民', en: 'Citizen', staff: false },
  enterprise: { zh: '企业', en: 'Enterprise', staff: false },
  device: { zh: '设备网关', en: 'Device gateway', staff: false },
  integration: { zh: '外部系统', en: 'Integration client', staff: false },
} as const satisfies Record<string, LocalizedText & { staff: boolean }>;

export type Role = keyof typeof ROLES;
export const STAFF_ROLE_KEYS = (Object.keys(ROLES) as Role[]).filter((r) => ROLES[r].staff);
export const API_KEY_ROLE_KEYS: Role[] = ['device', 'integration'];
export const isRole = (value: string): value is Role => value in ROLES;
