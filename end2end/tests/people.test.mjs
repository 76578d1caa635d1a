// 人员: an organiser reaches the people page from 管理, invites a referee with their villager
// group, gives them a game on the referees page; the referee joins by the link on their
// phone and finds the game on 我的, counted beside 我的, and keeps its scoresheet from there
// (issue 19: the referee's way in); the organiser disables them and their next page is
// signed out. JavaScript on and off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allSent, assertClean, launchBrowser, openHub, phonePage, screenshot, sheetScore, signIn, startServer, tap,
} from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(() => browser?.close());

for (const javaScript of [true, false]) {
  const mode = javaScript ? 'js' : 'nojs';
  describe(`people, JavaScript ${javaScript ? 'on' : 'off'}`, () => {
    let server;
    before(async () => { server = await startServer(); });
    after(() => server?.stop());

    test('invite a referee → they join → a game to referee on 我的 → disabled', async () => {
      const base = server.base;
      const organiser = await phonePage(browser, base, { javaScript });
      await signIn(organiser.page, base);
      await openHub(organiser.page);
      await Promise.all([organiser.page.waitForURL(/\/admin\/people$/), organiser.page.click('#people-link')]);
      assert.ok(await organiser.page.locator('li.person').count() > 10, 'everyone with a role');
      await screenshot(organiser.page, `people-${mode}`);
      if (javaScript) {
        await organiser.page.setViewportSize({ width: 1280, height: 800 });
        await screenshot(organiser.page, 'people-desktop-js');
        await organiser.page.setViewportSize({ width: 390, height: 844 });
      }

      // A captain invite without a team is refused, and says why.
      await organiser.page.click('details.invite summary');
      await organiser.page.selectOption('#invite-form select[name=role]', 'captain');
      await organiser.page.click('#invite-form button[type=submit]');
      await organiser.page.waitForSelector('.field-error');
      assert.match(await organiser.page.locator('.field-error').first().textContent(), /请选择球队/);

      // A referee from 南坊.
      await organiser.page.selectOption('#invite-form select[name=role]', 'referee');
      await organiser.page.selectOption('#invite-form select[name=group]', { label: '南坊村民小组' });
      await Promise.all([organiser.page.waitForURL(/\/actions\/people\/links$/), organiser.page.click('#invite-form button[type=submit]')]);
      assert.equal(await organiser.page.locator('.qr svg').count(), 1, 'a QR code');
      await screenshot(organiser.page, `people-link-${mode}`);
      const link = (await organiser.page.locator('p.link a').textContent()).trim();
      assert.match(link, /\/invite\/[A-Za-z0-9_-]{43}$/);
      assert.ok(!organiser.page.url().includes(link.split('/invite/')[1]), 'the token is in no address');

      // The referee opens it on their phone.
      const referee = await phonePage(browser, base, { javaScript });
      await referee.page.goto(link);
      assert.match(await referee.page.locator('main').textContent(), /裁判/);
      await referee.page.fill('input[name=name]', '黄志明');
      await referee.page.fill('input[name=phone]', '139 0013 9000');
      await referee.page.fill('input[name=secret]', '135790');
      await Promise.all([referee.page.waitForURL(/\/me/), referee.page.click('form.stack button[type=submit]')]);
      assert.match(await referee.page.locator('main').textContent(), /我执裁的比赛/);
      assert.equal(await referee.page.locator('header a.account .count').count(), 0, 'nothing to do yet');

      // The organiser gives them the first game of the coming weeks, from 管理 → 裁判安排.
      await Promise.all([organiser.page.waitForURL(/\/admin\/people$/), organiser.page.click('a.button[href="/admin/people"]')]);
      const card = organiser.page.locator('li.person', { hasText: '黄志明' });
      assert.match(await card.textContent(), /南坊村民小组/);
      await openHub(organiser.page);
      await Promise.all([organiser.page.waitForURL(/\/admin\/referees$/), organiser.page.click('a[href="/admin/referees"]')]);
      const first = organiser.page.locator('li.referee-game').first();
      const gameHref = await first.locator('a[href^="/games/"]').getAttribute('href');
      const option = await first.locator('select[name=referee] option', { hasText: '黄志明' }).getAttribute('value');
      await first.locator('select[name=referee]').selectOption(option);
      await Promise.all([organiser.page.waitForURL(/\/admin\/referees/), first.locator('button[type=submit]').click()]);

      // On the referee's phone: the game on 我的, and 1 beside 我的.
      await referee.page.goto(`${base}/`);
      await Promise.all([referee.page.waitForURL(/\/me$/), referee.page.click('header a.account[href="/me"]')]);
      assert.equal((await referee.page.locator('header a.account .count').textContent()).trim(), '1');
      assert.equal(await referee.page.locator(`main a[href="${gameHref}"]`).count(), 1, 'the game to referee');
      await screenshot(referee.page, `referee-todo-${mode}`);

      // The referee keeps that game's sheet: the game from 我的 → 记分台 → 在本机记分 →
      // tip-off and a basket; the organiser's game page shows the live score.
      await Promise.all([referee.page.waitForURL(new RegExp(`${gameHref}$`)), referee.page.click(`main a[href="${gameHref}"]`)]);
      await Promise.all([referee.page.waitForURL(/\/live$/), referee.page.click('a.sheet-link')]);
      await Promise.all([referee.page.waitForURL(/\/live\?m=/), referee.page.click('form[action$="/live/open"] button')]);
      if (javaScript) {
        await tap(referee.page, 'start');
        await allSent(referee.page);
        await tap(referee.page, 'pts.2', 'home', 0);
        await allSent(referee.page);
      } else {
        await Promise.all([referee.page.waitForURL(/m=LiveSaved/), tap(referee.page, 'start')]);
        await Promise.all([referee.page.waitForURL(/m=LiveSaved/), tap(referee.page, 'pts.2', 'home', 0)]);
      }
      assert.deepEqual(await sheetScore(referee.page), [2, 0]);
      await screenshot(referee.page, `referee-sheet-${mode}`);
      await Promise.all([
        organiser.page.waitForURL(new RegExp(`${gameHref}$`)),
        organiser.page.click(`li.referee-game a[href="${gameHref}"]`),
      ]);
      assert.match(await organiser.page.textContent('.live-score .big-score'), /2 : 0/);

      // Disabled: the referee's next page is signed out.
      await Promise.all([organiser.page.waitForURL(/\/admin$/), organiser.page.click('header a.manage')]);
      await Promise.all([organiser.page.waitForURL(/\/admin\/people$/), organiser.page.click('#people-link')]);
      await Promise.all([
        organiser.page.waitForURL(/\/admin\/people/),
        organiser.page.locator('li.person', { hasText: '黄志明' }).locator('form[action$="/disable"] button').click(),
      ]);
      assert.match(await organiser.page.locator('li.person', { hasText: '黄志明' }).textContent(), /已停用/);
      await referee.page.reload();
      assert.equal(await referee.page.locator('header a.account[href^="/signin"]').count(), 1, 'signed out');

      assertClean(organiser, { expected: [/status of 422/] });
      // (Their reload was of the sheet, which now answers 401 and offers to sign in.)
      assertClean(referee, { expected: [/status of 401/] });
      await organiser.context.close();
      await referee.context.close();
    });
  });
}
