// Sign-up: the new account starts in the browser's time zone (the server checks the name and
// falls back to UTC), so "today" and the day's limits match the learner's clock from day one.
(() => {
  "use strict";
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    zone = "";
  }
  document.querySelectorAll("input[name=timezone][type=hidden]").forEach((input) => {
    input.value = zone;
  });
})();
