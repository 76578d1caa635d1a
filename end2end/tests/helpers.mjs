// Starts a real cunba server on a fresh SQLite database (demo league) and Debian's Chromium.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

export const PHONE = { width: 390, height: 844 };
export const SCREENSHOTS = path.resolve(import.meta.dirname, '..', 'screenshots');
mkdirSync(SCREENSHOTS, { recursive: true });

const CHROMIUM_FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-sync',
  '--disable-background-networking', '--disable-component-update', '--no-first-run',
];

/** libfaketime (Debian's `libfaketime`, installed by `make test`): runs a server at another date. */
const FAKETIME_LIBRARY = '/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1';

/**
 * Starts `cunba serve` on a free port and resolves with its base URL once it answers. With
 * `clock` (`'2027-06-12 14:00:00'`, UTC) the server's wall clock starts at that moment (the
 * days of a festival cup pass in a test); its timers keep the real pace.
 */
export async function startServer(options = {}) {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startServerOnce(options);
    } catch (error) {
      // Another process took the port between the pick and the bind: pick another.
      if (attempt === 5 || !String(error.message).includes('already in use')) throw error;
    }
  }
}

async function startServerOnce({ demo = true, databaseUrl, clock } = {}) {
  const bin = process.env.CUNBA_BIN ?? path.resolve(import.meta.dirname, '../../target/debug/cunba');
  const siteRoot = process.env.CUNBA_SITE_ROOT ?? path.resolve(import.meta.dirname, '../../target/site');
  const dir = mkdtempSync(path.join(tmpdir(), 'cunba-e2e-'));
  // Below Linux's ephemeral range (32768–60999), where the tests' own outgoing connections
  // (the database pool, the browser) take their ports: a port there can be in use.
  const port = 20000 + Math.floor(Math.random() * 12000);
  const args = ['serve', '--addr', `127.0.0.1:${port}`, '--site-root', siteRoot,
    '--database-url', databaseUrl ?? `sqlite://${dir}/cunba.db`];
  if (!demo) args.push('--no-demo');
  const env = clock
    ? { ...process.env, LD_PRELOAD: FAKETIME_LIBRARY, FAKETIME: `@${clock}`, FAKETIME_DONT_FAKE_MONOTONIC: '1' }
    : process.env;
  const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`cunba exited: ${output}`);
    try {
      const response = await fetch(`${base}/healthz`);
      if (response.ok) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline) throw new Error(`cunba did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  // `stop` resolves once the server has exited (its database may then be opened again).
  return { base, stop: () => { child.kill('SIGTERM'); return exited; }, output: () => output };
}

export async function launchBrowser() {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
}

/**
 * A phone-sized page. Records requests to anywhere but the server under test (there must be
 * none: no CDN, no fonts) and errors logged to the console.
 */
export async function phonePage(browser, base, { javaScript = true } = {}) {
  const context = await browser.newContext({
    viewport: PHONE,
    deviceScaleFactor: 1,
    javaScriptEnabled: javaScript,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const external = [];
  const consoleErrors = [];
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(base) && !url.startsWith('data:')) external.push(url);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  return { page, context, external, consoleErrors };
}

export async function screenshot(page, name) {
  // Chromium now and then answers "Unable to capture screenshot" while a frame is still being
  // composited (seen once in CI right after a form post): try again a moment later.
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: false });
      return;
    } catch (error) {
      if (attempt >= 3 || !/Unable to capture screenshot/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

/** The demo organiser's password (`cunba serve` with the demo league). */
export const DEMO_SECRET = 'cunba-demo-2026';

/**
 * Signs in as a person would (the demo organiser unless told): the home page, the header's
 * sign-in link, the form; waits for `/me`.
 */
export async function signIn(page, base, login = 'organiser', secret = DEMO_SECRET) {
  await page.goto(`${base}/`);
  await Promise.all([page.waitForURL(/\/signin/), page.click('header a.account[href^="/signin"]')]);
  await page.fill('input[name=login]', login);
  await page.fill('input[name=secret]', secret);
  await Promise.all([page.waitForURL(/\/me/), page.click('form.stack button[type=submit]')]);
}

/**
 * No request left the site and nothing was logged as an error; `expected` lists console
 * errors a test provokes on purpose (a pattern each).
 */
export function assertClean({ external, consoleErrors }, { expected = [] } = {}) {
  assert.deepEqual(external, [], 'no external requests');
  const unexpected = consoleErrors.filter((e) => !expected.some((pattern) => pattern.test(e)));
  assert.deepEqual(unexpected, [], 'no console errors');
}

/** Opens the organiser's workspace from the header (管理). */
export async function openHub(page) {
  await Promise.all([page.waitForURL(/\/admin$/), page.click('header a.manage')]);
}

/** Taps a bottom tab (今日 `/`, 赛程 `/fixtures`, 积分榜, 球队, 训练营 `/camp`) and waits for its page
 * (loaded afresh when it is the page already open, as a tap does). */
export async function openTab(page, href) {
  await Promise.all([page.waitForNavigation(), page.click(`nav.tabs a[href="${href}"]`)]);
}

/** 管理 from the header, then one of the hub's tools (its `href` as the hub has it). */
export async function openFromHub(page, href) {
  await openHub(page);
  await Promise.all([page.waitForNavigation(), page.click(`.hub-tools a[href="${href}"]`)]);
}

/**
 * Opens a game's page as a resident finds it: 赛程 from the tabs, 更早的比赛 when the game is
 * not ahead, then the game's row.
 */
export async function openGame(page, gameId) {
  await openTab(page, '/fixtures');
  const row = page.locator(`main a[href="/games/${gameId}"]`);
  if (await row.count() === 0) {
    await Promise.all([page.waitForURL(/from=past/), page.click('#earlier-games')]);
  }
  await Promise.all([page.waitForURL(new RegExp(`/games/${gameId}$`)), row.first().click()]);
}

// --- the scorer's sheet (记分台) ---------------------------------------------------------

/** Waits until the sheet's island has sent every line and shows the server's sheet. */
export async function allSent(page) {
  await page.waitForFunction(() => {
    const status = document.getElementById('sheet-status');
    const sheet = document.getElementById('sheet');
    return status && sheet && status.textContent === sheet.dataset.sent
      && !document.querySelector('#sheet-log li.pending');
  });
}

/** Taps a player on the sheet (side `home`/`away`, the nth on the roster), then an action. */
export async function tap(page, act, side, nth = 0) {
  if (side) await page.locator(`label[data-player^="${side}."]`).nth(nth).click();
  await page.click(`#sheet-form .action-bar button[value="${act}"]`);
}

/** The score the sheet shows, home and away. */
export const sheetScore = async (page) => [
  await page.textContent('#pts-home'), await page.textContent('#pts-away'),
].map((s) => Number(s.trim()));
