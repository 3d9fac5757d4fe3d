// Compares settings of the fit ([fit] of data/signals.toml) by what they do to
// sets the fit never saw: for each settings string, `overdue-guard eval
// --loso-only --settings S` leaves each set out in turn (all but the written
// messages, which are ours), and this prints one row per setting of
//   - the real sets nearest to what users receive, pooled, as left out;
//   - the guarded rows (targets of issue 6), as left out;
//   - the held-out messages' row, with weights fitted on everything with S,
//     as a figure to watch, never to choose by.
//
//   node scripts/fit-settings.mjs BIN [--held-out FILE] SETTINGS...
//
// BIN is the release binary; a SETTINGS of "" is the data file's own. Run from
// the repository root: the corpora are ../shared/corpora (CORPORA to change),
// the written messages those of tests/data, in the Makefile's order. The real
// messages of tests/data are never fitted: `--held-out tests/data/found.jsonl`
// scores a fit on everything with each setting on them (found.jsonl was read
// for rules; heldout.jsonl is to watch, never to choose by).
import { spawnSync } from "node:child_process";
import fs from "node:fs";

// The real sets (not ours, not the held-out file) whose left-out figures choose.
const REAL = ["dev", "labelled-public", "zh_quoted", "loan_collection_code_templates", "billing_collection_notices"];
// The six figures of issue 6's targets, for the pooled real sets and the held-out messages.
const SIX = [
  ["ovdF1", (f) => f1(f.overdue)],
  ["verd", (f) => rate(f.verdicts_right, f.verdicts)],
  ["flag", (f) => rate(f.bad_flagged, f.bad)],
  ["scam", (f) => rate(f.scams_called_scam, f.scams)],
  ["benF", (f) => rate(f.benign_flagged, f.benign)],
  ["benS", (f) => rate(f.benign_scam, f.benign)],
];
const COLUMNS = [
  ...SIX.map(([name, value]) => [`real ${name}`, "real", value]),
  ["zhHam F≤2", "Chinese ham", (f) => rate(f.benign_flagged, f.benign)],
  ["zhHam S≤.5", "Chinese ham", (f) => rate(f.benign_scam, f.benign)],
  ["enHam F≤1", "English ham", (f) => rate(f.benign_flagged, f.benign)],
  ["uci F", "uci-sms-spam", (f) => rate(f.benign_flagged, f.benign)],
  ["mudou F", "mudou_sms", (f) => rate(f.benign_flagged, f.benign)],
  ["exais F", "exais_sms", (f) => rate(f.benign_flagged, f.benign)],
  ["zhScam F", "Chinese scams", (f) => rate(f.bad_flagged, f.bad)],
  ["enScam F", "English scams", (f) => rate(f.bad_flagged, f.bad)],
];
const HELD = SIX.map(([name, value]) => [`HO ${name}`, value]);

function rate(part, whole) { return whole ? part / whole : null; }
function f1(c) {
  const p = rate(c.tp, c.tp + c.fp), r = rate(c.tp, c.tp + c.fn_);
  return p === null || r === null ? null : (p + r ? 2 * p * r / (p + r) : 0);
}
function pct(x) { return x === null ? "n/a" : (100 * x).toFixed(1); }

// The counts of several sets' figures added up.
function pooled(figures) {
  const sum = {};
  for (const f of figures) {
    for (const [k, v] of Object.entries(f)) {
      if (typeof v === "number") sum[k] = (sum[k] || 0) + v;
      else sum[k] = Object.fromEntries(Object.entries(v).map(([c, n]) => [c, (sum[k]?.[c] || 0) + n]));
    }
  }
  return sum;
}

function corpusArgs() {
  const written = fs.readdirSync("tests/data").filter((f) => /^written.*\.jsonl$/.test(f)).sort()
    .map((f) => `tests/data/${f}`).join(",");
  return ["--corpora", process.env.CORPORA || "../shared/corpora", "--also", written];
}

function row(bin, settings, heldOut) {
  const args = ["eval", ...corpusArgs(), "--json", "--loso-only", "--settings", settings];
  if (heldOut) args.push("--held-out", heldOut);
  const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`eval --settings ${JSON.stringify(settings)} failed (${r.status}): ${r.stderr}`);
  const out = JSON.parse(r.stdout);
  const loso = Object.fromEntries([...out.leave_one_set_out.sets, ...out.leave_one_set_out.groups]);
  const missing = REAL.filter((s) => !loso[s]);
  if (missing.length) throw new Error(`no left-out figures for ${missing.join(", ")}`);
  loso.real = pooled(REAL.map((s) => loso[s]));
  const cells = COLUMNS.map(([, group, value]) => pct(loso[group] ? value(loso[group]) : null));
  const held = out.held_out ? pooled(out.held_out.sets.map(([, f]) => f)) : null;
  return cells.concat(held ? HELD.map(([, value]) => pct(value(held))) : []);
}

const argv = process.argv.slice(2);
const bin = argv.shift();
let heldOut = null;
if (argv[0] === "--held-out") { argv.shift(); heldOut = argv.shift(); }
if (!bin || !argv.length) {
  console.error("usage: node scripts/fit-settings.mjs BIN [--held-out FILE] SETTINGS...");
  process.exit(2);
}
const head = ["settings", ...COLUMNS.map(([name]) => name), ...(heldOut ? HELD.map(([name]) => name) : [])];
console.log(`| ${head.join(" | ")} |`);
console.log(`|${head.map(() => "---").join("|")}|`);
for (const settings of argv) {
  console.log(`| ${settings || "(data file)"} | ${row(bin, settings, heldOut).join(" | ")} |`);
}
