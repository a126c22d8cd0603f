import { describe, expect, it } from 'vitest';
import { AUTO_CLEAR_AFTER_MS, RuleEngine, alarmTypeOf, type EffectiveRule } from './sensor-rule-engine';

const rule = (r: Partial<EffectiveRule> & Pick<EffectiveRule, 'kind' | 'op' | 'value'>): EffectiveRule => ({
  id: `${r.kind}${r.op}`,
  metric: 'water_level',
  durationS: 0,
  severity: 2,
  opensWorkOrder: false,
  alarmType: alarmTypeOf(r.kind, r.op),
  ...r,
});
const MIN = 60_000;

describe('sensor rules', () => {
  it('fires a sustained rule only once the value has stayed beyond it for the duration', () => {
    const e = new RuleEngine();
    const rules = [rule({ kind: 'sustained', op: '>', value: 0.3, durationS: 600 })];
    expect(e.evaluate('S', rules, 0.4, 0).raises).toEqual([]);
    expect(e.evaluate('S', rules, 0.5, 9 * MIN).raises).toEqual([]);
    expect(e.evaluate('S', rules, 0.45, 10 * MIN).raises.map((r) => r.alarmType)).toEqual(['sustained-high']);
    // a dip below starts the clock again
    expect(e.evaluate('S', rules, 0.1, 11 * MIN).raises).toEqual([]);
    expect(e.evaluate('S', rules, 0.5, 12 * MIN).raises).toEqual([]);
  });

  it('fires a rate rule on the change per minute since the previous reading', () => {
    const e = new RuleEngine();
    const rules = [rule({ kind: 'rate', op: '>', value: 0.05 })];
    expect(e.evaluate('S', rules, 0.1, 0).raises).toEqual([]);
    expect(e.evaluate('S', rules, 0.18, 2 * MIN).raises).toEqual([]); // 0.04 a minute
    const [r] = e.evaluate('S', rules, 0.3, 3 * MIN).raises; // 0.12 a minute
    expect(r).toMatchObject({ alarmType: 'rate-rise' });
    expect(r!.value).toBeCloseTo(0.12);
  });

  it('fires a low threshold below its value', () => {
    const e = new RuleEngine();
    const rules = [rule({ kind: 'threshold', op: '<', value: 10 })];
    expect(e.evaluate('S', rules, 12, 0).raises).toEqual([]);
    expect(e.evaluate('S', rules, 8, MIN).raises.map((r) => r.alarmType)).toEqual(['threshold-low']);
  });

  it('clears an open alarm once readings have stayed normal long enough', () => {
    const e = new RuleEngine();
    const rules = [rule({ kind: 'threshold', op: '>', value: 0.15 })];
    e.openAlarms.add('S|threshold-high');
    expect(e.evaluate('S', rules, 0.05, 0).clears).toEqual([]);
    expect(e.evaluate('S', rules, 0.2, MIN).raises).toHaveLength(1);
    expect(e.evaluate('S', rules, 0.05, 2 * MIN).clears).toEqual([]);
    expect(e.evaluate('S', rules, 0.05, 2 * MIN + AUTO_CLEAR_AFTER_MS).clears).toMatchObject([
      { sensorId: 'S', alarmType: 'threshold-high' },
    ]);
  });
});
