// Festival cups played to their champions, as an organiser would, by links and buttons only:
// from the home page, sign in, open 管理, create a 6-team straight knockout (the two top seeds
// get byes) and an 8-team cup with two pools, publish both. Then the festival days pass (the
// server restarts on the same database with its clock after the festivals): from 管理 the
// organiser enters every result as it comes up — pool places and winners move on by
// themselves — until both finals are decided, and each cup's champion stands on 荣誉榜 and on
// the champion's team page. JavaScript on and off; screenshots at 390×844 and 1280×800.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertClean, launchBrowser, openHub, phonePage, screenshot, signIn, startServer } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Sign in from the home page, then 管理. */
async function signInAndOpenHub(page, base) {
  await signIn(page, base);
  await openHub(page);
}

/** Creates and publishes a cup from the hub; returns its festival date (`YYYY-MM-DD`). */
async function createCup(page, { name, festivalIndex, knockout, teams, tag }) {
  await Promise.all([
    page.waitForURL(/\/admin\/competitions\/new/),
    page.click('.hub-tools a[href="/admin/competitions/new"]'),
  ]);
  const form = '#cup-form';
  const options = await page.locator(`${form} select[name=festival] option`).evaluateAll(
    (list) => list.map((o) => o.value),
  );
  const festival = options.at(festivalIndex);
  await page.selectOption(`${form} select[name=festival]`, festival);
  await page.fill(`${form} input[name=name]`, name);
  await page.check(`${form} input[name=format][value=${knockout ? 'knockout' : 'groups'}]`);
  // Three festival days on every lit court (ticked by default): the courts' own evenings
  // hold two games each.
  await page.fill(`${form} input[name=days]`, '3');
  await page.fill(`${form} input[name=games_per_court]`, '4');
  const boxes = page.locator(`${form} input[name=team]`);
  const count = await boxes.count();
  for (let i = 0; i < count; i += 1) {
    if (i < teams) await boxes.nth(i).check(); else await boxes.nth(i).uncheck();
  }
  await Promise.all([
    page.waitForURL(/\/admin\/competitions\/\d+\/review\?m=CompCupCreated/),
    page.click(`${form} button[type=submit]`),
  ]);
  // The layout keeps to the courts' hours and the other competitions' games: nothing to fix.
  assert.equal((await page.locator('#hard-violations').textContent()).trim(), '0');
  await screenshot(page, `cup-review-${knockout ? 'knockout' : 'pools'}-${tag}`);
  await Promise.all([page.waitForURL(/review\?m=CompPublished/), page.click('#publish')]);
  await Promise.all([page.waitForURL(/\/admin$/), page.click('nav.crumbs a')]);
  return festival.split(':')[1];
}

/** A result that differs from game to game, never level. */
function score(k) {
  const home = 55 + ((k * 7) % 23);
  let away = 55 + ((k * 11) % 19);
  if (away === home) away += 3;
  return [home, away];
}

