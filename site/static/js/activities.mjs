// Activities on the live pages: results drawn from pushed tallies, the panel refreshed
// from the server when an activity opens or closes, and votes and words sent over the
// socket. The same markup as templates/deliberation/activities/results.html; without
// this script those pages still work as plain forms and a reload.

const el = (tag, props = {}, ...children) => {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

function cell(tag, text, className) {
  return el(tag, { className, textContent: String(text) });
}

function pollResults(tally, big) {
  const caption = `Results: ${plural(tally.voters, "person", "people")}${tally.mean ? `, average ${tally.mean}` : ""}`;
  const rows = tally.options.map((o) => {
    const bar = el("progress", { className: "app-progress", max: tally.voters || 1, value: o.count, textContent: String(o.count) });
    bar.setAttribute("aria-hidden", "true");
    const header = cell("th", o.label, "govuk-table__header");
    header.scope = "row";
    return el("tr", { className: "govuk-table__row" }, header, cell("td", o.count, "govuk-table__cell govuk-table__cell--numeric"), el("td", { className: "govuk-table__cell" }, bar));
  });
  const head = el("thead", { className: "govuk-table__head" }, el("tr", { className: "govuk-table__row" }, cell("th", "Answer", "govuk-table__header"), cell("th", "Votes", "govuk-table__header govuk-table__header--numeric"), el("th", { className: "govuk-table__header" }, el("span", { className: "govuk-visually-hidden", textContent: "Share" }))));
  const table = el("table", { className: "govuk-table app-results" }, cell("caption", caption, `govuk-table__caption govuk-table__caption--${big ? "l" : "s"}`), head, el("tbody", { className: "govuk-table__body" }, ...rows));
  table.dataset.part = "results";
  return table;
}

function size(word, index, top) {
  if (word.count >= top) return 5;
  if (index < 3) return 4;
  if (index < 8) return 3;
  return index < 15 ? 2 : 1;
}

function wordResults(tally, big) {
  const box = el("div");
  box.dataset.part = "results";
  if (!tally.words.length) {
    box.append(el("p", { className: "govuk-body", textContent: `No words to show yet${tally.min_count > 1 ? ` (a word shows once ${tally.min_count} people give it)` : ""}.` }));
    return box;
  }
  const top = tally.words[0].count;
  const cloud = el("ul", { className: "app-cloud" }, ...tally.words.map((w, i) => el("li", { className: `app-cloud__word app-cloud__word--${size(w, i, top)}`, textContent: w.word })));
  cloud.setAttribute("aria-hidden", "true");
  const rows = tally.words.map((w, i) => {
    const header = cell("th", w.word, "govuk-table__header");
    header.scope = "row";
    return el("tr", { className: "govuk-table__row" }, cell("td", i + 1, "govuk-table__cell"), header, cell("td", w.count, "govuk-table__cell govuk-table__cell--numeric"));
  });
  const head = el("thead", { className: "govuk-table__head" }, el("tr", { className: "govuk-table__row" }, cell("th", "Rank", "govuk-table__header"), cell("th", "Word", "govuk-table__header"), cell("th", "Times given", "govuk-table__header govuk-table__header--numeric")));
  const caption = `Words, most given first (${plural(tally.people, "person", "people")})`;
  box.append(cloud, el("table", { className: "govuk-table" }, cell("caption", caption, `govuk-table__caption govuk-table__caption--${big ? "l" : "s"}`), head, el("tbody", { className: "govuk-table__body" }, ...rows)));
  return box;
}

// Replace only the results of one activity: forms beside them are left as they are.
export function renderResults(block, kind, tally, { big = false } = {}) {
  const old = block.querySelector('[data-part="results"]');
  if (!tally || !old) return false;
  const fresh = kind === "poll" ? pollResults(tally, big) : kind === "wordcloud" ? wordResults(tally, big) : null;
  if (!fresh) return false;
  old.replaceWith(fresh);
  return true;
}

// A form someone is using (focused, or with something typed or chosen) is never replaced.
const inUse = (block) => block.contains(document.activeElement) || block.dataset.dirty === "true";

// Swap in the panel's activities from a fresh copy of the page, keeping any being used.
async function panelFetch(selector) {
  const response = await fetch(location.href, { credentials: "same-origin", headers: { Accept: "text/html" } });
  if (!response.ok) return;
  const page = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = page.querySelector(selector);
  const current = document.querySelector(selector);
  if (!fresh || !current) return;
  const keep = new Map([...current.querySelectorAll("[data-activity-id]")].filter(inUse).map((b) => [b.dataset.activityId, b]));
  for (const block of fresh.querySelectorAll("[data-activity-id]")) {
    const kept = keep.get(block.dataset.activityId);
    if (!kept) continue;
    // The form keeps what is typed and the focus; its results are brought up to date.
    const results = block.querySelector('[data-part="results"]');
    const old = kept.querySelector('[data-part="results"]');
    if (results && old) old.replaceWith(results);
    else if (results) kept.append(results);
    Object.assign(kept.dataset, { state: block.dataset.state, results: block.dataset.results });
    block.replaceWith(kept);
  }
  current.replaceChildren(...fresh.childNodes);
  bindForms(current);
}

const refreshing = new Map(); // selector -> the refresh under way
// Fetch the page again and swap in the panel. A change that arrives while a fetch is
// under way gets one more fetch after it (its answer may predate the change); changes
// arriving meanwhile share it, so a panel is fetched at most about twice a second.
export function panelRefresh(selector) {
  const running = refreshing.get(selector);
  if (running) {
    running.again = true;
    return running.job;
  }
  const run = { again: false };
  run.job = (async () => {
    try {
      do {
        run.again = false;
        await panelFetch(selector);
        if (run.again) await new Promise((done) => setTimeout(done, 500));
      } while (run.again);
    } finally {
      refreshing.delete(selector);
    }
  })();
  refreshing.set(selector, run);
  return run.job;
}

let sender = null;
// Votes and words go over the socket (each with an action_id, so a resend counts once).
export function bindForms(panel, client = sender, newId) {
  sender = client ?? sender;
  bindForms.newId = newId ?? bindForms.newId;
  if (!sender) return;
  for (const form of panel.querySelectorAll("form[data-activity-form]")) {
    if (form.dataset.bound) continue;
    form.dataset.bound = "true";
    const block = form.closest("[data-activity-id]");
    form.addEventListener("input", () => (block.dataset.dirty = "true"));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const id = Number(block.dataset.activityId);
      const message = { activity_id: id, action_id: bindForms.newId() };
      if (form.dataset.activityForm === "poll") {
        const choices = [...form.querySelectorAll('input[name="choice"]:checked')].map((i) => Number(i.value));
        Object.assign(message, { type: "poll.vote", choices });
      } else {
        const words = [...form.querySelectorAll('input[name="word"]')].map((i) => i.value).filter((v) => v.trim());
        Object.assign(message, { type: "words.submit", words });
      }
      sender.act(message);
      block.dataset.dirty = "false";
      form.querySelector("button[type=submit]")?.focus();
    });
  }
}

// What an activity event means for a panel: new results, or a refresh from the server.
export function activityEvent(event, { selector, announce, big = false }) {
  const id = event.activity_id ?? event.activity?.id;
  const block = document.querySelector(`${selector} [data-activity-id="${id}"]`);
  if (event.type === "activity.tally") {
    if (block && renderResults(block, block.dataset.kind, event.tally, { big })) announce?.(`Results updated: ${block.dataset.title}.`);
    return;
  }
  const activity = event.activity;
  if (block && block.dataset.state === activity.state && block.dataset.results === activity.results) {
    renderResults(block, activity.kind, activity.tally, { big });
    return;
  }
  panelRefresh(selector);
  const what = activity.state === "open" ? "is open" : activity.state === "closed" ? "has closed" : "has changed";
  announce?.(activity.results === "revealed" && block?.dataset.results !== "revealed" ? `Results revealed: ${activity.title}.` : `${activity.title} ${what}.`);
}
