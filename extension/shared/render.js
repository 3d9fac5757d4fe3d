// Draws a checked message (report + view + text) in an extension page: the
// verdict with a text label, the message with its flagged spans marked, the
// reasons and the advice. DOM built with createElement/textContent only.
// Invisible characters are shown written out (⟨U+202E⟩), never as they are.

import { codeName, pieces, visible } from "./visible.js";

const RANK = { info: 1, suspicious: 2, scam: 3 };
const NAMES = ["", "info", "suspicious", "scam"];
const VERDICT_SYMBOL = { benign: "✓", suspicious: "!", scam: "✕" };

function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

/**
 * The flagged ranges of `text`: [{start, end, level: "scam"|"suspicious"|"info", titles}]
 * from the report's signals (weight > 0) and its flagged links, clamped to the
 * text and merged where they overlap (the strongest level wins).
 */
export function flaggedRuns(text, report, view) {
  // A mark is as severe as the signal that raised it, and red only inside a scam.
  const cap = (level) => (level === "scam" && report.verdict !== "scam" ? "suspicious" : level);
  const severity = new Map(view.reasons.map((r) => [r.id, cap(r.severity)]));
  const sentence = new Map(view.reasons.map((r) => [r.id, r.text]));
  const marks = [];
  for (const s of report.signals ?? []) {
    if (s.weight > 0 && Array.isArray(s.span)) marks.push({ span: s.span, level: severity.get(s.id) ?? "suspicious", title: sentence.get(s.id) });
  }
  for (const link of report.links ?? []) {
    if (!Array.isArray(link.span) || link.official) continue;
    const ids = link.signals ?? [];
    if (!ids.length && !(link.flags ?? []).length) continue;
    const level = ids.map((id) => severity.get(id) ?? "suspicious").reduce((a, b) => (RANK[b] > RANK[a] ? b : a), "suspicious");
    marks.push({ span: link.span, level, title: ids.map((id) => sentence.get(id)).filter(Boolean).join(" ") });
  }
  const levels = new Uint8Array(text.length);
  for (const m of marks) {
    const start = Math.max(0, Math.min(text.length, m.span[0]));
    const end = Math.max(start, Math.min(text.length, m.span[1]));
    for (let i = start; i < end; i++) if (RANK[m.level] > levels[i]) levels[i] = RANK[m.level];
  }
  const runs = [];
  for (let i = 0; i < text.length; ) {
    let j = i + 1;
    while (j < text.length && levels[j] === levels[i]) j++;
    if (levels[i]) {
      const titles = [...new Set(marks.filter((m) => m.span[0] < j && m.span[1] > i).map((m) => m.title).filter(Boolean))];
      runs.push({ start: i, end: j, level: NAMES[levels[i]], titles });
    }
    i = j;
  }
  return runs;
}

/**
 * `s` as nodes, each invisible character written out in its own element
 * (`<span class="og-hidden">⟨U+202E⟩</span>`), so a direction override cannot
 * reorder what follows it and a zero-width space shows where it hides.
 */
export function shownText(s) {
  const fragment = document.createDocumentFragment();
  for (const piece of pieces(s)) {
    fragment.append(piece.hidden ? el("span", { class: "og-hidden", "data-og-hidden": codeName(piece.text), text: codeName(piece.text) }) : document.createTextNode(piece.text));
  }
  return fragment;
}

/** `text` as text nodes and <mark> elements for the flagged runs. */
export function markedText(text, runs) {
  const fragment = document.createDocumentFragment();
  let at = 0;
  for (const run of runs) {
    if (run.start > at) fragment.append(shownText(text.slice(at, run.start)));
    const mark = el("mark", { class: `og-mark og-${run.level}`, "data-level": run.level }, [shownText(text.slice(run.start, run.end))]);
    if (run.titles.length) mark.title = run.titles.join("\n");
    fragment.append(mark);
    at = run.end;
  }
  if (at < text.length) fragment.append(shownText(text.slice(at)));
  return fragment;
}

function reasonList(items, className) {
  return el("ul", { class: className }, items.map((r) =>
    el("li", { class: `reason sev-${r.severity ?? "suspicious"}`, "data-og-signal": r.id }, [
      el("span", { class: "reason-text", text: r.text }),
      r.evidence ? el("q", { class: "evidence", text: r.evidence }) : null,
    ])));
}

