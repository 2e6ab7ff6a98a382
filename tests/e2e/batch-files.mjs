// Files for the batch view (批量检查与汇总), shared by its end-to-end test
// (tests/e2e/batch.test.mjs) and the 300-report benchmark (bench/batch.mjs):
// report files derived from a real report, ZIP archives, the app's own
// exports, and files dropped on the page as a browser delivers them.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { openPage, waitForApp, root, shared } from './support.mjs';

export const fixture = (name) => JSON.parse(fs.readFileSync(path.join(root, 'tests/e2e/fixtures', name), 'utf8'));
export const reportFile = (name) => fs.readFileSync(path.join(shared, 'reports', name));

// ---- the files ----

export const COLUMNS = ['natural', 'business', 'research', 'public', 'legal', 'other'];

// 淮安市 2024 under another agency's name, with other numbers that keep
// every rule as it was: table 三's applicant columns rotated by `shift`
// (each column's balance and each row's 总计 unchanged, so the totals the
// text quotes still hold) and table 二's counts of 行政许可/处罚/强制 moved.
// `t4Error`: table 四's printed 行政复议 总计 one more than its parts, the
// error a clerk's typo makes: T4-SUM, one error, and the text's
// 「行政复议351件」 no longer agrees with the table (TXT-NUM, a warning).
export const T4_ERROR = { errors: 1, warnings: 1, rules: ['T4-SUM', 'TXT-NUM'] };
export function variant(agency, shift, t4Error = false) {
  const base = fixture('huaian-2024.json');
  const r = structuredClone(base);
  r.agency = agency;
  for (const [key, value] of Object.entries(base.cells)) {
    const m = key.match(/^t3\.(\w+)\.(\w+)$/);
    if (!m || !COLUMNS.includes(m[2])) continue;
    const to = COLUMNS[(COLUMNS.indexOf(m[2]) + shift) % COLUMNS.length];
    r.cells[`t3.${m[1]}.${to}`] = value;
  }
  for (const c of COLUMNS) {
    const from = COLUMNS[(COLUMNS.indexOf(c) - shift + COLUMNS.length) % COLUMNS.length];
    r.stated_totals[`t3.total.${c}`] = base.stated_totals[`t3.total.${from}`];
  }
  for (const [i, key] of ['t2.licensing', 't2.penalty', 't2.enforcement'].entries()) {
    r.cells[key] = String(Number(base.cells[key]) + shift * 7 + i);
  }
  if (t4Error) r.stated_totals['t4.review.total'] = String(Number(base.stated_totals['t4.review.total']) + 1);
  return r;
}

// A ZIP archive (deflated entries, UTF-8 names) of [name, bytes].
export function zip(entries) {
  const locals = [];
  const central = [];
  let offset = 0;
  for (const [name, bytes] of entries) {
    const data = zlib.deflateRawSync(bytes);
    const nameBytes = Buffer.from(name, 'utf8');
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(0x0800, 6);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(0x00210000, 10);
    head.writeUInt32LE(zlib.crc32(bytes), 14);
    head.writeUInt32LE(data.length, 18);
    head.writeUInt32LE(bytes.length, 22);
    head.writeUInt16LE(nameBytes.length, 26);
    const dirEntry = Buffer.alloc(46);
    dirEntry.writeUInt32LE(0x02014b50, 0);
    dirEntry.writeUInt16LE(20, 4);
    head.copy(dirEntry, 6, 4, 30);
    dirEntry.writeUInt32LE(offset, 42);
    locals.push(head, nameBytes, data);
    central.push(dirEntry, nameBytes);
    offset += head.length + nameBytes.length + data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

// The app's own export of `r`: the report opened as a draft, downloaded.
export async function exportOf(context, server, r, button) {
  const { page } = await openPage(context, server.origin);
  await page.goto(server.url);
  await page.evaluate((report) => {
    localStorage.clear();
    localStorage.setItem('nianbao.draft.e2e', JSON.stringify({ schema: 1, id: 'e2e', name: '', revision: 1, saved_at: Date.now(), report, last_year: null, position: null }));
    localStorage.setItem('nianbao.current', 'e2e');
  }, r);
  await page.reload();
  await waitForApp(page);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
  const bytes = fs.readFileSync(await download.path());
  await page.close();
  return bytes;
}

// Files dropped on the page, as a browser delivers them.
export async function drop(page, files) {
  await dropTransfer(page, await transfer(page, files));
}

// The files in the page as a DataTransfer (a handle), built before it is
// dropped, so that a measure of the drop leaves out the test's own work.
export function transfer(page, files) {
  return page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const { name, base64 } of list) {
      const text = atob(base64);
      const bytes = new Uint8Array(text.length);
      for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      dt.items.add(new File([bytes], name));
    }
    return dt;
  }, files.map(([name, bytes]) => ({ name, base64: bytes.toString('base64') })));
}

export async function dropTransfer(page, dataTransfer) {
  await page.dispatchEvent('#batch', 'dragover', { dataTransfer });
  await page.dispatchEvent('#batch', 'drop', { dataTransfer });
}
