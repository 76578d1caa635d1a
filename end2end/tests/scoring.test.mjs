// Score entry on phones: an organiser invites a captain, the captain sets a PIN, reports the
// score, the other captain confirms, and a resident's open page updates by itself. Then the
// same with the signal cut: the report waits on the phone and is sent once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { assertClean, launchBrowser, openGame, openHub, phonePage, screenshot, signIn, startServer } from './helpers.mjs';

// The demo's villager groups in order: captainN captains the men's team of the Nth group.
const GROUPS = ['东坊', '西坊', '南坊', '北坊', '新围', '老围', '上岭', '下岭', '塘边', '石桥', '龙眼', '荔园'];
const PIN = '123456';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** The id of the demo's game that waits for 东坊's captain, from captain1's page. */
async function waitingGame(page) {
  const href = await page.locator('.todo a.button.primary').first().getAttribute('href');
  return Number(href.match(/\/games\/(\d+)\/report/)[1]);
}

/** The login of the other captain, from the names on the game's page (open in `page`). */
async function opponentCaptain(page) {
  const names = await page.locator('li.game .teams .home, li.game .teams .away').allTextContents();
  const other = names.map((n) => n.trim()).find((n) => n !== '东坊');
  return `captain${GROUPS.indexOf(other) + 1}`;
}

/** On 我的 (where signing in lands), the game's button: 填报比分, or 确认 for the other captain. */
async function reportFromMyPage(page, gameId) {
  await Promise.all([
    page.waitForURL(new RegExp(`/games/${gameId}/report$`)),
    page.click(`main .todo a[href="/games/${gameId}/report"]`),
  ]);
}

/** A resident opens the site and the game (赛程 → 更早的比赛 → its row), live updates connected. */
async function residentOpensGame(page, base, gameId) {
  await page.goto(`${base}/`);
  await openGame(page, gameId);
  await page.waitForLoadState('networkidle');
}

// Chromium logs every 4xx answer to a fetch; the form's deliberate mistakes (422) and the
// offline attempts are expected.
const EXPECTED = { expected: [/net::ERR_INTERNET_DISCONNECTED/, /status of 422/] };

