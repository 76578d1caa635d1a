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
      const rows = page.locator('table.standings tbody tr');
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
