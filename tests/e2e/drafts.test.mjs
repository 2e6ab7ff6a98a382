// Drafts are never lost: reload, a closed browser, a full storage, a
// corrupt entry, two tabs, and a backup restored into an empty app.browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { useApp, openPage, waitForApp } from './support.mjs';

const CELL = '#cell-t3-new-natural';
const app = useApp();

const draftKeys = (page) => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('nianbao.draft.')));
const status = (page) => page.locator('.save-status').textContent();

// Fills what is left of the origin's storage quota, then gives it back.
async function fillStorage(page) {
  await page.evaluate(() => {
    let size = 1 << 20;
    let i = 0;
    while (size >= 16) {
      try {
        localStorage.setItem(`filler.${i++}`, 'x'.repeat(size));
      } catch {
        size >>= 1;
      }
    }
  });
}
const freeStorage = (page) => page.evaluate(() => Object.keys(localStorage)
  .filter((k) => k.startsWith('filler.')).forEach((k) => localStorage.removeItem(k)));

async function waitSaved(page) {
  await page.waitForFunction(() => /^已保存 \d\d:\d\d:\d\d/.test(document.querySelector('.save-status')?.textContent ?? ''));
}

test('type, wait, reload: the draft and the cell the user was in come back', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByLabel('单位名称', { exact: true }).fill('测试局');
  await page.fill(CELL, '17');
  await page.focus('#cell-t3-carried_in-business');
  await waitSaved(page);
  await page.reload();
  await waitForApp(page);
  assert.equal(await page.inputValue(CELL), '17');
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), '测试局');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t3-carried_in-business');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('closing the browser within a second of typing loses nothing', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-profile-'));
  const args = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-sync'];
  const open = () => chromium.launchPersistentContext(dir, { executablePath: '/usr/bin/chromium', args });
  let ctx = await open();
  let page = await ctx.newPage();
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.locator(CELL).pressSequentially('123');
  // No blur, no pagehide: the draft is in storage within a second of the
  // last keystroke, then the browser is killed.
  await page.waitForFunction(() => Object.keys(localStorage)
    .some((k) => k.startsWith('nianbao.draft.') && localStorage.getItem(k).includes('"t3.new.natural":"123"')), null, { timeout: 1000 });
  await ctx.close();
  ctx = await open();
  page = await ctx.newPage();
  await page.goto(app.server.url);
  await waitForApp(page);
  assert.equal(await page.inputValue(CELL), '123');
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('storage full: the status says so, the last good copy stays, saving resumes', async () => {
  const context = await app.browser.newContext();
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.fill(CELL, '5');
  await waitSaved(page);
  const [key] = await draftKeys(page);
  const good = await page.evaluate((k) => localStorage.getItem(k), key);
  // Fill the rest of the quota.
  await fillStorage(page);
  await page.fill('#field-overview', '一段新写的总体情况文字。'.repeat(50));
  await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.includes('未能保存：浏览器存储空间已满'));
  assert.equal(await page.evaluate((k) => localStorage.getItem(k), key), good, 'the stored copy is byte-for-byte the last good one');
  assert.ok((await page.inputValue('#field-overview')).startsWith('一段新写的'), 'the edit stays on screen');
  assert.equal(await page.locator('.save-status button', { hasText: '备份全部草稿' }).count(), 1);
  // Space returns: saving resumes by itself.
  await freeStorage(page);
  await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.startsWith('已保存'), null, { timeout: 10000 });
  assert.ok((await page.evaluate((k) => localStorage.getItem(k), key)).includes('一段新写的'));
  await context.close();
});

