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

// WCAG 2.2.1: warn five minutes before the session that holds the answers ends,
// and let the person extend it.
const warning = document.getElementById("session-warning");
if (warning) {
  const seconds = Number(warning.dataset.sessionSeconds);
  let timer;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      warning.hidden = false;
      document.getElementById("session-keepalive").focus();
    }, Math.max(0, seconds - 300) * 1000);
  };
  document.getElementById("session-keepalive").addEventListener("click", async () => {
    const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value ?? "";
    await fetch(warning.dataset.keepaliveUrl, {
      method: "POST",
      headers: { "X-CSRFToken": token },
      credentials: "same-origin",
    });
    warning.hidden = true;
    arm();
  });
  arm();
}
