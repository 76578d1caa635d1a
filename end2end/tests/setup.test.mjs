// Season set-up on a phone: an organiser opens 赛季设置 from 我的, adds a villager group
// (a duplicate first: the form comes back filled with the error), a team in it, imports its
// players from a CSV file (one bad row shown in the preview, only the OK rows imported), adds
// a court with a weekly availability window, and turns a festival into a blackout day.
// JavaScript on and off; screenshots of every screen.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertClean, launchBrowser, phonePage, screenshot, signIn, startServer } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** Submits `form` and waits for the page the server redirects to. */
async function send(page, form, url) {
  await Promise.all([page.waitForURL(url), page.click(`${form} button[type=submit]`)]);
}

/** One of the set-up's pages from its hub (赛季设置): `← 赛季设置` first when on another page. */
async function setupPage(page, href) {
  if (new URL(page.url()).pathname !== '/setup') {
    await Promise.all([page.waitForURL(/\/setup$/), page.click('.setup-nav a[href="/setup"]')]);
  }
  await Promise.all([page.waitForURL((url) => url.pathname === href), page.click(`ul.setup-hub a[href="${href}"]`)]);
}

describe('an organiser sets a season up', () => {
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
      await Promise.all([page.waitForURL(/\/setup$/), page.click('#setup-link')]);
      await screenshot(page, `setup-hub-${tag}`);

      // The association's name: saved from the hub, shown again filled in.
      const association = `巷头社区篮球协会${tag}`;
      await page.fill('#association input[name=name]', association);
      await send(page, '#association', /\/setup\?m=AssociationRenamed/);
      assert.match(await page.locator('.flash.ok').textContent(), /协会名称已保存/);
      assert.equal(await page.inputValue('#association input[name=name]'), association);

      // A villager group; the same name again comes back with the error and the name typed.
      const group = `十五组${tag}`;
      await setupPage(page, '/setup/groups');
      await page.fill('#group-add input[name=name]', group);
      await send(page, '#group-add', /\/setup\/groups\?m=GroupAdded/);
      assert.match(await page.locator('.flash.ok').textContent(), /小组已添加/);
      await page.fill('#group-add input[name=name]', group);
      await send(page, '#group-add', /\/actions\/setup\/groups$/);
      assert.equal(await page.inputValue('#group-add input[name=name]'), group);
      assert.match(await page.locator('#group-add .field-error').textContent(), /已有同名/);
      await screenshot(page, `setup-groups-error-${tag}`);

      // A team in the group.
      await setupPage(page, '/setup/teams');
      await page.fill('#team-add input[name=name]', `河口队${tag}`);
      await page.fill('#team-add input[name=short_name]', `河口${tag}`);
      await page.selectOption('#team-add select[name=division]', 'men');
      await page.selectOption('#team-add select[name=group_id]', { label: group });
      await send(page, '#team-add', /\/setup\/teams\/\d+\?m=TeamAdded/);
      const teamUrl = page.url().split('?')[0];
      await screenshot(page, `setup-team-${tag}`);

      // Its players from a CSV file: one row's number is out of range.
      const file = path.join(tmpdir(), `roster-${tag}.csv`);
      writeFileSync(file, '\ufeff姓名,号码,出生年份\r\n王大力,4,1996\r\n李小龙,123,1998\r\n陈静,5,\r\n');
      await page.setInputFiles('#player-import input[name=file]', file);
      await send(page, '#player-import', /\/import\/\d+/);
      assert.match(await page.locator('.summary').textContent(), /2行无误.*1行有问题/);
      const bad = page.locator('table.import-preview tr.bad');
      assert.equal(await bad.count(), 1);
      assert.match(await bad.textContent(), /李小龙.*号码须在0到99之间/);
      await screenshot(page, `setup-import-preview-${tag}`);
      await send(page, '#import-commit', /\?m=ImportDone/);
      assert.equal(page.url().split('?')[0], teamUrl);
      const roster = await page.locator('table.roster tbody').textContent();
      assert.match(roster, /王大力/);
      assert.match(roster, /陈静/);
      assert.doesNotMatch(roster, /李小龙/);
      await page.locator('table.roster').scrollIntoViewIfNeeded();
      await screenshot(page, `setup-roster-${tag}`);

      // The team's own blackout days: two days of a village wedding.
      await page.fill('#team-blackout input[name=from]', '2031-10-02');
      await page.fill('#team-blackout input[name=to]', '2031-10-03');
      await page.fill('#team-blackout input[name=reason]', '村里办喜事');
      await send(page, '#team-blackout', /\?m=BlackoutAdded/);
      assert.equal(page.url().split('?')[0], teamUrl);
      const days = await page.locator('#team-blackout').locator('xpath=preceding-sibling::ul[1]').textContent();
      assert.match(days, /2031-10-02.*村里办喜事.*2031-10-03/s);
      await page.locator('#team-blackout').scrollIntoViewIfNeeded();
      await screenshot(page, `setup-team-blackouts-${tag}`);

      // A court owned by the group, with lights, and its Saturday-evening window.
      await setupPage(page, '/setup/courts');
      await page.fill('#court-add input[name=name]', `河口球场${tag}`);
      await page.selectOption('#court-add select[name=group_id]', { label: group });
      await page.check('#court-add input[name=has_lights]');
      await page.fill('#court-add input[name=games_per_evening]', '3');
      await send(page, '#court-add', /\/setup\/courts\/\d+\?m=CourtAdded/);
      await page.selectOption('#window-add select[name=weekday]', '6');
      await page.fill('#window-add input[name=starts_at]', '19:30');
      await page.fill('#window-add input[name=ends_at]', '22:00');
      await send(page, '#window-add', /m=WindowAdded/);
      assert.match(await page.locator('ul.windows').textContent(), /星期六.*19:30–22:00/);
      await page.locator('ul.windows').scrollIntoViewIfNeeded();
      await screenshot(page, `setup-court-${tag}`);

      // The year's festivals, computed; Mid-Autumn made a blackout with one click.
      await setupPage(page, '/setup/calendar');
      await page.fill('form.filters input[name=year]', '2026');
      await send(page, 'form.filters', /\/setup\/calendar\?year=2026/);
      const midAutumn = page.locator('li.festival[data-festival=mid_autumn]');
      assert.match(await midAutumn.textContent(), /中秋节.*2026-09-25/);
      if (javaScript) {
        await Promise.all([page.waitForURL(/m=BlackoutAdded/), midAutumn.locator('button').click()]);
        assert.match(await midAutumn.textContent(), /已设为停赛日/);
      } else {
        // A farming-season range instead.
        await page.fill('#blackout-add input[name=from]', '2026-05-25');
        await page.fill('#blackout-add input[name=to]', '2026-06-05');
        await page.fill('#blackout-add input[name=reason]', '农忙（插秧）');
        await send(page, '#blackout-add', /m=BlackoutAdded/);
        assert.match(await page.locator('ul.blackouts').textContent(), /2026-06-05.*农忙/);
      }
      await screenshot(page, `setup-calendar-${tag}`);

      // The group added twice comes back with a 422, as every form sent back with its errors.
      assertClean(phone, { expected: [/status of 422/] });
      await phone.context.close();
    });
  }
});