describe('score entry on the phone', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server?.stop());

  test('invite → PIN → my games → enter → confirm, and an open page updates by itself', async () => {
    const base = server.base;
    // The organiser makes an invite for 东坊's captain.
    const organiser = await phonePage(browser, base);
    await signIn(organiser.page, base, 'organiser', 'cunba-demo-2026');
    await screenshot(organiser.page, 'organiser-me-js');
    // 管理 → 人员 → an invite for 东坊's captain; the link comes in the answer, in no address.
    await openHub(organiser.page);
    await Promise.all([organiser.page.waitForURL(/\/admin\/people$/), organiser.page.click('#people-link')]);
    await organiser.page.click('details.invite summary');
    await organiser.page.selectOption('#invite-form select[name=role]', 'captain');
    await organiser.page.selectOption('#invite-form select[name=team]', { label: '东坊' });
    await Promise.all([organiser.page.waitForURL(/\/actions\/people\/links$/), organiser.page.click('#invite-form button[type=submit]')]);
    assert.equal(await organiser.page.locator('.qr svg').count(), 1, 'a QR code');
    await screenshot(organiser.page, 'invite-qr-js');
    const link = await organiser.page.locator('p.link a').textContent();
    assert.match(link, /\/invite\/[A-Za-z0-9_-]{43}$/);

    // The captain opens it on their phone and chooses a PIN (the link the page showed, sent by
    // WeChat: following the message, so it stays a goto of that link).
    const captain = await phonePage(browser, base);
    await captain.page.goto(link);
    await captain.page.fill('input[name=name]', '叶伟');
    await captain.page.fill('input[name=phone]', '138 0013 8000');
    await captain.page.fill('input[name=secret]', '246810');
    await screenshot(captain.page, 'invite-accept-js');
    await Promise.all([captain.page.waitForURL(/\/me/), captain.page.click('form.stack button[type=submit]')]);
    assert.match(await captain.page.locator('p.facts').first().textContent(), /叶伟 · 东坊/);
    await screenshot(captain.page, 'captain-my-games-js');

    // My games → the waiting game's form. A draw is refused, what was typed stays.
    const gameId = await waitingGame(captain.page);
    await captain.page.click('.todo a.button.primary');
    await captain.page.waitForURL(new RegExp(`/games/${gameId}/report`));
    await screenshot(captain.page, 'score-form-js');
    await captain.page.fill('#f-home', '70');
    await captain.page.fill('#f-away', '70');
    await Promise.all([captain.page.waitForURL(/f=away\.Draw/), captain.page.click('#score-form button[type=submit]')]);
    assert.equal(await captain.page.inputValue('#f-home'), '70');
    assert.match(await captain.page.locator('.field-error').first().textContent(), /没有平局/);
    await screenshot(captain.page, 'score-form-error-js');
    await captain.page.fill('#f-away', '65');
    // The optional box score: the first player of each team.
    await captain.page.click('.box-entry summary');
    const homePoints = captain.page.locator('.box-team').first().locator('input[name^=pts]').first();
    await homePoints.fill('24');
    await captain.page.locator('.box-team').first().locator('input[name^=pf]').first().fill('3');
    await captain.page.locator('.box-team').nth(1).locator('input[name^=pts]').first().fill('18');
    const scorer = (await captain.page.locator('.box-team').first().locator('.box-row .player').first().textContent()).trim();
    await screenshot(captain.page, 'score-form-box-js');
    await Promise.all([captain.page.waitForURL(new RegExp(`/games/${gameId}\\?m=ReportSaved`)), captain.page.click('#score-form button[type=submit]')]);
    assert.match(await captain.page.locator('.open-report').textContent(), /70 : 65/);
    await screenshot(captain.page, 'score-sent-js');

    // A resident has the game open; the other captain confirms.
    const resident = await phonePage(browser, base);
    await residentOpensGame(resident.page, base, gameId);
    assert.match(await resident.page.locator('main').textContent(), /暂定比分/);
    const otherLogin = await opponentCaptain(resident.page);
    const other = await phonePage(browser, base);
    await signIn(other.page, base, otherLogin, PIN);
    await reportFromMyPage(other.page, gameId);
    assert.match(await other.page.locator('.open-report').textContent(), /球员数据/, 'the box score is shown before confirming');
    await screenshot(other.page, 'confirm-form-js');
    const started = Date.now();
    await Promise.all([other.page.waitForURL(/m=ReportConfirmedNow/), other.page.click('button[value=confirm]')]);
    await resident.page.locator('.live-note').filter({ hasText: /已更新/ }).waitFor({ timeout: 5000 });
    const updatedAfter = Date.now() - started;
    console.log(`live update on another browser (SQLite, one instance): ${updatedAfter} ms after the confirm click`);
    assert.doesNotMatch(await resident.page.locator('main').textContent(), /暂定比分/);
    assert.match(await resident.page.locator('main li.game').first().textContent(), /70.*65/s);
    const box = await other.page.locator('table.box-score').first().textContent();
    assert.ok(box.includes(scorer.replace(/^\d+\s*/, '')) && box.includes('24'), `box score on the game page: ${box}`);
    await screenshot(other.page, 'confirmed-js');
    await screenshot(resident.page, 'game-live-updated-js');
    for (const phone of [organiser, captain, other, resident]) {
      assertClean(phone, EXPECTED);
      await phone.context.close();
    }
  });

});

describe('score entry with JavaScript off', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server?.stop());

  test('sign in, report with a mistake, correct it: plain forms all the way', async () => {
    const base = server.base;
    const phone = await phonePage(browser, base, { javaScript: false });
    await phone.page.goto(`${base}/`);
    await Promise.all([phone.page.waitForURL(/\/signin/), phone.page.click('header a.account[href^="/signin"]')]);
    await screenshot(phone.page, 'signin-nojs');
    await signIn(phone.page, base, 'captain1', PIN);
    await screenshot(phone.page, 'captain-my-games-nojs');
    const gameId = await waitingGame(phone.page);
    await reportFromMyPage(phone.page, gameId);
    await phone.page.fill('#f-home', '88');
    await phone.page.fill('#f-away', '');
    await phone.page.click('#score-form summary');
    await phone.page.fill('#f-q1h', '20');
    await Promise.all([phone.page.waitForURL(/e=FormHasErrors/), phone.page.click('#score-form button[type=submit]')]);
    assert.equal(await phone.page.inputValue('#f-home'), '88', 'what was typed is kept');
    assert.equal(await phone.page.inputValue('#f-q1h'), '20');
    const errors = await phone.page.locator('.field-error').allTextContents();
    assert.ok(errors.some((e) => e.includes('必填')) && errors.some((e) => e.includes('四节')), errors.join(' | '));
    await screenshot(phone.page, 'score-form-error-nojs');
    await phone.page.fill('#f-q1h', '');
    await phone.page.fill('#f-away', '79');
    await Promise.all([phone.page.waitForURL(/m=ReportSaved/), phone.page.click('#score-form button[type=submit]')]);
    assert.match(await phone.page.locator('.open-report').textContent(), /88 : 79/);
    await screenshot(phone.page, 'score-sent-nojs');
    assertClean(phone, EXPECTED);
    await phone.context.close();
  });
});