/**
 * Fills `container` with the result: {report, view, text}; `t` translates the
 * page's own strings. The container gets data-og-verdict / data-og-overdue.
 */
export function renderResult(container, { report, view, text }, t) {
  container.replaceChildren();
  container.hidden = false;
  container.dataset.ogVerdict = view.verdict;
  container.dataset.ogOverdue = String(Boolean(report.overdue));
  container.lang = view.lang === "zh_CN" ? "zh-CN" : "en";

  const badges = el("div", { class: "verdict-row" }, [
    el("span", { class: `badge badge-${view.verdict}`, role: "status" }, [
      el("span", { class: "badge-symbol", "aria-hidden": "true", text: VERDICT_SYMBOL[view.verdict] ?? "" }),
      el("span", { class: "verdict-label", text: view.verdict_label }),
    ]),
    view.overdue_label ? el("span", { class: "tag tag-overdue", text: view.overdue_label }) : null,
  ]);
  container.append(badges, el("p", { class: "headline", text: view.headline }));

  if (typeof text === "string" && text) {
    const runs = flaggedRuns(text, report, view);
    container.append(
      el("h2", { text: t(runs.length ? "popup_highlight_title" : "popup_text_title") }),
      el("p", { class: "message-text" }, [markedText(text, runs)]),
    );
  }

  if (view.sender || view.links?.length) {
    const facts = el("dl", { class: "facts" });
    if (view.sender) {
      facts.append(
        el("dt", { text: view.strings?.sender_label ?? t("sender_label") }),
        el("dd", {}, [
          el("span", { class: "fact-value", text: view.sender.raw }),
          el("span", { class: "muted", text: ` · ${view.sender.kind_label}` }),
          view.sender.label ? el("span", { class: "tag tag-official", text: view.sender.label }) : null,
        ]),
      );
    }
    if (view.links?.length) {
      facts.append(el("dt", { text: t("links_title") }));
      for (const link of view.links) {
        facts.append(el("dd", { "data-og-link-official": String(link.official) }, [
          el("span", { class: "fact-value", text: link.domain || link.url }),
          link.label ? el("span", { class: `tag ${link.official ? "tag-official" : "tag-flagged"}`, text: link.label }) : null,
        ]));
      }
    }
    container.append(facts);
  }

  container.append(el("h2", { text: view.strings?.reasons_title ?? t("reasons_title") }));
  if (view.reasons.length) container.append(reasonList(view.reasons, "reasons"));
  else container.append(el("p", { class: "muted", text: t("no_reasons") }));

  if (view.good_signs.length) {
    container.append(el("h2", { text: t("good_signs_title") }), reasonList(view.good_signs, "good-signs"));
  }
  if (view.advice.length) {
    container.append(
      el("h2", { text: view.strings?.advice_title ?? t("advice_title") }),
      el("ol", { class: "advice" }, view.advice.map((a) => el("li", { "data-og-advice": a.id, text: a.text }))),
    );
  }

  // Copying is the one way message text leaves this page, and only when the user asks.
  const seenAt = new Date();
  const feedback = el("span", { class: "muted copy-feedback", role: "status" });
  const copy = el("button", { type: "button", class: "secondary", "data-og-action": "copy", text: view.strings?.copy_evidence ?? t("copy_evidence") });
  copy.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(evidenceText({ report, view, text }, t, seenAt));
      feedback.textContent = view.strings?.copied ?? t("copied");
    } catch (e) {
      feedback.textContent = String(e && e.message ? e.message : e);
    }
  });
  container.append(el("div", { class: "actions" }, [copy, feedback]));
}

/**
 * What "copy evidence" copies: a header, the sender, the time the message was
 * checked, the message, the verdict and each reason with its quote. Invisible
 * characters are written out (⟨U+202E⟩), so the pasted text reads as it is.
 */
export function evidenceText({ report, view, text }, t, seenAt = new Date()) {
  const s = (key) => view.strings?.[key] ?? t(key);
  const lines = [
    s("evidence_header"),
    `${s("sender_label")}: ${view.sender?.raw || "-"}`,
    `${s("time_seen_label")}: ${seenAt.toISOString()}`,
    "",
    visible(text ?? ""),
    "",
    `${view.verdict_label}${report.overdue && view.overdue_label ? ` · ${view.overdue_label}` : ""}`,
  ];
  for (const r of view.reasons) lines.push(`- ${r.evidence ? `“${r.evidence}” ` : ""}${r.text}`);
  return lines.join("\n");
}
