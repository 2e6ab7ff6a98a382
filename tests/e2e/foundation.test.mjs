// The release build loads, shows the report's headings, and stays quiet:
// no console error, no failed request, no request beyond its own origin.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useApp, serve, openPage, waitForApp } from './support.mjs';

const HEADINGS = [
  '一、总体情况',
  '二、主动公开政府信息情况',
  '三、收到和处理政府信息公开申请情况',
  '四、政府信息公开行政复议、行政诉讼情况',
  '五、存在的主要问题及改进情况',
  '六、其他需要报告的事项',
];

const app = useApp();

test('release build renders the title area and the six headings', async () => {
  const context = await app.browser.newContext();
  const { page, problems } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.match(await page.title(), /政府信息公开工作年度报告/);
  assert.deepEqual(await page.locator('h2').allTextContents(), HEADINGS);
  await page.getByLabel('单位名称', { exact: true }).fill('老城区机关事务服务中心');
  await page.getByLabel('报告年度', { exact: true }).fill('2021');
  assert.equal(
    await page.locator('h1').textContent(),
    '老城区机关事务服务中心2021年政府信息公开工作年度报告',
  );
  // Late requests (favicon, lazy assets) have come and gone.
  await page.waitForLoadState('networkidle');
  assert.deepEqual(problems.pageErrors, []);
  assert.deepEqual(problems.consoleErrors, []);
  assert.deepEqual(problems.failedRequests, []);
  assert.deepEqual(problems.foreignRequests, []);
  await context.close();
});

test('asset URLs are relative, so dist/ works under any sub-path', async () => {
  const sub = await serve(undefined, '/tools/nianbao/');
  try {
    const context = await app.browser.newContext();
    const { page, problems } = await openPage(context, sub.origin);
    await page.goto(sub.url);
    await waitForApp(page);
    assert.equal(await page.locator('h2').count(), 6);
    assert.deepEqual(problems.failedRequests, []);
    assert.ok(sub.requests.every((p) => p.startsWith('/tools/nianbao/')), sub.requests.join(','));
    await context.close();
  } finally {
    await sub.close();
  }
});

test('the layout has no horizontal overflow at 360 px', async () => {
  const context = await app.browser.newContext({ viewport: { width: 360, height: 740 } });
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page is ${overflow}px wider than the viewport`);
  if (process.env.SCREENSHOTS) await page.screenshot({ path: `${process.env.SCREENSHOTS}/foundation-360.png`, fullPage: true });
  await context.close();
});
