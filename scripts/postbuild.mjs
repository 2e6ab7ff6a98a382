#!/usr/bin/env node
// Finishes the release build after `trunk build --release` (make dist and
// scripts/test.sh run it):
//
//  1. dist/index.html gets a Content-Security-Policy <meta> that allows only
//     the app's own files, plus hashes of its inline scripts (trunk's init
//     snippet and the small offline script below), and that offline script:
//     it registers sw.js and says 「已更新到新版本」 on the first load of a
//     new build.
//  2. dist/sw.js (copied by trunk from assets/sw.js) is stamped with the
//     build id and the list of files it must keep, with their SRI hashes.
//  3. dist/nianbao.html: the whole app in one file (CSS, JS glue, wasm as
//     base64, favicon as data: URL) that opens from disk (file://) with no
//     request at all and no service worker. For USB sticks and e-mail. The
//     batch view's worker is inlined too (see workerParts below).
//  4. The sizes: what dist/ serves, what one load of the form fetches, what
//     the batch view fetches when it opens, and the single file.
//
// Usage: node scripts/postbuild.mjs [DIR]   (DIR defaults to dist/)
//
// Running it twice on the same DIR gives the same result: what it injected
// into index.html is recognised and replaced, so a changed copy of dist/ can
// be stamped again (the offline end-to-end test does that to fake a new
// version).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const self = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(self), '..');
const dir = path.resolve(process.argv[2] ?? path.join(root, 'dist'));

const SINGLE = 'nianbao.html';
const SW = 'sw.js';
const STAMP = /^const BUILD = .*; \/\/ stamped by scripts\/postbuild\.mjs$/m;
const UNSTAMPED = 'const BUILD = {"id":"dev","files":[]}; // stamped by scripts/postbuild.mjs';
const CSP_META = /<meta http-equiv=Content-Security-Policy content="[^"]*">/;
const OFFLINE_SCRIPT = /<script type=module data-nianbao-offline>[\s\S]*?<\/script>/;
// What lets a page compile WebAssembly, old browsers and new (see the
// policy below); assets/start.js removes both once the wasm runs.
const WASM_EVAL = "'unsafe-eval' 'wasm-unsafe-eval'";

// Registers the service worker and shows the update notice. Runs in the
// page; its hash goes into the CSP. No console output: where service
// workers or storage are unavailable (plain http, private modes, old
// browsers) the app simply runs online.
const offlineScript = (build) => `
const BUILD = ${JSON.stringify(build)};
function notice(text) {
  const box = document.createElement('div');
  box.className = 'banner update-notice';
  box.setAttribute('role', 'status');
  box.style.margin = '0.5rem 1rem';
  const p = document.createElement('p');
  p.textContent = text;
  const ok = document.createElement('button');
  ok.type = 'button';
  ok.textContent = '知道了';
  ok.addEventListener('click', () => box.remove());
  box.append(p, ok);
  document.querySelector('.update-notice')?.remove();
  document.body.prepend(box);
}
try {
  const key = 'nianbao.version ' + new URL('./', location.href).pathname;
  const last = localStorage.getItem(key);
  if (last !== BUILD) {
    localStorage.setItem(key, BUILD);
    if (last !== null) notice('已更新到新版本');
  }
} catch {}
try {
  const sw = navigator.serviceWorker;
  if (sw) {
    const updating = sw.controller !== null;
    sw.register('./sw.js').catch(() => {});
    if (updating) {
      sw.addEventListener('controllerchange', () => notice('新版本已下载，下次打开本页面时启用。'), { once: true });
    }
  }
} catch {}
`;

const fail = (msg) => {
  console.error(`[postbuild] ${msg}`);
  process.exit(1);
};
const sha = (alg, data) => crypto.createHash(alg).update(data).digest('base64');
const hex = (data) => crypto.createHash('sha256').update(data).digest('hex');
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const gz = (buf) => zlib.gzipSync(buf, { level: 9 }).length;

