import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type {
  DailyReport,
  Geo,
  Hotspots,
  ScreenOrder,
  ScreenRates,
  ScreenSummary,
  ScreenTrends,
} from './types';

/** Query keys start with 'cityops-screen' so one invalidation refreshes the screen. */
export const SCREEN_KEY = 'cityops-screen';

export const useSummary = (streetId?: string) =>
  useQuery({
    queryKey: [SCREEN_KEY, 'summary', streetId ?? ''],
    queryFn: () => api.get<ScreenSummary>('/api/cityops/screen/summary', { streetId }),
    placeholderData: keepPreviousData,
    refetchInterval: 60_000,
  });

export const useRates = (streetId?: string) =>
  useQuery({
    queryKey: [SCREEN_KEY, 'rates', streetId ?? ''],
    queryFn: () => api.get<ScreenRates>('/api/cityops/screen/rates', { streetId }),
    placeholderData: keepPreviousData,
    refetchInterval: 5 * 60_000,
  });

export const useTrends = (days: 7 | 30, streetId?: string) =>
  useQuery({
    queryKey: [SCREEN_KEY, 'trends', days, streetId ?? ''],
    queryFn: () => api.get<ScreenTrends>('/api/cityops/screen/trends', { days, streetId }),
    placeholderData: keepPreviousData,
  });

export const useHotspots = (days: 7 | 30 | 90, streetId?: string, limit = 10) =>
  useQuery({
    queryKey: [SCREEN_KEY, 'hotspots', days, streetId ?? '', limit],
    queryFn: () => api.get<Hotspots>('/api/cityops/hotspots', { days, streetId, limit }),
    placeholderData: keepPreviousData,
  });

export const useScreenOrders = (
  params: { streetId?: string | undefined; placeId?: string | undefined; categoryCode?: string | undefined },
  enabled = true,
) =>
  useQuery({
    queryKey: [SCREEN_KEY, 'orders', params.streetId ?? '', params.placeId ?? '', params.categoryCode ?? ''],
    queryFn: () => api.get<{ items: ScreenOrder[] }>('/api/cityops/screen/orders', { ...params, limit: 50 }),
    enabled,
  });

export const useGeo = () =>
  useQuery({
    queryKey: ['cityops-geo'],
    queryFn: () => api.get<Geo>('/api/cityops/screen/geo'),
    staleTime: Infinity,
  });

export const useDailyReport = (date: string) =>
  useQuery({
    queryKey: [SCREEN_KEY, 'daily-report', date],
    queryFn: () => api.get<DailyReport>('/api/cityops/daily-report', { date }),
    placeholderData: keepPreviousData,
  });

/** Today's Shanghai date, 'YYYY-MM-DD'. */
export const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
