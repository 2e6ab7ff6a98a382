#!/usr/bin/env node
// Unpacks Chromium 86 (the oldest engine the app supports, see README) from
// the npm package chrome-aws-lambda@5.3.1, which carries it as brotli files:
// bin/chromium.br (the browser) and bin/aws.tar.br (the shared libraries it
// needs beyond Debian's, in a tar). Nothing is downloaded: npm ci installed
// the package from package-lock.json. scripts/setup.sh runs this; the
// engine tests (tests/e2e/engines/) start the result.
//
// Usage: node scripts/chromium86.mjs   → prints the browser's path
// Idempotent: a stamp records which package version was unpacked.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pkg = path.join(root, 'node_modules', 'chrome-aws-lambda');
export const CHROMIUM86_DIR = path.join(root, 'node_modules', '.chromium86');
export const CHROMIUM86 = path.join(CHROMIUM86_DIR, 'chromium');
// LD_LIBRARY_PATH for the browser.
export const CHROMIUM86_LIB = path.join(CHROMIUM86_DIR, 'aws', 'lib');

const brotli = (file) => zlib.brotliDecompressSync(fs.readFileSync(file));

// The regular files of a (ustar or old-style) tar archive.
function* tarFiles(tar) {
  const text = (from, len) => tar.subarray(from, from + len).toString('utf8').replace(/\0[\s\S]*$/, '');
  for (let at = 0; at + 512 <= tar.length;) {
    const name = text(at, 100);
    if (!name) return;
    const size = parseInt(text(at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[at + 156]);
    const prefix = text(at + 345, 155);
    if (type === '0' || type === '\0') {
      yield { name: prefix ? `${prefix}/${name}` : name, data: tar.subarray(at + 512, at + 512 + size) };
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

export function unpack() {
  const version = JSON.parse(fs.readFileSync(path.join(pkg, 'package.json'), 'utf8')).version;
  const stamp = path.join(CHROMIUM86_DIR, 'unpacked-from');
  if (fs.existsSync(CHROMIUM86) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === version) return;
  fs.rmSync(CHROMIUM86_DIR, { recursive: true, force: true });
  fs.mkdirSync(CHROMIUM86_DIR, { recursive: true });
  fs.writeFileSync(CHROMIUM86, brotli(path.join(pkg, 'bin', 'chromium.br')), { mode: 0o755 });
  for (const { name, data } of tarFiles(brotli(path.join(pkg, 'bin', 'aws.tar.br')))) {
    const rel = path.normalize(name);
    // Only the libraries: its fonts and fonts.conf would replace the CJK
    // fonts the screenshots need.
    if (!rel.startsWith(`lib${path.sep}`)) continue;
    const out = path.join(CHROMIUM86_DIR, 'aws', rel);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, data);
  }
  fs.writeFileSync(stamp, version);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  unpack();
  console.log(CHROMIUM86);
}
