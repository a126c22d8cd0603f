/**
 * The e2e harness.
 *
 * As vitest's globalSetup it starts ONE real server for the whole run — `node --import tsx
 * packages/server/src/main.ts` with PORT=0 and a fresh temporary DATA_DIR, so every run exercises the
 * embedded PostgreSQL's first start (or DATABASE_URL=$E2E_DATABASE_URL when that is set) — waits for
 * its ready line, hands the base URL to the tests (`inject('baseUrl')`) and stops it with SIGTERM.
 * The server logs at info, as in production (a JSON line per request), into
 * test-results/e2e-server.log, which `npm test` scans for unmasked personal numbers
 * (scripts/scan-test-logs.ts).
 *
 * The journeys import `openPage` to drive Debian's Chromium through playwright-core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'e2e', 'screenshots');
const SERVER_LOG = join(ROOT, 'test-results', 'e2e-server.log');
const WEB = join(ROOT, 'packages', 'web');
const READY = /Yiwang 一网 is ready at (http:\/\/localhost:\d+)/;
const START_TIMEOUT_MS = 180_000;

/** Newest modification time under a path (files only). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/**
 * The server builds packages/web/dist only when it is missing; rebuild it here when the web sources are
 * newer, so the journeys never test a stale bundle.
 */
function ensureWebBuilt() {
  const built = newest(join(WEB, 'dist', 'index.html'));
  const sources = Math.max(
    newest(join(WEB, 'src')),
    newest(join(WEB, 'public')),
    newest(join(WEB, 'index.html')),
    newest(join(WEB, 'vite.config.ts')),
  );
  if (built >= sources) return;
  const result = spawnSync('npx', ['vite', 'build', 'packages/web', '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
  if (result.status !== 0) throw new Error('e2e: `vite build packages/web` failed');
}

/** A line worth printing when a run fails: anything but a JSON log line below warn (pino's level 40). */
function notable(line: string): boolean {
  if (!line.startsWith('{')) return true;
  try {
    return ((JSON.parse(line) as { level?: number }).level ?? 0) >= 40;
  } catch {
    return true;
  }
}

function stop(child: ChildProcess, timeoutMs = 30_000): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(kill);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

export default async function setup(project: TestProject) {
  ensureWebBuilt();
  const dataDir = mkdtempSync(join(tmpdir(), 'yiwang-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'info',
    // Sensors reach the server through the machine's Mosquitto, in a share group of its own
    // (another copy subscribed in the same group would take half of the readings).
    MQTT_URL: process.env.E2E_MQTT_URL ?? 'mqtt://127.0.0.1:1883',
    MQTT_SHARE_GROUP: `e2e-${process.pid}`,
    // and a client id of its own: the default one is made of the host name and the port, 0 here, so
    // every run on the machine would take the others' connection over, again and again
    MQTT_CLIENT_ID: `yiwang-e2e-${process.pid}`,
    DATABASE_URL: process.env.E2E_DATABASE_URL ?? '',
  };
  if (!process.env.E2E_DATABASE_URL) delete env.DATABASE_URL;

  // Every line of the server's output goes to the log file as it comes (nothing is lost if the
  // run dies); what a person needs when something fails — the banner, plain-text output and log
  // lines from warn up, not the request lines — is also kept to print.
  mkdirSync(dirname(SERVER_LOG), { recursive: true });
  const log = createWriteStream(SERVER_LOG);
  let logLines = 0;
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const outputEnded = Promise.all(
    [child.stdout!, child.stderr!].map((stream) => {
      const lines = createInterface({ input: stream, crlfDelay: Infinity });
      lines.on('line', (line) => {
        log.write(`${line}\n`);
        logLines++;
        if (notable(line)) output += `${line}\n`;
      });
      return new Promise((resolve) => lines.once('close', resolve));
    }),
  );
  const printOutput = (why: string) =>
    process.stderr.write(
      `\n── e2e: ${why}; server output (request lines left out; all of it in ${SERVER_LOG}) ──\n` +
        `${output}\n── end of server output ──\n`,
    );

  const startedAt = performance.now();
  let baseUrl: string;
  try {
    baseUrl = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server was not ready within ${START_TIMEOUT_MS / 1000} s`)),
        START_TIMEOUT_MS,
      );
      const onData = () => {
        const m = READY.exec(output);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      };
      // after the line reader's listener, so the line is in `output` by then
      child.stdout!.on('data', () => setImmediate(onData));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the server exited before it was ready (code ${code}, signal ${signal})`));
      });
      child.once('error', reject);
    });
  } catch (error) {
    await stop(child);
    await outputEnded;
    printOutput(String(error));
    log.end();
    rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  process.stderr.write(
    `e2e: server ready at ${baseUrl} in ${((performance.now() - startedAt) / 1000).toFixed(1)} s ` +
      `(${process.env.E2E_DATABASE_URL ? 'E2E_DATABASE_URL' : `embedded PostgreSQL in ${dataDir}`})\n`,
  );
  let exitedEarly = false;
  child.once('exit', (code, signal) => {
    exitedEarly = true;
    void outputEnded.then(() =>
      printOutput(`the server exited during the run (code ${code}, signal ${signal})`),
    );
  });
  project.provide('baseUrl', baseUrl);

  return async () => {
    child.removeAllListeners('exit');
    // The audit chain over everything the journeys wrote must verify: `npm run yiwang -- audit
    // verify`, attached to the running server's database (issue 6; docs/security.md).
    const audit = exitedEarly
      ? undefined
      : spawnSync(process.execPath, ['--import', 'tsx', 'packages/server/src/cli.ts', 'audit', 'verify'], {
          cwd: ROOT,
          env,
          encoding: 'utf8',
        });
    if (audit) process.stderr.write(`e2e: audit verify: ${audit.stdout.trim().split('\n').pop()}\n`);
    const code = exitedEarly ? child.exitCode : await stop(child);
    await outputEnded;
    await new Promise<void>((resolve) => log.end(resolve));
    process.stderr.write(`e2e: server log: ${logLines} lines in ${SERVER_LOG}\n`);
    const failed = project.vitest.state.getCountOfFailedTests() > 0;
    if (failed || (code !== 0 && !exitedEarly)) {
      printOutput(failed ? 'some journeys failed' : `the server stopped with code ${code}`);
    }
    rmSync(dataDir, { recursive: true, force: true });
    if (audit && audit.status !== 0) {
      throw new Error(
        `audit verify failed over the journeys' database (exit ${audit.status}): ${audit.stdout}${audit.stderr}`,
      );
    }
  };
}

