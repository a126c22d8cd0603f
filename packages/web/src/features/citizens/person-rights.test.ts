import { describe, expect, it } from 'vitest';
import type { SessionUser } from '../../api/types';
import { handlesPersonalDataRequests } from './person-rights';

const user = (roles: string[], kind: 'district' | 'street'): SessionUser =>
  ({
    id: 'u',
    kind: 'staff',
    username: 'u',
    displayName: 'u',
    roles,
    unit: { id: 'x', code: '310109', name: '虹口区', kind },
  }) as SessionUser;

describe('who is offered the 个人信息保护法 export and erase', () => {
  it('offers them to a district administrator only, as the server allows', () => {
    expect(handlesPersonalDataRequests(user(['admin'], 'district'))).toBe(true);
    expect(handlesPersonalDataRequests(user(['admin'], 'street'))).toBe(false);
    expect(handlesPersonalDataRequests(user(['clerk', 'leader'], 'district'))).toBe(false);
    expect(handlesPersonalDataRequests(null)).toBe(false);
  });
});
