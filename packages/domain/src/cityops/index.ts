export {
  HANDLING_STATES,
  UNSATISFIED_AT_MOST,
  WORK_ORDER_OUTCOMES,
  WORK_ORDER_SOURCES,
  WORK_ORDER_WORKFLOW,
} from './work-order-workflow';
export type { WorkOrderOutcome, WorkOrderSource } from './work-order-workflow';
export { CityopsCategoryInput, LIMIT_UNIT_FROM_ZH, LimitUnit } from './category';
