// The background's memory stays bounded whatever the page: a 5 MB message
// goes through engine.js's prepareMessage (which cuts the text) and leaves the
// WebAssembly module's linear memory small. A fresh module (this file runs in
// its own process); `make build` first.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const pkg = await import(pathToFileURL(path.join(root, "pkg/overdue_guard.js")).href);
const wasm = pkg.initSync({ module: fs.readFileSync(path.join(root, "pkg/overdue_guard_bg.wasm")) });
const { prepareMessage, MAX_TEXT } = await import(pathToFileURL(path.join(root, "extension/background/engine.js")).href);

const MiB = 1 << 20;

test("a 5 MB message through the background leaves the module under 64 MiB", () => {
  const line = "尊敬的客户，您的信用卡账单已逾期，请登录 https://www.example-bank.com 还款。Your account is past due.\n";
  const text = line.repeat(Math.ceil(5e6 / Buffer.byteLength(line)));
  const message = prepareMessage({ text, sender: "95555" });
  assert.equal(message.text.length, MAX_TEXT);
  for (let i = 0; i < 3; i++) {
    const report = pkg.classify(message);
    assert.equal(typeof report.verdict, "string");
  }
  assert.ok(wasm.memory.buffer.byteLength <= 64 * MiB, `memory ${wasm.memory.buffer.byteLength / MiB} MiB`);
});
