// The messages written for the project (tests/data/written*.jsonl, fitted)
// must not carry the real messages that are never fitted (found.jsonl, the
// validation set, and heldout.jsonl): a written message that holds half of a
// real one would teach the fit that message, and its figures would flatter.
// "Holds" as scripts/add-batch.mjs judges a repeat: at least half of the real
// message's 6-character chunks (links removed, case and punctuation folded)
// occur in the written message.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chunks } from "../../scripts/add-batch.mjs";

const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../data");
const read = (name) =>
  fs.readFileSync(path.join(data, name), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));

/** For each written message that holds half of a real one: "written id holds real id". */
function heldReal(written, real) {
  const postings = new Map();
  const sizes = real.map((r, k) => {
    const set = chunks(r.text);
    for (const c of set) {
      if (!postings.has(c)) postings.set(c, []);
      postings.get(c).push(k);
    }
    return set.size;
  });
  const found = [];
  for (const w of written) {
    const shared = new Map();
    for (const c of chunks(w.text)) for (const k of postings.get(c) ?? []) shared.set(k, (shared.get(k) ?? 0) + 1);
    const k = [...shared].find(([k, n]) => sizes[k] > 0 && n >= sizes[k] / 2)?.[0];
    if (k !== undefined) found.push(`${w.id} holds ${real[k].id}`);
  }
  return found;
}

test("a written message holding half of a real one is found", () => {
  const real = [{ id: "r1", text: "您的借款已逾期3天，请立即还款，否则上报征信。" }, { id: "r2", text: "Your parcel is waiting" }];
  const written = [
    { id: "w1", text: "【某某贷】您的借款已逾期3天，请立即还款，否则上报征信。详询官方App。" },
    { id: "w2", text: "Hi Sam, dinner at 7? I'll bring the salad." },
  ];
  assert.deepEqual(heldReal(written, real), ["w1 holds r1"]);
});

test("no written message holds half of a never-fitted real message", () => {
  const written = fs.readdirSync(data).filter((f) => /^written.*\.jsonl$/.test(f)).flatMap(read);
  const real = [...read("found.jsonl"), ...read("heldout.jsonl")];
  assert.ok(written.length > 0 && real.length > 0);
  assert.deepEqual(heldReal(written, real), []);
});
