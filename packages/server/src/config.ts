import { resolve } from 'node:path';
import { z } from 'zod';

const HourMinute = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Every setting the server reads, with its environment variable, default and check. Documented in docs/operations.md. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  DATABASE_URL: z
    .string()
    .refine(
      (v) => /^postgres(ql)?:\/\//.test(v) && URL.canParse(v),
      'must be a postgres:// or postgresql:// URL',
    )
    .optional(),
  MQTT_URL: z
    .string()
    .refine(
      (v) => /^(mqtts?|wss?):\/\//.test(v) && URL.canParse(v),
      'must be an mqtt://, mqtts://, ws:// or wss:// URL',
    )
    .optional(),
  /** without MQTT_URL: the port of the server's MQTT endpoint for devices (0 = a free one); a taken port leaves HTTP ingestion only */
  MQTT_BROKER_PORT: z.coerce.number().int().min(0).max(65535).default(1883),
  /** without MQTT_URL: a device connection's readings waiting for their commit before the endpoint stops reading it */
  MQTT_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(65535).default(2000),
  /** with MQTT_URL: this copy's MQTT client id (unique per copy; default yiwang-{host}-{PORT}) */
  MQTT_CLIENT_ID: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'letters, digits, _ . - (at most 64)')
    .optional(),
  /** with MQTT_URL: the shared-subscription group the copies split the readings in */
  MQTT_SHARE_GROUP: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'letters, digits, _ - (at most 64)')
    .default('yiwang'),
  SENSOR_RAW_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  SESSION_MAX_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  WORKING_HOURS: z
    .string()
    .refine((v) => {
      const [start, end] = v.split('-');
      return !!start && !!end && HourMinute.test(start) && HourMinute.test(end) && start < end;
    }, 'must look like 08:30-17:30 (start before end)')
    .default('08:30-17:30'),
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  SEED: z.enum(['demo', 'none']).default('demo'),
  /** the live demo's simulated sensors and 12345 calls (default: on with SEED=demo, off under the test runner) */
  DEMO_SIMULATION: z.enum(['on', 'off']).optional(),
  /** seconds between two readings of a demo sensor (61,000 sensors at 600 s ≈ 100 readings/s) */
  DEMO_SIMULATION_INTERVAL_S: z.coerce.number().int().min(10).max(86_400).default(600),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Encrypts the e-licence signing keys at rest; every server copy must share it (else DATA_DIR/license-signing.secret). */
  LICENSE_SIGNING_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
});

export type Config = {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  mqttUrl: string | undefined;
  mqttBrokerPort: number;
  mqttMaxInFlight: number;
  mqttClientId: string | undefined;
  mqttShareGroup: string;
  sensorRawRetentionDays: number;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  sessionIdleMs: number;
  sessionMaxMs: number;
  workingHours: { start: string; end: string };
  cookieSecure: 'auto' | boolean;
  trustProxy: boolean;
  seed: 'demo' | 'none';
  demoSimulation: { enabled: boolean; intervalS: number };
  loginMaxFailures: number;
  rateLimitPerMinute: number;
  licenseSigningSecret: string | undefined;
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Read and check the configuration from the environment; every bad value is named with why.
 *
 * @example
 * const config = loadConfig({ PORT: '8080' });
 */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const blankless = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = Env.safeParse(blankless);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const key = String(i.path[0]);
        return `${key}=${JSON.stringify(env[key] ?? '')}: ${i.message}`;
      }),
    );
  }
  const e = parsed.data;
  const [start = '08:30', end = '17:30'] = e.WORKING_HOURS.split('-');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    mqttUrl: e.MQTT_URL,
    mqttBrokerPort: e.MQTT_BROKER_PORT,
    mqttMaxInFlight: e.MQTT_MAX_IN_FLIGHT,
    mqttClientId: e.MQTT_CLIENT_ID,
    mqttShareGroup: e.MQTT_SHARE_GROUP,
    sensorRawRetentionDays: e.SENSOR_RAW_RETENTION_DAYS,
    logLevel: e.LOG_LEVEL,
    sessionIdleMs: e.SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.SESSION_MAX_HOURS * 3_600_000,
    workingHours: { start, end },
    cookieSecure: e.COOKIE_SECURE === 'auto' ? 'auto' : e.COOKIE_SECURE === 'true',
    trustProxy: e.TRUST_PROXY === 'true',
    seed: e.SEED,
    demoSimulation: {
      enabled: e.DEMO_SIMULATION ? e.DEMO_SIMULATION === 'on' : e.SEED === 'demo' && !env.VITEST,
      intervalS: e.DEMO_SIMULATION_INTERVAL_S,
    },
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
    licenseSigningSecret: e.LICENSE_SIGNING_SECRET,
  };
}
