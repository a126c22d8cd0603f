import { describe, expect, it } from 'vitest';
import { assertAccess } from './access';
import { ANONYMOUS, type Actor } from './actor';

const clerk: Actor = { kind: 'staff', id: 'a', roles: ['clerk'], unit: null, label: 'clerk' };
const citizen: Actor = { kind: 'citizen', id: 'b', roles: ['citizen'], unit: null, label: 'c' };

describe('access declarations', () => {
  it('answers 401 to nobody and 403 to the wrong role or kind', () => {
    expect(() => assertAccess('signed-in', ANONYMOUS)).toThrow(expect.objectContaining({ status: 401 }));
    expect(() => assertAccess(['admin'], clerk)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertAccess('staff', citizen)).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => assertAccess(['clerk'], clerk)).not.toThrow();
    expect(() => assertAccess('public', ANONYMOUS)).not.toThrow();
  });
});
