// Starts the batch worker (批量检查与汇总, src/bin/worker.rs) inside the
// web worker the page creates when the view opens (src/ui/batch.rs).
//
// On a host: the page starts this file; it loads wasm-bindgen's glue
// (nianbao-worker.js, built by Trunk from index.html's worker link) and the
// worker's .wasm next to it. In the single file nianbao.html this file
// runs after the inlined glue, from a Blob that scripts/postbuild.mjs
// builds with `self.nianbaoInline = true` in front; there the wasm arrives
// as base64 in the page's first message ({ wasm }), sent only when the
// view opens.
//
// Messages the page sends while the wasm starts are kept and handed, in
// order, to the handler the wasm installs (src/bin/worker.rs, start).
(function () {
  'use strict';

  var queued = [];

  // What the page shows when the worker cannot start: a message of the
  // batch protocol (src/domain/batch/protocol.rs, Response::Failed).
  function fail(err) {
    var why = err && err.message ? err.message : String(err);
    self.postMessage({
      json: JSON.stringify({ id: 0, msg: { failed: { message: '批量检查未能启动：' + why } } })
    });
  }

  function start(wasm) {
    wasm_bindgen({ module_or_path: wasm }).then(function () {
      var waiting = queued;
      queued = null;
      for (var i = 0; i < waiting.length; i++) self.onmessage(waiting[i]);
    }, fail);
  }

  self.onmessage = function (event) {
    var data = event.data;
    if (self.nianbaoInline && data && typeof data.wasm === 'string') {
      var text = atob(data.wasm);
      var bytes = new Uint8Array(text.length);
      for (var i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
      start(bytes);
      return;
    }
    if (queued) queued.push(event);
  };

  if (self.nianbaoInline) {
    // The single file: the page waits for this before it tightens its
    // Content-Security-Policy, which a worker made from a Blob takes over
    // when it starts (scripts/postbuild.mjs).
    self.postMessage({ loaded: true });
  } else {
    try {
      importScripts('./nianbao-worker.js');
      start('./nianbao-worker_bg.wasm');
    } catch (err) {
      fail(err);
    }
  }
}());
