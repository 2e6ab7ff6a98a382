// A new user fills the complete 2024 淮安市 report by typing and pasting,
// checks it, breaks one cell, follows the error to it, and the page still
// fits a 375 px phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useApp, openPage, waitForApp, root } from './support.mjs';

const report = JSON.parse(fs.readFileSync(path.join(root, 'tests/e2e/fixtures/huaian-2024.json'), 'utf8'));
const domId = (key) => `#cell-${key.replaceAll('.', '-')}`;

// Table 三 as printed: 25 rows × 7 columns, totals included, as a clerk
// copies it from last year's Word table.
const T3_ROWS = ['new', 'carried_in', 'disclosed', 'partly', ...[1, 2, 3, 4, 5, 6, 7, 8].map((i) => `refused${i}`),
  'unable1', 'unable2', 'unable3', ...[1, 2, 3, 4, 5].map((i) => `not_processed${i}`), 'other1', 'other2', 'other3',
  'total', 'carried_over'];
const T3_COLS = ['natural', 'business', 'research', 'public', 'legal', 'other', 'total'];
const T4 = ['review', 'direct_suit', 'suit_after_review'].flatMap((g) => ['upheld', 'corrected', 'other', 'pending', 'total'].map((c) => `t4.${g}.${c}`));
const valueOf = (key) => report.cells[key] ?? report.stated_totals[key] ?? '';

const app = useApp();

async function paste(page, selector, text) {
  await page.focus(selector);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.keyboard.press('Control+V');
}

test('fill the 2024 淮安市 report, check it, follow an error to its cell', async () => {
  const context = await app.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);

  await page.getByLabel('单位名称', { exact: true }).fill(report.agency);
  await page.getByLabel('报告年度', { exact: true }).fill(report.year);
  await page.fill('#field-overview', report.overview);
  await page.fill('#field-problems', report.problems);
  await page.fill('#field-other', report.other);

  // Table 二 typed cell by cell; Enter moves down like a spreadsheet.
  await page.locator(domId('t2.rules.issued')).pressSequentially(valueOf('t2.rules.issued'));
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cell-t2-norms-issued');
  await page.keyboard.type(valueOf('t2.norms.issued'));
  for (const key of Object.keys(report.cells).filter((k) => k.startsWith('t2.') && !['t2.rules.issued', 't2.norms.issued'].includes(k))) {
    await page.locator(domId(key)).pressSequentially(valueOf(key));
  }

  // Table 三 pasted as one block from its first cell, totals included:
  // the totals land on computed cells and are dropped.
  const block = T3_ROWS.map((r) => T3_COLS.map((c) => valueOf(`t3.${r}.${c}`)).join('\t')).join('\r\n') + '\r\n';
  await paste(page, domId('t3.new.natural'), block);
  // Table 四: one row of 15 numbers.
  await paste(page, domId('t4.review.upheld'), T4.map(valueOf).join('\t'));

  // Every total the page computes equals the published one.
  for (const r of T3_ROWS) {
    assert.equal(await page.textContent(domId(`t3.${r}.total`)), valueOf(`t3.${r}.total`), `t3.${r}.total`);
  }
  for (const key of T4.filter((k) => k.endsWith('.total'))) {
    assert.equal(await page.textContent(domId(key)), valueOf(key), key);
  }

  await page.getByRole('button', { name: '检查报告' }).click();
  const summary = page.locator('.summary');
  await summary.waitFor();
  assert.match(await summary.locator('h2').textContent(), /^检查(完毕：未发现问题|结果：0处错误)/);
  assert.equal(await page.evaluate(() => document.activeElement.className), 'summary', 'focus moves to the summary');
  assert.ok(!(await page.title()).includes('处错误'));

  // One wrong number: the balance line states the difference, as an error.
  await page.fill(domId('t3.new.natural'), '3002');
  const line = page.locator('#requests .status-lines li', { hasText: '自然人列' });
  assert.equal(await line.textContent(), '错误：自然人列：一＋二＝3036，（七）总计＋四＝3035，相差1');
  assert.match(await line.getAttribute('class'), /error/);
  // The page title follows the settled report (after typing pauses).
  await page.waitForFunction(() => document.title.startsWith('2处错误'));
  assert.match(await page.title(), /^2处错误 - 淮安市人民政府2024年政府信息公开工作年度报告/);

  // The summary link lands in the cell.
  await page.locator('.findings a', { hasText: '自然人列' }).click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'cell-t3-new-natural');

  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.foreignRequests, []);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/form-desktop.png` });
  await context.close();
});

test('at 375 px the page does not scroll sideways; tables scroll in their box', async () => {
  const context = await app.browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  const box = await page.evaluate(() => {
    const el = document.querySelector('#requests .table-scroll');
    return { scroll: el.scrollWidth, client: el.clientWidth };
  });
  assert.ok(box.scroll > box.client, 'table 三 scrolls inside its box');
  // Touch targets are at least 40 px tall.
  const small = await page.evaluate(() => [...document.querySelectorAll('input.num, button, textarea')]
    .filter((el) => el.getBoundingClientRect().height < 40).map((el) => el.id || el.textContent));
  assert.deepEqual(small, []);
  if (process.env.SCREENSHOTS) {
    await page.locator('#requests').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${process.env.SCREENSHOTS}/form-375.png` });
  }
  await context.close();
});