// Attributes of one start tag; values unquoted or quoted (trunk minifies).
function attrs(tag) {
  const out = new Map();
  const body = tag.replace(/^<\w+/, '').replace(/\/?>$/, '');
  for (const m of body.matchAll(/([^\s=]+)(?:=("[^"]*"|'[^']*'|[^\s"'=<>`]+))?/g)) {
    out.set(m[1].toLowerCase(), (m[2] ?? '').replace(/^["']|["']$/g, ''));
  }
  return out;
}

// 'sha256-…' sources for every inline <script> and <style> of `html`,
// hashed as the browser does (UTF-8 text, newlines normalised). Scripts of
// type text/plain are data the page reads (the single file's batch
// worker), never run: no hash for them.
function inlineHashes(html, tagName) {
  const re = new RegExp(`<${tagName}\\b([^>]*)>([\\s\\S]*?)</${tagName}\\s*>`, 'gi');
  const out = [];
  for (const m of html.matchAll(re)) {
    const a = attrs(`<${tagName}${m[1]}>`);
    if (tagName === 'script' && (a.has('src') || a.get('type') === 'text/plain')) continue;
    out.push(`'sha256-${sha('sha256', Buffer.from(m[2].replace(/\r\n?/g, '\n'), 'utf8'))}'`);
  }
  return out;
}

function insertCsp(html, policy) {
  const charset = html.match(/<meta charset=[^>]*>/i);
  if (!charset) fail('no <meta charset> in index.html to put the CSP after');
  const at = charset.index + charset[0].length;
  return `${html.slice(0, at)}<meta http-equiv=Content-Security-Policy content="${policy}">${html.slice(at)}`;
}

function listFiles(base, rel = '') {
  return fs.readdirSync(path.join(base, rel), { withFileTypes: true }).flatMap((e) => {
    const p = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(base, p) : [p];
  }).sort();
}

// ---- 0. comments out of the stylesheets and scripts as served ----
//
// Their comments are for this repository's readers; a visitor's browser
// need not download them (measured when introduced: 5.3 KB gzip of the
// form's load). Not a minifier (Trunk's rewrites CSS for the newest
// browsers only, see index.html): comments and blank lines go, every rule
// and statement stays as written, so each browser of the floor reads the
// same CSS and the same code. Idempotent, like the rest of this script.

/** CSS without its comments and blank lines (strings kept as they are). */
function stripCss(css) {
  let out = '';
  let quote = null;
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (quote) {
      out += c;
      if (c === '\\') out += css[++i] ?? '';
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") {
      quote = c;
      out += c;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 1;
    } else {
      out += c;
    }
  }
  return `${out.split('\n').map((l) => l.trim()).filter(Boolean).join('\n')}\n`;
}

/** JS without its whole-line `//` comments and blank lines. Only for
 * scripts with no multi-line string (our own; wasm-bindgen's glue, whose
 * template literals are one line each): a line that starts with // is a
 * comment there. */
const stripJs = (js) => `${js.split('\n').filter((l) => l.trim() !== '' && !/^\s*\/\//.test(l)).join('\n')}\n`;

// Trunk wrote each file's hash into index.html (`integrity=sha384-…`, the
// browser refuses a file that does not match): the tags of the files
// stripped get their new hash.
let trunkIndex = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
for (const p of fs.readdirSync(dir)) {
  const file = path.join(dir, p);
  const strip = p.endsWith('.css') ? stripCss : p.endsWith('.js') ? stripJs : null;
  if (strip) {
    const text = fs.readFileSync(file, 'utf8');
    const stripped = strip(text);
    // A line with an odd number of backticks opens or closes a template
    // literal that spans lines, where `//` need not start a comment.
    if (strip === stripJs && stripped.split('\n').some((l) => (l.match(/`/g) ?? []).length % 2 === 1)) {
      fail(`${p} has a template literal over several lines: its comments cannot be stripped line by line`);
    }
    if (stripped !== text) fs.writeFileSync(file, stripped);
    const name = p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const tag = new RegExp(`<[^>]*\\b(?:href|src)=["']?\\.?/?${name}["'\\s>][^>]*>`, 'g');
    trunkIndex = trunkIndex.replace(tag, (t) => t.replace(/\bintegrity=["']?sha384-[A-Za-z0-9+/=]+["']?/, `integrity=sha384-${sha('sha384', stripped)}`));
  }
}
fs.writeFileSync(path.join(dir, 'index.html'), trunkIndex);

// ---- read trunk's output (undoing a previous run) ----

const indexPath = path.join(dir, 'index.html');
const swPath = path.join(dir, SW);
if (!fs.existsSync(indexPath)) fail(`${indexPath} is missing: run trunk build --release first`);
if (!fs.existsSync(swPath)) fail(`${swPath} is missing: index.html must copy assets/sw.js (data-trunk rel="copy-file")`);
const raw = fs.readFileSync(indexPath, 'utf8').replace(CSP_META, '').replace(OFFLINE_SCRIPT, '');
const swSource = fs.readFileSync(swPath, 'utf8');
if (!STAMP.test(swSource)) fail(`${SW} has no "const BUILD = …; // stamped by scripts/postbuild.mjs" line`);

// The files the service worker keeps: everything trunk wrote but itself
// and the single-file build.
const files = listFiles(dir).filter((p) => p !== SW && p !== SINGLE);
if (!files.includes('index.html')) fail('index.html is not in the list of files');

// The build id: a hash of every file as trunk wrote it, of the service
// worker's code and of this script (which writes the offline script and the
// CSP). Any change to what a visitor gets gives a new id.
const idHash = crypto.createHash('sha256');
idHash.update(fs.readFileSync(self));
idHash.update(swSource.replace(STAMP, UNSTAMPED));
for (const p of files) {
  idHash.update(`\0${p}\0`);
  idHash.update(p === 'index.html' ? raw : fs.readFileSync(path.join(dir, p)));
}
const build = idHash.digest('hex').slice(0, 16);

// ---- 1. dist/index.html: offline script and CSP ----

let index = raw;
const headEnd = index.search(/<\/head>|<body[\s>]/i);
if (headEnd < 0) fail('no </head> or <body> in index.html');
index = `${index.slice(0, headEnd)}<script type=module data-nianbao-offline>${offlineScript(build)}</script>${index.slice(headEnd)}`;
const scriptHashes = inlineHashes(index, 'script');
const styleHashes = inlineHashes(index, 'style');
// default-src 'none': nothing is allowed unless listed. Scripts: the app's
// own files and the two inline scripts by hash. Compiling the WebAssembly
// needs 'wasm-unsafe-eval', or 'unsafe-eval' in browsers before Chromium 97
// and Safari 16 (which ignore the former); assets/start.js adds a second
// policy without either as soon as the wasm runs, so eval() is never
// allowed once the app has started (README, 「浏览器」). Styles: main.css
// only; the app sizes textareas through CSSOM (element.style), which CSP
// does not govern, so no 'unsafe-inline'. connect-src 'self': the wasm is
// fetched. img-src data: blob: for images made in the page. worker-src:
// sw.js and the batch view's batch-worker.js (a worker from the page's own
// files runs under the policy its response carries, none on a static host:
// it loads its glue and .wasm itself). Not set in a <meta> because browsers ignore them there:
// frame-ancestors, report-uri.
const policy = [
  "default-src 'none'",
  `script-src 'self' ${WASM_EVAL} ${scriptHashes.join(' ')}`,
  `style-src 'self'${styleHashes.map((h) => ` ${h}`).join('')}`,
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
index = insertCsp(index, policy);
fs.writeFileSync(indexPath, index);

// ---- 2. dist/sw.js: the version and its files ----

const list = files.map((p) => [p, `sha384-${sha('sha384', fs.readFileSync(path.join(dir, p)))}`]);
const stamp = `const BUILD = ${JSON.stringify({ id: build, files: list })}; // stamped by scripts/postbuild.mjs`;
fs.writeFileSync(swPath, swSource.replace(STAMP, () => stamp));

// ---- 3. dist/nianbao.html: one self-contained file ----

// The batch view's worker, as Trunk builds it (index.html's worker link)
// and assets/batch-worker.js; absent from a build without it.
const WORKER_GLUE = 'nianbao-worker.js';
const WORKER_WASM = 'nianbao-worker_bg.wasm';
const WORKER_START = 'batch-worker.js';

// The single file cannot start a worker from a file: the worker's code
// (the glue and batch-worker.js) goes into the page as text, and its wasm
// as base64, sent to it only when the view opens. A worker made from a
// Blob takes over the page's policy as it stands when the worker starts,
// and once the app runs the page's policy forbids compiling WebAssembly
// (assets/start.js, tighten). So the worker is started with the page,
// idle and small, and the app's start (and with it the stricter policy)
// waits for the worker's first word; the worker then keeps the policy it
// started with: its own code and the wasm it compiles when the view
// opens. src/ui/batch.rs takes it from window.nianbaoBatchWorker().
function workerParts() {
  const have = [WORKER_GLUE, WORKER_WASM, WORKER_START].filter((f) => fs.existsSync(path.join(dir, f)));
  if (have.length === 0) return null;
  if (have.length < 3) fail(`the batch worker is incomplete in ${dir}: only ${have.join(', ')}`);
  // Minified glue ends without a semicolon: without one, the start
  // script's opening parenthesis would call the glue's last expression.
  const code = `self.nianbaoInline = true;\n${fs.readFileSync(path.join(dir, WORKER_GLUE), 'utf8')};\n${fs.readFileSync(path.join(dir, WORKER_START), 'utf8')}`;
  if (/<!--|<\/script/i.test(code)) fail(`${WORKER_GLUE} or ${WORKER_START}: contains "<!--" or "</script"`);
  return { code, wasm: fs.readFileSync(path.join(dir, WORKER_WASM)).toString('base64') };
}

// In the single file's module, before the app starts: the idle batch
// worker, and a start that waits for it (never longer than WORKER_WAIT_MS:
// a browser that cannot start it still gets the form; the view then says
// why the batch cannot run).
//
// Files go to this worker as bytes the page read, not as File objects:
// WebKit cannot read, in a worker of a page opened from disk, a File the
// page sent it (NotReadableError). Each message waits for the one before,
// so they arrive in order. A file over READ_MAX (the batch's largest
// archive, src/domain/batch/mod.rs MAX_ARCHIVE_BYTES) is sent unread: the
// worker lists it as too large without reading it.
const WORKER_WAIT_MS = 3000;
const READ_MAX = 100 * 1024 * 1024;
const workerStart = `
function nianbaoStartWithWorker(init, wasm) {
  let worker = null;
  let loaded = Promise.resolve();
  try {
    const code = document.getElementById('nianbao-worker-code').textContent;
    worker = new Worker(URL.createObjectURL(new Blob([code], { type: 'text/javascript' })));
    loaded = new Promise((resolve) => {
      const done = () => {
        worker.removeEventListener('message', done);
        worker.removeEventListener('error', done);
        resolve();
      };
      worker.addEventListener('message', done);
      worker.addEventListener('error', done);
      setTimeout(done, ${WORKER_WAIT_MS});
    });
  } catch (err) {
    worker = null;
  }
  if (worker) {
    const post = worker.postMessage.bind(worker);
    let queue = Promise.resolve();
    worker.postMessage = (msg) => {
      queue = queue.then(async () => {
        if (!msg || !Array.isArray(msg.files)) return post(msg);
        const files = await Promise.all(msg.files.map(async (f) => ({
          name: f.name,
          size: f.size,
          buffer: f.size <= ${READ_MAX} ? await f.arrayBuffer().catch(() => null) : null,
        })));
        post({ ...msg, files }, files.map((f) => f.buffer).filter(Boolean));
      });
    };
  }
  let sent = false;
  window.nianbaoBatchWorker = () => {
    if (worker && !sent) {
      sent = true;
      worker.postMessage({ wasm: document.getElementById('nianbao-worker-wasm').textContent });
    }
    return worker;
  };
  nianbaoStart((options) => Promise.all([init(options), loaded]).then((both) => both[0]), wasm);
}
`;

function singleFile(html) {
  // Trunk's start script (Trunk.toml, pattern_script), as minified:
  // import a from"./nianbao-….js";nianbaoStart(a,`./nianbao-…_bg.wasm`)
  const start = [...html.matchAll(/<script type=module>([\s\S]*?)<\/script>/g)]
    .find((m) => m[1].includes('nianbaoStart('));
  if (!start) fail("index.html: trunk's start script (nianbaoStart, Trunk.toml pattern_script) not found");
  const glueName = start[1].match(/from\s*["'`]\.\/([^"'`]+\.js)["'`]/)?.[1];
  const wasmName = start[1].match(/["'`]\.\/([^"'`]+\.wasm)["'`]/)?.[1];
  if (!glueName || !wasmName) fail(`index.html: trunk's start script names no .js or no .wasm: ${start[1]}`);
  const glue = fs.readFileSync(path.join(dir, glueName), 'utf8');
  const wasm = fs.readFileSync(path.join(dir, wasmName));

  // wasm-bindgen's glue is an ES module; an inline module cannot be
  // imported, so its exports become plain declarations in our module.
  let defaultName;
  let code = glue.replace(/^export \{([^}]*)\};?[ \t]*$/gm, (_, names) => {
    for (const part of names.split(',')) {
      const m = part.trim().match(/^(\w+) as default$/);
      if (m) defaultName = m[1];
    }
    return '';
  });
  code = code.replace(/^export (?=(?:async )?function\b|class\b|const\b|let\b|var\b)/gm, '');
  if (!defaultName) fail(`${glueName}: no "export { … as default }" (wasm-bindgen's init)`);
  const leftover = code.match(/^\s*(?:import|export)\b.*$/m);
  if (leftover) fail(`${glueName}: cannot inline a module that still has "${leftover[0].trim()}" (wasm-bindgen snippets?)`);
  if (/<!--|<\/script/i.test(code)) fail(`${glueName}: contains "<!--" or "</script", which would end the inline script`);
  // Our code in a block, so its names cannot clash with the glue's.
  const worker = workerParts();
  const module = `${code}
${worker ? workerStart : ''}
{
  // The wasm, inlined: nothing is fetched.
  const text = atob("${wasm.toString('base64')}");
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  ${worker ? 'nianbaoStartWithWorker' : 'nianbaoStart'}(${defaultName}, bytes);
}
`;

  let out = html.replace(start[0], () => `<script type=module>${module}</script>`);
  // Classic scripts of our own (assets/start.js), inlined in place.
  out = out.replace(/<script\b[^>]*\bsrc=[^>]*><\/script>/gi, (tag) => {
    const a = attrs(tag.slice(0, tag.indexOf('>') + 1));
    if (a.get('type') === 'module') fail(`index.html: cannot inline the module ${tag}`);
    const js = fs.readFileSync(path.join(dir, decodeURIComponent(a.get('src').replace(/^\.\//, ''))), 'utf8');
    if (/<!--|<\/script/i.test(js)) fail(`${a.get('src')}: contains "<!--" or "</script"`);
    return `<script>${js}</script>`;
  });
  out = out.replace(/<link\b[^>]*>/gi, (tag) => {
    const a = attrs(tag);
    const rel = a.get('rel');
    const href = a.get('href') ?? '';
    const file = () => fs.readFileSync(path.join(dir, decodeURIComponent(href.replace(/^\.\//, ''))));
    if (rel === 'modulepreload' || rel === 'preload') return '';
    if (rel === 'stylesheet') {
      const css = file().toString('utf8');
      if (/<\/style/i.test(css)) fail(`${href}: contains "</style"`);
      if (/url\(\s*['"]?(?!data:|#)/i.test(css)) fail(`${href}: url(…) to another file cannot be inlined`);
      return `<style>${css}</style>`;
    }
    if (rel === 'icon') {
      const type = href.endsWith('.svg') ? 'image/svg+xml' : href.endsWith('.png') ? 'image/png' : 'image/x-icon';
      return `<link rel=icon href="data:${type};base64,${file().toString('base64')}">`;
    }
    fail(`index.html: do not know how to inline ${tag}`);
    return tag;
  });
  if (worker) {
    // Data for the batch worker, read by the page, never run as a script
    // of the page (type text/plain: no hash in the policy).
    const data = `<script type=text/plain id=nianbao-worker-code>${worker.code}</script>`
      + `<script type=text/plain id=nianbao-worker-wasm>${worker.wasm}</script>`;
    out = out.replace(/<\/body>/i, () => `${data}</body>`);
  }
  const outside = out.replace(/<(script|style)\b[^>]*>[\s\S]*?<\/\1>/gi, '')
    .match(/\b(?:src|href)=(?!"?data:|"?#)[^\s>]+/i);
  if (outside) fail(`${SINGLE} would still load ${outside[0]}`);
  const single = [
    "default-src 'none'",
    `script-src ${WASM_EVAL} ${inlineHashes(out, 'script').join(' ')}`,
    `style-src ${inlineHashes(out, 'style').join(' ')}`,
    "img-src 'self' data: blob:",
    "connect-src 'none'",
    // The batch view's worker, made from the inlined code (a Blob).
    worker ? 'worker-src blob:' : "worker-src 'none'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return insertCsp(out, single);
}

const single = Buffer.from(singleFile(raw), 'utf8');
fs.writeFileSync(path.join(dir, SINGLE), single);

// ---- sizes ----

// What one load of the form fetches: index.html and what it names (its
// stylesheets, scripts, icon, and the glue and .wasm of trunk's start
// script); the batch worker's files are named nowhere in it.
function formLoad(html) {
  const named = new Set(['index.html']);
  for (const m of html.matchAll(/\b(?:src|href)=["']?\.\/([^"'\s>]+)/g)) named.add(decodeURIComponent(m[1]));
  for (const m of html.matchAll(/["'`]\.\/([^"'`]+\.(?:js|wasm))["'`]/g)) named.add(m[1]);
  return [...named].filter((p) => files.includes(p));
}
const gzOf = (list) => list.reduce((s, p) => s + gz(fs.readFileSync(path.join(dir, p))), 0);
const load = formLoad(index);
const workerFiles = [WORKER_START, WORKER_GLUE, WORKER_WASM].filter((p) => files.includes(p));
const leaked = workerFiles.filter((p) => load.includes(p));
if (leaked.length) fail(`index.html loads the batch worker's ${leaked.join(', ')} with the form`);

const bytes = files.map((p) => fs.readFileSync(path.join(dir, p))).concat([fs.readFileSync(swPath)]);
const total = bytes.reduce((s, b) => s + b.length, 0);
const totalGz = bytes.reduce((s, b) => s + gz(b), 0);
const rel = dir.startsWith(process.cwd() + path.sep) ? path.relative(process.cwd(), dir) : dir;
console.log(`[postbuild] build ${build}: ${rel}/ serves ${files.length + 1} files, ${kb(total)} (gzip ${kb(totalGz)}); sw.js keeps ${files.length} of them offline`);
console.log(`[postbuild] one load of the form fetches ${load.length} files, gzip ${kb(gzOf(load))} (${gzOf(load)} bytes): ${load.join(', ')}`);
if (workerFiles.length) console.log(`[postbuild] the batch view adds when it opens: gzip ${kb(gzOf(workerFiles))} (${workerFiles.join(', ')})`);
console.log(`[postbuild] ${rel}/${SINGLE}: ${single.length} bytes, ${kb(single.length)} (gzip ${kb(gz(single))}), the single file that opens from disk`);