test('garbage under a draft key: the app starts and offers the raw data', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await page.evaluate(() => localStorage.setItem('nianbao.draft.broken', '{"schema":1, garbage'));
  await page.reload();
  await waitForApp(page);
  await page.locator('.drafts-panel summary').click();
  const entry = page.locator('.draft.unreadable');
  assert.match(await entry.textContent(), /无法读取/);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    entry.getByRole('button', { name: '下载原始数据' }).click(),
  ]);
  const file = await download.path();
  assert.equal(fs.readFileSync(file, 'utf8'), '{"schema":1, garbage');
  // Typing a new draft never touches the broken entry.
  await page.fill(CELL, '1');
  await waitSaved(page);
  assert.equal(await page.evaluate(() => localStorage.getItem('nianbao.draft.broken')), '{"schema":1, garbage');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('two tabs on one draft: no silent overwrite', async () => {
  const context = await app.browser.newContext();
  const a = await context.newPage();
  await a.goto(app.server.url);
  await waitForApp(a);
  await a.fill(CELL, '1');
  await waitSaved(a);
  const b = await context.newPage();
  await b.goto(app.server.url);
  await waitForApp(b);
  assert.equal(await b.inputValue(CELL), '1');
  // Tab A saves a newer revision; tab B is told.
  await a.fill(CELL, '2');
  await waitSaved(a);
  await b.locator('.banner', { hasText: '另一个窗口' }).waitFor();
  // Tab B's own typing does not overwrite A's save.
  await b.fill('#cell-t3-new-business', '9');
  // Hiding the page saves at once, synchronously: B must refuse.
  await b.evaluate(() => window.dispatchEvent(new Event('pagehide')));
  assert.match(await status(b), /另一个窗口/);
  const [key] = await draftKeys(a);
  const stored = JSON.parse(await a.evaluate((k) => localStorage.getItem(k), key));
  assert.equal(stored.report.cells['t3.new.natural'], '2');
  assert.equal(stored.report.cells['t3.new.business'], undefined);
  // B keeps its text as a copy; A's draft stays.
  await b.getByRole('button', { name: '将本窗口的内容另存为副本' }).click();
  await b.waitForFunction(() => Object.keys(localStorage).filter((k) => k.startsWith('nianbao.draft.')).length === 2);
  assert.equal(await b.inputValue('#cell-t3-new-business'), '9');
  await context.close();
});

test('backup, clear the browser, restore: identical drafts', async () => {
  const context = await app.browser.newContext();
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByLabel('单位名称', { exact: true }).fill('甲局');
  await page.fill(CELL, '3');
  await waitSaved(page);
  await page.locator('.drafts-panel summary').click();
  await page.getByRole('button', { name: '新建空白草稿' }).click();
  await page.getByLabel('单位名称', { exact: true }).fill('乙局');
  await page.fill(CELL, '4');
  await waitSaved(page);
  const before = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
    .filter((k) => k.startsWith('nianbao.draft.')).map((k) => [k, JSON.parse(localStorage.getItem(k))])));
  assert.equal(Object.keys(before).length, 2);
  // 新建 closed the panel; open it again for its backup button.
  await page.locator('.drafts-panel summary').click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: '备份全部草稿' }).first().click(),
  ]);
  assert.match(download.suggestedFilename(), /^年报草稿备份-\d{8}\.json$/);
  const backupFile = await download.path();

  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await waitForApp(page);
  await page.locator('.drafts-panel summary').click();
  await page.locator('.drafts-panel input[type=file]').setInputFiles(backupFile);
  await page.locator('.drafts-message', { hasText: '已从备份恢复2份新草稿' }).waitFor();
  const after = await page.evaluate(() => Object.fromEntries(Object.keys(localStorage)
    .filter((k) => k.startsWith('nianbao.draft.')).map((k) => [k, JSON.parse(localStorage.getItem(k))])));
  assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
  for (const k of Object.keys(before)) {
    assert.deepEqual(after[k].report, before[k].report, k);
  }
  // A file that is not a backup changes nothing.
  const junk = path.join(os.tmpdir(), 'not-a-backup.json');
  fs.writeFileSync(junk, '{"hello":1}');
  await page.locator('.drafts-panel input[type=file]').setInputFiles(junk);
  await page.locator('.drafts-message', { hasText: '这不是本工具导出的草稿备份文件' }).waitFor();
  assert.equal((await draftKeys(page)).length, 2);
  await context.close();
});

