// Live filter for lists: <input data-filter-target="CSS selector of items with data-filter-text">.
document.querySelectorAll("[data-filter-target]").forEach((input) => {
  const items = () => document.querySelectorAll(input.dataset.filterTarget);
  input.addEventListener("input", () => {
    const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
    items().forEach((el) => {
      const text = el.dataset.filterText || "";
      el.hidden = !words.every((w) => text.includes(w));
    });
    document.querySelectorAll("[data-filter-group]").forEach((group) => {
      group.hidden = !group.querySelector("[data-filter-text]:not([hidden])");
    });
  });
});
