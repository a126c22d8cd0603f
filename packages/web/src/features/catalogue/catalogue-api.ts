import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../api/client';

export interface ItemSummary {
  code: string;
  name: string;
  nameEn: string | null;
  type: string;
  version: number;
  departmentCode: string;
  departmentName: string;
  departmentNameEn: string | null;
  legalLimitDays: number;
  promisedLimitDays: number;
  instant: boolean;
  visits: number;
  fee: string;
  lifeEvents: string[];
  issuesLicenseType: string | null;
  pledgeAllowed: boolean;
}

export interface Material {
  key: string;
  name: string;
  required: boolean;
  source: 'upload' | 'elicense' | 'district';
  licenseType?: string;
  tolerable?: boolean;
}

export interface FormFieldDef {
  key: string;
  label: { zh: string; en: string };
  type: string;
  required: boolean;
  options?: { value: string; label: { zh: string; en: string } }[];
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
  visits: 0 | 1 | 2;
  fee: string;
  materials: Material[];
  form: { fields: FormFieldDef[] };
  issuesLicenseType?: string;
  lifeEvents: string[];
  keywords: string[];
  pledgeAllowed: boolean;
  toleranceAllowed: boolean;
  riskLevel: 'low' | 'medium' | 'high';
  demoAssumptions: string[];
  source?: string;
}

export interface PublicItem {
  code: string;
  version: number;
  departmentName: string;
  departmentNameEn: string | null;
  updatedAt: string;
  definition: ItemDefinition;
}

export interface ItemVersion {
  itemId: string;
  version: number;
  definition: ItemDefinition;
  createdAt: string;
  createdBy: { id: string; name: string } | null;
  note: string | null;
}

export interface BundleDefinition {
  code: string;
  name: string;
  nameEn?: string;
  kind: 'one-thing' | 'joint-licence' | 'multi-site';
  lifeEvent: string;
  description: string;
  itemCodes: string[];
}

export interface ItemFilter {
  q?: string | undefined;
  department?: string | undefined;
  lifeEvent?: string | undefined;
  page?: number;
  pageSize?: number;
}

export const itemsQuery = (filter: ItemFilter) =>
  queryOptions({
    queryKey: ['catalogue', 'items', filter],
    queryFn: () => api.get<{ items: ItemSummary[]; total: number }>('/api/catalogue/items', { ...filter }),
    placeholderData: keepPreviousData,
  });

export const itemQuery = (code: string) =>
  queryOptions({
    queryKey: ['catalogue', 'item', code],
    queryFn: () => api.get<PublicItem>(`/api/catalogue/items/${encodeURIComponent(code)}`),
  });

export const versionsQuery = (code: string) =>
  queryOptions({
    queryKey: ['catalogue', 'versions', code],
    queryFn: () =>
      api.get<{ items: ItemVersion[] }>(`/api/catalogue/items/${encodeURIComponent(code)}/versions`),
  });

export const lifeEventsQuery = () =>
  queryOptions({
    queryKey: ['catalogue', 'life-events'],
    queryFn: () => api.get<{ items: { lifeEvent: string; count: number }[] }>('/api/catalogue/life-events'),
    staleTime: 60_000,
  });

export const bundlesQuery = () =>
  queryOptions({
    queryKey: ['catalogue', 'bundles'],
    queryFn: () =>
      api.get<{ items: { code: string; version: number; definition: BundleDefinition }[] }>(
        '/api/catalogue/bundles',
      ),
    staleTime: 60_000,
  });

export const bundleQuery = (code: string) =>
  queryOptions({
    queryKey: ['catalogue', 'bundle', code],
    queryFn: () =>
      api.get<{ code: string; version: number; definition: BundleDefinition; items: PublicItem[] }>(
        `/api/catalogue/bundles/${encodeURIComponent(code)}`,
      ),
  });

export const saveItem = (
  code: string,
  body: { definition: ItemDefinition; note?: string; expectedVersion?: number },
) =>
  api.put<{ code: string; id: string; version: number }>(
    `/api/catalogue/items/${encodeURIComponent(code)}`,
    body,
  );

/** The item's name in the current language (English falls back to Chinese). */
export const itemName = (i: { name: string; nameEn?: string | null | undefined }, lang: 'zh' | 'en') =>
  lang === 'en' && i.nameEn ? i.nameEn : i.name;
