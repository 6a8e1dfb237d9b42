// The screen view: read-only, live. It holds the screen link's token, so the socket
// lets it watch and nothing more. Without this script the page shows the state on reload.
import { activityEvent, panelRefresh } from "./activities.mjs";
import { LiveClient } from "./live-client.mjs";

const root = document.getElementById("live-screen");
const announcer = document.getElementById("live-announcer");
const announce = (text) => {
  if (announcer) announcer.textContent = text; // polite: never interrupts
};

let serverOffsetMs = 0;
function tick() {
  for (const timer of root.querySelectorAll("[data-remaining]")) {
    let left = Number(timer.dataset.remaining);
    if (timer.dataset.endsAt) left = Math.max(0, Math.ceil((Date.parse(timer.dataset.endsAt) - Date.now() - serverOffsetMs) / 1000));
    timer.textContent = `Time left: ${Math.floor(left / 60)}:${String(left % 60).padStart(2, "0")}${timer.dataset.endsAt ? "" : " (paused)"}`;
  }
}

if (root && "WebSocket" in window) {
  setInterval(tick, 1000);
  let started = false;
  const client = new LiveClient(root.dataset.websocketPath, {
    token: root.dataset.joinToken,
    onState(state) {
      serverOffsetMs = Date.now() - Date.parse(state.session.server_time);
      if (started) {
        panelRefresh('[data-live="current-item"]');
        panelRefresh('[data-live="activities"]');
      }
      started = true;
    },
    onEvent(event) {
      if (event.type.startsWith("activity.")) {
        activityEvent(event, { selector: '[data-live="activities"]', announce, big: true });
      } else if (event.type === "session.changed") {
        panelRefresh('[data-live="current-item"]').then(tick);
        const item = event.session.current_item;
        announce(item ? `Now: ${item.title}.` : event.session.status_label);
      }
    },
  });
  client.start();
}
