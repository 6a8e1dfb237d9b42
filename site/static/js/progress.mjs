// Progress of a background job, updated in place every few seconds, with a button to
// pause the updates (WCAG 2.2.2). The page never refreshes itself (WCAG 2.2.1); without
// JavaScript it offers a link to check again instead.
//
// Markup: a container [data-progress-page] holding the status region
// [data-progress-poll="<seconds>"]; optional [data-progress-js] (shown with JavaScript),
// [data-progress-nojs] (hidden with JavaScript) and a [data-progress-pause] button.
const region = document.querySelector("[data-progress-poll]");
if (region) {
  const seconds = Number(region.dataset.progressPoll) || 2;
  const container = region.closest("[data-progress-page]");
  const pause = document.querySelector("[data-progress-pause]");
  let paused = false;
  let timer;
  document.querySelectorAll("[data-progress-nojs]").forEach((el) => (el.hidden = true));
  document.querySelectorAll("[data-progress-js]").forEach((el) => (el.hidden = false));

  const tick = async () => {
    try {
      const response = await fetch(location.href, { credentials: "same-origin" });
      if (response.ok) {
        const fresh = new DOMParser().parseFromString(await response.text(), "text/html");
        const freshRegion = fresh.querySelector("[data-progress-poll]");
        if (freshRegion) {
          region.innerHTML = freshRegion.innerHTML;
        } else {
          // Finished: show the outcome (a download link, or the error) in place.
          const freshContainer = fresh.querySelector("[data-progress-page]");
          if (container && freshContainer) {
            container.innerHTML = freshContainer.innerHTML;
          } else {
            location.reload();
          }
          return;
        }
      }
    } catch {
      // A network blip: try again at the next tick.
    }
    if (!paused) timer = setTimeout(tick, seconds * 1000);
  };

  pause?.addEventListener("click", () => {
    paused = !paused;
    pause.textContent = paused ? "Resume updates" : "Pause updates";
    clearTimeout(timer);
    if (!paused) tick();
  });
  timer = setTimeout(tick, seconds * 1000);
}
