// Live filter for lists: <input data-filter-target="CSS selector of items with data-filter-text">.
// With nothing left, [data-filter-empty] says so (its [data-filter-query] repeats the words) and
// [data-filter-status] tells screen readers how many items are shown.
document.querySelectorAll("[data-filter-target]").forEach((input) => {
  const items = () => document.querySelectorAll(input.dataset.filterTarget);
  const empty = document.querySelector("[data-filter-empty]");
  const status = document.querySelector("[data-filter-status]");
  const apply = () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    items().forEach((el) => {
      const text = el.dataset.filterText || "";
      el.hidden = !words.every((w) => text.includes(w));
      if (!el.hidden) shown += 1;
    });
    document.querySelectorAll("[data-filter-group]").forEach((group) => {
      group.hidden = !group.querySelector("[data-filter-text]:not([hidden])");
    });
    if (empty) {
      empty.hidden = shown > 0;
      const query = empty.querySelector("[data-filter-query]");
      if (query) query.textContent = input.value.trim();
    }
    if (status) status.textContent = words.length ? `${shown} shown` : "";
  };
  input.addEventListener("input", apply);
  document.querySelectorAll("[data-filter-clear]").forEach((button) => {
    button.addEventListener("click", () => {
      input.value = "";
      apply();
      input.focus();
    });
  });
});
