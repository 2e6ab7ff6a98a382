// Finishing the report in one sitting: following errors to their cells,
// stepping through them, seeing bad cells at once after a reload, pastes
// that say what they did, the phone's drafts panel and focused cell.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { useApp, openPage, waitForApp, root } from './support.mjs';

const report = JSON.parse(fs.readFileSync(path.join(root, 'tests/e2e/fixtures/huaian-2024.json'), 'utf8'));
const app = useApp();

// Opens the app with `r` as the stored, open draft.
async function openWith(context, r, viewport) {
  const { page, problems } = await openPage(context, app.server.origin);
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(app.server.url);
  await page.evaluate((rep) => {
    localStorage.setItem('nianbao.draft.e2e', JSON.stringify({ schema: 1, id: 'e2e', name: '', revision: 1, saved_at: Date.now(), report: rep, last_year: null, position: null }));
    localStorage.setItem('nianbao.current', 'e2e');
    localStorage.setItem('nianbao.notice-seen', '1');
  }, r);
  await page.reload();
  await waitForApp(page);
  return { page, problems };
}

// The report with a few cells broken.
function broken(changes) {
  const r = structuredClone(report);
  Object.assign(r.cells, changes);
  return r;
}

// Where an element is on screen.
const box = (page, selector) => page.evaluate((s) => {
  const r = document.querySelector(s).getBoundingClientRect();
  return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, vh: innerHeight, vw: innerWidth };
}, selector);

test('a summary link brings its cell to the middle with its row label and message in view', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const { page } = await openWith(context, broken({ 't3.not_processed4.legal': '-2' }));
  await page.getByRole('button', { name: '检查报告' }).click();
  await page.locator('.summary a[href="#cell-t3-not_processed4-legal"]').click();
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t3-not_processed4-legal');
  const cell = await box(page, '#cell-t3-not_processed4-legal');
  assert.ok(cell.top > cell.vh * 0.25 && cell.bottom < cell.vh * 0.75, `cell at ${cell.top}–${cell.bottom} of ${cell.vh}`);
  // Its message sits under it, in view, saying only what is wrong.
  const msg = await box(page, '#cell-t3-not_processed4-legal-err');
  assert.ok(msg.bottom < msg.vh, 'message in view');
  assert.equal(await page.textContent('#cell-t3-not_processed4-legal-err'), '错误：不能为负数');
  // The row's label is on screen beside it.
  const label = await page.evaluate(() => {
    const row = document.querySelector('#cell-t3-not_processed4-legal').closest('tr');
    const r = row.querySelector('th.lbl-c').getBoundingClientRect();
    return { left: r.left, right: r.right, top: r.top, vw: innerWidth, vh: innerHeight };
  });
  assert.ok(label.left >= 0 && label.right <= label.vw && label.top >= 0 && label.top < label.vh, JSON.stringify(label));
  // Rule ids are not in the text a clerk reads.
  assert.ok(!/\[(CELL|T3|T4|META|TXT|X)-/.test(await page.textContent('.summary')));
  await context.close();
});

test('the bar at the bottom steps through the errors and follows the fixes', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const { page, problems } = await openWith(context, broken({ 't2.licensing': '1O', 't3.new.business': '-1', 't4.review.upheld': '' }));
  await page.getByRole('button', { name: '检查报告' }).click();
  const bar = page.locator('.fix-bar');
  await bar.locator('.fix-where', { hasText: '第 1/' }).waitFor();
  const total = Number(/第 1\/(\d+) 处错误/.exec(await bar.textContent())[1]);
  assert.ok(total >= 3, `${total} errors`);
  await bar.getByRole('button', { name: '下一处' }).click();
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t2-licensing');
  assert.match(await bar.textContent(), new RegExp(`第 1/${total} 处错误：表二 · 行政许可 · 本年处理决定数量：含有字母 O（大写o，不是数字0）`));
  // F8 goes on to the next one.
  await page.keyboard.press('F8');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t3-new-business');
  assert.match(await bar.textContent(), new RegExp(`第 2/${total} 处`));
  // Fixing it (the published value back) takes it and the sums it broke
  // off the list; 下一处 then goes to what came after.
  await page.keyboard.press('Control+A');
  await page.keyboard.type(report.cells['t3.new.business']);
  await page.keyboard.press('Tab');
  await page.waitForFunction((n) => {
    const m = /\/(\d+) 处错误/.exec(document.querySelector('.fix-bar')?.textContent ?? '');
    return m && Number(m[1]) < n;
  }, total);
  await page.keyboard.press('F8');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t4-review-upheld');
  // Shift+F8 goes back.
  await page.keyboard.press('Shift+F8');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t2-licensing');
  await bar.getByRole('button', { name: '返回检查结果' }).click();
  await page.waitForFunction(() => document.activeElement?.classList.contains('summary'));
  assert.deepEqual(problems.pageErrors, []);
  await context.close();
});

