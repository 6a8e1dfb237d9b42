// Live updates for the participant page and the facilitator console. Everything on
// these pages works without it, as plain forms and a reload.
import { activityEvent, bindForms, panelRefresh } from "./activities.mjs";
import { changedSince, LiveClient } from "./live-client.mjs";
import { consoleEvents, participantEvents } from "./live-moderation.mjs";

const root = document.getElementById("live-session") ?? document.getElementById("live-console");
const announcer = document.getElementById("live-announcer");
const connection = document.getElementById("live-connection");

// randomUUID needs a secure context; plain http on a venue's own server is not one.
const newId = () =>
  crypto.randomUUID?.() ??
  ([1e7] + -1e3 + -4e3 + -8e3 + -1e11).replace(/[018]/g, (c) => (c ^ (crypto.getRandomValues(new Uint8Array(1))[0] & (15 >> (c / 4)))).toString(16));

const announce = (text) => {
  // A polite live region: read out when the person pauses, never interrupting.
  if (announcer) announcer.textContent = text;
};

const textItem = (statement) => {
  const li = document.createElement("li");
  li.className = "app-statement govuk-body";
  li.dataset.statementId = statement.id;
  li.textContent = statement.text;
  return li;
};

function renderStatements(list, statements) {
  // Only the list changes; the form beside it (and what is being typed) is left alone.
  list.replaceChildren(...statements.map(textItem));
  if (!statements.length) list.append(Object.assign(textItem({ id: "", text: "No statements yet." }), { id: "no-statements" }));
}

function addStatement(list, statement) {
  if (list.querySelector(`[data-statement-id="${statement.id}"]`)) return false;
  list.querySelector("#no-statements")?.remove();
  const items = [...list.querySelectorAll("[data-statement-id]")];
  const after = items.find((li) => Number(li.dataset.statementId) > statement.id);
  list.insertBefore(textItem(statement), after ?? null);
  return true;
}

function renderSession(session) {
  const status = root.querySelector('[data-live="status"]');
  if (status) status.textContent = session.status_label;
  const current = root.querySelector('[data-live="current-item"]');
  if (current) {
    const item = session.current_item;
    const heading = document.createElement("h2");
    heading.className = "govuk-heading-m";
    heading.textContent = item ? `Now: ${item.title}` : "";
    const parts = item ? [heading] : [];
    if (item?.description) parts.push(Object.assign(document.createElement("p"), { className: "govuk-body", textContent: item.description }));
    if (item && item.remaining_seconds !== null) {
      const timer = Object.assign(document.createElement("p"), { className: "govuk-body" });
      timer.dataset.endsAt = item.ends_at ?? "";
      timer.dataset.remaining = item.remaining_seconds;
      parts.push(timer);
    }
    current.replaceChildren(...parts);
    tick();
  }
  const form = document.getElementById("statement-form");
  const closed = document.getElementById("statements-closed");
  if (form) form.hidden = session.status !== "live";
  if (closed) closed.hidden = session.status === "live";
}

// The server holds the end time; the page only counts down to it.
let serverOffsetMs = 0;
function tick() {
  for (const timer of root.querySelectorAll("[data-remaining]")) {
    let left = Number(timer.dataset.remaining);
    if (timer.dataset.endsAt) left = Math.max(0, Math.ceil((Date.parse(timer.dataset.endsAt) - Date.now() - serverOffsetMs) / 1000));
    const m = Math.floor(left / 60);
    const s = String(left % 60).padStart(2, "0");
    timer.textContent = `Time left: ${m}:${s}${timer.dataset.endsAt ? "" : " (paused)"}`;
  }
}
setInterval(tick, 1000);

function renderPresence(presence) {
  const count = root.querySelector('[data-live="presence-count"]');
  if (count) count.textContent = `${presence.count} ${presence.count === 1 ? "person" : "people"} connected`;
  const names = root.querySelector('[data-live="presence-names"]');
  if (names) names.replaceChildren(...presence.names.map((n) => Object.assign(document.createElement("li"), { textContent: n })));
}

if (root && "WebSocket" in window) {
  const list = document.getElementById("statements") ?? document.getElementById("console-statements");
  const isConsole = root.id === "live-console";
  // Questions and queues: drawn by the server, fetched again when one opens or closes.
  const participation = isConsole ? "#console-participation" : "#participation";
  let started = false;
  // Moderation, questions and the queue: their own module, handed the socket's act.
  const act = (message) => client.act(message);
  const moderated = isConsole ? consoleEvents({ act, newId, announce, refresh: () => panelRefresh(participation) }) : participantEvents({ act, newId, announce });
  const participationRefresh = () => panelRefresh(participation).then(() => moderated.bind?.());
  const client = new LiveClient(root.dataset.websocketPath, {
    token: root.dataset.joinToken ?? "",
    onStatus(status) {
      root.dataset.liveState = status === "connected" ? "joining" : status;
      if (!connection) return;
      connection.hidden = status === "connected";
      connection.textContent = status === "refused" ? "You are no longer connected to this session. Reload the page." : "Reconnecting… anything you send will go when the connection is back.";
    },
    onState(state) {
      serverOffsetMs = Date.now() - Date.parse(state.session.server_time);
      renderSession(state.session);
      if (list && !isConsole) renderStatements(list, state.statements);
      if (state.presence) renderPresence(state.presence);
      moderated.onState?.(state);
      // After a reconnect, or a change since the page was drawn: draw the panels again.
      if (started || changedSince(root.dataset.drawnAt, state.seq)) {
        panelRefresh("#activities");
        participationRefresh();
      }
      started = true;
      root.dataset.liveState = "connected";
    },
    onAck(ack) {
      // Hands up and questions are live-moderation.mjs's to announce; votes and words here.
      if (moderated.onAck?.(ack) || isConsole) return;
      if (ack.activity_id) announce(ack.duplicate ? "Already received." : "Thank you: your answer is in.");
    },
    onEvent(event) {
      if (event.type.startsWith("activity.")) {
        activityEvent(event, { selector: "#activities", announce });
        if (event.type === "activity.changed" && ["questions", "queue"].includes(event.activity.kind)) participationRefresh();
      } else if (event.type === "session.changed") {
        renderSession(event.session);
        announce(`Session ${event.session.status_label.toLowerCase()}${event.session.current_item ? `: ${event.session.current_item.title}` : ""}.`);
      } else if (event.type === "statement.new" && event.statement.pending) {
        announce("Sent. Your statement will show once a moderator approves it.");
      } else if (event.type === "statement.new" && list && !isConsole) {
        if (addStatement(list, event.statement)) announce(event.own ? "Your statement is in." : `New statement: ${event.statement.text}`);
      } else if (event.type === "statement.hidden" && list && !isConsole) {
        list.querySelector(`[data-statement-id="${event.statement_id}"]`)?.remove();
        announce("A moderator removed a statement.");
      }
      moderated.onEvent?.(event);
    },
    onPresence: renderPresence,
    onError(error) {
      if (error.code !== "rate_limited") announce(error.message);
    },
  });
  const form = document.getElementById("statement-form");
  if (form && !isConsole) {
    form.addEventListener("submit", (e) => {
      const text = form.querySelector("textarea");
      if (!text.value.trim()) return; // the server's plain answer explains
      e.preventDefault();
      client.act({ type: "statement.post", text: text.value, client_id: newId() });
      text.value = "";
      text.focus();
    });
  }
  const panel = document.getElementById("activities");
  if (panel && !isConsole) bindForms(panel, client, newId);
  client.start();
}
