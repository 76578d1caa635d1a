// 记分台 (issue 19): an organiser scores a whole game on a phone-sized page — tip-off,
// baskets, a player fouled out, an undo, the signal cut and the phone restarted with lines
// not sent, four quarters level, an overtime — while a resident's open game page follows the
// score; handing the sheet in makes the result, which the standings count. Then the same
// sheet without JavaScript: plain form posts.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  allSent, assertClean, launchBrowser, openGame, openTab, phonePage, screenshot, sheetScore as score, signIn, startServer, tap,
} from './helpers.mjs';

// 20:30 in Shanghai: the demo's round of the day (19:30) is under way.
const CLOCK = '2027-03-10 12:30:00';

// Chromium logs the fetches that fail while the phone is offline.
const EXPECTED = { expected: [/net::ERR_INTERNET_DISCONNECTED/] };

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The ids of today's games, from 今日. */
async function todaysGames(page) {
  await openTab(page, '/');
  const hrefs = await page.locator('section[aria-labelledby="today"] li.game a').evaluateAll(
    (links) => links.map((a) => a.getAttribute('href')),
  );
  return hrefs.map((href) => Number(href.match(/\/games\/(\d+)$/)[1]));
}

/** 今日 → the game → 记分台. */
async function openSheet(page, gameId) {
  await openTab(page, '/');
  await Promise.all([
    page.waitForURL(new RegExp(`/games/${gameId}$`)),
    page.click(`section[aria-labelledby="today"] a[href="/games/${gameId}"]`),
  ]);
  await Promise.all([page.waitForURL(new RegExp(`/games/${gameId}/live`)), page.click('a.sheet-link')]);
}

