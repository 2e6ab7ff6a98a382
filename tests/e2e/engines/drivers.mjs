// One small driver interface over four browser engines, so that the same
// core-path test runs on each:
//
//   chromium    Debian's Chromium, launched by playwright-core
//   chromium86  Chromium 86 from chrome-aws-lambda (scripts/chromium86.mjs),
//               started here, driven by playwright-core over CDP. Its
//               locators and waitForSelector need checkVisibility (Chromium
//               105+), so nothing here uses them: pages are read through
//               evaluate, clicked with the mouse at an element's centre, and
//               typed into with the keyboard.
//   firefox     Debian's firefox-esr through geckodriver (W3C WebDriver over
//               plain HTTP: no client library needed for this much)
//   webkit      WebKitGTK's MiniBrowser through WebKitWebDriver, in an X
//               server of its own (xvfb-run)
//
// Every method is async. `run(fn, arg)` runs `fn` (a function that uses no
// outer variable, sync or async) in the page with one JSON argument and
// returns its JSON result; drivers evaluate it outside the page's CSP.
// Nothing here downloads anything: every browser and driver is installed by
// scripts/setup.sh.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { launch, officeEnv, FRAME_PAGE } from '../support.mjs';
import { CHROMIUM86, CHROMIUM86_LIB } from '../../../scripts/chromium86.mjs';

export const ENGINES = ['chromium', 'chromium86', 'firefox', 'webkit'];
const WAIT_MS = 15000;

// Polls `check` (a function of the page) until it returns something truthy.
// Waits on what the page shows, never for a fixed time.
async function waitUntil(engine, check, arg, what, timeout = WAIT_MS) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await engine.run(check, arg);
      if (last) return last;
    } catch (err) {
      // The page may be navigating; try again until the deadline.
      last = err;
    }
    if (Date.now() > end) throw new Error(`${engine.name}: timed out waiting for ${what} (last: ${last})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A free TCP port on 127.0.0.1 for a driver that cannot pick its own.
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// Starts a program in its own process group and resolves once `ready`
// matches its output (at once without `ready`).
// Every browser renders with the project's fonts (officeEnv).
function start(cmd, args, { env, ready, timeout = 30000 }) {
  const child = spawn(cmd, args, { env: { ...officeEnv(), ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  if (!ready) {
    child.stdout.resume();
    child.stderr.resume();
    return Promise.resolve({ child, match: null });
  }
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop(child);
      reject(new Error(`${cmd} did not start in ${timeout} ms:\n${output.slice(-2000)}`));
    }, timeout);
    const onData = (d) => {
      output += d;
      const m = output.match(ready);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stderr.removeAllListeners('data');
        // Keep draining, so a chatty program never blocks on a full pipe.
        child.stdout.resume();
        child.stderr.resume();
        resolve({ child, match: m });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code}) before it was ready:\n${output.slice(-2000)}`));
    });
  });
}

// Ends a program started above and everything it started (its group).
function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', resolve);
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

// ---- playwright-core: Debian's Chromium, and Chromium 86 over CDP ----

class PlaywrightEngine {
  constructor(name) {
    this.name = name;
    this.dialogs = [];
    this.dialogWaiters = [];
  }

