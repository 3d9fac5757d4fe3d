#!/usr/bin/env node
// Writes _locales/{zh_CN,en}/messages.json (chrome.i18n's format) from
// extension/i18n/ui.json and the signals' and advice's sentences in
// data/signals.toml and data/advice.toml: every signal sentence as
// `signal_<id>` and every advice sentence as `advice_<id>`, with `{detail}`
// (and ui.json's `{name}` variables) turned into `$NAME$` placeholders. The
// WebAssembly module carries no sentences (the payload budget): the extension
// reads them from these files (extension/background/sentences.js), so every
// id of the engine's catalogue must have both. Run after pkg/ is built:
// `node scripts/gen-locales.mjs`.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const LANGS = { zh_CN: "zh", en: "en" };

/** A chrome.i18n message: `{name}` → `$NAME$` with a positional placeholder each. */
function message(text, description) {
  const names = [];
  const converted = text.replace(/\$/g, "$$$$").replace(/\{([a-z_]+)\}/g, (_, name) => {
    if (!names.includes(name)) names.push(name);
    return `$${name.toUpperCase()}$`;
  });
  const entry = { message: converted, description };
  if (names.length) {
    entry.placeholders = Object.fromEntries(
      names.map((name, i) => [name, { content: `$${i + 1}`, example: name }]),
    );
  }
  return entry;
}

async function loadCatalog() {
  const { initSync, catalog } = await import(path.join(root, "pkg/overdue_guard.js"));
  initSync({ module: fs.readFileSync(path.join(root, "pkg/overdue_guard_bg.wasm")) });
  return catalog();
}

/**
 * The `zh` and `en` sentences of each `[[signal]]` or `[[advice]]` entry of a
 * data file, by id. The data files write every sentence on one line as a
 * basic string (`zh = "…"`), which JSON reads alike; a sentence line that
 * JSON cannot read is a problem named with its line, never skipped.
 */
function sentencesOf(file, problems) {
  const byId = new Map();
  let id = null;
  fs.readFileSync(path.join(root, file), "utf8").split("\n").forEach((line, i) => {
    if (line.startsWith("[")) id = null;
    const idLine = /^id = "([a-z0-9_]+)"$/.exec(line);
    if (idLine) id = idLine[1];
    const sentence = /^(zh|en) = (".*")$/.exec(line);
    if (!sentence || id === null) return;
    try {
      byId.set(id, { ...byId.get(id), [sentence[1]]: JSON.parse(sentence[2]) });
    } catch (e) {
      problems.push(`${file}:${i + 1}: cannot read the sentence (${e.message})`);
    }
  });
  return byId;
}

const ui = JSON.parse(fs.readFileSync(path.join(root, "extension/i18n/ui.json"), "utf8"));
const catalog = await loadCatalog();
const problems = [];
const sentences = { signals: sentencesOf("data/signals.toml", problems), advice: sentencesOf("data/advice.toml", problems) };
for (const kind of ["signals", "advice"]) {
  const ids = new Set(catalog[kind].map((e) => e.id));
  for (const e of catalog[kind]) {
    for (const field of Object.values(LANGS)) {
      if (typeof sentences[kind].get(e.id)?.[field] !== "string") problems.push(`${kind} ${e.id}: no ${field} sentence in the data`);
    }
  }
  for (const id of sentences[kind].keys()) if (!ids.has(id)) problems.push(`${kind} ${id}: a sentence for an id the engine does not know`);
}

for (const [lang, field] of Object.entries(LANGS)) {
  const out = {};
  for (const [key, entry] of Object.entries(ui)) {
    if (!/^[A-Za-z0-9_@]+$/.test(key)) problems.push(`ui.json: bad key ${key}`);
    if (typeof entry[lang] !== "string") problems.push(`ui.json: ${key} has no ${lang}`);
    else out[key] = message(entry[lang], entry.description ?? "");
  }
  for (const s of catalog.signals) {
    out[`signal_${s.id}`] = message(sentences.signals.get(s.id)?.[field] ?? "", `Reason shown for the signal ${s.id} (weight ${s.weight}).`);
  }
  for (const a of catalog.advice) {
    out[`advice_${a.id}`] = message(sentences.advice.get(a.id)?.[field] ?? "", `Advice ${a.id}.`);
  }
  const dir = path.join(root, "_locales", lang);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "messages.json"), JSON.stringify(out, null, 2) + "\n");
  console.log(`_locales/${lang}/messages.json: ${Object.keys(out).length} messages`);
}

if (problems.length) {
  console.error(problems.join("\n"));
  process.exit(1);
}
