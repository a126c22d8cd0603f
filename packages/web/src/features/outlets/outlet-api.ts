export type OutletStatus = 'active' | 'closed' | 'suspended';

/** GET /api/licenses/:id/outlets */
export interface Outlet {
  id: string;
  licenseId: string;
  name: string;
  address: string;
  unitId: string | null;
  unitName: string | null;
  region: string | null;
  openedOn: string;
  status: OutletStatus;
  statusReason: string | null;
}

/** GET /api/outlets/lookup?q= — public. */
export interface OutletHit {
  id: string;
  name: string;
  address: string;
  place: string;
  openedOn: string;
  status: OutletStatus;
  license: {
    id: string;
    licenseNo: string;
    typeCode: string;
    typeName: { zh: string; en: string };
    holderName: string;
    status: string;
    verifyUrl: string;
  };
}

export const OUTLET_STATUS = {
  active: { zh: '营业中', en: 'Open', color: 'green' },
  closed: { zh: '已关闭', en: 'Closed', color: 'default' },
  suspended: { zh: '已暂停', en: 'Suspended', color: 'red' },
} as const;
