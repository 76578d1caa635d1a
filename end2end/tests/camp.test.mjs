// Camp enrolment on a phone: a guardian enrols two children in one go (an error first: the
// form comes back filled), sees the result page with the reference code and statuses, and
// the organiser's roster shows them with masked mobile numbers. JavaScript on and off.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClean, launchBrowser, openFromHub, openTab, phonePage, screenshot, signIn, startServer } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A birth date inside the demo camp's youngest group (born Sept Y-9 .. Aug Y-7, Y = next year). */
function youngBirth(offsetDays) {
  const year = new Date().getFullYear() + 1;
  const d = new Date(Date.UTC(year - 8, 2, 1 + offsetDays));
  return d.toISOString().slice(0, 10);
}

function middleBirth() {
  const year = new Date().getFullYear() + 1;
  return `${year - 11}-05-06`;
}

describe('summer camp enrolment', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(() => server?.stop());

  for (const javaScript of [true, false]) {
    const tag = javaScript ? 'js' : 'nojs';
    test(`a guardian enrols two children on a phone (JavaScript ${javaScript ? 'on' : 'off'})`, async () => {
      const base = server.base;
      const phone = await phonePage(browser, base, { javaScript });
      const { page } = phone;
      await page.goto(`${base}/`);
      await openTab(page, '/camp');
      assert.match(await page.locator('ul.camp-groups').textContent(), /小班/);
      await screenshot(page, `camp-form-${tag}`);
      const suffix = javaScript ? '1' : '2';
      await page.fill('input[name=guardian_name]', `王芳${suffix}`);
      await page.fill('input[name=guardian_phone]', `1380013800${suffix}`);
      await page.fill('input[name=c0_name]', `王小明${suffix}`);
      await page.fill('input[name=c0_birth]', youngBirth(Number(suffix)));
      await page.check('input[name=c0_gender][value=m]');
      await page.fill('textarea[name=c0_medical]', '花生过敏');
      await page.locator('details.child summary').first().click();
      await page.fill('input[name=c1_name]', `王小红${suffix}`);
      await page.fill('input[name=c1_birth]', middleBirth());
      // Forgot the gender of the second child: the form comes back filled, with the error.
      await page.check('input[name=consent]');
      // Shown again in the answer to the post: nothing typed travels in a URL.
      await Promise.all([page.waitForURL(/\/actions\/camp\/enrol$/), page.click('form.camp-form button[type=submit]')]);
      assert.doesNotMatch(decodeURIComponent(page.url()), /王小明|花生|13800/);
      assert.equal(await page.inputValue('input[name=c0_name]'), `王小明${suffix}`);
      assert.equal(await page.inputValue('input[name=c1_name]'), `王小红${suffix}`);
      assert.equal(await page.inputValue('textarea[name=c0_medical]'), '花生过敏');
      assert.match(await page.locator('.field-error').first().textContent(), /请选择性别|必填/);
      await screenshot(page, `camp-error-${tag}`);
      await page.check('input[name=c1_gender][value=f]');
      await page.check('input[name=consent]');
      await Promise.all([page.waitForURL(/\/camp\/h\//), page.click('form.camp-form button[type=submit]')]);
      const reference = await page.locator('p.reference').textContent();
      assert.match(reference, /[A-HJ-NP-Z2-9]{6}/);
      assert.equal(await page.locator('li.child-status').count(), 2);
      assert.match(await page.locator('ul.children').textContent(), /已确认/);
      assert.match(await page.content(), /138\*\*\*\*800/);
      await screenshot(page, `camp-result-${tag}`);
      assertClean(phone, { expected: [/status of 422/] }); // the form sent back with its errors
      await phone.context.close();
    });
  }

  test('the organiser sees the roster, marks a fee paid and checks a child in', async () => {
    const base = server.base;
    const phone = await phonePage(browser, base);
    const { page } = phone;
    await signIn(page, base);
    // 管理 → the camp's roster, searched for the child.
    await openFromHub(page, '/camp/admin');
    await page.fill('main input[name=q]', '王小明1');
    await Promise.all([page.waitForURL(/\/camp\/admin\?q=/), page.click('form[action="/camp/admin"] button[type=submit]')]);
    const table = await page.locator('table.roster').textContent();
    assert.match(table, /王小明1/);
    assert.match(table, /138\*\*\*\*8001/);
    await Promise.all([page.waitForURL(/m=CampSaved/), page.click('table.roster button.primary')]);
    assert.match(await page.locator('table.roster').textContent(), /已到/);
    await screenshot(page, 'camp-roster-js');
    assertClean(phone);
    await phone.context.close();
  });
});
