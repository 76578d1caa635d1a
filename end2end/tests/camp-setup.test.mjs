// Camp set-up on a phone: an organiser creates a camp (an error first: the form comes back
// filled), sees it on its settings page; a guardian updates contact details and medical
// notes by the private link; the organiser prints the daily attendance sheet (A4, one group
// per page). JavaScript on and off; screenshots of every page.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { assertClean, launchBrowser, openFromHub, openTab, phonePage, screenshot, SCREENSHOTS, signIn, startServer } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const submit = 'form.camp-setup button[type=submit]';

describe('an organiser sets a camp up', () => {
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
      await openFromHub(page, '/camp/admin');
      await screenshot(page, `camp-admin-${tag}`);
      await Promise.all([page.waitForURL(/\/camp\/admin\/new/), page.click('a[href="/camp/admin/new"]')]);
      await screenshot(page, `camp-new-${tag}`);
      // A past summer: the demo camp stays the one guardians enrol in.
      const year = javaScript ? 2021 : 2022;
      await page.fill('input[name=name]', `往年训练营${tag}`);
      await page.fill('input[name=year]', String(year));
      await page.fill('input[name=starts_on]', `${year}-07-12`);
      await page.fill('input[name=ends_on]', `${year}-08-06`);
      await page.fill('input[name=location]', '巷头社区灯光球场');
      await page.fill('input[name=fee]', '200');
      await page.fill('input[name=opens_at]', `${year}-05-01T08:00`);
      // Closes before it opens: the server says so.
      await page.fill('input[name=closes_at]', `${year}-04-30T20:00`);
      await page.check('input[name=policy][value=offer]');
      await page.fill('input[name=offer_hours]', '48');
      await page.fill('input[name=keep_until]', `${year}-12-31`);
      await page.fill('input[name=g0_name]', '小班');
      await page.fill('input[name=g0_from]', `${year - 9}-09-01`);
      await page.fill('input[name=g0_to]', `${year - 7}-08-31`);
      await page.fill('input[name=g0_capacity]', '40');
      await page.locator('details.group:not([open]) summary').first().click();
      await page.fill('input[name=g1_name]', '中班');
      await page.fill('input[name=g1_from]', `${year - 12}-09-01`);
      await page.fill('input[name=g1_to]', `${year - 9}-09-01`); // overlaps 小班 by a day
      await page.fill('input[name=g1_capacity]', '40');
      await Promise.all([page.waitForURL(/\/camp\/admin\/new\?/), page.click(submit)]);
      assert.equal(await page.inputValue('input[name=name]'), `往年训练营${tag}`);
      assert.equal(await page.inputValue('input[name=g1_name]'), '中班');
      assert.equal(await page.inputValue('input[name=closes_at]'), `${year}-04-30T20:00`);
      const errors = await page.locator('.field-error').allTextContents();
      assert.ok(errors.some((e) => /截止时间必须晚于开始时间/.test(e)), errors.join('|'));
      assert.ok(errors.some((e) => /重叠/.test(e)), errors.join('|'));
      await page.locator('.field-error').first().scrollIntoViewIfNeeded();
      await screenshot(page, `camp-new-error-${tag}`);
      await page.fill('input[name=closes_at]', `${year}-06-30T20:00`);
      await page.fill('input[name=g1_to]', `${year - 9}-08-31`);
      await Promise.all([page.waitForURL(/\/camp\/admin\/\d+\/edit/), page.click(submit)]);
      assert.match(await page.locator('.flash.ok').textContent(), /训练营已创建/);
      assert.equal(await page.inputValue('input[name=g0_name]'), '小班');
      assert.equal(await page.inputValue('input[name=g1_to]'), `${year - 9}-08-31`);
      await screenshot(page, `camp-edit-${tag}`);
      // More places for 中班: saved.
      await page.fill('input[name=g1_capacity]', '45');
      await Promise.all([page.waitForURL(/m=CampUpdated/), page.click(submit)]);
      assert.equal(await page.inputValue('input[name=g1_capacity]'), '45');
      // The audit log on 我的 names the change and links to the camp.
      await Promise.all([page.waitForURL(/\/me$/), page.click('header a.account[href="/me"]')]);
      await page.locator('details.audit summary').click();
      const audit = await page.locator('ol.audit').textContent();
      assert.match(audit, /camp\.update/);
      assert.ok(await page.locator('ol.audit a[href$="/edit"]').count() >= 2);
      await page.locator('details.audit').scrollIntoViewIfNeeded();
      await screenshot(page, `camp-me-audit-${tag}`);
      assertClean(phone);
      await phone.context.close();
    });
  }
});

function youngBirth(offsetDays) {
  const year = new Date().getFullYear() + 1;
  const d = new Date(Date.UTC(year - 8, 2, 1 + offsetDays));
  return d.toISOString().slice(0, 10);
}