describe('score entry without signal', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server?.stop());

  test('a report made offline is kept on the phone and sent exactly once when the signal returns', async () => {
    const base = server.base;
    const captain = await phonePage(browser, base);
    await signIn(captain.page, base, 'captain1', PIN);
    const gameId = await waitingGame(captain.page);
    await reportFromMyPage(captain.page, gameId);
    await captain.page.waitForLoadState('networkidle');
    await captain.page.fill('#f-home', '81');
    await captain.page.fill('#f-away', '77');

    await captain.context.setOffline(true);
    await captain.page.click('#score-form button[type=submit]');
    await captain.page.locator('#outbox').filter({ hasText: /已保存在本手机/ }).waitFor({ timeout: 5000 });
    await screenshot(captain.page, 'score-saved-offline-js');
    const kept = await captain.page.evaluate(() => JSON.parse(localStorage.getItem('cunba_outbox')));
    assert.equal(kept.length, 1);
    let page = await (await fetch(`${base}/games/${gameId}`)).text();
    assert.doesNotMatch(page, /暂定比分/, 'nothing reached the server');

    await captain.context.setOffline(false);
    await captain.page.locator('#outbox').filter({ hasText: /已发送/ }).waitFor({ timeout: 10000 });
    await screenshot(captain.page, 'score-sent-after-reconnect-js');
    page = await (await fetch(`${base}/games/${gameId}`)).text();
    assert.match(page, /暂定比分/);
    assert.match(page, /81 : 77/);

    // The same report sent again (as if the first answer had been lost) is stored once.
    await captain.page.evaluate((item) => {
      localStorage.setItem('cunba_outbox', JSON.stringify(item));
      window.dispatchEvent(new Event('online'));
    }, kept);
    await captain.page.waitForFunction(() => JSON.parse(localStorage.getItem('cunba_outbox') || '[]').length === 0);
    const organiser = await phonePage(browser, base);
    await signIn(organiser.page, base, 'organiser', 'cunba-demo-2026');
    const audit = await organiser.page.locator('ol.audit li').allTextContents();
    const reported = audit.filter((line) => line.includes(`#${gameId}`) && line.includes('score.reported'));
    assert.equal(reported.length, 1, `one report stored: ${reported.join(' | ')}`);
    assertClean(captain, EXPECTED);
    await captain.context.close();
    await organiser.context.close();
  });
});

// PostgreSQL with two instances: a confirm on one reaches a reader of the other.
const pgUrl = process.env.TEST_DATABASE_URL;
describe('live updates across two instances on PostgreSQL', { skip: !pgUrl && 'TEST_DATABASE_URL is not set' }, () => {
  let first;
  let second;
  let database;
  before(async () => {
    database = `cunba_e2e_${process.pid}_${Date.now()}`;
    const made = spawnSync('psql', [pgUrl, '-c', `CREATE DATABASE ${database}`], { encoding: 'utf8' });
    assert.equal(made.status, 0, made.stderr);
    const url = pgUrl.replace(/\/[^/]*$/, `/${database}`);
    first = await startServer({ databaseUrl: url });
    second = await startServer({ databaseUrl: url, demo: false });
  });
  after(() => {
    first?.stop();
    second?.stop();
    if (database) spawnSync('psql', [pgUrl, '-c', `DROP DATABASE IF EXISTS ${database} WITH (FORCE)`]);
  });

  test('a result confirmed on instance A updates a page served by instance B', async () => {
    const captain = await phonePage(browser, first.base);
    await signIn(captain.page, first.base, 'captain1', PIN);
    const gameId = await waitingGame(captain.page);
    await reportFromMyPage(captain.page, gameId);
    await captain.page.waitForLoadState('networkidle');
    await captain.page.fill('#f-home', '66');
    await captain.page.fill('#f-away', '64');
    await Promise.all([captain.page.waitForURL(/m=ReportSaved/), captain.page.click('#score-form button[type=submit]')]);

    const resident = await phonePage(browser, second.base);
    await residentOpensGame(resident.page, second.base, gameId);
    const otherLogin = await opponentCaptain(resident.page);
    const other = await phonePage(browser, first.base);
    await signIn(other.page, first.base, otherLogin, PIN);
    await reportFromMyPage(other.page, gameId);
    const started = Date.now();
    await Promise.all([other.page.waitForURL(/m=ReportConfirmedNow/), other.page.click('button[value=confirm]')]);
    await resident.page.locator('.live-note').filter({ hasText: /已更新/ }).waitFor({ timeout: 5000 });
    console.log(`live update on another browser (PostgreSQL, two instances): ${Date.now() - started} ms after the confirm click`);
    assert.match(await resident.page.locator('main li.game').first().textContent(), /66.*64/s);
    for (const phone of [captain, resident, other]) {
      assertClean(phone, EXPECTED);
      await phone.context.close();
    }
  });
});
