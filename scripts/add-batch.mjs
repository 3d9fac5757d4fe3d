// Adds a batch of real messages to the found and held-out sets the way the
// eighth to tenth batches were added (earlier batches were split by a hash too,
// by hand): each message is checked, repeats of a message the project already
// holds are dropped, and the rest are split by
// the first byte of the SHA-256 of their text (below 128: tests/data/found.jsonl,
// the validation set, read while rules are written; else tests/data/heldout.jsonl,
// never read; neither is fitted since 2026-12-07) before anyone looks at how
// they score. Prints counts and ids only, never a text: half the batch is
// the held-out set, which nobody writing rules may read.
//
//   node scripts/add-batch.mjs [--dry-run] [--data DIR] [--corpora DIR] BATCH.jsonl...
//
// A batch line is {"text", "sender", "channel", "lang", "kind", "verdict",
// "overdue", "family", "source"} (the `id` and `set` it carries are replaced).
// A message repeats a held one when at least half of its 6-character chunks
// (links removed, case and punctuation folded) occur in one message of the
// corpora or of DIR's JSON Lines files, or when its source is a held-out
// message's source. Near-duplicates within the batch go to the same side.
// Any invalid line stops the run before anything is written.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const KEYS = ["id", "text", "sender", "channel", "lang", "kind", "verdict", "overdue", "set", "family", "source"];
const ALLOWED = {
  channel: ["sms", "email"],
  lang: ["zh", "zh-Hant", "en"],
  kind: ["notice", "scam", "ham", "advert"],
  verdict: ["benign", "suspicious", "scam"],
  overdue: [true, false],
};
const CHUNK = 6;

/** The chunks a text is compared by: links removed, case and punctuation folded. */
export function chunks(text) {
  const t = String(text ?? "").toLowerCase().replace(/https?:\/\/\S+|www\.\S+/g, "").replace(/[\p{P}\p{S}\p{Z}\s_]+/gu, "");
  const chars = [...t];
  if (chars.length <= CHUNK) return new Set(chars.length ? [t] : []);
  const out = new Set();
  for (let i = 0; i + CHUNK <= chars.length; i++) out.add(chars.slice(i, i + CHUNK).join(""));
  return out;
}

/**
 * An index of `texts`: a function that, given a message's chunks, returns the
 * position of a text holding at least half of them (the message repeats that
 * text), or -1.
 */