export const DESKTOP = { width: 1366, height: 900 } as const;
export const PHONE = { width: 375, height: 812 } as const;

export interface OpenedPage {
  browser: Browser;
  context: BrowserContext;
  page: Page;
  /** Console errors, uncaught page errors and CSP violations seen so far. */
  errors: string[];
  close(): Promise<void>;
}

/** Every CSP violation is reported on the console as an error, even ones Chromium only reports as events. */
const REPORT_CSP = `document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
    ' at ' + (e.sourceFile || '?') + ':' + e.lineNumber);
});`;

/** Launch Debian's Chromium and open a page at `viewport` with a fresh context (no cookies, no storage). */
export async function openPage(
  baseUrl: string,
  viewport: { width: number; height: number } = DESKTOP,
): Promise<OpenedPage> {
  const browser = await chromium.launch({
    executablePath: process.env.E2E_CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
      '--no-first-run',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const phone = viewport.width < 600;
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport,
    deviceScaleFactor: phone ? 2 : 1,
    isMobile: phone,
    hasTouch: phone,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(15_000);
  await context.addInitScript(REPORT_CSP);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return {
    browser,
    context,
    page,
    errors,
    close: async () => {
      await context.close().catch(() => {});
      await browser.close();
    },
  };
}

/** Save a full-page screenshot under e2e/screenshots/ (gitignored). */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true, animations: 'disabled' });
  return path;
}

/** Sign a staff member in through the login form; resolves on /workbench. */
export async function staffLogin(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto('/login');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL('**/workbench');
  await page.getByTestId('welcome-card').waitFor();
}

export const DEMO_PASSWORD = 'Yiwang@2026';

/** The session's CSRF token, read from /api/session with the context's cookies. */
export async function csrfToken(page: Page): Promise<string> {
  const res = await page.request.get('/api/session');
  if (!res.ok()) throw new Error(`GET /api/session: ${res.status()}`);
  return ((await res.json()) as { csrfToken: string }).csrfToken;
}