test('bad cells are marked at once after a reload, without touching them', async () => {
  const context = await app.browser.newContext();
  const { page } = await openWith(context, broken({ 't3.disclosed.natural': 'O', 't3.partly.natural': '-26' }));
  for (const [id, text] of [['cell-t3-disclosed-natural', '含有字母 O（大写o，不是数字0），只能填数字'], ['cell-t3-partly-natural', '不能为负数']]) {
    assert.equal(await page.getAttribute(`#${id}`, 'aria-invalid'), 'true', id);
    assert.equal(await page.textContent(`#${id}-err`), `错误：${text}`);
  }
  // An empty cell is not an error while drafting, but is after 检查报告.
  await page.fill('#cell-t3-new-legal', '');
  await page.locator('#cell-t3-new-legal').blur();
  assert.equal(await page.getAttribute('#cell-t3-new-legal', 'aria-invalid'), null);
  await page.getByRole('button', { name: '检查报告' }).click();
  await page.waitForFunction(() => document.querySelector('#cell-t3-new-legal')?.getAttribute('aria-invalid') === 'true');
  assert.equal(await page.textContent('#cell-t3-new-legal-err'), '错误：未填写，没有的请填0');
  await context.close();
});

test('a paste says what it did and keeps a 总计 that does not add up', async () => {
  const context = await app.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.focus('#cell-t3-new-natural');
  // Two rows with their 总计; the second 总计 is one too many.
  await page.evaluate(() => navigator.clipboard.writeText('1\t2\t0\t0\t0\t0\t3\r\n4\t0\t0\t0\t0\t0\t5\r\n'));
  await page.keyboard.press('Control+V');
  const note = page.locator('#requests .table-note');
  await note.filter({ hasText: '已粘贴 2 行 × 7 列' }).waitFor();
  assert.match(await note.textContent(), /其中1个总计与各项之和不符/);
  assert.equal(await page.inputValue('#cell-t3-new-business'), '2');
  // The computed total shows, with the pasted one beside it.
  assert.equal(await page.textContent('#cell-t3-new-total'), '3');
  assert.equal(await page.textContent('#cell-t3-carried_in-total'), '4（原表：5）');
  // Like an imported report's stated totals: the check names it.
  await page.getByRole('button', { name: '检查报告' }).click();
  await page.locator('.summary', { hasText: '各类申请人之和为4，表中为5' }).waitFor();
  await context.close();
});

test('keyboard: Ctrl+↓ jumps to the next table, Enter moves on in table 四', async () => {
  const context = await app.browser.newContext();
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  await page.focus('#cell-t2-rules-issued');
  await page.keyboard.press('Control+ArrowDown');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t3-new-natural');
  await page.keyboard.press('Control+ArrowDown');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t4-review-upheld');
  await page.keyboard.type('3');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t4-review-corrected');
  await page.keyboard.press('Control+ArrowUp');
  await page.waitForFunction(() => document.activeElement?.id === 'cell-t3-new-natural');
  await context.close();
});

test('each number cell is a form of its own that is never sent: Enter at the last cell and a submit leave the page as it is', async () => {
  const context = await app.browser.newContext();
  const { page } = await openPage(context, app.server.origin);
  await page.goto(app.server.url);
  await waitForApp(page);
  // One field per form: Chromium's autofill reads the focused field's whole
  // form on every focus (src/ui/cells.rs).
  const shape = await page.evaluate(() => {
    const cells = [...document.querySelectorAll('input.num')];
    return {
      cells: cells.length,
      alone: cells.filter((i) => i.form && i.form.elements.length === 1).length,
      // A phone keyboard labels its action key 「下一项」, not 「前往」.
      next: cells.filter((i) => i.enterKeyHint === 'next').length,
      last: cells[cells.length - 1].id,
    };
  });
  assert.ok(shape.cells > 150, `${shape.cells} number cells`);
  assert.equal(shape.alone, shape.cells);
  assert.equal(shape.next, shape.cells);
  let navigations = 0;
  page.on('framenavigated', (f) => { if (f === page.mainFrame()) navigations += 1; });
  const url = page.url();
  await page.focus(`#${shape.last}`);
  await page.keyboard.type('7');
  await page.keyboard.press('Enter');
  // A submit that happens anyway (a phone keyboard's 前往 key).
  const cancelled = await page.evaluate((id) => {
    const form = document.getElementById(id).form;
    let seen = null;
    // On the window, after the app's own (delegated) handler.
    window.addEventListener('submit', (e) => { seen = e.defaultPrevented; });
    form.requestSubmit();
    return seen;
  }, shape.last);
  assert.equal(cancelled, true, 'the submit event was cancelled');
  // Still the same page, the number still typed.
  assert.equal(page.url(), url);
  assert.equal(navigations, 0);
  assert.equal(await page.inputValue(`#${shape.last}`), '7');
  await context.close();
});

