import { describe, expect, it } from 'vitest';
import { ApiError, parseProblem } from '../../api/problem';
import type { CaseView, WorkflowDefinition } from '../../api/types';
import {
  actionName,
  caseLogCsv,
  definitionOf,
  isStaleVersion,
  requiresComment,
  slaUrgency,
  stateName,
} from './case-view';

const def: WorkflowDefinition = {
  key: 'permit',
  version: 2,
  name: { zh: '许可', en: 'Permit' },
  initialState: 'submitted',
  states: {
    submitted: { name: { zh: '已提交', en: 'Submitted' }, sla: { amount: 5, unit: 'workingDays' } },
    done: { name: { zh: '已办结', en: 'Done' }, terminal: true },
  },
  actions: {
    accept: { name: { zh: '受理', en: 'Accept' }, from: ['submitted'], to: 'done', roles: ['clerk'] },
    reject: {
      name: { zh: '不予受理', en: 'Reject' },
      from: ['submitted'],
      to: 'done',
      roles: ['clerk'],
      requiresComment: true,
    },
  },
};
const c = { definition: { key: 'permit', version: 2, name: def.name } } as Pick<CaseView, 'definition'>;

describe('case names', () => {
  it('finds the definition by key and version', () => {
    expect(definitionOf([{ ...def, version: 1 }, def], c)).toBe(def);
    expect(definitionOf([{ ...def, version: 1 }], c)).toBeUndefined();
  });

  it('names states and actions in the chosen language, falling back to the key', () => {
    expect(stateName(def, 'submitted', 'zh')).toBe('已提交');
    expect(stateName(def, 'done', 'en')).toBe('Done');
    expect(stateName(undefined, 'done', 'en')).toBe('done');
    expect(actionName(def, 'reject', 'zh')).toBe('不予受理');
    expect(actionName(def, 'nope', 'zh')).toBe('nope');
    expect(requiresComment(def, 'reject')).toBe(true);
    expect(requiresComment(def, 'accept')).toBe(false);
  });
});

describe('slaUrgency', () => {
  const sla = {
    kind: 'running' as const,
    warnAt: '2026-03-10T02:00:00.000Z',
    deadline: '2026-03-12T09:00:00.000Z',
  };
  it('turns amber at warnAt and red at the deadline', () => {
    expect(slaUrgency(sla, new Date('2026-03-09T00:00:00Z'))).toBe('ok');
    expect(slaUrgency(sla, new Date('2026-03-10T02:00:00Z'))).toBe('warning');
    expect(slaUrgency(sla, new Date('2026-03-12T09:00:00Z'))).toBe('overdue');
    expect(slaUrgency({ kind: 'paused' }, new Date())).toBeUndefined();
  });
});

describe('isStaleVersion', () => {
  it('recognises the server’s stale-version problem only', () => {
    const stale = parseProblem(
      409,
      JSON.stringify({
        type: 'https://yiwang.dev/problems/stale-version',
        title: 'stale-version',
        status: 409,
        zh: '案件已被他人处理，请刷新后重试',
        en: 'someone else acted on this case first',
      }),
    );
    expect(isStaleVersion(stale)).toBe(true);
    const conflict = parseProblem(409, JSON.stringify({ type: 'https://yiwang.dev/problems/conflict' }));
    expect(isStaleVersion(conflict)).toBe(false);
    expect(isStaleVersion(new Error('x'))).toBe(false);
    expect(conflict).toBeInstanceOf(ApiError);
  });
});

describe('caseLogCsv', () => {
  it('names actions and states from the definition', () => {
    const csv = caseLogCsv(
      [
        {
          seq: 1,
          action: 'reject',
          fromState: 'submitted',
          toState: 'done',
          actorId: 'u1',
          at: '2026-03-09T00:00:00.000Z',
          comment: '材料不全, 请补正',
        },
      ],
      def,
      'zh',
    );
    expect(csv.split('\r\n')[0]).toBe('\uFEFF#,时间,操作,原状态,新状态,操作人,意见');
    expect(csv.split('\r\n')[1]).toBe(
      '1,2026-03-09T00:00:00.000Z,不予受理,已提交,已办结,u1,"材料不全, 请补正"',
    );
  });
});
