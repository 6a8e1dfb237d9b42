// Live updates for moderation, questions and the speaking queue (docs/live-protocol.md).
// The pages work without it: every button is a plain form; this only keeps lists
// current and sends buttons over the socket instead of reloading.
import { panelRefresh } from "./activities.mjs";

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
};

function button(label, hidden, onClick, className = "govuk-button govuk-button--secondary govuk-!-margin-bottom-2") {
  const b = el("button", { type: "button", className }, label);
  if (hidden) b.append(el("span", { className: "govuk-visually-hidden" }, hidden));
  b.addEventListener("click", onClick);
  return b;
}

const clearEmpty = (list) => list?.querySelector("[data-empty]")?.remove();
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

// The console: statements, the pre-moderation queue and the log stay current.
export function consoleEvents({ act, newId, announce, refresh }) {
  const visible = document.getElementById("console-statements");
  const hidden = document.getElementById("console-hidden");
  const pending = document.getElementById("console-pending");
  const log = document.getElementById("console-log");
  const send = (type, fields) => act({ type, action_id: newId(), ...fields });
  const row = (s, buttons) => {
    const li = el("li", {}, s.text, " ");
    li.dataset.statementId = s.id;
    if (s.author) li.append(el("span", { className: "govuk-hint" }, `by ${s.author}`), " ");
    li.append(...buttons);
    return li;
  };
  const place = (list, li) => {
    if (!list) return;
    list.querySelector(`[data-statement-id="${li.dataset.statementId}"]`)?.remove();
    list.querySelector("#console-no-statements")?.remove();
    clearEmpty(list);
    list.append(li);
  };
  const drop = (id) => document.querySelectorAll(`#live-console [data-statement-id="${id}"]`).forEach((n) => n.remove());
  const visibleRow = (s) => row(s, [
    button("Hide", ` statement ${s.id}`, () => send("statement.hide", { statement_id: s.id })),
    button("Mute the author", ` of statement ${s.id}`, () => send("participant.mute", { statement_id: s.id }), "govuk-button govuk-button--warning govuk-!-margin-bottom-2"),
  ]);
  const onEvent = (event) => {
    if (event.type === "statement.new") {
      drop(event.statement.id);
      place(visible, visibleRow(event.statement));
      announce(`New statement: ${event.statement.text}`);
    } else if (event.type === "statement.pending") {
      const s = event.statement;
      place(pending, row(s, [
        button("Approve", ` statement ${s.id}`, () => send("statement.approve", { statement_id: s.id }), "govuk-button govuk-!-margin-bottom-2"),
        button("Reject", ` statement ${s.id}`, () => send("statement.hide", { statement_id: s.id })),
      ]));
      announce(`A statement waits for approval: ${s.text}`);
    } else if (event.type === "statement.moderated" && event.hidden) {
      const s = event.statement;
      drop(s.id);
      place(hidden, row(s, [button("Restore", ` statement ${s.id}`, () => send("statement.restore", { statement_id: s.id }))]));
    } else if (event.type === "moderation.logged" && log) {
      const e = event.entry;
      clearEmpty(log);
      const cells = [e.at.slice(11, 19), e.who, e.action_label, `${e.target} ${e.target_id ?? ""}: ${e.target_text}`];
      log.prepend(el("tr", { className: "govuk-table__row" }, ...cells.map((c) => el("td", { className: "govuk-table__cell" }, c))));
    } else if (event.type === "participant.muted" || event.type === "participant.unmuted") {
      panelRefresh("#console-mutes");
      announce(event.type === "participant.muted" ? `Muted: ${event.mute.name}.` : "A participant was unmuted.");
    } else if (CONSOLE_LISTS[event.type]) {
      // Questions and queues, with names and their own buttons: drawn by the server.
      refresh();
      announce(CONSOLE_LISTS[event.type](event));
    }
  };
  return { onEvent };
}

