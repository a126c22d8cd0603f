/**
 * What the operations-screen API answers (packages/server/src/features/cityops-screen): the
 * response types are written once in @yiwang/domain (cityops-screen-views.ts) for both sides.
 */
import type { ScreenOrderView, ScreenPlace } from '@yiwang/domain';
import type { Lang } from '../../i18n/messages';

export type {
  DailyReport,
  DailyReportRow,
  Hotspot,
  Hotspots,
  ScreenRates,
  ScreenSummary,
  ScreenTrends,
} from '@yiwang/domain';

export type PlaceRef = ScreenPlace;
export type ScreenOrder = ScreenOrderView;

export const placeName = (p: PlaceRef | null | undefined, lang: Lang) =>
  !p ? '' : lang === 'en' && p.nameEn ? p.nameEn : p.name;

export type Geo = {
  outline: {
    type: 'Feature';
    properties: Record<string, string>;
    geometry: { type: 'Polygon'; coordinates: number[][][] };
  };
  places: (PlaceRef & { at: [number, number] | null })[];
};

/** One item of the live feed (SSE `work-order` or `alarm`), with the names the server adds. */
export type LiveItem = {
  kind: 'work-order' | 'alarm';
  event: string;
  id: string;
  orderNo?: string;
  action?: string;
  state?: string;
  categoryCode?: string;
  categoryName?: string | null;
  /** null for a committee's area outage (alarmType 'outage', 区域集中离线) */
  sensorId?: string | null;
  sensorType?: string | null;
  alarmType?: string;
  /** outage: silent sensors of the committee's active ones */
  silentCount?: number | null;
  sensorCount?: number | null;
  severity?: number;
  workOrderId?: string | null;
  streetId: string | null;
  streetName: string | null;
  streetNameEn: string | null;
  committeeName: string | null;
  at: string;
};