describe('a guardian updates details by the private link', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server?.stop());

  for (const javaScript of [true, false]) {
    const tag = javaScript ? 'js' : 'nojs';
    test(`on a phone, with JavaScript ${javaScript ? 'on' : 'off'}`, async () => {
      const { base } = server;
      const phone = await phonePage(browser, base, { javaScript });
      const { page } = phone;
      const n = javaScript ? '3' : '4';
      await page.goto(`${base}/`);
      await openTab(page, '/camp');
      await page.fill('input[name=guardian_name]', `李华${n}`);
      await page.fill('input[name=guardian_phone]', `1370013700${n}`);
      await page.fill('input[name=c0_name]', `李小龙${n}`);
      await page.fill('input[name=c0_birth]', youngBirth(Number(n)));
      await page.check('input[name=c0_gender][value=m]');
      await page.check('input[name=consent]');
      await Promise.all([page.waitForURL(/\/camp\/h\//), page.click('form.camp-form button[type=submit]')]);
      const link = new URL(page.url()).pathname;
      await page.locator('details.update summary').click();
      assert.match(await page.locator('details.update').textContent(), /不能在这里修改/);
      await page.fill('input[name=guardian_name]', `李华华${n}`);
      await page.fill('input[name=guardian_phone]', '12345');
      await page.fill('details.update textarea', '对青霉素过敏');
      await Promise.all([page.waitForURL(/\/update$/), page.click('details.update button[type=submit]')]);
      assert.doesNotMatch(decodeURIComponent(page.url()), /李华华|青霉素|12345/);
      assert.equal(await page.inputValue('input[name=guardian_name]'), `李华华${n}`);
      assert.equal(await page.inputValue('details.update textarea'), '对青霉素过敏');
      assert.match(await page.locator('details.update .field-error').textContent(), /11位手机号码/);
      await page.locator('details.update').scrollIntoViewIfNeeded();
      await screenshot(page, `camp-guardian-error-${tag}`);
      await page.fill('input[name=guardian_phone]', `1390013900${n}`);
      await Promise.all([page.waitForURL(/m=CampDetailsSaved/), page.click('details.update button[type=submit]')]);
      assert.ok(page.url().includes(link));
      assert.match(await page.content(), new RegExp(`139\\*\\*\\*\\*900${n}`));
      assert.match(await page.content(), new RegExp(`李华华${n}`));
      await screenshot(page, `camp-guardian-saved-${tag}`);
      await page.locator('details.update summary').click();
      assert.equal(await page.inputValue('details.update textarea'), '对青霉素过敏');
      await page.locator('details.update').scrollIntoViewIfNeeded();
      await screenshot(page, `camp-guardian-form-${tag}`);
      assertClean(phone, { expected: [/status of 422/] }); // the form sent back with its errors
      await phone.context.close();
    });
  }
});

describe('the printable attendance sheet', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server?.stop());

  for (const javaScript of [true, false]) {
    const tag = javaScript ? 'js' : 'nojs';
    test(`an organiser opens and prints it (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const { base } = server;
      const phone = await phonePage(browser, base, { javaScript });
      const { page } = phone;
      await signIn(page, base);
      await openFromHub(page, '/camp/admin');
      await Promise.all([page.waitForURL(/\/sheet/), page.click('main a[href$="/sheet"]')]);
      const sections = page.locator('section.sheet');
      assert.equal(await sections.count(), 3, 'one section per age group');
      const text = await sections.first().textContent();
      assert.match(text, /陈子轩/);
      assert.match(text, /138\*\*\*\*8001/);
      assert.doesNotMatch(await page.content(), /13800138001/);
      await screenshot(page, `camp-sheet-${tag}`);
      // One group, chosen with the plain GET form.
      await page.selectOption('select[name=group]', { index: 2 });
      await Promise.all([page.waitForURL(/group=\d+/), page.click('form.filters button[type=submit]')]);
      assert.equal(await sections.count(), 1);
      await screenshot(page, `camp-sheet-group-${tag}`);
      // Every group again: 全部 in the same form.
      await page.selectOption('select[name=group]', '');
      await Promise.all([page.waitForURL(/group=(&|$)/), page.click('form.filters button[type=submit]')]);
      // Printed: no navigation, black on white, A4, one group per page.
      await page.emulateMedia({ media: 'print' });
      assert.equal(await page.locator('nav.tabs').isVisible(), false, 'no navigation on paper');
      assert.equal(await page.locator('header.top').isVisible(), false);
      assert.equal(await page.locator('form.filters').isVisible(), false);
      const ink = await page.locator('table.sheet td').first().evaluate((td) => getComputedStyle(td).color);
      assert.equal(ink, 'rgb(0, 0, 0)');
      const breaks = await sections.first().evaluate((s) => getComputedStyle(s).breakAfter);
      assert.equal(breaks, 'page');
      await screenshot(page, `camp-sheet-print-${tag}`);
      if (javaScript) {
        const pdf = await page.pdf({ format: 'A4', printBackground: false });
        writeFileSync(path.join(SCREENSHOTS, 'camp-sheet.pdf'), pdf);
        const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
        assert.equal(pages, 3, 'three groups, three A4 pages');
      }
      assertClean(phone);
      await phone.context.close();
    });
  }
});
