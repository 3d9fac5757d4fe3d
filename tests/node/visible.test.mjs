// Invisible characters written out (extension/shared/visible.js): the same
// characters as the engine's `is_invisible` (src/text.rs), and the view the
// background builds quotes them written out.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { INVISIBLE, visible, pieces } from "../../extension/shared/visible.js";
import { buildView } from "../../extension/background/view.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The code point ranges of `is_invisible` in src/text.rs. */
function rustRanges() {
  const source = fs.readFileSync(path.join(root, "src/text.rs"), "utf8");
  const body = /pub fn is_invisible\(c: char\) -> bool \{([\s\S]*?)\n\}/.exec(source)[1];
  return [...body.matchAll(/'\\u\{([0-9A-Fa-f]+)\}'(?:\.\.='\\u\{([0-9A-Fa-f]+)\}')?/g)]
    .map((m) => [parseInt(m[1], 16), parseInt(m[2] ?? m[1], 16)]);
}

test("the same characters are invisible here as in the engine", () => {
  const ranges = rustRanges();
  assert.ok(ranges.length > 10, "ranges read from src/text.rs");
  const rust = (cp) => ranges.some(([a, b]) => a <= cp && cp <= b);
  for (let cp = 0; cp <= 0xe1000; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const c = String.fromCodePoint(cp);
    assert.equal(INVISIBLE.test(c), rust(cp), `U+${cp.toString(16).toUpperCase()}`);
  }
});

test("visible writes invisible characters out; pieces keep the text", () => {
  const s = "https://www.ic\u200Bbc.com.cn/\u202Excod.yap\u202C 😀";
  assert.equal(visible(s), "https://www.ic⟨U+200B⟩bc.com.cn/⟨U+202E⟩xcod.yap⟨U+202C⟩ 😀");
  assert.equal(visible("\u{E0041}"), "⟨U+E0041⟩");
  assert.equal(visible(undefined), undefined);
  const p = pieces(s);
  assert.equal(p.map((x) => x.text).join(""), s);
  assert.deepEqual(p.filter((x) => x.hidden).map((x) => x.text), ["\u200B", "\u202E", "\u202C"]);
  assert.deepEqual(pieces(""), []);
});

test("the view quotes evidence, the sender and links written out", () => {
  const report = {
    verdict: "scam", overdue: true, institution: null, advice: [],
    sender: { raw: "955\u200B88", kind: "bank_short_code", official: false, signals: [] },
    signals: [{ id: "link_hidden_characters", weight: 50, span: [0, 10], evidence: "https://www.ic\u200Bbc.com.cn/\u202Excod.yap", detail: "icbc.com.cn" }],
    links: [{ url: "https://www.icbc.com.cn/xcod.yap", domain: "icbc.com.cn", official: false, signals: ["link_hidden_characters"] }],
  };
  const catalog = { signals: new Map([["link_hidden_characters", { id: "link_hidden_characters", class: "scam", en: "Hidden ({detail})", zh: "藏 ({detail})" }]]), advice: new Map() };
  const view = buildView(report, catalog, (key) => key, "en");
  assert.equal(view.reasons[0].evidence, "https://www.ic⟨U+200B⟩bc.com.cn/⟨U+202E⟩xcod.yap");
  // With the message text, a link is quoted as the message writes it.
  const text = "see https://www.ic\u200Bbc.com.cn/\u202Excod.yap\u202C";
  report.signals[0].span = [4, text.length - 1];
  report.signals[0].evidence = "https://www.icbc.com.cn/xcod.yap";
  assert.equal(buildView(report, catalog, (key) => key, "en", text).reasons[0].evidence, "https://www.ic⟨U+200B⟩bc.com.cn/⟨U+202E⟩xcod.yap");
  report.signals[0].span = [4, 999];
  assert.equal(buildView(report, catalog, (key) => key, "en", text).reasons[0].evidence, "https://www.icbc.com.cn/xcod.yap", "a span that does not fit falls back");
  assert.equal(view.reasons[0].text, "Hidden (icbc.com.cn)");
  assert.equal(view.sender.raw, "955⟨U+200B⟩88");
});
