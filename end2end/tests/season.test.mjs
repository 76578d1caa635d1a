// A season from nothing, on a phone: a new installation (no demo data) and its first
// organiser; villager groups, a court with its evenings, teams, a roster imported from CSV;
// a double round robin generated, reviewed and published; a rained-off game postponed to a
// slot Cunba suggests; the week's notice-board sheet printed to PDF. Screenshots of each step.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assertClean, launchBrowser, openFromHub, openTab, phonePage, screenshot, SCREENSHOTS, signIn, startServer } from './helpers.mjs';

const BIN = process.env.CUNBA_BIN ?? path.resolve(import.meta.dirname, '../../target/debug/cunba');
const GROUPS = ['一组', '二组', '三组', '四组'];

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

async function post(page, form, urlPattern) {
  await Promise.all([page.waitForURL(urlPattern), page.click(`${form} button[type=submit]`)]);
}

/** One of the set-up's pages from its hub (赛季设置): `← 赛季设置` first when on another page. */
async function setupPage(page, href) {
  if (new URL(page.url()).pathname !== '/setup') {
    await Promise.all([page.waitForURL(/\/setup$/), page.click('.setup-nav a[href="/setup"]')]);
  }
  await Promise.all([page.waitForURL((url) => url.pathname === href), page.click(`ul.setup-hub a[href="${href}"]`)]);
}

