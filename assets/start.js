// Starts the app, or says in Chinese what the browser lacks: never a blank
// page. A classic script in ES5 syntax, not minified (index.html:
// data-no-minify), so that even a browser far below the floor runs it and
// shows the message.
//
// The floor (README, 「浏览器」): Chromium 86, Firefox 115, Safari 15.
//  - Before anything loads, the browser must have module scripts and
//    WebAssembly with the features the build uses (Trunk.toml and
//    scripts/dist.sh build for exactly these: sign-ext,
//    nontrapping-fptoint, bulk-memory, mutable-globals). Otherwise the
//    message says which browsers work, and nothing else is loaded.
//  - Trunk's start script (Trunk.toml, pattern_script) imports the
//    wasm-bindgen glue and hands its init to nianbaoStart below. No
//    top-level await (Chromium 89+).
//  - A failure before the app has started (the glue does not parse, a file
//    is missing, the wasm does not compile) shows the message too.
//  - Once started, the Content-Security-Policy is tightened: see tighten().
(function () {
  'use strict';

  var FLOOR = '请使用 Chrome/Edge 86、Firefox 115、Safari 15 或更新版本的浏览器打开本页面。';
  var DUAL = '360安全浏览器、奇安信、QQ浏览器等双核浏览器请切换到「极速模式」。';

  // The smallest module using each WebAssembly feature of the build:
  // an exported mutable global, memory.fill (bulk memory),
  // i32.trunc_sat_f32_s (non-trapping float-to-int), i32.extend8_s
  // (sign extension).
  var FLOOR_WASM = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7f, // type: () -> i32
    0x03, 0x02, 0x01, 0x00, // function 0 of type 0
    0x05, 0x03, 0x01, 0x00, 0x01, // memory, 1 page
    0x06, 0x06, 0x01, 0x7f, 0x01, 0x41, 0x00, 0x0b, // global mut i32 = 0
    0x07, 0x05, 0x01, 0x01, 0x67, 0x03, 0x00, // export "g" global 0
    0x0a, 0x15, 0x01, 0x13, 0x00,
    0x41, 0x00, 0x41, 0x00, 0x41, 0x00, 0xfc, 0x0b, 0x00, // memory.fill
    0x43, 0x00, 0x00, 0x00, 0x00, 0xfc, 0x00, // i32.trunc_sat_f32_s
    0xc0, 0x0b // i32.extend8_s, end
  ];

  var started = false;
  var shown = false;

  function lacking() {
    if (typeof WebAssembly !== 'object' || typeof WebAssembly.validate !== 'function') {
      return '此浏览器不支持或已关闭 WebAssembly。';
    }
    try {
      if (!WebAssembly.validate(new Uint8Array(FLOOR_WASM))) return '此浏览器的 WebAssembly 版本过旧。';
    } catch (e) {
      return '此浏览器的 WebAssembly 版本过旧。';
    }
    // Module scripts, and two APIs of 2020 (Chromium 85, Firefox 79,
    // Safari 14) as a sign of a JavaScript engine at the floor.
    if (!('noModule' in document.createElement('script'))
      || typeof String.prototype.replaceAll !== 'function'
      || typeof Promise.any !== 'function') {
      return '此浏览器版本过旧。';
    }
    return '';
  }

  // `failed`: the browser passed the checks but the app did not start.
  function show(reason, failed) {
    if (shown || started) return;
    shown = true;
    var put = function () {
      var box = document.createElement('div');
      box.className = 'unsupported';
      box.setAttribute('role', 'alert');
      var lines = ['无法在此浏览器中使用本工具', reason, failed ? '请刷新页面重试。' : '', FLOOR, DUAL];
      for (var i = 0; i < lines.length; i++) {
        if (!lines[i]) continue;
        var p = document.createElement(i === 0 ? 'h1' : 'p');
        p.appendChild(document.createTextNode(lines[i]));
        box.appendChild(p);
      }
      document.body.insertBefore(box, document.body.firstChild);
      // The first-paint shell (index.html) would promise a form that is
      // not coming.
      var shell = document.getElementById('shell');
      if (shell) shell.parentNode.removeChild(shell);
    };
    if (document.body) put();
    else document.addEventListener('DOMContentLoaded', put);
  }

  // The policy postbuild.mjs writes allows compiling WebAssembly: through
  // 'wasm-unsafe-eval' where the browser knows it, through 'unsafe-eval'
  // before Chromium 97 / Safari 16. Once the wasm runs, nothing needs
  // either, so a second policy without them is added; a browser enforces
  // every policy of a page, so from here on eval() is refused (and, in
  // Chromium and Firefox, compiling WebAssembly). No policy (trunk serve):
  // nothing to do.
  function tighten() {
    var metas = document.getElementsByTagName('meta');
    for (var i = 0; i < metas.length; i++) {
      if ((metas[i].httpEquiv || '').toLowerCase() !== 'content-security-policy') continue;
      var strict = metas[i].content.replace(/\s+'(?:unsafe-eval|wasm-unsafe-eval)'/g, '');
      var meta = document.createElement('meta');
      meta.httpEquiv = 'Content-Security-Policy';
      meta.content = strict;
      document.head.appendChild(meta);
      return;
    }
  }

  // The first-paint shell shows only where scripts run (it says 「正在载入」);
  // without them the <noscript> message stands alone.
  document.documentElement.className += ' js';

  var missing = lacking();
  if (missing) {
    show(missing);
  } else {
    // A script that fails to load or to parse before the app has started
    // (an error event on the element, seen here in the capture phase, or
    // an uncaught error on the window).
    window.addEventListener('error', function (event) {
      var target = event.target;
      if ((target && target.tagName === 'SCRIPT') || target === window || !target) show('程序未能启动。', true);
    }, true);
  }

  // Called by trunk's start script with wasm-bindgen's init and the wasm
  // (its URL, or its bytes in the single file nianbao.html).
  window.nianbaoStart = function (init, wasm) {
    if (missing) return;
    init({ module_or_path: wasm }).then(function (exports) {
      started = true;
      tighten();
      window.dispatchEvent(new CustomEvent('TrunkApplicationStarted', { detail: { wasm: exports } }));
    }, function (err) {
      show('程序未能启动：' + (err && err.message ? err.message : String(err)), true);
      throw err;
    });
  };
}());
