/** Queries shared by the sensor pages, and who may do what on them. */
import { useQuery } from '@tanstack/react-query';
import { api, withQuery } from '../../api/client';
import { useSession } from '../../api/session';
import type { Place, SensorType } from './types';

export function useSensorTypes() {
  return useQuery({
    queryKey: ['sensor-types'],
    queryFn: () => api.get<{ items: SensorType[] }>('/api/sensor-types'),
    staleTime: 5 * 60_000,
  });
}

/** Streets and committees (the places a sensor can be in). */
export function usePlaces() {
  return useQuery({
    queryKey: ['cityops', 'places'],
    queryFn: () => api.get<{ items: Place[] }>('/api/cityops/places'),
    staleTime: 10 * 60_000,
  });
}

/** The roles of the signed-in staff member, and what the sensor pages let them do. */
export function useSensorPermissions() {
  const roles = useSession().data?.user?.roles ?? [];
  const has = (...r: string[]) => roles.some((x) => r.includes(x));
  return {
    /** register, edit and import sensors (the server: admin, dispatcher) */
    editRegistry: has('admin', 'dispatcher'),
    /** acknowledge and clear alarms (the server: dispatcher, operator, admin) */
    actOnAlarms: has('dispatcher', 'operator', 'admin'),
  };
}

/** A server download of the filtered registry (every page), CSV or XLSX. */
export const registryExportUrl = (
  filter: Record<string, string | undefined>,
  format: 'csv' | 'xlsx',
  lang: string,
) => withQuery('/api/sensors', { ...filter, format, lang });
