/**
 * Sensor alarm rules, evaluated in memory on every trusted reading (no query per reading).
 * threshold: the value beyond `value`; sustained: beyond `value` for `durationS` seconds (by the
 * readings' own timestamps); rate: the change per minute since the previous reading beyond
 * `value`. Each rule gives its alarm type (`threshold-high`, `sustained-low`, `rate-rise`…).
 */
export type RuleKind = 'threshold' | 'sustained' | 'rate';
export type RuleOp = '>' | '<';

export type EffectiveRule = {
  id: string;
  kind: RuleKind;
  op: RuleOp;
  metric: string;
  value: number;
  durationS: number;
  severity: number;
  opensWorkOrder: boolean;
  alarmType: string;
};

export const alarmTypeOf = (kind: RuleKind, op: RuleOp): string =>
  kind === 'rate' ? (op === '>' ? 'rate-rise' : 'rate-fall') : `${kind}-${op === '>' ? 'high' : 'low'}`;

/** Readings back on the normal side for this long (by their timestamps) clear an open alarm. */
export const AUTO_CLEAR_AFTER_MS = 10 * 60_000;

export type RaiseEvent = {
  sensorId: string;
  alarmType: string;
  rule: EffectiveRule;
  value: number;
  ts: number;
};
export type ClearEvent = { sensorId: string; alarmType: string; value: number; ts: number };

type SensorState = {
  prevTs?: number;
  prevValue?: number;
  /** rule id → first timestamp beyond the value in the current run */
  beyondSince?: Map<string, number>;
  /** alarm type → first timestamp back to normal while an alarm was open */
  normalSince?: Map<string, number>;
};

const beyond = (op: RuleOp, x: number, limit: number) => (op === '>' ? x > limit : x < limit);

/**
 * The per-sensor state of the rules (previous reading, since when beyond, since when normal)
 * and the set of open alarms it may clear.
 *
 * @example
 * const engine = new RuleEngine();
 * const { raises } = engine.evaluate('HK-WL-1', rules, 0.42, Date.now());
 */
export class RuleEngine {
  private readonly state = new Map<string, SensorState>();
  /** `${sensorId}|${alarmType}` of alarms open or acknowledged (refreshed from the database) */
  readonly openAlarms = new Set<string>();

  evaluate(
    sensorId: string,
    rules: readonly EffectiveRule[],
    value: number,
    ts: number,
  ): { raises: RaiseEvent[]; clears: ClearEvent[] } {
    const raises: RaiseEvent[] = [];
    const clears: ClearEvent[] = [];
    if (!rules.length) return { raises, clears };
    let s = this.state.get(sensorId);
    if (!s) this.state.set(sensorId, (s = {}));
    const minutes = s.prevTs !== undefined && ts > s.prevTs ? (ts - s.prevTs) / 60_000 : undefined;
    const rate =
      minutes !== undefined && s.prevValue !== undefined ? (value - s.prevValue) / minutes : undefined;
    for (const rule of rules) {
      let firing = false;
      let observed = value;
      switch (rule.kind) {
        case 'threshold':
          firing = beyond(rule.op, value, rule.value);
          break;
        case 'sustained': {
          s.beyondSince ??= new Map();
          if (beyond(rule.op, value, rule.value)) {
            const since = s.beyondSince.get(rule.id) ?? ts;
            s.beyondSince.set(rule.id, since);
            firing = ts - since >= rule.durationS * 1000;
          } else s.beyondSince.delete(rule.id);
          break;
        }
        case 'rate':
          if (rate === undefined) continue;
          observed = rate;
          firing = beyond(rule.op, rate, rule.value);
          break;
      }
      const key = `${sensorId}|${rule.alarmType}`;
      if (firing) {
        s.normalSince?.delete(rule.alarmType);
        raises.push({ sensorId, alarmType: rule.alarmType, rule, value: observed, ts });
      } else if (this.openAlarms.has(key)) {
        // a sustained rule still beyond its value (not yet long enough) is not back to normal
        if (rule.kind === 'sustained' && s.beyondSince?.has(rule.id)) continue;
        s.normalSince ??= new Map();
        const since = s.normalSince.get(rule.alarmType) ?? ts;
        s.normalSince.set(rule.alarmType, since);
        if (ts - since >= AUTO_CLEAR_AFTER_MS) {
          s.normalSince.delete(rule.alarmType);
          clears.push({ sensorId, alarmType: rule.alarmType, value: observed, ts });
        }
      }
    }
    s.prevTs = ts;
    s.prevValue = value;
    return { raises, clears };
  }
}
