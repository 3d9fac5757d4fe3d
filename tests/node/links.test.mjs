// Padding cannot hide a link (issue 8): a message with thousands of ordinary
// links still has its one bad link examined, by the WebAssembly module and
// by the background's path to it (prepareMessage → classifyMessage), which
// passes repeats once and reports each link at its first element.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = await import(pathToFileURL(path.join(root, "pkg/overdue_guard.js")).href);
pkg.initSync({ module: fs.readFileSync(path.join(root, "pkg/overdue_guard_bg.wasm")) });
// The background module asks chrome.runtime for the module's URL; the module is initialised above.
globalThis.chrome = { runtime: { getURL: (p) => p } };
const { prepareMessage, classifyMessage } = await import(pathToFileURL(path.join(root, "extension/background/engine.js")).href);

const BAD = { href: "https://example-mall-pay.top/pay?id=8812", text: "our secure portal" };

function padded(n, { repeat = 1 } = {}) {
  const links = [];
  for (let r = 0; r < repeat; r++) {
    for (let i = 0; i < n; i++) links.push({ href: `https://shop.example.com/item/${i}`, text: `Item ${i}` });
  }
  links.push(BAD);
  return { text: "New arrivals for you. Your payment is 30 days past due. Pay now at our secure portal", channel: "email", links };
}

function badLink(report) {
  return report.links.find((l) => l.domain === "example-mall-pay.top");
}

test("the module examines the bad link after 5,000 padding links", () => {
  for (const n of [0, 200, 5000]) {
    const report = pkg.classify(padded(n), undefined);
    const bad = badLink(report);
    assert.ok(bad, `${n} links: bad link reported`);
    assert.equal(bad.input_index, n);
    assert.ok(bad.signals.includes("link_suspicious_tld"), `${n} links: ${bad.signals}`);
    assert.notEqual(report.verdict, "benign", `${n} links`);
  }
});

test("the background passes every distinct link and maps input_index back", async () => {
  const raw = padded(2500, { repeat: 2 });
  const message = prepareMessage(raw);
  assert.equal(message.links.length, 2501, "repeats are passed once");
  const report = await classifyMessage(message, {});
  const bad = badLink(report);
  assert.ok(bad, "bad link reported");
  assert.equal(bad.input_index, 5000, "index of the element on the page");
  assert.equal(raw.links[bad.input_index].href, BAD.href);
  assert.notEqual(report.verdict, "benign");
  const first = report.links.find((l) => l.url === "https://shop.example.com/item/7");
  assert.equal(first.input_index, 7);
});

test("links with odd fields are read, not thrown on", async () => {
  const message = prepareMessage({ text: "x", links: [null, 5, { href: 7 }, { href: "https://a.example/", text: ["no"] }, BAD] });
  assert.equal(message.links.length, 3);
  const report = await classifyMessage(message, {});
  assert.equal(badLink(report).input_index, 4);
});
