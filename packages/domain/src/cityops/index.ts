export {
  HANDLING_STATES,
  UNSATISFIED_AT_MOST,
  WORK_ORDER_OUTCOMES,
  WORK_ORDER_SOURCES,
  WORK_ORDER_WORKFLOW,
} from './work-order-workflow';
export type { WorkOrderOutcome, WorkOrderSource } from './work-order-workflow';
export { CityopsCategoryInput, LIMIT_UNIT_FROM_ZH, LimitUnit } from './category';
export {
  HONGKOU_BOUNDS,
  PlaceIndex,
  SENSOR_ID_PATTERN,
  SENSOR_INTERVAL_S,
  checkCoordinates,
  checkInterval,
  checkSensorId,
  resolvePlace,
} from './sensor-registry';
export type { PlaceRef, SensorFieldError } from './sensor-registry';
export {
  SENSOR_IMPORT_COLUMNS,
  SENSOR_IMPORT_COLUMN_TITLES,
  checkImportRows,
  isBlankRow,
  mapImportHeader,
  parseInstalledAt,
} from './sensor-import';
export type {
  ImportCell,
  ImportLookups,
  ImportType,
  SensorImportCandidate,
  SensorImportColumn,
  SensorImportError,
} from './sensor-import';
export { csvCell, parseCsvRecords, toCsvText } from './sensor-csv';
export type { CsvRecord } from './sensor-csv';
export type { HotlineCallView, SensorTypeView, SensorView } from './cityops-views';
export type {
  DailyReport,
  DailyReportRow,
  Hotspot,
  Hotspots,
  ScreenOrderView,
  ScreenPlace,
  ScreenRateFigures,
  ScreenRates,
  ScreenSummary,
  ScreenTrends,
} from './cityops-screen-views';
export { CITYOPS_SETTINGS, checkCityopsSetting, isCityopsSettingKey } from './cityops-settings';
export type { CityopsSettingKey } from './cityops-settings';
