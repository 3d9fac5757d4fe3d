// The `view`: the report put into words in the user's language, so content
// scripts and pages only draw it. Sentences for signals and advice come from
// the engine's catalogue (zh and en beside each id); the rest from ui.json.

import { visible } from "../shared/visible.js";

const SEVERITY = { scam: "scam", suspicious: "suspicious", legit: "info", info: "info" };

/** The catalogue sentence for `def` in `lang`, with `{detail}` filled in. */
function sentence(def, lang, detail) {
  const template = (lang === "zh_CN" ? def.zh : def.en) || def.en || def.id;
  return template.replace(/\{detail\}/g, detail ?? "").replace(/\s{2,}/g, " ");
}

/** The reason entries for the signals `keep` selects, one per id, strongest first. */
function reasonsOf(report, catalog, lang, keep, text) {
  const hits = report.signals.filter((s) => keep(s.weight)).sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight));
  const seen = new Set();
  const out = [];
  for (const hit of hits) {
    if (seen.has(hit.id)) continue;
    seen.add(hit.id);
    const def = catalog.signals.get(hit.id);
    const detail = (lang === "en" && hit.detail_en) || (hit.detail ?? report.institution?.name ?? visible(hit.evidence));
    out.push({
      id: hit.id,
      text: def ? sentence(def, lang, detail) : hit.id,
      // What the message says there (a link as written, not only where it goes), invisible
      // characters written out (⟨U+202E⟩): the card, the popup and copied evidence quote this.
      evidence: visible(writtenAt(text, hit.span) ?? hit.evidence ?? ""),
      span: hit.span ?? null,
      severity: hit.weight < 0 ? "good" : SEVERITY[def?.class] ?? "suspicious",
    });
  }
  return out;
}

/** The piece of `text` at a UTF-16 `span`, or null when either is missing or the span does not fit. */
function writtenAt(text, span) {
  if (typeof text !== "string" || !Array.isArray(span)) return null;
  const [start, end] = span;
  return Number.isInteger(start) && Number.isInteger(end) && 0 <= start && start < end && end <= text.length ? text.slice(start, end) : null;
}

/** Han characters (CJK ideographs, incl. extension A and compatibility ideographs). */
const HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
const LATIN_LETTER = /[A-Za-z\u00c0-\u024f]/g;
/** Share of Han among the letters from which a text reads as Chinese, and below which as English. */
const ZH_FROM = 0.3;
const EN_BELOW = 0.05;

/**
 * The language a message is written in, from the share of Han characters among its letters:
 * "zh_CN", "en", or null when it is mixed or has no letters (the report has no language field).
 * Each Han character is a word, each Latin letter a part of one, so a Chinese message with an
 * English URL and brand name still reads as Chinese.
 */
export function messageLang(text) {
  if (typeof text !== "string") return null;
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  if (han + latin === 0) return null;
  const share = han / (han + latin);
  if (share >= ZH_FROM) return "zh_CN";
  if (share < EN_BELOW) return "en";
  return null;
}

/** Public service numbers the engine names (`report.sender.service`) that have a label. */
const SENDER_SERVICES = ["anti_fraud_warning", "anti_fraud_hotline", "spam_report", "financial_consumer_complaints", "pboc_complaints", "court_service", "china_mobile_anti_fraud", "china_mobile", "china_unicom", "china_telecom", "housing_fund", "expressway", "government_hotline"];
const KNOWN_SENDER_KINDS = [
  "bank_short_code", "commercial_port", "personal_mobile", "virtual_operator", "overseas", "landline", "email", "unknown",
];

/** The card strings every content script needs. */
export const CARD_STRINGS = [
  "card_title", "reasons_title", "advice_title", "copy_evidence", "copied", "close", "link_warning_title",
  "link_warning_body", "link_warning_open", "link_warning_cancel", "evidence_header", "sender_label", "time_seen_label",
  "about_link", "about_sender", "about_wording", "reason_earlier_scam", "verdict_suspicious", "headline_suspicious",
];

/**
 * Builds the view of `report` (protocol "report and view") with the catalogue
 * (from ensureEngine) and a translator `t` for `lang`. Beyond the protocol's
 * fields it carries `sender` ({raw, kind_label, official, label} or null) and
 * `links` ([{url, domain, official, flagged, label}]) for the pages.
 */
export function buildView(report, catalog, t, lang, text) {
  const verdict = report.verdict;
  const institution = report.institution?.name;
  const reasons = reasonsOf(report, catalog, lang, (w) => w > 0, text);
  // One story: a benign result that still lists a caution says so, never "no red flags".
  const cautions = verdict === "benign" ? reasons.length : 0;
  let headline;
  if (verdict === "scam") headline = institution ? t("headline_scam_institution", { institution }) : t("headline_scam");
  else if (verdict === "suspicious") headline = t("headline_suspicious");
  else if (cautions) headline = report.overdue ? t("headline_benign_overdue_caution") : t("headline_benign_caution");
  else headline = report.overdue ? t("headline_benign_overdue") : t("headline_benign");
  const verdictLabel = cautions ? t(cautions === 1 ? "verdict_benign_caution" : "verdict_benign_cautions") : t(`verdict_${verdict}`);
  return {
    lang,
    verdict,
    verdict_label: verdictLabel,
    overdue_label: report.overdue ? t("overdue_label") : "",
    headline,
    reasons,
    good_signs: reasonsOf(report, catalog, lang, (w) => w < 0, text),
    advice: report.advice.map((a) => {
      const def = catalog.advice.get(a.id);
      return { id: a.id, text: def ? sentence(def, lang, (lang === "en" && a.detail_en) || a.detail) : a.id };
    }),
    sender: report.sender
      ? {
          raw: visible(report.sender.raw),
          kind_label: report.sender.service && SENDER_SERVICES.includes(report.sender.service)
            ? t(`sender_service_${report.sender.service}`)
            : t(`sender_kind_${KNOWN_SENDER_KINDS.includes(report.sender.kind) ? report.sender.kind : "unknown"}`),
          official: Boolean(report.sender.official),
          label: report.sender.official ? t("sender_official") : "",
        }
      : null,
    links: (report.links ?? []).map((link) => ({
      url: visible(link.url),
      domain: link.domain,
      official: Boolean(link.official),
      flagged: (link.signals ?? []).length > 0,
      label: link.official ? t("link_official") : (link.signals ?? []).length ? t("link_flagged") : "",
    })),
    strings: Object.fromEntries(CARD_STRINGS.map((key) => [key, t(key)])),
  };
}