  async open() {
    if (this.name === 'chromium') {
      this.browser = await launch();
    } else {
      // Now and then (about one start in ten) Chromium 86 in one process
      // accepts the DevTools connection and never answers it: start it
      // afresh then, three times at most.
      for (let attempt = 1; !this.browser; attempt++) {
        this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-chromium86-'));
        const { child, match } = await start(CHROMIUM86, [
          '--headless', '--no-sandbox', '--disable-gpu', '--no-zygote', '--single-process',
          '--remote-debugging-port=0', `--user-data-dir=${this.profile}`,
          '--no-first-run', '--disable-background-networking', '--disable-component-update',
          '--disable-sync', '--disable-dev-shm-usage', 'about:blank',
        ], { env: { LD_LIBRARY_PATH: CHROMIUM86_LIB }, ready: /DevTools listening on (ws:\/\/\S+)/ });
        this.process = child;
        try {
          this.browser = await chromium.connectOverCDP(match[1], { timeout: 10000 });
        } catch (err) {
          await stop(child);
          fs.rmSync(this.profile, { recursive: true, force: true });
          if (attempt === 3) throw err;
        }
      }
    }
    if (this.process) {
      // --single-process cannot open another browser context: use the
      // browser's own, with a fresh profile (above) for each run.
      [this.context] = this.browser.contexts();
      this.page = this.context.pages()[0] ?? await this.context.newPage();
      await this.viewport(1280, 900);
    } else {
      this.context = await this.browser.newContext({ viewport: { width: 1280, height: 900 } });
      this.page = await this.context.newPage();
    }
    this.page.on('dialog', (d) => {
      const waiter = this.dialogWaiters.shift();
      d.accept();
      if (waiter) waiter(d.message());
      else this.dialogs.push(d.message());
    });
  }

  async version() {
    return this.browser.version();
  }

  async goto(url) {
    await this.page.goto(url);
  }

  async reload() {
    await this.page.reload();
  }

  async run(fn, arg = null) {
    return this.page.evaluate(fn, arg);
  }

  // Clicks the first element of `selector` whose text includes `text`.
  async click(selector, text = '') {
    const at = await this.run(([s, t]) => {
      const el = [...document.querySelectorAll(s)].find((e) => e.textContent.includes(t));
      if (!el) throw new Error(`no element ${s} with text ${t}`);
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    }, [selector, text]);
    await this.page.mouse.click(at.x, at.y);
  }

  // Whether the page's own policy refuses eval(): asked through CDP with
  // the flag that makes a DevTools evaluation obey the page's CSP.
  async pageRefusesEval() {
    const cdp = await this.context.newCDPSession(this.page);
    try {
      const { result } = await cdp.send('Runtime.evaluate', {
        expression: "try { eval('1'); false } catch (e) { e instanceof EvalError }",
        allowUnsafeEvalBlockedByCSP: false,
      });
      return result.value;
    } finally {
      await cdp.detach();
    }
  }

  async type(text) {
    await this.page.keyboard.type(text);
  }

  async press(key) {
    await this.page.keyboard.press(key);
  }

  // Ctrl+key (copy, paste).
  async shortcut(key) {
    await this.page.keyboard.press(`Control+${key}`);
  }

  // The page at a phone's width (the same page: returns false).
  async narrow(width, height) {
    await this.viewport(width, height);
    return false;
  }

  async widen() {
    await this.viewport(1280, 900);
  }