test('moving from cell to cell and typing rewrite only what changed: a status line when its state changes, the bar\'s text only', async () => {
  const context = await app.browser.newContext();
  const { page } = await openWith(context, report);
  await page.focus('#cell-t3-new-natural');
  await page.locator('.fix-where').waitFor();
  await page.evaluate(() => {
    // The bar as it is now: moving on must keep this element.
    window.__bar = document.querySelector('.fix-bar');
    window.__records = [];
    new MutationObserver((ms) => window.__records.push(...ms)).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true, attributeOldValue: true });
  });
  const rows = ['new', 'disclosed', 'partly', 'refused1', 'refused3', 'unable2', 'not_processed1', 'other2', 'carried_over'];
  const cols = ['natural', 'business', 'research', 'public', 'legal', 'other'];
  let changed = 0;
  for (let i = 0; i < 18; i++) {
    const id = `cell-t3-${rows[i % rows.length]}-${cols[(i * 5) % cols.length]}`;
    const total = `cell-t3-${rows[i % rows.length]}-total`;
    const before = await page.evaluate((total) => document.getElementById(total).textContent, total);
    const value = await page.inputValue(`#${id}`);
    // A digit that changes the cell, so the row's 总计 changes.
    const digit = String((Number(value) + 1 + i) % 10);
    await page.focus(`#${id}`);
    await page.keyboard.press('Control+A');
    await page.keyboard.press(digit === value ? String((Number(digit) + 1) % 10) : digit);
    await page.waitForFunction(([total, old]) => document.getElementById(total).textContent !== old, [total, before]);
    const seen = await page.evaluate(() => {
      const records = window.__records.splice(0);
      const bar = document.querySelector('.fix-bar');
      const sameBar = bar === window.__bar;
      // Every element whose class was written, and the class it had.
      const firstOld = new Map();
      for (const r of records) if (r.type === 'attributes' && r.attributeName === 'class' && !firstOld.has(r.target)) firstOld.set(r.target, r.oldValue ?? '');
      const real = [...firstOld].filter(([el, old]) => el.getAttribute('class') !== old).map(([el]) => el);
      return {
        // Written with the value it had, and not inside a line whose look
        // really changed (that line is built again as a whole).
        needless: [...firstOld].filter(([el, old]) => el.getAttribute('class') === old && !real.some((r) => r !== el && r.contains(el))).map(([el]) => el.outerHTML.slice(0, 80)),
        real: real.length,
        sameBar,
        barElements: records.filter((r) => bar.contains(r.target) && r.type !== 'characterData').length,
        place: document.querySelector('.fix-where').textContent,
      };
    });
    assert.deepEqual(seen.needless, [], `keystroke ${i}: a class written with the value it had`);
    assert.equal(seen.sameBar, true, `keystroke ${i}: the bar was built again`);
    assert.equal(seen.barElements, 0, `keystroke ${i}: the bar's elements were rebuilt`);
    assert.match(seen.place, /^当前单元格：表三/);
    changed += seen.real;
  }
  // Some lines did move between 相符 and 不相符: the check above saw real
  // changes beside the needless ones it rules out.
  assert.ok(changed > 0);
  await context.close();
});

test('on a phone: the drafts panel gets out of the way, the focused cell is named', async () => {
  const context = await app.browser.newContext({ viewport: { width: 375, height: 740 }, hasTouch: true, isMobile: true });
  const { page } = await openWith(context, report);
  const panel = page.locator('.drafts-panel');
  await panel.locator('summary').tap();
  await panel.getByRole('button', { name: '新建空白草稿' }).tap();
  // Closed after 新建, and the new draft is listed at once as the open one.
  await page.waitForFunction(() => !document.querySelector('.drafts-panel').open);
  await panel.locator('summary').tap();
  await panel.locator('.draft.current', { hasText: '未命名草稿' }).waitFor();
  assert.match(await panel.locator('.draft.current').textContent(), /尚未保存/);
  assert.match(await panel.locator('summary').textContent(), /草稿（2）/);
  // A tap outside closes it (beside it: on a phone it covers the form).
  const b = await panel.locator('.drafts-body').boundingBox();
  await page.touchscreen.tap(Math.max(2, b.x - 8), b.y + b.height / 2);
  await page.waitForFunction(() => !document.querySelector('.drafts-panel').open);
  // Deep in table 三 the focused cell's row and column are named.
  await page.locator('#cell-t3-not_processed2-research').tap();
  await page.locator('.fix-bar', { hasText: '表三 · （五）不予处理 2.重复申请 · 科研机构' }).waitFor();
  // Inputs are 16px or more, so iOS does not zoom; 电话 gets a phone keypad.
  const small = await page.evaluate(() => [...document.querySelectorAll('input[type=text], textarea')]
    .filter((e) => parseFloat(getComputedStyle(e).fontSize) < 16).map((e) => e.id));
  assert.deepEqual(small, []);
  assert.equal(await page.getAttribute('#field-preamble-phone', 'inputmode'), 'tel');
  await context.close();
});

test('table 四 fits a 1366 px screen with its last 总计 in view', async () => {
  const context = await app.browser.newContext({ viewport: { width: 1366, height: 768 } });
  const { page } = await openWith(context, report);
  const fits = await page.evaluate(() => {
    const box = document.querySelector('#review .table-scroll');
    return box.scrollWidth <= box.clientWidth;
  });
  assert.ok(fits, 'table 四 scrolls sideways at 1366 px');
  await context.close();
});
