/* A page that knows its kernel is gone (included by index.html.j2, in the page's head).

   A page whose kernel was killed, shut down for idleness, or lost with a server restart
   would look alive, accept typing and ticks, and save nothing. This script notices within
   seconds and says so: a banner (role=alert) asks to reload, gives the time of the last
   save the page showed, and every input is made read-only or disabled, while typed text
   stays visible and selectable for copying. It never reloads by itself: that would throw
   the unsaved text away.

   How it notices:
   - It wraps window.WebSocket before Voila's bundle opens the kernel's websocket, so it
     sees that socket close (then it checks at once) and the kernel's status messages
     ("dead", "restarting": the kernel's state is lost either way).
   - It asks the server about the kernel (GET api/kernels/<id>, which is not kernel
     activity: it keeps no kernel alive) every few seconds, and at once when the tab comes
     back into view, gets the focus, or the device is online again (a laptop waking up).
   Gone: the server answers 404 (no such kernel) or 403 (a restarted server that does not
   know it), it cannot be reached for two checks in a row, or the kernel's websocket
   failed to open several times in a row. After kill -9 of a kernel, the server's "dead"
   status reaches the page about 0.2 s later.

   Jinja includes this file as a template: it must hold no curly brace directly followed
   by another, a percent sign or a hash sign. */
(function () {
  "use strict";
  var POLL_MS = 5000;
  var CHECK_TIMEOUT_MS = 8000;
  var UNREACHABLE_CHECKS = 2;
  var FAILED_CONNECTS = 3;
  // Status messages are small; larger frames (widget state) are not looked into.
  var STATUS_FRAME_BYTES = 4096;
  var STATUS = /"msg_type":\s*"status"/;
  var LOST_STATE = /"execution_state":\s*"(dead|restarting)"/;
  var KERNEL_SOCKET = /\/api\/kernels\/[^/?]+\/channels/;
  // Inputs that cannot be read-only: they are disabled instead.
  var CLICKED = /^(checkbox|radio|range|color|file|button|submit|reset|image)$/;

  var watching = false;
  var gone = false;
  var checking = false;
  var unreachable = 0;
  var failedConnects = 0;
  var timer = null;

  function kernelUrl() {
    var data = document.getElementById("jupyter-config-data");
    var config = data && JSON.parse(data.textContent);
    return config && config.kernelId ? config.baseUrl + "api/kernels/" + config.kernelId : null;
  }

  function frameText(data) {
    if (typeof data === "string") {
      return data.length <= STATUS_FRAME_BYTES ? data : "";
    }
    if (data instanceof ArrayBuffer && data.byteLength <= STATUS_FRAME_BYTES) {
      return new TextDecoder().decode(data);
    }
    return "";
  }

  function unreached() {
    unreachable += 1;
    if (unreachable >= UNREACHABLE_CHECKS) {
      lost();
    }
  }

  function check() {
    var url = kernelUrl();
    if (gone || checking || !url) {
      return;
    }
    checking = true;
    var abort = new AbortController();
    var timeout = setTimeout(function () { abort.abort(); }, CHECK_TIMEOUT_MS);
    fetch(url, { credentials: "same-origin", cache: "no-store", signal: abort.signal })
      .then(function (reply) {
        if (reply.status === 403 || reply.status === 404) {
          lost();
        } else if (reply.status >= 500) {
          unreached();  // a proxy in front of a server that is down
        } else {
          unreachable = 0;
        }
      }, unreached)
      .then(function () {
        clearTimeout(timeout);
        checking = false;
      });
  }

  function watch() {
    if (watching) {
      return;
    }
    watching = true;
    timer = setInterval(check, POLL_MS);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") {
        check();
      }
    });
    window.addEventListener("focus", check);
    window.addEventListener("online", check);
  }

  function watchKernelSocket(socket) {
    var opened = false;
    socket.addEventListener("open", function () {
      opened = true;
      failedConnects = 0;
      watch();
    });
    socket.addEventListener("message", function (event) {
      var text = frameText(event.data);
      if (STATUS.test(text) && LOST_STATE.test(text)) {
        lost();
      }
    });
    socket.addEventListener("close", function () {
      failedConnects = opened ? 0 : failedConnects + 1;
      if (failedConnects >= FAILED_CONNECTS) {
        lost();
      } else {
        check();
      }
    });
  }

  var NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      if (KERNEL_SOCKET.test(String(url))) {
        watchKernelSocket(this);
      }
    }
  };

  function lastSaved() {
    var times = document.querySelectorAll(".tk-last-saved");
    return times.length ? times[times.length - 1].textContent.trim() : "";
  }

  function lockInputs(except) {
    document.querySelectorAll("input, textarea, select, button").forEach(function (control) {
      if (except.contains(control)) {
        return;
      }
      var typed = control.tagName === "TEXTAREA" ||
        (control.tagName === "INPUT" && !CLICKED.test(control.type));
      if (typed) {
        control.readOnly = true;
      } else {
        control.disabled = true;
      }
    });
  }

  function paragraph(text) {
    var element = document.createElement("p");
    element.textContent = text;
    return element;
  }

  function banner() {
    var saved = lastSaved();
    var element = document.createElement("div");
    element.className = "tk-connection-lost";
    element.setAttribute("role", "alert");
    var first = paragraph(saved ? " Last saved " + saved + "." : "");
    var headline = document.createElement("strong");
    headline.textContent = "Connection lost: reload to continue.";
    first.prepend(headline);
    var button = document.createElement("button");
    button.type = "button";
    button.textContent = "Reload";
    button.addEventListener("click", function () { window.location.reload(); });
    element.append(
      first,
      paragraph("Your unsaved text is still on this page: copy it before reloading."),
      button
    );
    return element;
  }

  function show() {
    var element = banner();
    document.body.append(element);
    document.body.classList.add("tk-disconnected");
    lockInputs(element);
    // Jupyter's styles pin the body's padding (!important): so must this, or the banner
    // would hide the top of the page.
    document.body.style.setProperty("padding-top", element.offsetHeight + "px", "important");
  }

  function lost() {
    if (gone) {
      return;
    }
    gone = true;
    clearInterval(timer);
    if (document.body) {
      show();
    } else {
      document.addEventListener("DOMContentLoaded", show);
    }
  }
})();
