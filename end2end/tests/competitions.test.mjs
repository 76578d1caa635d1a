// The organisers' competitions on a phone: create a double round-robin league from the demo's
// men's teams (pre-selected), generate its schedule (the review page shows progress and
// reloads itself until the run ends), review the quality report and calendars, publish, and
// find it on /fixtures. JavaScript on and off; screenshots of every step.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, launchBrowser, openHub, openTab, phonePage, screenshot, signIn, startServer } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

describe('an organiser schedules a league', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server?.stop());

  for (const javaScript of [true, false]) {
    const tag = javaScript ? 'js' : 'nojs';
    test(`on a phone, with JavaScript ${javaScript ? 'on' : 'off'}`, async () => {
      const { base } = server;
      const phone = await phonePage(browser, base, { javaScript });
      const { page } = phone;
      await signIn(page, base);
      // From 管理 to the competitions, as an organiser finds them.
      await openHub(page);
      await Promise.all([
        page.waitForURL(/\/admin\/competitions$/),
        page.click('.hub-tools a[href="/admin/competitions"]'),
      ]);
      await screenshot(page, `competitions-${tag}`);
      await Promise.all([page.waitForURL(/\/admin\/competitions\/new/), page.click('#new-competition')]);
      // The men's division is chosen: its twelve teams are ticked.
      assert.equal(await page.locator('#league-form input[name=team]:checked').count(), 12);
      await screenshot(page, `competition-new-${tag}`);
      await page.locator('#cup-form').scrollIntoViewIfNeeded();
      await screenshot(page, `competition-new-cup-${tag}`);
      const name = `2027 男篮联赛 ${tag}`;
      await page.fill('#league-form input[name=name]', name);
      await page.check('#league-form input[name=format][value=double]');
      await page.fill('#league-form input[name=starts_on]', '2027-03-01');
      await page.fill('#league-form input[name=ends_on]', '2027-06-20');
      await Promise.all([
        page.waitForURL(/\/admin\/competitions\/\d+\/review\?m=CompCreated/),
        page.click('#league-form button[type=submit]'),
      ]);
      const id = page.url().match(/competitions\/(\d+)\/review/)[1];
      assert.match(await page.locator('.flash.ok').textContent(), /草稿已建立/);
      assert.equal(await page.locator('#competition-status').textContent(), '草稿');
      await screenshot(page, `competition-draft-${tag}`);

      await page.fill('#generate-form input[name=seconds]', '3');
      await Promise.all([
        page.waitForURL(/review\?m=CompGenerating/),
        page.click('#generate'),
      ]);
      // While the engine runs: progress and a cancel button (the page reloads itself).
      if (await page.locator('#run-progress').count()) {
        assert.equal(await page.locator('#cancel').count(), 1);
        await screenshot(page, `competition-progress-${tag}`);
      }
      await page.locator('#hard-violations').waitFor({ timeout: 90_000 });
      assert.equal((await page.locator('#hard-violations').textContent()).trim(), '0');
      assert.equal((await page.locator('#game-count').textContent()).trim(), '132');
      await screenshot(page, `competition-review-${tag}`);
      await page.locator('#quality h3').first().scrollIntoViewIfNeeded();
      await screenshot(page, `competition-review-balance-${tag}`);
      await page.locator('details.calendar summary').first().click();
      await page.locator('details.calendar').first().scrollIntoViewIfNeeded();
      await screenshot(page, `competition-review-calendar-${tag}`);

      // Residents see nothing of the draft.
      const resident = await phonePage(browser, base, { javaScript });
      await resident.page.goto(`${base}/`);
      await openTab(resident.page, '/fixtures');
      assert.ok(!(await resident.page.content()).includes(name));

      await Promise.all([
        page.waitForURL(/review\?m=CompPublished/),
        page.click('#publish'),
      ]);
      assert.equal(await page.locator('#competition-status').textContent(), '已发布');
      await screenshot(page, `competition-published-${tag}`);

      // 赛程 again: the new league among the competitions, one tap to its games.
      await openTab(resident.page, '/fixtures');
      await Promise.all([
        resident.page.waitForURL(new RegExp(`/fixtures\\?competition=${id}$`)),
        resident.page.click(`nav.chips a[href="/fixtures?competition=${id}"]`),
      ]);
      assert.ok((await resident.page.content()).includes(name));
      await screenshot(resident.page, `competition-fixtures-${tag}`);
      assertClean(phone);
      assertClean(resident);
      await resident.context.close();
      await phone.context.close();
    });
  }
});
