// Accessibility: axe-core (npm) audits every state of the page a clerk
// meets — the empty form, the form after 检查报告 with errors, the batch
// view, the import preview, the drafts panel, the print preview, and phone
// width — and finds
// nothing. The page's CSP refuses injected scripts, so axe is evaluated
// through the driver (DevTools evaluation is not page script), never
// added to the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { useApp, openPage, waitForApp, shared } from './support.mjs';

const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const app = useApp();

// Runs axe on the whole document; returns its violations as readable lines.
async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 5).map((n) => n.target.join(' ')).join('\n    ')}`);
  });
  return violations;
}

async function openApp(options = {}) {
  const context = await app.browser.newContext(options);
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  return { context, page, problems };
}

test('axe: the empty form, then after 检查报告 with errors', async () => {
  const { context, page, problems } = await openApp();
  assert.deepEqual(await audit(page), [], 'empty form');
  await page.fill('#cell-t3-new-natural', '12');
  await page.fill('#cell-t3-carried_in-natural', 'x');
  await page.getByRole('button', { name: '检查报告' }).click();
  await page.locator('.summary .findings').first().waitFor();
  assert.deepEqual(await audit(page), [], 'after 检查报告 with errors');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('axe: the batch view with its results, one report’s findings and the 汇总表', async () => {
  const { context, page, problems } = await openApp();
  await page.getByRole('link', { name: '批量检查' }).click();
  await page.getByRole('heading', { name: '批量检查与汇总', level: 1 }).waitFor();
  assert.deepEqual(await audit(page), [], 'empty batch view');
  const files = ['2023_hongze-qu.txt', '2024_hongze-qu.txt', '2021_laocheng-jiguan-shiwu.txt'].map((f) => path.join(shared, 'reports', f));
  await page.locator('#batch-files').setInputFiles([...files, path.join(shared, 'reports/README.md')]);
  await page.locator('#batch-done', { hasText: '已检查 4/4' }).waitFor();
  await page.locator('#batch-counts', { hasText: '共4个文件' }).waitFor();
  await page.getByRole('button', { name: '2023_hongze-qu.txt', exact: true }).click();
  await page.locator('#batch-findings h3').first().waitFor();
  await page.getByRole('button', { name: '全选' }).click();
  await page.locator('#batch-selected', { hasText: '已选择3份' }).waitFor();
  await page.getByRole('button', { name: '汇总所选报告' }).click();
  await page.locator('#batch-summary td.incomplete').first().waitFor();
  assert.deepEqual(await audit(page), [], 'results, findings and 汇总表');
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('axe: the import preview and the drafts panel', async () => {
  const { context, page } = await openApp();
  await page.getByRole('button', { name: '导入', exact: true }).click();
  await page.fill('#import-text', fs.readFileSync(path.join(shared, 'reports/2023_hongze-qu.txt'), 'utf8'));
  await page.getByRole('button', { name: '识别粘贴的文字' }).click();
  await page.locator('.import-preview').waitFor();
  assert.deepEqual(await audit(page), [], 'import preview');
  await page.getByRole('button', { name: '作为新草稿' }).click();
  await page.locator('.import-done').waitFor();
  await page.locator('.drafts-panel summary').click();
  await page.locator('.drafts-list .draft').first().waitFor();
  assert.deepEqual(await audit(page), [], 'drafts panel');
  await context.close();
});

test('axe: the print preview', async () => {
  const { context, page } = await openApp();
  await page.getByLabel('单位名称', { exact: true }).fill('老城区机关事务服务中心');
  await page.getByRole('button', { name: '打印预览' }).click();
  await page.locator('.print-preview .report-doc').waitFor();
  assert.deepEqual(await audit(page), [], 'print preview');
  await context.close();
});

test('axe: phone width (375 px), form and drafts panel', async () => {
  const { context, page } = await openApp({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
  assert.deepEqual(await audit(page), [], 'phone');
  await page.locator('.drafts-panel summary').click();
  await page.locator('.drafts-body').waitFor();
  assert.deepEqual(await audit(page), [], 'phone, drafts panel');
  await context.close();
});
