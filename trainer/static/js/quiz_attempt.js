// Quiz attempt page: autosave and the countdown. The page works without this file: every
// button posts the item's form, which saves it. Here the same form is also posted in the
// background on every change and at least every 30 s while something is unsaved, each save with
// a higher revision, so the server ignores a slow save overtaken by a newer one. The server owns
// the clock: the countdown only shows its figure, and reloads when time is up.
(function () {
  "use strict";
  const SAVE_DELAY_MS = 600;
  const SAVE_EVERY_MS = 30000;
  const RETRY_MS = 5000;
  const form = document.querySelector("[data-quiz-form]");
  const status = document.querySelector("[data-save-status]");
  const csrf = () => (document.querySelector("meta[name=csrf-token]") || {}).content || "";

  function say(text, kind) {
    if (!status) return;
    status.textContent = text;
    status.dataset.state = kind;
  }

  if (form) {
    const revision = form.querySelector("[data-revision]");
    // Not form.action: the buttons named "action" shadow that property.
    const saveUrl = form.getAttribute("action");
    let dirty = false;
    let inFlight = false;
    let timer = null;

    function schedule(delay) {
      clearTimeout(timer);
      timer = setTimeout(save, delay);
    }

    function markAnswered(answered) {
      const current = form.querySelector("[data-nav-position][aria-current=step]");
      if (!current) return;
      current.classList.toggle("btn-success", answered);
      current.classList.toggle("btn-outline-secondary", !answered);
      const hidden = current.querySelector(".visually-hidden");
      if (hidden) hidden.textContent = (answered ? "answered" : "unanswered") +
        (current.classList.contains("is-flagged") ? ", flagged" : "");
    }

    async function save() {
      if (inFlight) { schedule(SAVE_DELAY_MS); return; }
      if (!dirty) return;
      inFlight = true;
      dirty = false;
      const body = new FormData(form);
      body.set("action", "save");
      const sent = Number(revision.value);
      body.set("revision", String(sent));
      revision.value = String(sent + 1);  // the next save (or a button press) outranks this one
      say("Saving…", "saving");
      try {
        const response = await fetch(saveUrl, {
          method: "POST",
          body: new URLSearchParams(body),
          headers: { Accept: "application/json", "X-CSRFToken": csrf() },
          credentials: "same-origin",
        });
        const data = await response.json().catch(() => ({}));
        if (response.ok) {
          say(data.stale ? "Saved (a newer answer was already stored)" : "Saved", "saved");
          markAnswered(Boolean(data.answered));
        } else if (data.closed && data.result_url) {
          say(data.error || "This attempt is closed.", "closed");
          window.location.assign(data.result_url);
        } else if (response.status === 400) {
          say("Not saved: " + (data.error || "the answer could not be read."), "error");
        } else {
          throw new Error("status " + response.status);
        }
      } catch (error) {
        dirty = true;
        say("Not saved — retrying", "retrying");
        schedule(RETRY_MS);
      } finally {
        inFlight = false;
      }
    }

    form.addEventListener("change", (event) => {
      if (!event.target.closest("fieldset")) return;
      dirty = true;
      say("Not saved yet", "dirty");
      schedule(SAVE_DELAY_MS);
    });
    setInterval(() => { if (dirty) save(); }, SAVE_EVERY_MS);
    window.addEventListener("pagehide", () => {
      // Leaving with an unsaved change: send it without waiting (the server orders revisions).
      if (!dirty || !navigator.sendBeacon) return;
      const body = new FormData(form);
      body.set("action", "save");
      navigator.sendBeacon(saveUrl, new URLSearchParams(body));
    });
    form.addEventListener("submit", () => { dirty = false; clearTimeout(timer); });
    window.quizAttempt = { flush: save };  // saves only if something is unsaved
  }

  // --- the countdown --------------------------------------------------------------------------
  const clock = document.querySelector("[data-seconds-left]");
  if (!clock) return;
  const shown = clock.querySelector("[data-time-left]");
  const live = document.querySelector("[data-timer-warning]");
  const banner = document.querySelector("[data-timer-banner]");
  const deadline = Date.now() + Number(clock.dataset.secondsLeft) * 1000;
  const warned = new Set();

  function warn(key, text) {
    if (warned.has(key)) return;
    warned.add(key);
    if (live) live.textContent = text;
    if (banner) { banner.textContent = text; banner.classList.remove("d-none"); }
  }

  function tick() {
    const left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    shown.textContent = Math.floor(left / 60) + ":" + String(left % 60).padStart(2, "0");
    if (left <= 300 && left > 60) warn("5", "5 minutes left. Your answers are saved as you go.");
    if (left <= 60 && left > 0) warn("1", "1 minute left.");
    if (left <= 2 && window.quizAttempt) window.quizAttempt.flush();
    if (left === 0) {
      warn("0", "Time is up: your attempt is being closed with the answers saved.");
      clearInterval(interval);
      setTimeout(() => window.location.reload(), 1500);
    }
  }
  const interval = setInterval(tick, 1000);
  tick();
})();
