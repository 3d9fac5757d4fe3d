// The WebAssembly module as the extension loads it (pkg/, wasm-bindgen
// --target web), run in Node: the report's shape, errors on bad input, the
// catalogue of sentences. Run `make build` first; `make test` does.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = await import(pathToFileURL(path.join(root, "pkg/overdue_guard.js")).href);
const { fillSentences, templateOf } = await import(pathToFileURL(path.join(root, "extension/background/sentences.js")).href);
pkg.initSync({ module: fs.readFileSync(path.join(root, "pkg/overdue_guard_bg.wasm")) });

const VERDICTS = ["benign", "suspicious", "scam"];
const SENDER_KINDS = ["bank_short_code", "commercial_port", "personal_mobile", "virtual_operator",
  "overseas", "landline", "email", "unknown"];

function assertSpan(span, text, where) {
  if (span === null) return;
  assert.ok(Array.isArray(span) && span.length === 2, `${where}: span is [start, end] or null`);
  const [a, b] = span;
  assert.ok(Number.isInteger(a) && Number.isInteger(b) && 0 <= a && a <= b && b <= text.length,
    `${where}: span ${span} within the text (length ${text.length})`);
}

function assertReport(report, message) {
  assert.equal(typeof report.overdue, "boolean");
  assert.ok(VERDICTS.includes(report.verdict), `verdict ${report.verdict}`);
  assert.equal(typeof report.score, "number");
  if (message.id !== undefined) assert.deepEqual(report.id, message.id);
  if (report.institution !== null) {
    assert.equal(typeof report.institution.id, "string");
    assert.equal(typeof report.institution.name, "string");
    assert.equal(typeof report.institution.official, "boolean");
  }
  if (report.sender !== null) {
    assert.equal(report.sender.raw, message.sender);
    assert.ok(SENDER_KINDS.includes(report.sender.kind), `sender kind ${report.sender.kind}`);
    assert.equal(typeof report.sender.official, "boolean");
  }
  assert.ok(Array.isArray(report.signals));
  for (const s of report.signals) {
    assert.match(s.id, /^[a-z][a-z0-9_]*$/);
    assert.equal(typeof s.weight, "number");
    assert.equal(typeof s.evidence, "string");
    assertSpan(s.span, message.text, `signal ${s.id}`);
  }
  assert.ok(Array.isArray(report.links));
  for (const l of report.links) {
    assert.equal(typeof l.url, "string");
    assert.equal(typeof l.domain, "string");
    assert.ok(Array.isArray(l.flags) && l.flags.every((f) => typeof f === "string"));
    assert.equal(typeof l.official, "boolean");
    assertSpan(l.span, message.text, `link ${l.url}`);
  }
  assert.ok(Array.isArray(report.advice));
  for (const a of report.advice) {
    assert.match(a.id, /^[a-z][a-z0-9_]*$/);
    if ("detail" in a) assert.equal(typeof a.detail, "string");
  }
}

const MESSAGES = [
  { id: "sms-1", text: "【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信", sender: "17012345678" },
  { id: 7, text: "您好，您的快递已到驿站，取件码 3-2-1108。", channel: "sms" },
  { text: "Your account is overdue. Pay now at https://bit.ly/3xYz to avoid legal action 😀.",
    sender: "Collections <billing@example.com>", channel: "email",
    links: [{ href: "https://bit.ly/3xYz", text: "Pay now" }, { text: "no href" }] },
  { text: "" },
  { text: "逾期".repeat(5000) },
];

test("classify returns a report of the contract's shape", () => {
  for (const message of MESSAGES) {
    const report = pkg.classify(message, undefined);
    assertReport(report, message);
    // The report is plain JSON data (what chrome.runtime messages carry).
    assert.deepEqual(JSON.parse(JSON.stringify(report)), report);
  }
});

test("classify takes the user's options", () => {
  const message = MESSAGES[0];
  const options = { trusted_senders: ["95384"], blocked_senders: [message.sender],
    trusted_domains: [], blocked_domains: ["wld-hk.top"] };
  assertReport(pkg.classify(message, options), message);
  assertReport(pkg.classify(message, null), message);
  assertReport(pkg.classify(message, {}), message);
});

