import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('configuration', () => {
  it('has working defaults', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
      workingHours: { start: '08:30', end: '17:30' },
      seed: 'demo',
    });
    expect(c.dataDir).toMatch(/\/data$/);
  });

  it('names every bad value and why', () => {
    try {
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        MQTT_URL: 'http://broker',
        WORKING_HOURS: '17:30-08:30',
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT="eighty"');
      expect(problems).toContain('DATABASE_URL="mysql://x": must be a postgres:// or postgresql:// URL');
      expect(problems).toContain('MQTT_URL="http://broker"');
      expect(problems).toContain('WORKING_HOURS="17:30-08:30": must look like 08:30-17:30');
    }
  });

  it('reads DATABASE_URL, MQTT_URL and working hours', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u@h/db',
      MQTT_URL: 'mqtt://127.0.0.1:1883',
      WORKING_HOURS: '09:00-18:00',
      PORT: '8080',
    });
    expect(c).toMatchObject({
      databaseUrl: 'postgres://u@h/db',
      mqttUrl: 'mqtt://127.0.0.1:1883',
      workingHours: { start: '09:00', end: '18:00' },
      port: 8080,
    });
  });
});
