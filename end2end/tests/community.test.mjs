// Community on phones: an organiser posts a notice and a resident sees it on 今日 (also
// with a picture); a resident sends a request, the organiser answers it, and the resident
// reads the answer with the reference code. JavaScript on and off; nothing loaded from
// outside.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32, deflateSync } from 'node:zlib';
import { assertClean, launchBrowser, openFromHub, openTab, phonePage, screenshot, signIn, startServer } from './helpers.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

/** A real PNG: a red and cream checkerboard of the given size. */
function checkerboardPng(width, height) {
  const chunk = (type, data) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 2; // RGB
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const red = ((x >> 4) + (y >> 4)) % 2 === 0;
      row.set(red ? [179, 38, 30] : [247, 245, 242], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const javaScript of [true, false]) {
  const suffix = javaScript ? 'js' : 'nojs';
  describe(`community (JavaScript ${javaScript ? 'on' : 'off'})`, () => {
    let server;
    before(async () => { server = await startServer(); });
    after(() => server?.stop());

    test('an organiser posts a notice; a resident sees it on 今日', async () => {
      const base = server.base;
      const organiser = await phonePage(browser, base, { javaScript });
      await signIn(organiser.page, base, 'organiser', 'cunba-demo-2026');
      await openFromHub(organiser.page, '/notices');
      await organiser.page.click('details.post-notice summary');
      // An empty title comes back marked, with the text kept.
      await organiser.page.fill('textarea[name=body]', '周六晚上七点，东坊球场，欢迎居民观赛。');
      await Promise.all([organiser.page.waitForURL(/f=title\.missing/), organiser.page.click('form[action="/actions/notices"] button')]);
      assert.equal(await organiser.page.inputValue('textarea[name=body]'), '周六晚上七点，东坊球场，欢迎居民观赛。');
      await screenshot(organiser.page, `notice-form-error-${suffix}`);
      await organiser.page.fill('input[name=title]', '中秋杯决赛观赛提示');
      await Promise.all([organiser.page.waitForURL(/m=NoticePosted/), organiser.page.click('form[action="/actions/notices"] button')]);
      assertClean(organiser);

      const resident = await phonePage(browser, base, { javaScript });
      await resident.page.goto(`${base}/`);
      const notices = resident.page.locator('section.notices');
      assert.match(await notices.textContent(), /中秋杯决赛观赛提示/);
      assert.match(await notices.textContent(), /周末球场安全提示/, 'the pinned demo notice');
      await screenshot(resident.page, `today-notices-${suffix}`);
      await Promise.all([resident.page.waitForURL(/\/notices$/), resident.page.click('section.notices p.links a[href="/notices"]')]);
      await screenshot(resident.page, `notices-${suffix}`);
      assertClean(resident);
    });

    test('an organiser posts a notice with a picture; a resident sees it on 今日', async () => {
      const base = server.base;
      const title = `东坊球场新灯 ${suffix}`;
      const organiser = await phonePage(browser, base, { javaScript });
      await signIn(organiser.page, base, 'organiser', 'cunba-demo-2026');
      await openFromHub(organiser.page, '/notices');
      await organiser.page.click('details.post-notice summary');
      await organiser.page.fill('input[name=title]', title);
      await organiser.page.fill('textarea[name=body]', '东坊球场装好了新灯，晚上也能打球，欢迎居民来看。');
      await organiser.page.setInputFiles('input[name=image]', {
        name: 'new-lights.png', mimeType: 'image/png', buffer: checkerboardPng(320, 200),
      });
      await screenshot(organiser.page, `notice-form-image-${suffix}`);
      await Promise.all([organiser.page.waitForURL(/m=NoticePosted/), organiser.page.click('form[action="/actions/notices"] button')]);
      const posted = organiser.page.locator('article.notice-card', { hasText: title }).locator('img.notice-image');
      assert.equal(await posted.getAttribute('alt'), title);
      assertClean(organiser);

      const resident = await phonePage(browser, base, { javaScript });
      const imageLoaded = resident.page.waitForResponse((r) => /\/notices\/\d+\/image$/.test(r.url()));
      await resident.page.goto(`${base}/`);
      const image = resident.page.locator('section.notices article.notice-card', { hasText: title }).locator('img.notice-image');
      assert.equal(await image.getAttribute('alt'), title);
      assert.equal(await image.getAttribute('width'), '320');
      assert.equal(await image.getAttribute('height'), '200');
      const response = await imageLoaded;
      assert.equal(response.status(), 200);
      assert.equal(response.headers()['content-type'], 'image/png');
      assert.equal(response.headers()['x-content-type-options'], 'nosniff');
      await screenshot(resident.page, `today-notice-image-${suffix}`);
      assertClean(resident);
    });

    test('a resident sends a request, the organiser answers, the resident reads it with the code', async () => {
      const base = server.base;
      const resident = await phonePage(browser, base, { javaScript });
      await resident.page.goto(`${base}/`);
      await Promise.all([resident.page.waitForURL(/\/requests\/new$/), resident.page.click('section.notices a[href="/requests/new"]')]);
      await resident.page.fill('input[name=topic]', '南坊球场缺垃圾桶');
      await resident.page.fill('textarea[name=body]', '比赛后球场边很多空瓶，希望加两个垃圾桶。');
      await resident.page.selectOption('select[name=group]', { label: '南坊村民小组' });
      await resident.page.fill('input[name=phone]', '13712345678');
      await screenshot(resident.page, `request-form-${suffix}`);
      await Promise.all([resident.page.waitForURL(/\/requests\/view\?code=/), resident.page.click('form[action="/actions/requests"] button')]);
      const code = (await resident.page.locator('strong.code').textContent()).trim();
      assert.match(code, /^[A-HJ-NP-Z2-9]{6}$/);
      assert.doesNotMatch(await resident.page.content(), /13712345678/);
      await screenshot(resident.page, `request-code-${suffix}`);

      const organiser = await phonePage(browser, base, { javaScript });
      await signIn(organiser.page, base, 'organiser', 'cunba-demo-2026');
      await openFromHub(organiser.page, '/requests/inbox');
      const card = organiser.page.locator('article.request-card', { hasText: '南坊球场缺垃圾桶' });
      assert.match(await card.textContent(), /13712345678/);
      await card.locator('textarea[name=answer]').fill('已安排，本周内在南坊球场放两个垃圾桶。');
      await card.locator('input[name=publish]').check();
      await screenshot(organiser.page, `request-inbox-${suffix}`);
      await Promise.all([organiser.page.waitForURL(/m=AnswerPublished/), card.locator('button[type=submit]').click()]);
      assertClean(organiser);

      // Later: 今日 → 反映诉求或建议 → 凭查询码查看答复, and the code typed in.
      await openTab(resident.page, '/');
      await Promise.all([resident.page.waitForURL(/\/requests\/new$/), resident.page.click('section.notices a[href="/requests/new"]')]);
      await Promise.all([resident.page.waitForURL(/\/requests\/view$/), resident.page.click('main a[href="/requests/view"]')]);
      await resident.page.fill('input[name=code]', code.toLowerCase());
      await Promise.all([resident.page.waitForURL(/code=/), resident.page.click('form.lookup button')]);
      assert.match(await resident.page.locator('section.answer').textContent(), /本周内在南坊球场放两个垃圾桶/);
      await screenshot(resident.page, `request-answer-${suffix}`);
      await openTab(resident.page, '/');
      assert.match(await resident.page.locator('section.notices').textContent(), /南坊球场缺垃圾桶/);
      assertClean(resident);
    });
  });
}
