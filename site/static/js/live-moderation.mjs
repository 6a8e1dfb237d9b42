// Live updates for moderation, questions and the speaking queue (docs/live-protocol.md).
// The pages work without it: every button is a plain form; this only keeps lists
// current and sends buttons over the socket instead of reloading.

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

// The console: statements, the pre-moderation queue and the log stay current.
export function consoleEvents({ act, newId, announce }) {
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
  return (event) => {
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
    } else if (["participant.muted", "participant.unmuted", "question.pending", "question.moderated", "queue.console"].includes(event.type)) {
      // Named lists with their own buttons: a reload keeps them exact; say so once.
      announce("Moderation changed. Reload the page to see the newest names.");
    }
  };
}

// The participant page: questions (votes, answered, hidden) and my place in the queue.
export function participantEvents({ act, newId, announce }) {
  let myVotes = new Set();
  const myEntries = {};
  const lists = () => document.querySelectorAll("[data-questions-activity]");
  const listFor = (id) => document.querySelector(`[data-questions-activity="${id}"] [data-live="questions"]`);
  const questionRow = (q) => {
    const li = el("li", { className: "app-question" });
    li.dataset.questionId = q.id;
    li.dataset.votes = q.votes;
    const mine = myVotes.has(q.id);
    const text = el("p", { className: "govuk-body govuk-!-margin-bottom-1" }, q.text);
    if (q.answered) text.append(" ", el("strong", { className: "govuk-tag govuk-tag--green" }, "Answered"));
    const count = el("span", { className: "govuk-body" }, `${q.votes} vote${q.votes === 1 ? "" : "s"} `);
    count.dataset.live = "votes";
    const vote = button(mine ? "Withdraw my vote" : "Up-vote", `: ${q.text.slice(0, 40)}`, () => {
      act({ type: "question.vote", question_id: q.id, up: !mine, action_id: newId() });
      mine ? myVotes.delete(q.id) : myVotes.add(q.id);
      li.replaceWith(questionRow(q));
    });
    vote.setAttribute("aria-pressed", String(mine));
    li.append(text, count, vote);
    return li;
  };
  const questions = new Map();
  const render = (activityId) => {
    const list = listFor(activityId);
    if (!list) return;
    const rows = [...questions.values()].filter((q) => q.activity_id === activityId);
    const byNewest = new URLSearchParams(location.search).get("order") === "newest";
    rows.sort((a, b) => (byNewest ? b.id - a.id : b.votes - a.votes || b.id - a.id));
    list.replaceChildren(...(rows.length ? rows.map(questionRow) : [el("li", { className: "govuk-body" }, "No questions yet.")]));
  };
  const renderQueue = (queue) => {
    const section = document.querySelector(`[data-queue-activity="${queue.activity_id}"]`);
    const text = section?.querySelector('[data-live="queue-position"]');
    if (!text) return;
    const mine = myEntries[queue.activity_id] ?? (Number(section.dataset.entryId) || null);
    const place = queue.waiting.indexOf(mine) + 1;
    if (queue.speaking && queue.speaking === mine) text.textContent = "It is your turn to speak.";
    else text.textContent = place ? `Your hand is up: you are number ${place} of ${queue.waiting.length} waiting.` : `${queue.waiting.length} waiting to speak.`;
  };
  for (const form of document.querySelectorAll("[data-question-form]")) {
    form.addEventListener("submit", (e) => {
      const text = form.querySelector("textarea");
      if (!text.value.trim()) return; // the server's plain answer explains
      e.preventDefault();
      act({ type: "question.ask", activity_id: Number(form.activity_id.value), text: text.value, client_id: newId() });
      text.value = "";
    });
  }
  return {
    onState(state) {
      myVotes = new Set(state.my_question_votes ?? []);
      questions.clear();
      for (const [id, rows] of Object.entries(state.questions ?? {})) for (const q of rows) questions.set(q.id, q);
      for (const section of lists()) render(Number(section.dataset.questionsActivity));
      for (const [id, entry] of Object.entries(state.my_queue ?? {})) myEntries[Number(id)] = entry;
      for (const queue of Object.values(state.queues ?? {})) renderQueue(queue);
    },
    onEvent(event) {
      if (event.type === "question.new" || event.type === "question.changed") {
        questions.set(event.question.id, event.question);
        render(event.question.activity_id);
        if (event.type === "question.new" && !event.own) announce(`New question: ${event.question.text}`);
      } else if (event.type === "question.votes" && questions.has(event.question_id)) {
        questions.get(event.question_id).votes = event.votes;
        render(event.activity_id);
      } else if (event.type === "question.hidden") {
        questions.delete(event.question_id);
        render(event.activity_id);
      } else if (event.type === "queue.changed") {
        renderQueue(event.queue);
      }
    },
    onAck(message) {
      if (message.entry_id !== undefined && message.activity_id) myEntries[message.activity_id] = message.entry_id;
      if (message.type === "question.ack") {
        if (message.question.pending) announce("Sent. Your question will show once a moderator approves it.");
        else this.onEvent({ type: "question.new", question: message.question, own: true });
      }
    },
  };
}
