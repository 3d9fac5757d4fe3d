#!/usr/bin/env node
// Writes _locales/{zh_CN,en}/messages.json (chrome.i18n's format) from
// extension/i18n/ui.json and the engine's catalogue: every signal sentence as
// `signal_<id>` and every advice sentence as `advice_<id>`, with `{detail}`
// (and ui.json's `{name}` variables) turned into `$NAME$` placeholders.
// Run after pkg/ is built: `node scripts/gen-locales.mjs`.

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

const ui = JSON.parse(fs.readFileSync(path.join(root, "extension/i18n/ui.json"), "utf8"));
const catalog = await loadCatalog();
const problems = [];

for (const [lang, field] of Object.entries(LANGS)) {
  const out = {};
  for (const [key, entry] of Object.entries(ui)) {
    if (!/^[A-Za-z0-9_@]+$/.test(key)) problems.push(`ui.json: bad key ${key}`);
    if (typeof entry[lang] !== "string") problems.push(`ui.json: ${key} has no ${lang}`);
    else out[key] = message(entry[lang], entry.description ?? "");
  }
  for (const s of catalog.signals) {
    out[`signal_${s.id}`] = message(s[field], `Reason shown for the signal ${s.id} (weight ${s.weight}).`);
  }
  for (const a of catalog.advice) {
    out[`advice_${a.id}`] = message(a[field], `Advice ${a.id}.`);
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
