import { describe, expect, it } from 'vitest';
import { toProblem } from './error-handler';

const status = (error: unknown) => toProblem(error).status;

describe('errors from PostgreSQL going away', () => {
  it('are 503 with Retry-After, whether pg gives a code or only a message', () => {
    for (const error of [
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
      Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      Object.assign(new Error('terminating connection due to crash of another server process'), {
        code: '57P02',
      }),
      new Error('Connection terminated unexpectedly'),
      new Error('Connection terminated'),
      // a PostgreSQL too slow to answer: no connection within the pool's timeout, a statement cancelled
      new Error('timeout exceeded when trying to connect'),
      new Error('Connection terminated due to connection timeout'),
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    ]) {
      const problem = toProblem(error);
      expect(problem.status, error.message).toBe(503);
      expect(problem.headers).toMatchObject({ 'retry-after': '5' });
    }
  });

  it('leaves other faults as 500', () => {
    expect(status(new Error('Connection terminated by the user on purpose'))).toBe(500);
    expect(status(new TypeError('x is undefined'))).toBe(500);
  });
});
