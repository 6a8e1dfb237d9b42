// The screen view: read-only, live. It holds the screen link's token, so the socket
// lets it watch and nothing more. Without this script the page shows the state on reload.
import { activityEvent, panelRefresh } from "./activities.mjs";
import { changedSince, LiveClient } from "./live-client.mjs";

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

// The screen's panels: each drawn by the server, fetched again when it changes.
const PANELS = ['[data-live="current-item"]', '[data-live="activities"]', '[data-live="screen-participation"]'];
const PARTICIPATION = PANELS[2];

// What the screen says (politely) when questions or the queue change.
const SAID = {
  "question.new": (e) => `New question: ${e.question.text}`,
  "question.votes": () => "The questions' votes changed.",
  "question.changed": (e) => (e.question.answered ? `Answered: ${e.question.text}` : "A question is open again."),
  "question.hidden": () => "A question was removed.",
  "queue.changed": (e) => `${e.queue.waiting.length} waiting to speak.`,
};

if (root && "WebSocket" in window) {
  setInterval(tick, 1000);
  let started = false;
  const client = new LiveClient(root.dataset.websocketPath, {
    token: root.dataset.joinToken,
    onStatus(status) {
      root.dataset.liveState = status === "connected" ? "joining" : status;
    },
    onState(state) {
      serverOffsetMs = Date.now() - Date.parse(state.session.server_time);
      // After a reconnect, or a change since the page was drawn: draw it all again.
      if (started || changedSince(root.dataset.drawnAt, state.seq)) for (const panel of PANELS) panelRefresh(panel).then(tick);
      started = true;
      root.dataset.liveState = "connected";
    },
    onEvent(event) {
      if (event.type.startsWith("activity.")) {
        activityEvent(event, { selector: PANELS[1], announce, big: true });
        if (event.type === "activity.changed" && ["questions", "queue"].includes(event.activity.kind)) panelRefresh(PARTICIPATION);
      } else if (event.type === "session.changed") {
        panelRefresh(PANELS[0]).then(tick);
        const item = event.session.current_item;
        announce(item ? `Now: ${item.title}.` : event.session.status_label);
      } else if (SAID[event.type]) {
        panelRefresh(PARTICIPATION);
        announce(SAID[event.type](event));
      }
    },
  });
  client.start();
}
