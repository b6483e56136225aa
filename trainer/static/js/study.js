// The review screen: keyboard shortcuts, answering without page loads, rating changes, undo.
// Every action is also a plain form or link, so the page works without this script.
(() => {
  "use strict";
  const root = document.getElementById("study");
  if (!root) return;
  const area = document.getElementById("study-area");
  const status = document.getElementById("study-status");
  const csrf = () => (area.querySelector("input[name=csrf_token]") || {}).value || "";
  let shownAt = performance.now();
  let busy = false;

  const session = () => {
    const params = new URLSearchParams();
    if (root.dataset.topic) params.set("topic", root.dataset.topic);
    if (root.dataset.tag) params.set("tag", root.dataset.tag);
    if (root.dataset.muscle) params.set("muscle", root.dataset.muscle);
    return params;
  };

  function say(message) {
    status.textContent = message || "";
  }

  function updateCounts(counts) {
    if (!counts) return;
    for (const [name, value] of Object.entries(counts)) {
      const el = root.querySelector(`[data-count="${name}"]`);
      if (el) el.textContent = value;
    }
  }

  function focusFirst() {
    // Focus what the next key acts on, but never a choice: a focused option looks chosen, and a
    // focused select takes letter keys for itself (U would pick an option, not undo).
    // On feedback that is Next (not Sources, which comes earlier in the page).
    const card = area.querySelector(".study-card");
    if (!card) return;
    const target =
      card.querySelector("[data-action=next]") ||
      card.querySelector("summary, [data-select-regions] .region") ||
      card;
    if (target === card) card.setAttribute("tabindex", "-1");
    target.focus({ preventScroll: true });
  }

  function show(html) {
    area.innerHTML = html;
    shownAt = performance.now();
    wire();
    focusFirst();
    area.scrollIntoView({ block: "nearest" });
  }

  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function send(url, options) {
    return fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/json", "X-CSRFToken": csrf() },
      ...options,
    });
  }

  async function request(url, options = {}) {
    if (busy) return null;
    busy = true;
    try {
      let response = await send(url, options);
      if (response.status === 503) {
        // The database was busy. The same body carries the same presentation token, so a retry
        // that reaches the server after the first attempt did counts once.
        say("The server is busy, retrying…");
        const wait = Math.min(Number(response.headers.get("Retry-After")) || 1, 5);
        await pause(wait * 1000);
        response = await send(url, options);
      }
      const data = await response.json().catch(() => ({ error: "The server's answer could not be read." }));
      if (response.status === 400 && data.code === "not_answered") {
        refuse(data.error); // nothing was recorded: the same card stays
        return null;
      }
      if (!response.ok) {
        say(data.message || data.error || `Something went wrong (${response.status}).`);
        if (response.status === 409 || response.status === 400) loadNext();
        return null;
      }
      say("");
      return data;
    } catch (error) {
      say("No connection: your answer was not sent. Try again.");
      return null;
    } finally {
      busy = false;
    }
  }

  async function loadNext(cardId) {
    const params = session();
    if (cardId) params.set("card", cardId);
    const data = await request(`${root.dataset.cardUrl}?${params}`, { method: "GET" });
    if (!data) return;
    show(data.html);
    updateCounts(data.counts);
  }

  function responseOf(form, submitter) {
    const type = form.dataset.type;
    const data = new FormData(form);
    if (type === "flashcard") return { rating: Number(submitter.value) };
    if (type === "true_false") return { answer: submitter.value === "true" };
    if (type === "single_choice" || type === "body_map:identify_muscle") return { choice: Number(submitter.value) };
    if (type === "multiple_response") return { choices: data.getAll("choices").map(Number) };
    if (type === "matching") {
      const pairs = {};
      for (const [name, value] of data.entries()) if (name.startsWith("pair-") && value) pairs[name.slice(5)] = value;
      return { pairs };
    }
    if (type === "body_map:select_regions") return { regions: data.getAll("region") };
    return {};
  }

  function isEmpty(type, response) {
    if (type === "multiple_response") return response.choices.length === 0;
    if (type === "matching") return Object.keys(response.pairs).length === 0;
    if (type === "body_map:select_regions") return response.regions.length === 0;
    return false;
  }

  function refuse(message) {
    // "Choose at least one …": said next to the Check button, and focus back on the answers.
    const form = area.querySelector("form.study-card");
    if (!form) return say(message);
    const slot = form.querySelector("[data-answer-error]");
    if (slot) {
      slot.textContent = message;
      slot.hidden = false;
    }
    const first = form.querySelector("input[name=choices], select, [data-select-regions] .region");
    if (first) first.focus({ preventScroll: true });
  }

  async function submitAnswer(form, submitter) {
    const response = responseOf(form, submitter || {});
    if (isEmpty(form.dataset.type, response)) {
      refuse(form.dataset.emptyMessage || "Choose at least one answer.");
      return;
    }
    const body = {
      token: form.elements.token.value,
      response,
      duration_ms: Math.round(performance.now() - shownAt),
      too_easy: Boolean(form.querySelector("[data-too-easy]:checked")),
      topic: root.dataset.topic || undefined,
      tag: root.dataset.tag || undefined,
      muscle: root.dataset.muscle || undefined,
    };
    const data = await request(root.dataset.answerUrl, { method: "POST", body: JSON.stringify(body) });
    if (!data) return;
    if (data.self_rated) {
      // A flashcard's rating is the whole answer: on to the next card (U or Ctrl+Z undoes it).
      await loadNext();
      updateCounts(data.counts);
      say(`Rated ${["Again", "Hard", "Good", "Easy"][data.rating - 1]}. U undoes it.`);
      return;
    }
    show(data.html);
    updateCounts(data.counts);
    if (data.leech) say("This item became a leech and is suspended.");
  }

  async function changeRating(value) {
    const card = area.querySelector("[data-mode=feedback]");
    if (!card) return;
    const body = {
      log_id: Number(card.dataset.log),
      rating: value,
      topic: root.dataset.topic || undefined,
      tag: root.dataset.tag || undefined,
      muscle: root.dataset.muscle || undefined,
    };
    const data = await request(root.dataset.ratingUrl, { method: "POST", body: JSON.stringify(body) });
    if (!data) return;
    show(data.html);
    updateCounts(data.counts);
    say(`Rating changed to ${["Again", "Hard", "Good", "Easy"][value - 1]}.`);
  }

  async function undo() {
    const data = await request(`${root.dataset.undoUrl}?${session()}`, { method: "POST", body: "{}" });
    if (!data) return;
    show(data.html);
    updateCounts(data.counts);
    say(`Undone: ${data.undone_label || data.undone} is back.`);
  }

  function toggleRegion(region) {
    const id = region.dataset.region;
    const box = area.querySelector(`input[name=region][value="${id}"]`);
    const on = !region.classList.contains("is-selected");
    region.classList.toggle("is-selected", on);
    region.setAttribute("aria-checked", String(on));
    if (box) box.checked = on;
    syncSelectedList();
  }

  function syncSelectedList() {
    const list = area.querySelector("[data-selected-list]");
    if (!list) return;
    const names = [...area.querySelectorAll(".region.is-selected")].map((r) => r.getAttribute("aria-label"));
    list.textContent = names.length ? names.join(", ") : "none";
  }

  function wire() {
    const form = area.querySelector("form.study-card");
    if (form) {
      form.addEventListener("submit", (event) => {
        event.preventDefault();
        submitAnswer(form, event.submitter);
      });
      area.querySelectorAll("[data-select-regions] .region").forEach((region) => {
        region.addEventListener("click", () => toggleRegion(region));
      });
      area.querySelectorAll("[data-chosen-for]").forEach((echo) => {
        const select = document.getElementById(echo.dataset.chosenFor);
        const sync = () => {
          echo.textContent = select.value;
        };
        select.addEventListener("change", sync);
        select.addEventListener("input", sync);
      });
      area.querySelectorAll("input[name=region]").forEach((box) => {
        box.addEventListener("change", () => {
          const region = area.querySelector(`.region[data-region="${box.value}"]`);
          if (region && region.classList.contains("is-selected") !== box.checked) toggleRegion(region);
        });
      });
    }
    area.querySelectorAll("[data-mode=feedback] form[action$='/rating'] button[data-rating]").forEach((button) => {
      button.addEventListener("click", (event) => {
        event.preventDefault();
        changeRating(Number(button.value));
      });
    });
    area.querySelectorAll("[data-action=next]").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        loadNext();
      });
    });
    root.querySelectorAll("[data-action=undo]").forEach((button) => {
      if (button.dataset.wired) return;
      button.dataset.wired = "1";
      button.addEventListener("click", (event) => {
        event.preventDefault();
        undo();
      });
    });
  }

  function onKey(event) {
    const target = event.target;
    if (event.key === "Enter" && target.matches("form.study-card select") && !event.altKey) {
      // Enter in a matching select checks the answer, as the README says (a closed select
      // does nothing with Enter otherwise).
      event.preventDefault();
      const form = target.closest("form.study-card");
      submitAnswer(form, form.querySelector("[data-submit]"));
      return;
    }
    const typing = target.matches("input[type=text], input[type=search], textarea, select");
    if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z") {
      if (typing) return;
      event.preventDefault();
      undo();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey || typing) return;
    const card = area.querySelector(".study-card");
    if (!card) return;
    const mode = card.dataset.mode;
    const key = event.key;

    if (key === "u" || key === "U") {
      event.preventDefault();
      undo();
      return;
    }
    if (mode === "feedback") {
      if (/^[1-4]$/.test(key)) {
        event.preventDefault();
        changeRating(Number(key));
      } else if (key === " " || key === "Enter") {
        // A focused disclosure (Sources) or button does its own thing; so does Enter on a link.
        if (target.matches("summary, button, input")) return;
        if (target.matches("a") && key === "Enter") return;
        event.preventDefault();
        loadNext();
      }
      return;
    }
    if (mode === "done") return;

    const form = card;
    if (mode === "front") {
      const back = form.querySelector("details.flashcard-back");
      if (!back.open && (key === " " || key === "Enter")) {
        event.preventDefault();
        back.open = true;
        form.querySelector("[data-rating='3']").focus({ preventScroll: true });
      } else if (back.open && /^[1-4]$/.test(key)) {
        // Two keys in all, as in Anki: Space shows the back, the rating records and moves on.
        event.preventDefault();
        submitAnswer(form, form.querySelector(`[data-rating='${key}']`));
      }
      return;
    }
    const type = form.dataset.type;
    if (key === "e" || key === "E") {
      const box = form.querySelector("[data-too-easy]");
      if (box) {
        event.preventDefault();
        box.checked = !box.checked;
      }
      return;
    }
    if (type === "true_false" && /^[tTfF12]$/.test(key)) {
      event.preventDefault();
      const value = key === "t" || key === "T" || key === "1" ? "true" : "false";
      submitAnswer(form, form.querySelector(`[data-answer='${value}']`));
      return;
    }
    if (/^[1-9]$/.test(key)) {
      const choice = form.querySelector(`[data-key='${key}']`);
      if (!choice) return;
      event.preventDefault();
      if (choice.type === "checkbox") choice.checked = !choice.checked;
      else submitAnswer(form, choice);
      return;
    }
    if (key === " " && target.classList && target.classList.contains("region")) {
      event.preventDefault();
      toggleRegion(target);
      return;
    }
    if (key === "Enter" && !target.matches("button")) {
      const submit = form.querySelector("[data-submit]");
      if (submit) {
        event.preventDefault();
        submitAnswer(form, submit);
      }
    }
  }

  document.addEventListener("keydown", onKey);
  wire();
  focusFirst();
})();