describe('the scorer\'s sheet', () => {
  let server;
  before(async () => { server = await startServer({ clock: CLOCK }); });
  after(() => server?.stop());

  test('a whole game on the phone, offline in the middle, to the result in the standings', async () => {
    const base = server.base;
    const scorer = await phonePage(browser, base);
    await signIn(scorer.page, base);
    const [gameId] = await todaysGames(scorer.page);
    assert.ok(gameId, 'a game today');

    // The standings before: the home team's line.
    const resident = await phonePage(browser, base);
    await resident.page.goto(`${base}/`);
    await openGame(resident.page, gameId);
    const home = (await resident.page.locator('li.game .teams .home').first().textContent()).trim();
    await openTab(resident.page, '/standings');
    const standingsBefore = await resident.page.locator(`table.standings:not(.leaders) tr:has-text("${home}")`).first().textContent();

    await openSheet(scorer.page, gameId);
    await Promise.all([scorer.page.waitForURL(/\/live\?m=/), scorer.page.click('form[action$="/live/open"] button')]);
    await screenshot(scorer.page, 'sheet-before-tipoff-js');

    // A resident follows the game page, live updates connected.
    await openGame(resident.page, gameId);
    await resident.page.waitForLoadState('networkidle');

    // Tip-off, a basket for the first home player: the resident sees it within moments.
    await tap(scorer.page, 'start');
    await allSent(scorer.page);
    await tap(scorer.page, 'pts.2', 'home', 0);
    assert.deepEqual(await score(scorer.page), [2, 0], 'shown on the phone at once');
    await allSent(scorer.page);
    await resident.page.waitForFunction(() => document.querySelector('.live-score .big-score')?.textContent.includes('2 : 0'));

    // A player's action without a player is explained, not sent.
    await scorer.page.click('#sheet-form .action-bar button[value="pts.3"]');
    assert.match(await scorer.page.textContent('#sheet-status'), /先点一名球员/);

    // Five fouls take the first away player out: greyed and refused.
    for (let n = 0; n < 5; n += 1) {
      await tap(scorer.page, 'foul', 'away', 0);
      await allSent(scorer.page);
    }
    const fouledOut = scorer.page.locator('label[data-player^="away."]').first();
    assert.match(await fouledOut.getAttribute('class'), /\bout\b/);
    assert.equal(await fouledOut.locator('input').isDisabled(), true);
    assert.match(await scorer.page.textContent('#tf-away'), /5/);

    // A three for home, undone from the log: the score follows.
    await tap(scorer.page, 'pts.3', 'home', 1);
    await allSent(scorer.page);
    assert.deepEqual(await score(scorer.page), [5, 0]);
    await scorer.page.locator('#sheet-log li button.undo').first().click();
    await allSent(scorer.page);
    assert.deepEqual(await score(scorer.page), [2, 0]);
    await screenshot(scorer.page, 'sheet-running-js');

    // The signal goes: the taps are kept on the phone, counted, and shown.
    await scorer.context.setOffline(true);
    await tap(scorer.page, 'pts.2', 'home', 0);
    await tap(scorer.page, 'pts.2', 'away', 1);
    await tap(scorer.page, 'pts.2', 'away', 1);
    assert.deepEqual(await score(scorer.page), [4, 4]);
    assert.match(await scorer.page.textContent('#sheet-status'), /3 条未发送/);
    assert.equal(await scorer.page.locator('#sheet-log li.pending').count(), 3);
    await screenshot(scorer.page, 'sheet-offline-js');
    // The phone is restarted before the signal comes back: nothing is lost.
    await scorer.page.close();
    await scorer.context.setOffline(false);
    const restarted = await scorer.context.newPage();
    await restarted.goto(`${base}/`);
    await openSheet(restarted, gameId);
    await allSent(restarted);
    assert.deepEqual(await score(restarted), [4, 4]);
    await resident.page.waitForFunction(() => document.querySelector('.live-score .big-score')?.textContent.includes('4 : 4'));

    // 今日 shows the live game, and follows the sheet in place: the end of the first quarter
    // turns its period to 第2节 without the page being fetched again.
    await openTab(resident.page, '/');
    await resident.page.waitForLoadState('networkidle');
    assert.match(await resident.page.textContent(`[data-live-score="${gameId}"]`), /4 : 4/);
    await screenshot(resident.page, 'today-live-js');
    let fetched = 0;
    const count = (request) => { if (new URL(request.url()).pathname === '/') fetched += 1; };
    resident.page.on('request', count);
    await tap(restarted, 'end');
    await allSent(restarted);
    await resident.page.waitForFunction(
      (id) => document.querySelector(`[data-live-period="${id}"]`)?.textContent === '第2节', gameId,
    );
    resident.page.off('request', count);
    assert.equal(fetched, 0, 'written in place, not fetched');
    // 赛程 follows it the same way: the second quarter's end turns the row to 第3节.
    await openTab(resident.page, '/fixtures');
    await resident.page.waitForLoadState('networkidle');
    assert.match(await resident.page.textContent(`[data-live-score="${gameId}"]`), /4 : 4/);
    let fixturesFetched = 0;
    const countFixtures = (request) => {
      if (new URL(request.url()).pathname === '/fixtures') fixturesFetched += 1;
    };
    resident.page.on('request', countFixtures);
    await tap(restarted, 'end');
    await allSent(restarted);
    await resident.page.waitForFunction(
      (id) => document.querySelector(`[data-live-period="${id}"]`)?.textContent === '第3节', gameId,
    );
    resident.page.off('request', countFixtures);
    assert.equal(fixturesFetched, 0, '赛程: written in place, not fetched');
    await openGame(resident.page, gameId);
    await resident.page.waitForLoadState('networkidle');

    // The other two quarters, level: an overtime; a basket in it, and the end of the game.
    for (let quarter = 3; quarter <= 4; quarter += 1) {
      await tap(restarted, 'end');
      await allSent(restarted);
    }
    assert.match(await restarted.textContent('#period'), /加时1/);
    await tap(restarted, 'pts.2', 'home', 0);
    await allSent(restarted);
    await tap(restarted, 'end');
    await allSent(restarted);
    assert.equal(await restarted.getAttribute('#sheet', 'data-phase'), 'over');
    await screenshot(restarted, 'sheet-over-js');

    // Handed in: the organiser's sheet is the result, with its periods and box score.
    await Promise.all([
      restarted.waitForURL(new RegExp(`/games/${gameId}\\?m=LiveHandedIn`)),
      restarted.click('#sheet-finish button'),
    ]);
    assert.match(await restarted.textContent('li.game .teams .score'), /6 : 4/);
    assert.equal(await restarted.locator('table.periods thead th').count(), 7, 'Q1–Q4, OT1, total');
    assert.ok(await restarted.locator('table.box-score').count() >= 1, 'a box score');
    // The box score reaches the player's page: the scorer of six points, from the box score.
    // (The page may be drawn again once, by the result's live event: let that pass first.)
    await restarted.waitForLoadState('networkidle');
    await restarted.waitForTimeout(500);
    const sixPoints = restarted.locator('table.box-score tbody tr')
      .filter({ has: restarted.locator('td.pts', { hasText: /^6$/ }) });
    const playerHref = await sixPoints.locator('a').first().getAttribute('href');
    await Promise.all([
      restarted.waitForURL(new RegExp(`${playerHref}$`)),
      restarted.click(`main table.box-score a[href="${playerHref}"]`),
    ]);
    await restarted.waitForSelector(`main a[href="/games/${gameId}"]`);
    assert.match(await restarted.textContent('main'), /得分\s*6/);
    await screenshot(restarted, 'player-js');
    await resident.page.waitForFunction(() => !document.querySelector('.live-score')
      && document.querySelector('li.game .teams .score')?.textContent.includes('6 : 4'));
    await openTab(resident.page, '/standings');
    const standingsAfter = await resident.page.locator(`table.standings:not(.leaders) tr:has-text("${home}")`).first().textContent();
    assert.notEqual(standingsAfter, standingsBefore, 'the result counts in the table');
    assert.ok(await resident.page.locator('section.leaders table a[href^="/players/"]').count() > 0, 'the leaders');
    await screenshot(resident.page, 'standings-leaders-js');

    assertClean({ external: scorer.external, consoleErrors: scorer.consoleErrors }, EXPECTED);
    assertClean(resident);
    await scorer.context.close();
    await resident.context.close();
  });

  test('the same sheet without JavaScript: each tap a form post', async () => {
    const base = server.base;
    const scorer = await phonePage(browser, base, { javaScript: false });
    await signIn(scorer.page, base);
    const games = await todaysGames(scorer.page);
    const gameId = games[1];
    assert.ok(gameId, 'a second game today');
    await openSheet(scorer.page, gameId);
    await Promise.all([scorer.page.waitForURL(/\/live\?m=/), scorer.page.click('form[action$="/live/open"] button')]);
    await Promise.all([scorer.page.waitForURL(/m=LiveSaved/), tap(scorer.page, 'start')]);
    await Promise.all([scorer.page.waitForURL(/m=LiveSaved/), tap(scorer.page, 'pts.3', 'away', 0)]);
    assert.deepEqual(await score(scorer.page), [0, 3]);
    await Promise.all([scorer.page.waitForURL(/m=LiveSaved/), tap(scorer.page, 'foul', 'home', 2)]);
    assert.match(await scorer.page.textContent('#sheet-log'), /犯规/);
    await screenshot(scorer.page, 'sheet-running-nojs');
    await Promise.all([scorer.page.waitForURL(/e=LiveChoosePlayer/), tap(scorer.page, 'pts.2')]);
    assert.match(await scorer.page.textContent('.flash.error'), /先点一名球员/);
    assertClean(scorer);
    await scorer.context.close();
  });
});
