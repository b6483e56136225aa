// Editor enhancements: pick body-map regions by clicking the figure (or Space/Enter on a
// focused region), kept in step with the checkbox list that also works without JavaScript;
// the same for the preview's figure (editor and item page), as a learner answers it.
(function () {
  const summary = document.getElementById("error-summary");
  if (summary) summary.focus();

  // Narrow the reference menus to the sources whose key or citation has every typed word.
  const refFilter = document.querySelector("[data-reference-filter]");
  if (refFilter) {
    refFilter.addEventListener("input", () => {
      const words = refFilter.value.toLowerCase().split(/\s+/).filter(Boolean);
      document.querySelectorAll("#references select option").forEach((option) => {
        const text = option.textContent.toLowerCase();
        option.hidden = Boolean(option.value) && !option.selected && !words.every((w) => text.includes(w));
      });
    });
  }

  // The preview's figure answers as the study screen's does: a click (or Space/Enter on a
  // focused region) ticks the region in the list beside it, and ticking the list paints it.
  document.querySelectorAll("[data-preview-regions]").forEach((area) => {
    const listBox = (id) => area.querySelector(`input[name=region][value="${id}"]`);
    const named = area.querySelector("[data-selected-list]");
    function show() {
      const picked = [];
      area.querySelectorAll("[data-select-regions] .region").forEach((region) => {
        const input = listBox(region.dataset.region);
        const on = Boolean(input && input.checked);
        region.classList.toggle("is-selected", on);
        region.setAttribute("aria-checked", String(on));
        if (on) picked.push(region.getAttribute("aria-label") || region.dataset.region);
      });
      if (named) named.textContent = picked.length ? picked.join(", ") : "none";
    }
    area.querySelectorAll("[data-select-regions] .region").forEach((region) => {
      const flip = () => {
        const input = listBox(region.dataset.region);
        if (input) input.checked = !input.checked;
        show();
      };
      region.addEventListener("click", flip);
      region.addEventListener("keydown", (event) => {
        if (event.key === " " || event.key === "Enter") {
          event.preventDefault(); // Space would scroll, Enter would submit the check
          flip();
        }
      });
    });
    area.querySelectorAll("input[name=region]").forEach((input) => input.addEventListener("change", show));
    show();
  });

  const picker = document.querySelector("[data-region-picker]");
  if (!picker) return;
  const form = picker.closest("form");
  const box = (id) => form.querySelector(`input[name=regions][value="${id}"]`);
  const shown = form.querySelector("[data-picked-list]");

  function paint() {
    const picked = [];
    picker.querySelectorAll(".region").forEach((region) => {
      const input = box(region.dataset.region);
      const on = Boolean(input && input.checked);
      region.classList.toggle("is-selected", on);
      region.classList.remove("is-highlighted");
      region.setAttribute("aria-checked", String(on));
      if (on) picked.push(region.getAttribute("aria-label") || region.dataset.region);
    });
    if (shown) shown.textContent = picked.length ? picked.join(", ") : "none";
  }

  function toggle(region) {
    const input = box(region.dataset.region);
    if (!input) return;
    input.checked = !input.checked;
    paint();
  }

  picker.querySelectorAll(".region").forEach((region) => {
    region.addEventListener("click", () => toggle(region));
    region.addEventListener("keydown", (event) => {
      if (event.key === " " || event.key === "Enter") {
        event.preventDefault(); // Space would scroll, Enter would submit the form
        toggle(region);
      }
    });
  });
  form.querySelectorAll("input[name=regions]").forEach((input) => input.addEventListener("change", paint));
  paint();
})();