describe('a season from nothing', () => {
  let server;
  let databaseUrl;
  before(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cunba-season-'));
    databaseUrl = `sqlite://${dir}/cunba.db`;
    server = await startServer({ demo: false, databaseUrl });
    execFileSync(BIN, ['admin', 'create', '--username', 'boss', '--name', '陈会长', '--organiser',
      '--database-url', databaseUrl], { input: 'season-secret-2026\n' });
  });
  after(() => server?.stop());

  test('set up, generate, review, publish, postpone and print', async () => {
    const { base } = server;
    const { page, external, consoleErrors } = await phonePage(browser, base, { javaScript: true });

    await signIn(page, base, 'boss', 'season-secret-2026');
    await Promise.all([page.waitForURL(/\/setup$/), page.click('a#setup-link')]);
    await screenshot(page, 'season-setup-hub');

    // Villager groups.
    await setupPage(page, '/setup/groups');
    for (const name of GROUPS) {
      await page.fill('#group-add input[name=name]', name);
      await post(page, '#group-add', /m=GroupAdded/);
    }
    await screenshot(page, 'season-groups');

    // One lit court, two games a night, Monday to Saturday evenings.
    await setupPage(page, '/setup/courts');
    await page.fill('#court-add input[name=name]', '一组灯光球场');
    await page.selectOption('#court-add select[name=group_id]', { label: '一组' });
    await page.check('#court-add input[name=has_lights]');
    await page.fill('#court-add input[name=games_per_evening]', '2');
    await post(page, '#court-add', /\/setup\/courts\/\d+\?m=CourtAdded/);
    for (const weekday of ['1', '2', '3', '4', '5', '6']) {
      await page.selectOption('#window-add select[name=weekday]', weekday);
      await page.fill('#window-add input[name=starts_at]', '19:00');
      await page.fill('#window-add input[name=ends_at]', '22:00');
      await post(page, '#window-add', /m=WindowAdded/);
    }
    await screenshot(page, 'season-court');

    // A team per group, all at the lit court.
    for (const group of GROUPS) {
      await setupPage(page, '/setup/teams');
      await page.fill('#team-add input[name=name]', `${group}男篮`);
      await page.selectOption('#team-add select[name=division]', 'men');
      await page.selectOption('#team-add select[name=group_id]', { label: group });
      await page.selectOption('#team-add select[name=home_court_id]', { label: '一组灯光球场' });
      await post(page, '#team-add', /\/setup\/teams\/\d+\?m=TeamAdded/);
    }
    // The last team's roster from a spreadsheet: one row is refused in the preview.
    await page.fill('#player-import textarea[name=csv]',
      '姓名,号码,出生年份\n陈志强,8,1995\n李伟,12,\n王小明,100,2001\n黄家豪,23,1999\n');
    await post(page, '#player-import', /\/import\/\d+/);
    assert.equal(await page.locator('table.import-preview tr.ok').count(), 3);
    assert.equal(await page.locator('table.import-preview tr.bad').count(), 1);
    await screenshot(page, 'season-import-preview');
    await post(page, '#import-commit', /m=ImportDone/);
    assert.equal(await page.locator('table.roster tbody tr').count(), 3);
    await screenshot(page, 'season-roster');

    // A double round robin of the four teams, generated in the background, then reviewed.
    // 管理 → 新建赛事 (the men's division is the one chosen).
    await openFromHub(page, '/admin/competitions/new');
    await page.fill('#league-form input[name=name]', '2027年春季联赛');
    await page.check('#league-form input[name=format][value=double]');
    await page.fill('#league-form input[name=starts_on]', '2027-03-01');
    await page.fill('#league-form input[name=ends_on]', '2027-04-30');
    assert.equal(await page.locator('#league-form input[name=team]:checked').count(), 4);
    await post(page, '#league-form', /\/review\?m=CompCreated/);
    await Promise.all([page.waitForURL(/m=CompGenerating/), page.click('#generate')]);
    await page.waitForSelector('#hard-violations', { timeout: 60_000 });
    assert.equal((await page.textContent('#hard-violations')).trim(), '0');
    assert.match(await page.textContent('#game-count'), /12/);
    await screenshot(page, 'season-review');
    await Promise.all([page.waitForURL(/m=CompPublished/), page.click('#publish')]);
    assert.match(await page.textContent('#competition-status'), /已发布/);

    // Residents see it; a game is rained off and moved to the best slot Cunba suggests.
    // 赛程 → the first game → 调整 → 延期.
    await openTab(page, '/fixtures');
    const first = page.locator('li.game a').first();
    const href = await first.getAttribute('href');
    const id = href.match(/\/games\/(\d+)/)[1];
    await Promise.all([page.waitForURL(new RegExp(`/games/${id}$`)), first.click()]);
    await Promise.all([page.waitForURL(new RegExp(`/admin/games/${id}/move`)), page.click('a.button.adjust')]);
    await Promise.all([
      page.waitForURL(new RegExp(`/admin/games/${id}/postpone$`)),
      page.click(`nav.admin-links a[href="/admin/games/${id}/postpone"]`),
    ]);
    await post(page, 'form.postpone-form', /m=GamePostponedNow/);
    // Up to three evenings inside the competition's dates, one per date.
    const slots = await page.locator('form.pick-slot').count();
    assert.ok(slots >= 1 && slots <= 3, `${slots} suggestions`);
    await screenshot(page, 'season-postpone-suggestions');
    const date = await page.getAttribute('#slot-1', 'data-date');
    await Promise.all([page.waitForURL(/\/games\/\d+\?m=GameMovedNow/), page.click('#slot-1')]);
    await screenshot(page, 'season-game-moved');

    // The notice-board sheet for the week the game moved to, from the game's page: A4, a QR
    // code, tables whole; on screen it leads back to 管理.
    await Promise.all([page.waitForURL(new RegExp(`/print/week\\?date=${date}`)), page.click('a.week-sheet')]);
    assert.ok(await page.locator('.sheet-qr svg').count() >= 1);
    assert.ok(await page.locator('table.sheet-day').count() >= 1);
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'season-print-week');
    await page.pdf({ path: path.join(SCREENSHOTS, 'season-print-week.pdf'), format: 'A4' });

    // Back to 管理 from the sheet, then 公告: both changes are announced.
    await page.emulateMedia({ media: 'screen' });
    await Promise.all([page.waitForURL(/\/admin$/), page.click('nav.sheet-weeks a[href="/admin"]')]);
    await Promise.all([page.waitForURL(/\/notices/), page.click('.hub-tools a[href="/notices"]')]);
    const notices = await page.locator('main').textContent();
    assert.ok(notices.includes('比赛延期') && notices.includes('比赛改期'), 'both changes are announced');

    assertClean({ external, consoleErrors });
  });
});