test("an invalid message throws an Error that says what is wrong", () => {
  const cases = [
    [{}, /text/],
    [{ sender: "95384" }, /text/],
    [{ text: 42 }, /invalid|expected/i],
    [{ text: null }, /invalid|expected/i],
    [{ text: "hi", channel: "fax" }, /fax|channel|variant/i],
    [{ text: "hi", links: "http://x" }, /invalid|expected|sequence/i],
    ["just a string", /invalid|expected/i],
  ];
  for (const [message, words] of cases) {
    assert.throws(() => pkg.classify(message, undefined), (e) => {
      assert.ok(e instanceof Error, `an Error for ${JSON.stringify(message)}`);
      assert.match(e.message, /invalid message/);
      assert.match(e.message, words);
      return true;
    });
  }
  assert.throws(() => pkg.classify({ text: "hi" }, { trusted_senders: "95384" }), /invalid options/);
});

test("every signal and advice of the catalog has its sentence in Chinese and English in _locales", () => {
  const cat = pkg.catalog();
  const messages = Object.fromEntries(["zh_CN", "en"].map((f) => [f, JSON.parse(fs.readFileSync(path.join(root, "_locales", f, "messages.json"), "utf8"))]));
  const indexed = { signals: new Map(cat.signals.map((s) => [s.id, { ...s }])), advice: new Map(cat.advice.map((a) => [a.id, { ...a }])) };
  fillSentences(indexed, messages);
  for (const kind of ["signals", "advice"]) {
    assert.ok(Array.isArray(cat[kind]) && cat[kind].length > 0, `${kind} listed`);
    const ids = new Set();
    for (const entry of cat[kind]) {
      assert.match(entry.id, /^[a-z][a-z0-9_]*$/);
      assert.ok(!ids.has(entry.id), `${kind} id ${entry.id} unique`);
      ids.add(entry.id);
      // The module carries none (the payload budget); _locales has them.
      assert.equal(entry.zh, "");
      assert.equal(entry.en, "");
      for (const lang of ["zh", "en"]) {
        const sentence = indexed[kind].get(entry.id)[lang];
        assert.ok(sentence.trim().length > 0, `${kind} ${entry.id}.${lang} not empty`);
        assert.ok(!/\$[A-Z_]+\$/.test(sentence), `${kind} ${entry.id}.${lang} has its variables back as {name}: ${sentence}`);
      }
    }
  }
  assert.match(indexed.signals.get("official_sender").zh, /\{detail\}/);
  // Every id a report uses has a sentence.
  const signalIds = new Set(cat.signals.map((s) => s.id));
  const adviceIds = new Set(cat.advice.map((a) => a.id));
  for (const message of MESSAGES) {
    const report = pkg.classify(message);
    for (const s of report.signals) assert.ok(signalIds.has(s.id), `sentence for signal ${s.id}`);
    for (const a of report.advice) assert.ok(adviceIds.has(a.id), `sentence for advice ${a.id}`);
  }
});

test("a chrome.i18n message reads back as the catalogue's template", () => {
  for (const [message, template] of [
    ["Sent from $DETAIL$'s own domain", "Sent from {detail}'s own domain"],
    ["A $$5 fee", "A $5 fee"],
    ["$$$DETAIL$ owed", "${detail} owed"],
    ["no variables", "no variables"],
  ]) {
    assert.equal(templateOf(message), template);
  }
  const messages = { en: { signal_a: { message: "Hi $DETAIL$" } }, zh_CN: {} };
  const filled = fillSentences({ signals: new Map([["a", { id: "a" }], ["b", { id: "b" }]]), advice: new Map() }, messages);
  assert.deepEqual(filled.signals.get("a"), { id: "a", en: "Hi {detail}", zh: "" });
  assert.deepEqual(filled.signals.get("b"), { id: "b", en: "", zh: "" }, "an id without its message keeps an empty sentence");
});

test("version is the crate version", () => {
  const cargo = fs.readFileSync(path.join(root, "Cargo.toml"), "utf8");
  assert.equal(pkg.version(), cargo.match(/^version = "([^"]+)"/m)[1]);
});

// BEHAVIOUR (not shape): the one verdict this file pins. A genuine WeBank
// overdue reminder from its own short code must be recognised as overdue.
test("BEHAVIOUR: a genuine WeBank overdue reminder is overdue", () => {
  const message = { text: "【微众银行】您的微粒贷借款已逾期3天，请登录微信-微粒贷及时还款。", sender: "95384" };
  const report = pkg.classify(message);
  assertReport(report, message);
  assert.equal(report.overdue, true);
});
