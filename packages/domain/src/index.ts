export { LocalizedText } from './localized-text';

export { checkResidentId, residentIdCheckDigit, residentIdErrorMessages } from './identity/resident-id';
export type { ResidentIdCheck, ResidentIdError, ResidentIdOptions } from './identity/resident-id';
export {
  CREDIT_CODE_CHARSET,
  checkCreditCode,
  creditCodeCheckChar,
  creditCodeErrorMessages,
} from './identity/credit-code';
export type { CreditCodeCheck, CreditCodeError } from './identity/credit-code';
export { maskName, maskPhone, maskResidentId } from './identity/mask';
export { CreditCode, MobilePhone, ResidentId } from './identity/identity-schemas';
export type { IdentityIssueParams } from './identity/identity-issue';

export {
  DAY_MS,
  SHANGHAI_OFFSET_MS,
  dayIndexToIsoDate,
  isoDateToDayIndex,
  shanghaiDate,
  shanghaiDayIndex,
  shanghaiInstant,
  toEpochMs,
} from './calendar/shanghai-time';
export type { Instant } from './calendar/shanghai-time';
export { YearSchedule, parseScheduleJson } from './calendar/year-schedule';
export { DEFAULT_WORKING_HOURS, WorkingHours } from './calendar/working-hours';
export { WorkingCalendar } from './calendar/working-calendar';
export type {
  ClockPause,
  DeadlineResult,
  ElapsedResult,
  PausedDeadlineResult,
} from './calendar/working-calendar';
export { parseScheduleIcs } from './calendar/ics';

export {
  SAME_STATE,
  WorkflowAction,
  WorkflowDefinition,
  WorkflowEffect,
  WorkflowSla,
  WorkflowState,
  validateDefinition,
} from './workflow/workflow-definition';
export type { DefinitionProblem } from './workflow/workflow-definition';
export { ActionRecord } from './workflow/action-record';
export { WorkflowReplayError } from './workflow/workflow-replay-error';
export { deriveState, replayActions } from './workflow/derive-state';
export type { ReplayedStep } from './workflow/derive-state';
export { availableActions, planAction } from './workflow/plan-action';
export type { ActionPlan, PlanRefusal } from './workflow/plan-action';
export { slaClockSegments } from './workflow/sla-clock-segments';
export type { ClockSegment } from './workflow/sla-clock-segments';

export * from './catalogue/index';

export { canonicalJson, licenseSigningText } from './licenses/license-payload';
export type { LicensePayload } from './licenses/license-payload';
export {
  LICENSE_STATUS_TEXT,
  licenseNumber,
  licenseStatus,
  licenseValidUntil,
  maskHolderId,
  maskHolderName,
} from './licenses/license-rules';
export type { LicenseHolderKind, LicenseStatus } from './licenses/license-rules';
export { LICENCE_CASE_WORKFLOW } from './services/licence-case-workflow';
export { JOINT_REVIEW_WORKFLOW, jointReviewStatus } from './joint-review/joint-review-workflow';
export type { JointReviewStatus } from './joint-review/joint-review-workflow';
export * from './ratings/index';
export * from './kpi/service-kpis';
export { DEPARTMENT_COLUMNS, pct, round1 } from './kpi/service-kpi-views';
export type { DepartmentFigures, KpiFigures, ServiceKpis } from './kpi/service-kpi-views';
export { XLSX_TYPE, tableToXlsx, toXlsx } from './files/xlsx';
export type { XlsxCell, XlsxColumn } from './files/xlsx';
export * from './cityops/index';