  async acceptDialog() {
    if (this.dialogs.length) return this.dialogs.shift();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.name}: no dialog`)), WAIT_MS);
      this.dialogWaiters.push((m) => {
        clearTimeout(timer);
        resolve(m);
      });
    });
  }

  async viewport(width, height) {
    await this.page.setViewportSize({ width, height });
  }

  async screenshot(file) {
    await this.page.screenshot({ path: file });
  }

  async close() {
    if (!this.process) await this.context?.close().catch(() => {});
    await this.browser?.close().catch(() => {});
    if (this.process) await stop(this.process);
    if (this.profile) fs.rmSync(this.profile, { recursive: true, force: true });
  }
}

// ---- W3C WebDriver over HTTP: Firefox ESR and WebKitGTK ----

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';
const KEYS = { Enter: '\uE007', Escape: '\uE00C', Tab: '\uE004' };
const CONTROL = '\uE009';

class WebDriverEngine {
  constructor(name) {
    this.name = name;
  }

  async open() {
    const port = await freePort();
    if (this.name === 'firefox') {
      this.downloads = fs.mkdtempSync(path.join(os.tmpdir(), 'nianbao-firefox-downloads-'));
      const { child } = await start('geckodriver', ['--host', '127.0.0.1', '--port', String(port)], { ready: /Listening on/ });
      this.process = child;
      this.base = `http://127.0.0.1:${port}`;
      this.session = await this.newSession({
        browserName: 'firefox',
        'moz:firefoxOptions': {
          binary: '/usr/bin/firefox-esr',
          args: ['-headless'],
          prefs: {
            'browser.download.folderList': 2,
            'browser.download.dir': this.downloads,
            'browser.download.useDownloadDir': true,
            'browser.shell.checkDefaultBrowser': false,
          },
        },
      });
    } else {
      // xvfb-run -a: an X server on a free display, for MiniBrowser (a GTK
      // program) and nothing else.
      // It prints nothing when ready: newSession retries until it answers.
      const { child } = await start('xvfb-run', ['-a', '-s', '-screen 0 1600x1200x24', 'WebKitWebDriver', `--port=${port}`], {});
      this.process = child;
      this.base = `http://127.0.0.1:${port}`;
      this.session = await this.newSession({
        browserName: 'MiniBrowser',
        'webkitgtk:browserOptions': {
          binary: '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
          args: ['--automation'],
        },
      });
    }
    await this.viewport(1280, 900);
  }

  async http(method, url, body) {
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok || json.value?.error) {
      const err = new Error(`${this.name} ${method} ${url}: ${json.value?.error} ${json.value?.message}`);
      err.webdriver = json.value?.error;
      throw err;
    }
    return json.value;
  }

  // The driver may take a while to answer its first request.
  async newSession(capabilities) {
    const end = Date.now() + WAIT_MS;
    for (;;) {
      try {
        const v = await this.http('POST', '/session', { capabilities: { alwaysMatch: { ...capabilities, unhandledPromptBehavior: 'ignore' } } });
        this.caps = v.capabilities;
        return v.sessionId;
      } catch (err) {
        if (Date.now() > end || err.webdriver) throw err;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }

  cmd(method, url, body) {
    return this.http(method, `/session/${this.session}${url}`, body);
  }

  async version() {
    return `${this.caps.browserName} ${this.caps.browserVersion}`;
  }

  async goto(url) {
    await this.cmd('POST', '/url', { url });
  }

  async reload() {
    await this.cmd('POST', '/refresh', {});
  }

  async run(fn, arg = null) {
    const script = `const done = arguments[arguments.length - 1];
Promise.resolve().then(() => (${fn})(arguments[0]))
  .then((v) => done({ ok: v === undefined ? null : v }), (e) => done({ error: String(e && e.stack || e) }));`;
    const r = await this.cmd('POST', '/execute/async', { script, args: [arg] });
    if (r && r.error) throw new Error(`${this.name}: in the page: ${r.error}`);
    return r.ok;
  }

  // Clicks the first element of `selector` whose text includes `text`.
  async click(selector, text = '') {
    const el = await this.cmd('POST', '/execute/sync', {
      script: `const el = [...document.querySelectorAll(arguments[0])].find((e) => e.textContent.includes(arguments[1]));
if (el) el.scrollIntoView({ block: 'center' });
return el || null;`,
      args: [selector, text],
    });
    if (!el) throw new Error(`${this.name}: no element ${selector} with text ${text}`);
    await this.cmd('POST', `/element/${el[ELEMENT]}/click`, {});
  }

  // Types into the focused element, key by key.
  async type(text) {
    await this.keys([...text]);
  }

  async press(key) {
    if (!KEYS[key]) throw new Error(`no WebDriver code for ${key}`);
    await this.keys([KEYS[key]]);
  }

  async keys(chars) {
    const actions = chars.flatMap((value) => [{ type: 'keyDown', value }, { type: 'keyUp', value }]);
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  // Ctrl+key (copy, paste).
  async shortcut(key) {
    const actions = [{ type: 'keyDown', value: CONTROL }, { type: 'keyDown', value: key }, { type: 'keyUp', value: key }, { type: 'keyUp', value: CONTROL }];
    await this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  // The page at a phone's width. Neither browser makes its window that
  // narrow (Firefox stops at 500 px, MiniBrowser at about 450), so the page
  // opens afresh in a frame of that size (support.mjs serves the page
  // holding it), and the driver works inside the frame. Returns true.
  async narrow(width, height) {
    this.wideUrl = await this.run(() => location.href);
    const host = new URL(FRAME_PAGE, this.wideUrl);
    host.search = new URLSearchParams({ w: width, h: height, src: new URL(this.wideUrl).pathname }).toString();
    await this.goto(host.href);
    const frame = await this.cmd('POST', '/element', { using: 'css selector', value: 'iframe' });
    this.frame = frame;
    await this.cmd('POST', '/frame', { id: frame });
    return true;
  }

  async widen() {
    await this.cmd('POST', '/frame/parent', {});
    this.frame = null;
    await this.goto(this.wideUrl);
  }

  async acceptDialog() {
    const end = Date.now() + WAIT_MS;
    for (;;) {
      try {
        const text = await this.cmd('GET', '/alert/text');
        await this.cmd('POST', '/alert/accept', {});
        return text;
      } catch (err) {
        if (err.webdriver !== 'no such alert' || Date.now() > end) throw err;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  // The window is sized so that the page (the viewport) gets this size.
  async viewport(width, height) {
    let outer = { width, height };
    for (let i = 0; i < 3; i++) {
      await this.cmd('POST', '/window/rect', outer);
      const inner = await this.run(() => ({ width: window.innerWidth, height: window.innerHeight }));
      if (inner.width === width) return;
      outer = { width: outer.width + (width - inner.width), height: outer.height + (height - inner.height) };
    }
    const got = await this.run(() => window.innerWidth);
    throw new Error(`${this.name}: cannot make the page ${width} px wide (it is ${got} px)`);
  }

  // The viewport; after narrow(), the frame at its top left (the page
  // holding it may have scrolled to show the frame's focused element).
  async screenshot(file) {
    if (this.frame) {
      await this.cmd('POST', '/frame/parent', {});
      await this.run(() => window.scrollTo(0, 0));
    }
    fs.writeFileSync(file, Buffer.from(await this.cmd('GET', '/screenshot'), 'base64'));
    if (this.frame) await this.cmd('POST', '/frame', { id: this.frame });
  }

  // WebKit runs a WebDriver script as the page's own code, under its CSP:
  // eval() there is what a page script would get.
  async pageRefusesEval() {
    if (this.name !== 'webkit') return undefined;
    return this.run(() => {
      try {
        eval('1');
        return false;
      } catch (e) {
        return e instanceof EvalError;
      }
    });
  }

  async close() {
    if (this.session) await this.cmd('DELETE', '').catch(() => {});
    if (this.process) await stop(this.process);
    if (this.downloads) fs.rmSync(this.downloads, { recursive: true, force: true });
  }
}

// Pastes `text` into the element `selector` as a user does: the text is
// copied (Ctrl+C) from a scratch textarea, then pasted there with Ctrl+V,
// so the page gets a real, trusted paste event from the system clipboard.
async function paste(engine, selector, text) {
  await engine.run((t) => {
    const area = document.createElement('textarea');
    area.id = 'e2e-clipboard';
    area.value = t;
    document.body.append(area);
    area.focus();
    area.select();
  }, text);
  await engine.shortcut('c');
  await engine.run(() => document.getElementById('e2e-clipboard').remove());
  await engine.click(selector);
  await engine.shortcut('v');
}

export async function openEngine(name) {
  const engine = name.startsWith('chromium') ? new PlaywrightEngine(name) : new WebDriverEngine(name);
  engine.waitFor = (check, arg, what, timeout) => waitUntil(engine, check, arg, what, timeout);
  engine.paste = (selector, text) => paste(engine, selector, text);
  try {
    await engine.open();
  } catch (err) {
    await engine.close();
    throw err;
  }
  return engine;
}
