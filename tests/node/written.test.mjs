// The messages written for the project (tests/data/written*.jsonl, fitted)
// must not carry the real messages that are never fitted (found.jsonl, the
// validation set, and heldout.jsonl): a written message that holds half of a
// real one would teach the fit that message, and its figures would flatter.
// "Holds" as scripts/add-batch.mjs judges a repeat (its `repeatIndex`): at
// least half of the real message's 6-character chunks (links removed, case and
// punctuation folded) occur in the written message.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chunks, repeatIndex } from "../../scripts/add-batch.mjs";

const data = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../data");
const read = (name) =>
  fs.readFileSync(path.join(data, name), "utf8").split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l));

/** For each real message that a written one holds: "written id holds real id". */
function heldReal(written, real) {
  const holder = repeatIndex(written.map((w) => w.text));
  return real.flatMap((r) => {
    const k = holder(chunks(r.text));
    return k >= 0 ? [`${written[k].id} holds ${r.id}`] : [];
  });
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
