// The month page's script: saves the targets as they are typed and says what is true.
// - A change is sent 200 ms after the last keystroke, at once when a box loses focus or
//   the page is hidden or left (a tab link, closing the tab). Saves are `keepalive`
//   requests, so one under way still arrives when the page is left.
// - Each save names the stored version it is based on; the server merges it with another
//   window's save line by line. A line both windows changed keeps the stored text and this
//   window's own text on screen, marked, with "changed in another window".
// - The boxes are never rewritten while typed in: the server stores the text normalised,
//   the page shows another window's text only in lines nobody is editing here.
// - A busy server or a lost connection is retried with growing pauses; nothing typed is
//   dropped, and a banner says when the server cannot be reached.
(() => {
  "use strict";
  const data = JSON.parse(document.getElementById("month-data").textContent);
  const texts = [...document.querySelectorAll("#targets input[type=text]")];
  const boxes = [...document.querySelectorAll("#targets input[type=checkbox]")];
  const status = document.getElementById("status");
  const banner = document.getElementById("banner");
  const tallyLine = document.getElementById("tally");
  const DELAY_MS = 200;
  const RETRY_MS = [500, 1000, 2000, 4000, 8000, 10000];
  let version = data.version;
  let keep = [];
  let dirty = false;
  let sending = false;
  let timer = null;
  let retries = 0;
  let trouble = false;
  let lastSaved = "";

  const lines = () => texts.map((box, i) => ({ text: box.value, done: boxes[i].checked }));
  const clock = () => new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  const since = () => (lastSaved ? ` Last saved ${lastSaved}.` : "");

  function say(text, problem) {
    status.textContent = text;
    status.classList.toggle("problem", Boolean(problem));
    status.setAttribute("role", problem ? "alert" : "status");
  }

  function tally() {
    const written = lines().filter((line) => line.text.trim());
    const done = written.filter((line) => line.done).length;
    tallyLine.textContent = `${done} of ${Math.max(data.entries, written.length)} targets done`;
  }

  function schedule(ms) {
    if (timer === null) {
      timer = setTimeout(() => {
        timer = null;
        send(false);
      }, ms);
    }
  }

  function now() {
    clearTimeout(timer);
    timer = null;
    send(false);
  }

  // The page is going away: send what is unsent even while a save is under way.
  function leave() {
    clearTimeout(timer);
    timer = null;
    send(true);
  }

  function changed() {
    dirty = true;
    tally();
    say("Saving…");
    schedule(DELAY_MS);
  }

  function connection(lost) {
    banner.hidden = !lost;
    if (lost) {
      banner.textContent =
        "Connection lost: the server cannot be reached. What you type stays on this page " +
        `and is saved as soon as the server answers again.${since()}`;
    }
  }

  function retry(reason) {
    const pause = RETRY_MS[Math.min(retries, RETRY_MS.length - 1)];
    retries += 1;
    dirty = true;
    trouble = true;
    say(`Not saved yet: retrying (${reason}).${since()}`, true);
    schedule(pause);
  }

  // Show the stored targets where this window has nothing of its own to keep: not a box
  // being typed in, not a line changed since the save was sent, not a conflicting line.
  function show(stored, sent) {
    stored.forEach((line, i) => {
      if (i >= texts.length || keep.includes(i)) return;
      const box = texts[i];
      if (box !== document.activeElement && box.value === sent[i].text &&
          box.value.trim() !== line.text) {
        box.value = line.text;
      }
      if (boxes[i].checked === sent[i].done) boxes[i].checked = line.done;
    });
    texts.forEach((box, i) => box.parentElement.classList.toggle("conflict", keep.includes(i)));
    tally();
  }

  async function send(leaving) {
    if ((sending && !leaving) || !dirty) return;
    sending = true;
    dirty = false;
    const sent = lines();
    let reply;
    let answer = {};
    try {
      reply = await fetch(data.save, {
        method: "POST",
        headers: data.xsrf
          ? { "Content-Type": "application/json", "X-XSRFToken": data.xsrf }
          : { "Content-Type": "application/json" },
        body: JSON.stringify({ key: data.key, version, keep, targets: sent }),
        keepalive: true,
        cache: "no-store",
      });
      answer = await reply.json().catch(() => ({}));
    } catch (error) {
      sending = false;
      connection(true);
      retry("the server cannot be reached");
      return;
    }
    sending = false;
    connection(false);
    if (reply.ok) {
      retries = 0;
      trouble = false;
      version = answer.version;
      keep = answer.conflicts;
      lastSaved = clock();
      show(answer.targets, sent);
      if (dirty) {
        say("Saving…");
        schedule(DELAY_MS);
      } else if (keep.length) {
        say(`Changed in another window: reload to see the latest. Your other changes were ` +
            `saved at ${lastSaved}.`, true);
      } else {
        say(`Saved ${lastSaved}`);
      }
      return;
    }
    // the database busy (503), or a proxy in front whose server is away (502, 504)
    if ([502, 503, 504].includes(reply.status)) {
      retry(answer.error || "the server is busy");
      return;
    }
    dirty = true;
    trouble = true;
    say(`Could not save: ${answer.error || `the server answered ${reply.status}`}; ` +
        "your text is kept here.", true);
  }

  texts.forEach((box) => {
    box.addEventListener("input", changed);
    box.addEventListener("blur", now);
  });
  boxes.forEach((box) => box.addEventListener("change", () => {
    changed();
    now();
  }));
  document.getElementById("targets").addEventListener("submit", (event) => {
    event.preventDefault();
    now();
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") now();
  });
  window.addEventListener("pagehide", leave);
  // Ask before leaving only when saving is in trouble (the server busy or unreachable):
  // otherwise the keepalive save takes what is unsent along.
  window.addEventListener("beforeunload", (event) => {
    const unsent = dirty;
    leave();
    if (unsent && trouble) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  [...texts, ...boxes].forEach((box) => { box.disabled = false; });
  document.body.dataset.ready = "1";
})();
