// The public pages on a phone, with JavaScript on and off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, launchBrowser, phonePage, screenshot, startServer } from './helpers.mjs';

const PAGES = [
  { path: '/', name: 'today', heading: '今日比赛' },
  { path: '/fixtures', name: 'fixtures', heading: '赛程与赛果' },
  { path: '/standings', name: 'standings', heading: '积分榜' },
  { path: '/teams', name: 'teams', heading: '球队' },
  { path: '/camp', name: 'camp', heading: '暑期篮球训练营' },
];

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'js' : 'nojs';
  describe(`public pages, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    for (const { path, name, heading } of PAGES) {
      test(`${path} renders on a phone`, async () => {
        const { page, context, external, consoleErrors } = await phonePage(browser, server.base, { javaScript });
        const response = await page.goto(server.base + path, { waitUntil: 'networkidle' });
        assert.equal(response.status(), 200);
        assert.equal(await page.locator('h1').first().textContent(), heading);
        assert.equal(await page.locator('nav.tabs a').count(), 5, 'bottom navigation');
        const current = page.locator('nav.tabs a[aria-current="page"]');
        assert.equal(await current.count(), 1, 'the current tab is marked');
        // Nothing wider than the phone: no sideways scrolling of the page itself.
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
        await screenshot(page, `${name}-${mode}`);
        assertClean({ external, consoleErrors });
        await context.close();
      });
    }

    test('the bottom navigation leads to every tab', async () => {
      const { page, context } = await phonePage(browser, server.base, { javaScript });
      await page.goto(server.base + '/');
      for (const { path, heading } of PAGES.slice(1)) {
        await page.locator(`nav.tabs a[href="${path}"]`).click();
        await page.waitForURL(server.base + path);
        assert.equal(await page.locator('h1').first().textContent(), heading);
      }
      await context.close();
    });

    test('the language switch turns the site to English and back, and remembers it', async () => {
      const { page, context } = await phonePage(browser, server.base, { javaScript });
      await page.goto(server.base + '/standings');
      await page.getByRole('button', { name: 'English' }).click();
      await page.waitForURL(server.base + '/standings');
      assert.equal(await page.locator('h1').first().textContent(), 'Standings');
      assert.equal(await page.getAttribute('html', 'lang'), 'en');
      await page.goto(server.base + '/');
      assert.equal(await page.locator('h1').first().textContent(), "Today's games", 'remembered');
      await screenshot(page, `today-en-${mode}`);
      await page.getByRole('button', { name: '中文' }).click();
      await page.waitForURL(server.base + '/');
      assert.equal(await page.locator('h1').first().textContent(), '今日比赛');
      await context.close();
    });

    test('standings explain their order one tap away', async () => {
      const { page, context } = await phonePage(browser, server.base, { javaScript });
      await page.goto(server.base + '/standings');
      const rows = page.locator('table.standings:not(.leaders) tbody tr');
      assert.equal(await rows.count(), 12);
      const why = page.locator('details.why').first();
      assert.equal(await why.locator('p').isVisible(), false);
      await why.locator('summary').click();
      assert.ok(await why.locator('p').isVisible(), 'the explanation opens');
      assert.match(await why.textContent(), /附录D/);
      await screenshot(page, `standings-why-${mode}`);
      await context.close();
    });
  });
}

// A first visit on a phone (brotli, as phones ask; nothing cached): every public page within
// 30 KB on the wire and 4 requests, live updates included (the page, its stylesheet,
// /live.js and the /live stream; no wasm). The figures are printed.
describe('a first visit is light', () => {
  test('every public page: ≤ 30 KB on the wire, ≤ 4 requests', async () => {
    const { page: probe, context: probeContext } = await phonePage(browser, server.base);
    await probe.goto(server.base + '/');
    // A team, a game and the notices, reached as a person would from 今日 and 球队.
    const game = await probe.locator('main a[href^="/games/"]').first().getAttribute('href');
    await probe.locator('nav.tabs a[href="/teams"]').click();
    await probe.waitForURL(server.base + '/teams');
    const team = await probe.locator('main a[href^="/teams/"]').first().getAttribute('href');
    await probeContext.close();
    const paths = ['/', '/fixtures', '/standings', team, game, '/notices', '/camp'];
    const lines = [];
    for (const path of paths) {
      const { page, context } = await phonePage(browser, server.base);
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
      const requests = new Map();
      cdp.on('Network.requestWillBeSent', (e) => {
        // A data: URI (the date picker's icon) is no request.
        if (!e.request.url.startsWith('data:')) requests.set(e.requestId, { url: e.request.url, bytes: 0 });
      });
      cdp.on('Network.responseReceived', (e) => {
        const r = requests.get(e.requestId);
        if (r) r.bytes = Math.max(r.bytes, e.response.encodedDataLength ?? 0);
      });
      cdp.on('Network.loadingFinished', (e) => {
        const r = requests.get(e.requestId);
        if (r) r.bytes = Math.max(r.bytes, e.encodedDataLength);
      });
      await page.goto(server.base + path, { waitUntil: 'networkidle' });
      const list = [...requests.values()];
      const total = list.reduce((sum, r) => sum + r.bytes, 0);
      lines.push(`${path.padEnd(12)} ${(total / 1024).toFixed(1).padStart(5)} KB in ${list.length} requests: ` +
        list.map((r) => `${new URL(r.url).pathname} ${(r.bytes / 1024).toFixed(1)}`).join(', '));
      assert.ok(!list.some((r) => r.url.endsWith('.wasm')), `${path} loads no wasm`);
      console.log(`# first visit (br, nothing cached) ${lines[lines.length - 1]}`);
      assert.ok(total <= 30 * 1024, `${path}: ${total} bytes`);
      assert.ok(list.length <= 4, `${path}: ${list.length} requests`);
      await context.close();
    }
  });

  test('a repeat visit asks again only for the page: the stylesheet and the live script are kept for good', async () => {
    const { page, context } = await phonePage(browser, server.base);
    await page.goto(server.base + '/');
    const files = [
      await page.locator('link[rel=stylesheet]').getAttribute('href'),
      await page.locator('script[src^="/live.js"]').getAttribute('src'),
    ];
    for (const file of files) {
      assert.match(file, /\?v=[0-9a-f]{12}$/, 'named with its version');
      const answer = await page.request.get(server.base + file);
      assert.equal(answer.status(), 200);
      assert.match(answer.headers()['cache-control'], /immutable/, file);
    }
    // The same file under no version (or another) must be asked about again.
    const bare = await page.request.get(server.base + files[0].split('?')[0]);
    assert.equal(bare.headers()['cache-control'], 'no-cache');
    await context.close();
  });
});
