// The live-session socket client: docs/live-protocol.md. No page knowledge here.
// It keeps the last sequence number of each stream, asks for what it missed on a
// gap or after a reconnect, reconnects with backoff, and resends actions that were
// not acknowledged (with the same client_id / action_id, so each counts once).

// Whether a snapshot's numbers (seq) are past those a page was drawn at (its
// data-drawn-at, JSON): then something changed in between that the page lacks.
export function changedSince(drawnAt, seq) {
  try {
    const drawn = JSON.parse(drawnAt || "{}");
    return Object.entries(seq).some(([stream, last]) => last > (drawn[stream] ?? 0));
  } catch {
    return true;
  }
}

const FINAL_CLOSE_CODES = new Set([4403, 4404]);
const MAX_BACKOFF_MS = 30000;

export class LiveClient {
  constructor(path, { token = "", onState, onEvent, onStatus, onError, onPresence, onAck } = {}) {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    this.url = `${scheme}//${location.host}${path}${token ? `?token=${encodeURIComponent(token)}` : ""}`;
    this.handlers = { onState, onEvent, onStatus, onError, onPresence, onAck };
    this.seq = {}; // stream -> last applied sequence number
    this.pending = new Map(); // client_id or action_id -> message, until acknowledged
    this.attempt = 0;
    this.stopped = false;
  }

  start() {
    this.socket = new WebSocket(this.url);
    this.socket.addEventListener("open", () => {
      this.attempt = 0;
      this.handlers.onStatus?.("connected");
    });
    this.socket.addEventListener("message", (e) => this.receive(JSON.parse(e.data)));
    this.socket.addEventListener("close", (e) => this.closed(e));
  }

  closed(event) {
    this.handlers.onStatus?.(FINAL_CLOSE_CODES.has(event.code) ? "refused" : "reconnecting", event);
    if (this.stopped || FINAL_CLOSE_CODES.has(event.code)) return;
    const wait = event.code === 4429 ? 60000 : Math.min(MAX_BACKOFF_MS, 500 * 2 ** this.attempt);
    this.attempt += 1;
    // Jitter, so a room whose Wi-Fi came back does not reconnect all at once.
    setTimeout(() => this.start(), wait * (0.5 + Math.random() / 2));
  }

  send(message) {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  // An action that must arrive: kept until its ack and resent after a reconnect.
  act(message) {
    const key = message.client_id ?? message.action_id;
    this.pending.set(key, message);
    this.send(message);
    return key;
  }

  receive(message) {
    switch (message.type) {
      case "session.state":
        // A fresh snapshot: it replaces everything, then unacknowledged actions go again.
        this.seq = { ...message.seq };
        this.handlers.onState?.(message);
        for (const pendingMessage of this.pending.values()) this.send(pendingMessage);
        return;
      case "events":
        for (const event of message.events) this.applyEvent(event, true);
        return;
      case "statement.ack":
        this.pending.delete(message.statement.client_id);
        this.handlers.onEvent?.({ type: "statement.new", statement: message.statement, own: true });
        return;
      case "ack":
        this.pending.delete(message.action_id);
        this.handlers.onAck?.(message);
        return;
      case "question.ack":
        this.pending.delete(message.question.client_id);
        this.handlers.onAck?.(message);
        return;
      case "presence":
        this.handlers.onPresence?.(message);
        return;
      case "error":
        // Refused for good: no point resending. Rate limits are retried after the wait.
        if (message.code === "rate_limited" && message.retry_after) {
          const again = this.pending.get(message.client_id ?? message.action_id);
          if (again) setTimeout(() => this.send(again), message.retry_after * 1000);
        } else {
          this.pending.delete(message.client_id ?? message.action_id);
        }
        this.handlers.onError?.(message);
        return;
      case "pong":
        return;
      default:
        if (message.stream) this.applyEvent(message, false);
    }
  }

  applyEvent(event, fromResync) {
    const last = this.seq[event.stream] ?? 0;
    if (event.seq <= last) return; // already applied (or in the snapshot)
    if (event.seq > last + 1) {
      // A gap: something was lost on the way. Ask again from the last one applied.
      if (!fromResync) this.send({ type: "resync", stream: event.stream, since: last });
      return;
    }
    this.seq[event.stream] = event.seq;
    this.handlers.onEvent?.(event);
  }
}