export function repeatIndex(texts) {
  const postings = new Map();
  texts.forEach((text, k) => {
    for (const c of chunks(text)) {
      if (!postings.has(c)) postings.set(c, []);
      postings.get(c).push(k);
    }
  });
  return (set) => {
    const shared = new Map();
    for (const c of set) for (const k of postings.get(c) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
    for (const [k, count] of shared) if (count >= set.size / 2) return k;
    return -1;
  };
}

/** Why a batch line cannot be added, or null. */
export function problem(m) {
  if (m === null || typeof m !== "object" || Array.isArray(m)) return "not a JSON object";
  if (typeof m.text !== "string" || !m.text.trim()) return "`text` must be a non-empty string";
  if (typeof m.source !== "string" || !m.source.trim()) return "`source` must name the page or file the text was copied from";
  if (typeof m.family !== "string" || !m.family.trim()) return "`family` must be a tag (genuine_reminder, delivery_phish, …)";
  if (m.sender !== null && m.sender !== undefined && typeof m.sender !== "string") return "`sender` must be a string or null";
  for (const [key, values] of Object.entries(ALLOWED)) {
    if (!values.includes(m[key])) return `\`${key}\` must be one of ${values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return null;
}

/** The side a text goes to: the first byte of its SHA-256. */
export function side(text) {
  return crypto.createHash("sha256").update(text, "utf8").digest()[0] < 128 ? "found" : "heldout";
}

function readJsonl(file) {
  return fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));
}

// The files of held messages: DIR's JSON Lines, named (`found`, `heldout`, …),
// and the corpora's messages.
function heldFiles(data, corpora) {
  const files = fs.readdirSync(data).filter((f) => f.endsWith(".jsonl")).map((f) => ({ file: path.join(data, f), name: path.basename(f, ".jsonl") }));
  if (corpora && fs.existsSync(corpora)) {
    for (const d of fs.readdirSync(corpora)) {
      const file = path.join(corpora, d, "messages.jsonl");
      if (fs.existsSync(file)) files.push({ file, name: null });
    }
  }
  return files;
}

/** Adds the batch; returns what it did (ids and counts, no texts). */
export function addBatch({ batch, data, corpora, dryRun = false }) {
  const lines = [];
  const errors = [];
  for (const file of batch) {
    fs.readFileSync(file, "utf8").split("\n").forEach((line, i) => {
      if (!line.trim()) return;
      let m;
      try { m = JSON.parse(line); } catch (e) { errors.push(`${file}:${i + 1}: not JSON (${e.message})`); return; }
      const why = problem(m);
      if (why) errors.push(`${file}:${i + 1}: ${why}`);
      else lines.push({ m, where: `${file}:${i + 1}` });
    });
  }
  if (errors.length) return { errors };

  // Every held message's text, the held-out sources, and the last ids.
  const held = [];
  const heldOutSources = new Set();
  const last = { found: 0, heldout: 0 };
  for (const { file, name } of heldFiles(data, corpora)) {
    const heldOut = name === "heldout";
    for (const h of readJsonl(file)) {
      if (name in last) last[name] = Math.max(last[name], Number(String(h.id).split("-")[1]) || 0);
      held.push(h.text);
      if (heldOut && h.source) heldOutSources.add(h.source);
    }
  }
  const holder = repeatIndex(held);
  const repeats = (set) => holder(set) >= 0;

  const dropped = [];
  const kept = [];
  const seen = new Set();
  for (const l of lines) {
    const set = chunks(l.m.text);
    if (seen.has(l.m.text)) dropped.push(`${l.where}: the same text twice in the batch`);
    else if (heldOutSources.has(l.m.source)) dropped.push(`${l.where}: its source is a held-out message's source`);
    else if (repeats(set)) dropped.push(`${l.where}: repeats a message already held`);
    else { kept.push({ ...l, set }); seen.add(l.m.text); }
  }
  // Near-duplicates within the batch follow the first of them.
  for (let i = 0; i < kept.length; i++) {
    kept[i].key = kept[i].m.text;
    for (let j = 0; j < i; j++) {
      const [a, b] = [kept[i].set, kept[j].set];
      let both = 0;
      for (const c of a) if (b.has(c)) both++;
      if (both >= Math.min(a.size, b.size) / 2) { kept[i].key = kept[j].key; break; }
    }
  }

  const out = { found: [], heldout: [] };
  for (const { m, key } of kept) {
    const s = side(key);
    last[s] += 1;
    const row = { ...m, id: `${s}-${String(last[s]).padStart(4, "0")}`, set: s };
    out[s].push(Object.fromEntries(KEYS.map((k) => [k, row[k] ?? null])));
  }
  if (!dryRun) {
    for (const s of ["found", "heldout"]) {
      if (out[s].length) fs.appendFileSync(path.join(data, `${s}.jsonl`), out[s].map((r) => JSON.stringify(r) + "\n").join(""));
    }
  }
  return { dropped, found: out.found.map((r) => r.id), heldout: out.heldout.map((r) => r.id) };
}

function main(argv) {
  let data = "tests/data", corpora = process.env.CORPORA || "../shared/corpora", dryRun = false;
  const batch = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--dry-run") dryRun = true;
    else if (argv[i] === "--data") data = argv[++i];
    else if (argv[i] === "--corpora") corpora = argv[++i];
    else batch.push(argv[i]);
  }
  if (!batch.length || !data) {
    console.error("usage: node scripts/add-batch.mjs [--dry-run] [--data DIR] [--corpora DIR] BATCH.jsonl...");
    return 2;
  }
  const r = addBatch({ batch, data, corpora, dryRun });
  if (r.errors) {
    for (const e of r.errors) console.error(e);
    console.error(`nothing added: ${r.errors.length} invalid line(s)`);
    return 1;
  }
  for (const d of r.dropped) console.log(`dropped ${d}`);
  const range = (ids) => (ids.length ? `${ids[0]}…${ids[ids.length - 1]}` : "none");
  console.log(`${dryRun ? "would add" : "added"}: ${r.found.length} to found.jsonl (${range(r.found)}), ${r.heldout.length} to heldout.jsonl (${range(r.heldout)}); ${r.dropped.length} dropped`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = main(process.argv.slice(2));
}