test('no localStorage at all: the app works in memory and says nothing will be kept', async () => {
  const context = await app.browser.newContext();
  await context.addInitScript(() => {
    Object.defineProperty(window, 'localStorage', {
      get() {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
    });
  });
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.locator('.banner', { hasText: '关闭页面后填写的内容将丢失' }).waitFor();
  await page.fill(CELL, '8');
  await page.fill('#cell-t3-new-business', '2');
  assert.equal(await page.textContent('#cell-t3-new-total'), '10');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('drafts panel: rename, duplicate, delete with undo, next year', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  page.on('dialog', (d) => (d.type() === 'prompt' ? d.accept('甲局年报（初稿）') : d.accept()));
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.getByLabel('单位名称', { exact: true }).fill('甲局');
  await page.getByLabel('报告年度', { exact: true }).fill('2024');
  await page.fill('#cell-t3-carried_over-natural', '4');
  await page.fill('#cell-t2-norms-valid', '12');
  await waitSaved(page);
  await page.locator('.drafts-panel summary').click();
  const list = page.locator('.drafts-list');
  await list.locator('.draft', { hasText: '甲局 2024年度' }).waitFor();

  await list.locator('.draft.current').getByRole('button', { name: '重命名' }).click();
  await list.locator('.draft', { hasText: '甲局年报（初稿）' }).waitFor();

  await list.locator('.draft.current').getByRole('button', { name: '复制' }).click();
  await list.locator('.draft', { hasText: '甲局年报（初稿）（副本）' }).waitFor();
  assert.equal(await list.locator('.draft').count(), 2);

  const copy = list.locator('.draft', { hasText: '（副本）' });
  await copy.getByRole('button', { name: '删除' }).click();
  await page.locator('.drafts-message', { hasText: '已删除草稿' }).waitFor();
  assert.equal(await list.locator('.draft').count(), 1);
  await page.getByRole('button', { name: '撤销删除' }).click();
  await list.locator('.draft', { hasText: '（副本）' }).waitFor();
  assert.equal(await list.locator('.draft').count(), 2);

  // Next year: agency kept, year advanced, 结转 carried into 上年结转, this
  // report kept as last year's (the 现行有效 line compares with it).
  await page.getByRole('button', { name: '以此为基础新建下一年度报告' }).click();
  // The panel closes and the bar at the bottom says what is now open.
  await page.locator('.fix-notice', { hasText: '已新建「甲局 2025年度」' }).waitFor();
  assert.equal(await page.locator('.drafts-panel').getAttribute('open'), null);
  assert.equal(await page.getByLabel('单位名称', { exact: true }).inputValue(), '甲局');
  assert.equal(await page.getByLabel('报告年度', { exact: true }).inputValue(), '2025');
  assert.equal(await page.inputValue('#cell-t3-carried_in-natural'), '4');
  assert.equal(await page.inputValue('#cell-t3-new-natural'), '');
  assert.match(await page.locator('#proactive .status-lines').textContent(), /行政规范性文件：上年现行有效件数＋本年制发件数－本年废止件数＝12＋/);
  await page.locator('.drafts-panel summary').click();
  // The list is filled when the panel opens.
  await list.locator('.draft').nth(2).waitFor();
  assert.equal(await list.locator('.draft').count(), 3);
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('storage full: leaving the draft asks first, and the backup holds what is on screen', async () => {
  const context = await app.browser.newContext({ acceptDownloads: true });
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.fill(CELL, '5');
  await waitSaved(page);
  await fillStorage(page);
  await page.fill('#field-overview', '还没存下的文字。'.repeat(40));
  await page.waitForFunction(() => document.querySelector('.save-status')?.textContent.includes('未能保存'));
  // Opening a blank draft would drop the unsaved text: the page asks, and
  // saying no keeps it on screen.
  let asked = '';
  page.once('dialog', (d) => {
    asked = d.message();
    d.dismiss();
  });
  await page.locator('.drafts-panel summary').click();
  await page.getByRole('button', { name: '新建空白草稿' }).click();
  assert.match(asked, /修改未能保存/);
  assert.ok((await page.inputValue('#field-overview')).startsWith('还没存下的文字'));
  // The backup the status offers contains the unsaved text.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator('.save-status button', { hasText: '备份全部草稿' }).click(),
  ]);
  const backup = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
  assert.ok(backup.drafts.some((d) => d.report.overview.startsWith('还没存下的文字')));
  await freeStorage(page);
  await context.close();
});
