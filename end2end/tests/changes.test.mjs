// Schedule changes on a phone: the organiser opens a demo game, checks a slot (the conflict
// is named), postpones the game, picks one of the three suggested slots; a resident sees the
// notice and the new time. Then the A4 notice-board sheet, screenshotted and printed to PDF.
// JavaScript on and off; nothing loaded from outside.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertClean, launchBrowser, openFromHub, openGame, phonePage, screenshot, SCREENSHOTS, signIn, startServer } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The first scheduled league game at least two days ahead, from the public API. */
async function futureGame(base) {
  const data = await (await fetch(`${base}/api/v1/games`)).json();
  const soon = Date.now() + 2 * 24 * 3600 * 1000;
  const game = data.games.find((g) => g.status === 'scheduled' && Date.parse(g.starts_at) > soon);
  assert.ok(game, 'a game ahead');
  return game;
}

for (const javaScript of [true, false]) {
  const suffix = javaScript ? 'js' : 'nojs';
  describe(`schedule changes (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let server;
    before(async () => { server = await startServer(); });
    after(() => server?.stop());

    test('the organiser postpones a game and picks a suggested slot; a resident sees it', async () => {
      const base = server.base;
      const game = await futureGame(base);
      const organiser = await phonePage(browser, base, { javaScript });
      const page = organiser.page;
      await signIn(page, base, 'organiser', 'cunba-demo-2026');

      // The game page (赛程 → its row) has the organiser's 调整 link.
      await openGame(page, game.id);
      await Promise.all([page.waitForURL(new RegExp(`/admin/games/${game.id}/move`)), page.click('a.button.adjust')]);
      assert.equal(await page.locator('form.move-form').count(), 1);
      assert.ok(await page.locator('form.pick-slot').count() > 0, 'free slots listed');
      // A time the court is closed: the check names the constraint, the typed values stay.
      await page.fill('input[name=time]', '08:00');
      await Promise.all([page.waitForURL(/time=08%3A00/), page.click('#move-check')]);
      const verdict = await page.locator('.check-result').innerText();
      assert.match(verdict, /场地当天只在/);
      assert.equal(await page.inputValue('input[name=time]'), '08:00');
      await screenshot(page, `change-move-check-${suffix}`);
      // Saving it anyway is refused with the same field error.
      await Promise.all([page.waitForURL(/e=MoveHasConflicts/), page.click('#move-save')]);
      assert.match(page.url(), /f=time\.outside_court_hours/);
      assert.match(await page.locator('label.invalid .field-error').first().innerText(), /场地当天只在/);

      // Postpone (延期, beside 调整): suggestions.
      await Promise.all([
        page.waitForURL(new RegExp(`/admin/games/${game.id}/postpone$`)),
        page.click(`nav.admin-links a[href="/admin/games/${game.id}/postpone"]`),
      ]);
      await Promise.all([page.waitForURL(/m=GamePostponedNow/), page.click('#postpone-submit')]);
      // Up to three evenings inside the competition's dates, one per date.
      const slots = await page.locator('form.pick-slot').count();
      assert.ok(slots >= 1 && slots <= 3, `${slots} suggestions`);
      await screenshot(page, `change-postpone-suggestions-${suffix}`);
      const pick = page.locator('#slot-1');
      const date = await pick.getAttribute('data-date');
      const time = await pick.getAttribute('data-time');
      await Promise.all([page.waitForURL(new RegExp(`/games/${game.id}\\?m=GameMovedNow`)), pick.click()]);
      await screenshot(page, `change-moved-game-${suffix}`);
      assertClean(organiser);

      // A resident reads the notices and the game's new time.
      const resident = await phonePage(browser, base, { javaScript });
      await resident.page.goto(`${base}/`);
      await Promise.all([resident.page.waitForURL(/\/notices$/), resident.page.click('section.notices p.links a[href="/notices"]')]);
      const notices = await resident.page.locator('main').innerText();
      assert.match(notices, /比赛延期/);
      assert.match(notices, /比赛改期/);
      const [, month, day] = date.split('-').map(Number);
      assert.ok(notices.includes(`${month}月${day}日 ${time}`), `the notice gives the new time ${date} ${time}`);
      await screenshot(resident.page, `change-notice-resident-${suffix}`);
      // The notice's link to the game.
      await Promise.all([
        resident.page.waitForURL(new RegExp(`/games/${game.id}$`)),
        resident.page.locator(`article.notice-card a[href="/games/${game.id}"]`).first().click(),
      ]);
      const gamePage = await resident.page.locator('main').innerText();
      assert.ok(gamePage.includes(`${month}月${day}日`), 'the game page shows the new date');
      assert.ok(gamePage.includes(time), 'and the new time');
      assert.equal(await resident.page.locator('a.button.adjust').count(), 0, 'no 调整 for residents');
      assertClean(resident);
      await resident.context.close();
      await organiser.context.close();
    });

    test('the notice-board sheet of a court prints on A4', async () => {
      const base = server.base;
      const game = await futureGame(base);
      const organiser = await phonePage(browser, base, { javaScript });
      const page = organiser.page;
      await signIn(page, base, 'organiser', 'cunba-demo-2026');
      const courts = (await (await fetch(`${base}/api/v1/games`)).json()).courts;
      const court = courts.find((c) => c.name === game.court) ?? courts[0];
      await openFromHub(page, `/print/courts/${court.id}`);
      assert.equal(await page.locator('.sheet-qr svg').count(), 1);
      assert.ok(await page.locator('table.sheet-day').count() > 0);
      await screenshot(page, `print-court-${suffix}`);
      await page.emulateMedia({ media: 'print' });
      await screenshot(page, `print-court-media-print-${suffix}`);
      if (javaScript) {
        await page.pdf({ path: path.join(SCREENSHOTS, 'print-court.pdf'), format: 'A4', printBackground: false });
        // The sheet has no navigation (it is for paper): back to 管理, then the week's sheet.
        await page.emulateMedia({ media: 'screen' });
        await Promise.all([page.waitForURL(/\/admin$/), page.goBack()]);
        await Promise.all([page.waitForURL(/\/print\/week$/), page.click('.hub-tools a[href="/print/week"]')]);
        await page.emulateMedia({ media: 'print' });
        await page.pdf({ path: path.join(SCREENSHOTS, 'print-week.pdf'), format: 'A4' });
      }
      assertClean(organiser);
      await organiser.context.close();
    });
  });
}
