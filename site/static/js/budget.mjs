// Progressive enhancement for budget questions; the page works fully without it.
// Each amount field gets a range slider beside it, and the running total, what is
// left and the changed line's consequence are announced politely as the resident
// moves them. Amounts are whole numbers of the budget's smallest unit here too (no
// floating-point sums); the server checks everything again when the form is sent.

const parseUnits = (text, decimals) => {
  const cleaned = text.trim().replace(/[\s,£]/g, "");
  if (!/^\+?\d+(\.\d+)?$/.test(cleaned)) return null;
  const [whole, part = ""] = cleaned.replace("+", "").split(".");
  if (part.length > decimals) return null;
  return Number(whole) * 10 ** decimals + Number(part.padEnd(decimals, "0") || 0);
};

const plain = (units, decimals) => {
  if (!decimals) return String(units);
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  const scale = 10 ** decimals;
  return `${sign}${Math.floor(abs / scale)}.${String(abs % scale).padStart(decimals, "0")}`;
};

// The same shape as common.budget.amount_format: "£12.5m", "£1,250", "12 hours".
const money = (units, data) => {
  const sign = units < 0 ? "-" : "";
  const abs = Math.abs(units);
  const scale = 10 ** data.decimals;
  const whole = Math.floor(abs / scale).toLocaleString("en-GB");
  const text = data.decimals
    ? `${sign}${whole}.${String(abs % scale).padStart(data.decimals, "0")}`
    : `${sign}${whole}`;
  if (data.unit.startsWith("£")) return `£${text}${data.unit.slice(1)}`;
  return `${text} ${data.unit}`.trim();
};

const consequence = (line, value) => {
  const hit = line.consequences.find(
    ([, lower, upper]) => (lower === null || value >= lower) && (upper === null || value < upper),
  );
  return hit ? hit[0] : "";
};

// The revenue change's yield, counted in steps exactly as the server does.
const revenueYield = (data, select) => {
  if (!data.revenue || !select) return 0;
  const places = (data.revenue.step.split(".")[1] || "").length;
  const scale = 10 ** places;
  const steps = Math.round(Number(select.value) * scale) / Math.round(Number(data.revenue.step) * scale);
  return Math.trunc(steps) * data.revenue.yield;
};

const ruleBounds = (data, envelope) => {
  const { kind, tolerance, share } = data.rule;
  if (kind === "exact") return [envelope, envelope];
  if (kind === "tolerance") return [envelope - tolerance, envelope + tolerance];
  if (kind === "underspend") return [0, envelope];
  return [Math.ceil((share[0] * envelope) / share[1]), envelope];
};

const signed = (value, data) => {
  const units = Math.round(value);
  if (units === 0) return "no change";
  return `${money(Math.abs(units), data)} ${units > 0 ? "more" : "less"} demand`;
};

function enhance(root) {
  const data = JSON.parse(document.getElementById(root.dataset.budgetData).textContent);
  const live = root.querySelector("[data-budget-live]");
  const revenue = root.querySelector("[data-budget-revenue]");
  const inputs = new Map();
  for (const input of root.querySelectorAll("[data-budget-line]")) {
    const line = data.lines.find((l) => l.ref === input.dataset.budgetLine);
    const slider = document.createElement("input");
    slider.type = "range";
    slider.className = "app-budget-slider";
    slider.min = String(parseUnits(input.dataset.min, data.decimals));
    slider.max = String(parseUnits(input.dataset.max, data.decimals));
    slider.step = String(parseUnits(input.dataset.step, data.decimals));
    slider.id = `${input.id}-slider`;
    const label = root.querySelector(`label[for="${CSS.escape(input.id)}"]`);
    slider.setAttribute("aria-label", `${label ? label.textContent.trim() : line.name}, slider`);
    const sync = () => {
      const units = parseUnits(input.value, data.decimals);
      if (units !== null) slider.value = String(units);
      slider.setAttribute("aria-valuetext", money(Number(slider.value), data));
    };
    sync();
    slider.addEventListener("input", () => {
      input.value = plain(Number(slider.value), data.decimals);
      slider.setAttribute("aria-valuetext", money(Number(slider.value), data));
      update(line);
    });
    input.addEventListener("input", () => {
      sync();
      update(line);
    });
    input.insertAdjacentElement("afterend", slider);
    inputs.set(line.ref, { input, line });
  }
  revenue?.addEventListener("change", () => update(null));

  let timer;
  function update(changed) {
    const amounts = {};
    for (const [ref, { input, line }] of inputs) {
      amounts[ref] = parseUnits(input.value, data.decimals);
      const text = amounts[ref] === null ? "" : consequence(line, amounts[ref]);
      const target = document.getElementById(`${input.id}-consequence`);
      if (target) target.textContent = text;
    }
    const values = Object.values(amounts);
    let message;
    if (values.some((v) => v === null)) {
      message = "Some amounts are not numbers yet.";
    } else {
      const total = values.reduce((a, b) => a + b, 0);
      const envelope = data.base + revenueYield(data, revenue);
      const [low, high] = ruleBounds(data, envelope);
      const meets = total >= low && total <= high ? " Your budget meets the rule." : "";
      const left =
        total > envelope
          ? `Over the total by ${money(total - envelope, data)}.`
          : `Left to share out: ${money(envelope - total, data)}.`;
      message = `Total: ${money(total, data)}. ${left}${meets}`;
      updateProjection(amounts);
    }
    const said = changed ? consequence(changed, amounts[changed.ref] ?? changed.current) : "";
    clearTimeout(timer);
    // Wait for the slider to settle, so a screen reader hears one summary, not dozens.
    timer = setTimeout(() => {
      live.replaceChildren(Object.assign(document.createElement("p"), {
        className: "govuk-body",
        textContent: said ? `${message} ${changed.name}: ${said}` : message,
      }));
    }, 400);
  }

  function updateProjection(amounts) {
    const body = root.querySelector(".app-budget-projection tbody");
    if (!body || !data.knock_ons.length) return;
    const years = { 1: new Map(), 2: new Map(), 3: new Map() };
    for (const [source, target, num, den, year] of data.knock_ons) {
      const cut = data.lines.find((l) => l.ref === source).current - amounts[source];
      years[year].set(target, (years[year].get(target) || 0) + (num * cut) / den);
    }
    [...body.rows].forEach((row, index) => {
      const items = [...years[index + 1]].map(
        ([ref, value]) => `${data.lines.find((l) => l.ref === ref).name}: ${signed(value, data)}`,
      );
      row.cells[1].textContent = items.length ? items.join("; ") : "No change";
    });
  }
}

document.querySelectorAll("[data-budget]").forEach(enhance);
