// The view tells one story per message (issue 9): a benign result that still
// lists a caution is "looks genuine — one thing to check", never "no red flags"
// beside a red flag; marks are red only inside a scam; the popup's heading
// says "flagged text" only when something is flagged.
import { test } from "node:test";
import assert from "node:assert/strict";
import { buildView } from "../../extension/background/view.js";
import { flaggedRuns } from "../../extension/shared/render.js";

const catalog = {
  signals: new Map([
    ["link_shortener", { id: "link_shortener", class: "scam", en: "Short link", zh: "短链接" }],
    ["extreme_urgency", { id: "extreme_urgency", class: "suspicious", en: "Urgent", zh: "紧迫" }],
    ["official_sender", { id: "official_sender", class: "legit", en: "Official", zh: "官方" }],
  ]),
  advice: new Map(),
};
const t = (key) => key;
const report = (verdict, overdue, signals) => ({ verdict, overdue, institution: null, advice: [], sender: null, links: [], signals });
const short = { id: "link_shortener", weight: 12, span: [0, 4], evidence: "t.cn" };
const urgent = { id: "extreme_urgency", weight: 4, span: [5, 8], evidence: "2小时" };
const official = { id: "official_sender", weight: -30, span: null, evidence: "95555" };

test("the verdict label and headline follow the reasons", () => {
  const cases = [
    [report("benign", false, [official]), "verdict_benign", "headline_benign"],
    [report("benign", false, [short, official]), "verdict_benign_caution", "headline_benign_caution"],
    [report("benign", true, [short, urgent]), "verdict_benign_cautions", "headline_benign_overdue_caution"],
    [report("benign", true, []), "verdict_benign", "headline_benign_overdue"],
    [report("suspicious", false, [urgent]), "verdict_suspicious", "headline_suspicious"],
    [report("scam", false, [short]), "verdict_scam", "headline_scam"],
  ];
  for (const [r, label, headline] of cases) {
    const v = buildView(r, catalog, t, "en");
    assert.deepEqual([v.verdict_label, v.headline], [label, headline], JSON.stringify(r.signals.map((s) => s.id)));
  }
});

test("marks are red only inside a scam", () => {
  const text = "t.cn 2小时内还款";
  for (const [verdict, level] of [["benign", "suspicious"], ["suspicious", "suspicious"], ["scam", "scam"]]) {
    const r = report(verdict, false, [short]);
    const runs = flaggedRuns(text, r, buildView(r, catalog, t, "en"));
    assert.equal(runs[0].level, level, verdict);
  }
});
