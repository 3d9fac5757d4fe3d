// scripts/add-batch.mjs: a batch of real messages is checked, its repeats of
// held messages dropped, and the rest split between the found and held-out
// sets by the SHA-256 of their text, with the next ids; bad input adds nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { addBatch, chunks, side } from "../../scripts/add-batch.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

function message(text, extra = {}) {
  return { text, sender: null, channel: "sms", lang: "en", kind: "notice", verdict: "benign", overdue: true, family: "genuine_reminder", source: `https://example.org/${encodeURIComponent(text.slice(0, 12))}`, ...extra };
}

// A data directory with one found and one held-out message, and a batch file.
function fixture(batch) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "og-batch-"));
  const data = path.join(dir, "data");
  fs.mkdirSync(data);
  const held = message("Your water bill of $54.10 for account 7731 is now 12 days past due.", { id: "found-0007", set: "found" });
  const out = message("Council tax reminder: the instalment for March has not been received.", { id: "heldout-0003", set: "heldout", source: "https://example.org/held-page" });
  fs.writeFileSync(path.join(data, "found.jsonl"), JSON.stringify(held) + "\n");
  fs.writeFileSync(path.join(data, "heldout.jsonl"), JSON.stringify(out) + "\n");
  const file = path.join(dir, "batch.jsonl");
  fs.writeFileSync(file, batch.map((l) => (typeof l === "string" ? l : JSON.stringify(l))).join("\n") + "\n");
  return { dir, data, file };
}

const fresh = [
  "Final notice: invoice 2231 for $412.00 was due on 3 May and remains unpaid.",
  "您的物业费已欠缴三个月，请于本月底前到物业服务中心缴清。",
  "USPS: your parcel is held for an unpaid fee of $1.99, pay at usps-fee.top",
  "Hi mum, this is my new number, my phone broke. Can you send me £200 today?",
  "【某银行】您尾号8842的信用卡本期账单已出，最后还款日为5月20日。",
  "Your rent of KES 12,000 is now 7 days overdue; a late fee has been added.",
];

test("the batch is split by the SHA-256 of each text, with the next ids, and nothing else changes", () => {
  const { data, file } = fixture(fresh.map((t) => message(t)));
  const r = addBatch({ batch: [file], data, corpora: null });
  assert.deepEqual(r.dropped, []);
  assert.equal(r.found.length + r.heldout.length, fresh.length);
  const found = fs.readFileSync(path.join(data, "found.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const held = fs.readFileSync(path.join(data, "heldout.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  assert.equal(found[0].id, "found-0007", "what was there stays first and unchanged");
  assert.deepEqual(found.slice(1).map((m) => m.id), r.found);
  assert.deepEqual(held.slice(1).map((m) => m.id), r.heldout);
  if (r.found.length) assert.equal(r.found[0], "found-0008");
  if (r.heldout.length) assert.equal(r.heldout[0], "heldout-0004");
  for (const m of found.slice(1)) assert.equal(side(m.text), "found", m.id);
  for (const m of held.slice(1)) assert.equal(side(m.text), "heldout", m.id);
  for (const m of [...found.slice(1), ...held.slice(1)]) assert.deepEqual(Object.keys(m), ["id", "text", "sender", "channel", "lang", "kind", "verdict", "overdue", "set", "family", "source"]);
});

test("repeats of held messages, held-out sources and texts given twice are dropped", () => {
  const { data, file } = fixture([
    message("Your WATER bill of $54.10 for account 7731 is now 12 days past due!!"),
    message("A different text from a page that a held-out message came from.", { source: "https://example.org/held-page" }),
    message(fresh[0]),
    message(fresh[0]),
  ]);
  const r = addBatch({ batch: [file], data, corpora: null, dryRun: true });
  assert.equal(r.dropped.length, 3, r.dropped.join("\n"));
  assert.match(r.dropped[0], /repeats a message already held/);
  assert.match(r.dropped[1], /held-out message's source/);
  assert.match(r.dropped[2], /twice/);
  assert.equal(r.found.length + r.heldout.length, 1);
  assert.equal(fs.readFileSync(path.join(data, "found.jsonl"), "utf8").trim().split("\n").length, 1, "a dry run writes nothing");
});

test("near-duplicates within a batch go to the same side", () => {
  const a = "Dear {name}, your loan of {amount} is now {days} days overdue. Please repay today.";
  const b = "Dear {name}, your loan of {amount} is now {days} days overdue. Please repay today to avoid penalties.";
  const { data, file } = fixture([message(a), message(b)]);
  const r = addBatch({ batch: [file], data, corpora: null });
  assert.ok(r.found.length === 2 || r.heldout.length === 2, JSON.stringify(r));
});

test("an invalid line stops the run with its line number and adds nothing", () => {
  const { data, file } = fixture([message(fresh[1]), "{not json", message("x", { verdict: "legit" }), message("y", { source: "" })]);
  const before = fs.readFileSync(path.join(data, "found.jsonl"), "utf8");
  const r = spawnSync("node", [path.join(root, "scripts/add-batch.mjs"), "--data", data, "--corpora", "none", file], { encoding: "utf8" });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /batch\.jsonl:2: not JSON/);
  assert.match(r.stderr, /batch\.jsonl:3: `verdict` must be one of "benign", "suspicious", "scam"/);
  assert.match(r.stderr, /batch\.jsonl:4: `source` must name/);
  assert.match(r.stderr, /nothing added/);
  assert.equal(fs.readFileSync(path.join(data, "found.jsonl"), "utf8"), before);
  assert.equal(r.stdout, "", "no text is printed");
});

test("the command prints ids and counts, never a text", () => {
  const { data, file } = fixture(fresh.map((t) => message(t)));
  const r = spawnSync("node", [path.join(root, "scripts/add-batch.mjs"), "--data", data, "--corpora", "none", file], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /added: \d+ to found\.jsonl .*\d+ to heldout\.jsonl/);
  for (const t of fresh) assert.ok(!r.stdout.includes(t.slice(0, 10)), "a text was printed");
  const usage = spawnSync("node", [path.join(root, "scripts/add-batch.mjs")], { encoding: "utf8" });
  assert.equal(usage.status, 2);
});

test("chunks fold case, punctuation and links", () => {
  assert.deepEqual(chunks("Pay NOW: http://x.top/a"), chunks("pay now"));
  assert.equal(chunks("短信").size, 1);
});