for (const javaScript of [true, false]) {
  const tag = javaScript ? 'js' : 'nojs';
  describe(`festival cups to their champions, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    let server;
    let databaseUrl;
    before(async () => {
      databaseUrl = `sqlite://${mkdtempSync(path.join(tmpdir(), 'cunba-cups-'))}/cunba.db`;
      server = await startServer({ databaseUrl });
    });
    after(() => server?.stop());

    test('create, publish, play every game, champions on the honours page', async () => {
      const organiser = await phonePage(browser, server.base, { javaScript });
      const { page } = organiser;
      await signInAndOpenHub(page, server.base);
      await screenshot(page, `hub-${tag}`);

      const knockoutCup = `淘汰杯 ${tag}`;
      const poolsCup = `小组杯 ${tag}`;
      const dates = [
        await createCup(page, { name: knockoutCup, festivalIndex: -2, knockout: true, teams: 6, tag }),
        await createCup(page, { name: poolsCup, festivalIndex: -1, knockout: false, teams: 8, tag }),
      ];
      // Both drafts are published: the hub lists no draft any more.
      assert.equal(await page.locator('.hub-attention h3', { hasText: '草稿赛事' }).count(), 0);
      assertClean(organiser);
      await organiser.context.close();

      // The festivals pass: the same database, the server's clock the day after the later one.
      await server.stop();
      const last = dates.sort().at(-1);
      const dayAfter = new Date(`${last}T04:00:00Z`);
      dayAfter.setUTCDate(dayAfter.getUTCDate() + 1);
      const clock = `${dayAfter.toISOString().slice(0, 10)} 04:00:00`;
      server = await startServer({ databaseUrl, clock });
      const scorer = await phonePage(browser, server.base, { javaScript });
      const sp = scorer.page;
      await signInAndOpenHub(sp, server.base);
      await screenshot(sp, `hub-results-waiting-${tag}`);

      const champions = {};
      let entered = 0;
      let bracketSeen = false;
      for (;;) {
        const rows = sp.locator('#unreported .hub-game').filter({ hasText: tag });
        if ((await rows.count()) === 0) break;
        assert.ok(entered < 40, 'every cup game is entered once');
        const row = rows.first();
        const comp = (await row.locator('.comp').textContent()).trim();
        const home = (await row.locator('.home').textContent()).trim();
        const away = (await row.locator('.away').textContent()).trim();
        await Promise.all([sp.waitForURL(/\/games\/\d+\/report/), row.locator('a.button').click()]);
        const [h, a] = score(entered);
        await sp.fill('#f-home', String(h));
        await sp.fill('#f-away', String(a));
        await Promise.all([sp.waitForURL(/\/games\/\d+\?m=/), sp.click('#score-form button[type=submit]')]);
        entered += 1;
        if (comp.endsWith(' · 决赛')) {
          const cup = comp.includes(knockoutCup) ? knockoutCup : poolsCup;
          champions[cup] = h > a ? home : away;
        }
        if (comp.includes(poolsCup) && comp.includes('半决赛') && !bracketSeen) {
          // The pools are done: the pool places went into the semi-finals by themselves.
          bracketSeen = true;
          await Promise.all([sp.waitForURL(/\/standings/), sp.click('nav.tabs a[href="/standings"]')]);
          await Promise.all([sp.waitForURL(/competition=\d+/), sp.locator('nav.chips a', { hasText: poolsCup }).click()]);
          const semis = sp.locator('.bracket li.game').filter({ has: sp.locator('.comp', { hasText: /半决赛\d$/ }) });
          assert.equal(await semis.count(), 2);
          assert.doesNotMatch(await semis.allTextContents().then((t) => t.join(' ')), /组第\d名/);
          await sp.locator('.bracket').first().scrollIntoViewIfNeeded();
          await screenshot(sp, `cup-bracket-filling-${tag}`);
        }
        await openHub(sp);
      }
      // 2 quarter-finals, 2 semi-finals, third place, final; 12 pool games and 4 knockout games.
      assert.equal(entered, 6 + 16);
      assert.deepEqual(Object.keys(champions).sort(), [knockoutCup, poolsCup].sort());
      assert.ok(bracketSeen, 'the semi-finals were filled from the pools');

      await Promise.all([sp.waitForURL(/\/standings/), sp.click('nav.tabs a[href="/standings"]')]);
      await Promise.all([sp.waitForURL(/\/honours$/), sp.click('p.more a[href="/honours"]')]);
      for (const [cup, champion] of Object.entries(champions)) {
        const card = sp.locator('article.honours', { hasText: cup });
        assert.equal((await card.locator('.place-1 a').textContent()).trim(), champion, cup);
        assert.equal(await card.locator('.place-2 a').count(), 1, `${cup} has a runner-up`);
        assert.equal(await card.locator('.place-3 a').count(), 1, `${cup} has a third`);
      }
      await screenshot(sp, `honours-${tag}`);
      // The champion's team page shows the title.
      const card = sp.locator('article.honours', { hasText: knockoutCup });
      await Promise.all([sp.waitForURL(/\/teams\/\d+/), card.locator('.place-1 a').click()]);
      assert.match(await sp.locator('ul.titles').textContent(), new RegExp(`冠军.*${knockoutCup}`));
      assertClean(scorer);
      await scorer.context.close();

      if (javaScript) {
        // The organiser's pages at a desk: the hub and the honours page at 1280×800.
        const desk = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
        const dp = await desk.newPage();
        await signInAndOpenHub(dp, server.base);
        await screenshot(dp, 'hub-desk');
        await Promise.all([dp.waitForURL(/\/honours$/), dp.click('.hub-tools a[href="/honours"]')]);
        await screenshot(dp, 'honours-desk');
        await desk.close();
      }
    });
  });
}
