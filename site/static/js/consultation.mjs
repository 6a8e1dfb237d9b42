// Progressive enhancement for survey pages; everything works without it.
// Shows a conditional question only while the answer it depends on is chosen.
for (const group of document.querySelectorAll("[data-show-if-field]")) {
  const field = group.dataset.showIfField;
  const wanted = new Set(group.dataset.showIfValues.split("|"));
  const inputs = document.querySelectorAll(`[name="${CSS.escape(field)}"]`);
  const update = () => {
    const chosen = [...inputs].filter((i) => (i.type === "radio" || i.type === "checkbox" ? i.checked : i.value));
    group.hidden = !chosen.some((i) => wanted.has(i.value));
  };
  inputs.forEach((i) => i.addEventListener("change", update));
  group.querySelector(".app-condition-hint")?.setAttribute("hidden", "");
  update();
}
