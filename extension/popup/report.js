// The report window: shows a context-menu check when the page had no content
// script to show the card. The background stored the result in
// storage.session under "report:<id>"; the id is in the URL. The window takes
// it out of storage as it reads it, so no message text stays behind.

import { loadUi, translator, translatorFor, localiseDocument } from "../shared/i18n.js";
import { loadSettings } from "../shared/settings.js";
import { renderResult } from "../shared/render.js";

const $ = (id) => document.getElementById(id);

async function main() {
  const id = new URLSearchParams(location.search).get("id") ?? "";
  const key = `report:${id}`;
  const stored = id ? (await chrome.storage.session.get(key))[key] : undefined;
  // The message is kept (in memory) only until this window has it.
  if (stored) await chrome.storage.session.remove(key);
  // Speak the language the report was made in (the user's choice at that time).
  const { lang, t } = stored?.view?.lang
    ? { lang: stored.view.lang, t: translator(await loadUi(), stored.view.lang) }
    : await translatorFor((await loadSettings()).language);
  localiseDocument(document, t, lang);
  document.title = t("report_title");
  $("close").addEventListener("click", () => window.close());
  if (!stored || !stored.report || !stored.view) {
    $("status").textContent = t("report_missing");
    document.documentElement.dataset.ogReady = "true";
    return;
  }
  $("origin").textContent = t(stored.from === "link" ? "report_from_link" : "report_from_selection");
  renderResult($("result"), stored, t);
  document.documentElement.dataset.ogReady = "true";
}

main().catch((e) => {
  $("status").textContent = `overdue-guard: ${e && e.message ? e.message : e}`;
});