// What the console says when a question or queue list changes.
const CONSOLE_LISTS = {
  "question.new": (e) => `New question: ${e.question.text}`,
  "question.pending": (e) => `A question waits for approval: ${e.question.text}`,
  "question.votes": (e) => `A question now has ${e.votes} vote${e.votes === 1 ? "" : "s"}.`,
  "question.changed": (e) => (e.question.answered ? `Answered: ${e.question.text}` : `Not answered yet: ${e.question.text}`),
  "question.hidden": () => "A question was hidden.",
  "question.moderated": () => "Questions moderated.",
  "queue.console": (e) => `Speaking queue: ${e.queue.waiting.length} waiting${e.queue.speaking ? `, ${e.queue.speaking.name} speaking` : ""}.`,
};

// The participant page: questions (votes, answered, hidden) and my place in the queue.
// Every change it draws is also said in the page's polite live region.
export function participantEvents({ act, newId, announce }) {
  let myVotes = new Set();
  const myEntries = {};
  const queues = {}; // activity id -> the last queue seen
  const queueActions = new Set(); // action_ids of hands put up or down from this page
  const lists = () => document.querySelectorAll("[data-questions-activity]");
  const listFor = (id) => document.querySelector(`[data-questions-activity="${id}"] [data-live="questions"]`);
  const questionRow = (q) => {
    const li = el("li", { className: "app-question" });
    li.dataset.questionId = q.id;
    li.dataset.votes = q.votes;
    const mine = myVotes.has(q.id);
    const text = el("p", { className: "govuk-body govuk-!-margin-bottom-1" }, q.text);
    if (q.answered) text.append(" ", el("strong", { className: "govuk-tag govuk-tag--green" }, "Answered"));
    const count = el("span", { className: "govuk-body" }, `${plural(q.votes, "vote", "votes")} `);
    count.dataset.live = "votes";
    li.append(text, count);
    // Only where the server drew a button (the questions are open and the person may vote).
    if (listFor(q.activity_id)?.closest("[data-questions-activity]").dataset.mayVote !== "true") return li;
    const vote = button(mine ? "Withdraw my vote" : "Up-vote", `: ${q.text.slice(0, 40)}`, () => {
      act({ type: "question.vote", question_id: q.id, up: !mine, action_id: newId() });
      mine ? myVotes.delete(q.id) : myVotes.add(q.id);
      const fresh = questionRow(q);
      li.replaceWith(fresh);
      fresh.querySelector("button")?.focus();
    });
    vote.setAttribute("aria-pressed", String(mine));
    li.append(vote);
    return li;
  };
  const questions = new Map();
  const render = (activityId) => {
    const list = listFor(activityId);
    if (!list) return;
    const focused = list.contains(document.activeElement) ? document.activeElement.closest("[data-question-id]")?.dataset.questionId : null;
    const rows = [...questions.values()].filter((q) => q.activity_id === activityId);
    const byNewest = new URLSearchParams(location.search).get("order") === "newest";
    rows.sort((a, b) => (byNewest ? b.id - a.id : b.votes - a.votes || b.id - a.id));
    list.replaceChildren(...(rows.length ? rows.map(questionRow) : [el("li", { className: "govuk-body" }, "No questions yet.")]));
    // A push never takes the focus away: it stays on the same question's button.
    if (focused) list.querySelector(`[data-question-id="${focused}"] button`)?.focus();
  };
  const queueText = (queue) => {
    const section = document.querySelector(`[data-queue-activity="${queue.activity_id}"]`);
    const mine = myEntries[queue.activity_id] ?? (Number(section?.dataset.entryId) || null);
    const place = queue.waiting.indexOf(mine) + 1;
    if (queue.speaking && queue.speaking === mine) return { place, text: "It is your turn to speak." };
    if (place) return { place, text: `Your hand is up: you are number ${place} of ${queue.waiting.length} waiting.` };
    return { place, text: `${queue.waiting.length} waiting to speak.` };
  };
  const renderQueue = (queue, { say = false } = {}) => {
    queues[queue.activity_id] = queue;
    const section = document.querySelector(`[data-queue-activity="${queue.activity_id}"]`);
    const text = section?.querySelector('[data-live="queue-position"]');
    if (!text) return;
    const { place, text: words } = queueText(queue);
    if (say && text.textContent !== words) announce(words);
    text.textContent = words;
    // The one button: a hand up can be taken down; otherwise it can go up (while open).
    const hand = section.querySelector("[data-queue-form] button");
    if (!hand) return;
    hand.value = place ? "queue_leave" : "queue_join";
    hand.textContent = place ? "Take my hand down" : "Put my hand up to speak";
    hand.classList.toggle("govuk-button--secondary", Boolean(place));
  };
  const bind = () => {
    for (const form of document.querySelectorAll("[data-question-form]:not([data-bound])")) {
      form.dataset.bound = "true";
      form.addEventListener("submit", (e) => {
        const text = form.querySelector("textarea");
        if (!text.value.trim()) return; // the server's plain answer explains
        e.preventDefault();
        act({ type: "question.ask", activity_id: Number(form.activity_id.value), text: text.value, client_id: newId() });
        text.value = "";
      });
    }
    for (const form of document.querySelectorAll("[data-queue-form]:not([data-bound])")) {
      form.dataset.bound = "true";
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        const action_id = newId();
        queueActions.add(action_id);
        const type = (e.submitter ?? form.querySelector("button")).value === "queue_leave" ? "queue.leave" : "queue.join";
        act({ type, activity_id: Number(form.activity_id.value), action_id });
      });
    }
  };
  bind();
  return {
    // After the server drew the sections again: bind their forms, draw what is known.
    bind() {
      bind();
      for (const section of lists()) render(Number(section.dataset.questionsActivity));
      for (const queue of Object.values(queues)) renderQueue(queue);
    },
    onState(state) {
      myVotes = new Set(state.my_question_votes ?? []);
      questions.clear();
      for (const rows of Object.values(state.questions ?? {})) for (const q of rows) questions.set(q.id, q);
      for (const section of lists()) render(Number(section.dataset.questionsActivity));
      for (const [id, entry] of Object.entries(state.my_queue ?? {})) myEntries[Number(id)] = entry;
      for (const queue of Object.values(state.queues ?? {})) renderQueue(queue);
    },
    onEvent(event) {
      if (event.type === "question.new" || event.type === "question.changed") {
        const before = questions.get(event.question.id);
        questions.set(event.question.id, event.question);
        render(event.question.activity_id);
        if (event.type === "question.new" && !event.own && !before) announce(`New question: ${event.question.text}`);
        if (event.type === "question.changed") announce(`${event.question.answered ? "Answered" : "Not answered yet"}: ${event.question.text}`);
      } else if (event.type === "question.votes" && questions.has(event.question_id)) {
        const q = questions.get(event.question_id);
        q.votes = event.votes;
        render(event.activity_id);
        announce(`${plural(event.votes, "vote", "votes")}: ${q.text}`);
      } else if (event.type === "question.hidden") {
        if (questions.delete(event.question_id)) announce("A moderator removed a question.");
        render(event.activity_id);
      } else if (event.type === "queue.changed") {
        renderQueue(event.queue, { say: true });
      } else if (event.type === "moderation.settings") {
        for (const text of document.querySelectorAll("[data-question-form] textarea")) text.maxLength = event.settings.max_question_length;
        announce("The moderation settings changed.");
      }
    },
    // True when this ack was one of ours (a hand up or down), so nothing else says it.
    onAck(message) {
      if (message.type === "question.ack") {
        if (message.question.pending) announce("Sent. Your question will show once a moderator approves it.");
        else this.onEvent({ type: "question.new", question: message.question, own: true });
        return true;
      }
      if (!queueActions.delete(message.action_id)) return false;
      if ("entry_id" in message) myEntries[message.activity_id] = message.entry_id;
      else myEntries[message.activity_id] = 0; // my hand is down: no entry of mine waits
      const queue = queues[message.activity_id];
      if (queue) renderQueue(queue);
      announce(queue ? queueText(queue).text : "Done.");
      return true;
    },
  };
}
