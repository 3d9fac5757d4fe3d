// The popup: paste a message (and optionally its sender and how it came), get the same report
// as in the page, with the flagged text marked; or scan the current page with
// the generic adapter.

import { Msg, ask } from "../shared/messages.js";
import { loadSettings } from "../shared/settings.js";
import { translatorFor, localiseDocument } from "../shared/i18n.js";
import { renderResult } from "../shared/render.js";

const $ = (id) => document.getElementById(id);

async function main() {
  const settings = await loadSettings();
  const { lang, t } = await translatorFor(settings.language);
  localiseDocument(document, t, lang);
  document.title = t("popup_title");

  const status = $("status");
  const result = $("result");

  $("check-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    status.textContent = "";
    const text = $("text").value;
    const sender = $("sender").value.trim();
    // How it came ("" when the user does not say: the engine then goes by the sender).
    const channel = $("channel").value;
    if (!text.trim()) {
      clearResult(result);
      status.textContent = t("popup_empty_error");
      $("text").focus();
      return;
    }
    if (text.includes("\u0000")) {
      clearResult(result);
      status.textContent = t("popup_binary_error");
      return;
    }
    $("check").disabled = true;
    const response = await ask({ type: Msg.CHECK, message: { text, ...(sender ? { sender } : {}), ...(channel ? { channel } : {}) } });
    $("check").disabled = false;
    if (!response.ok) {
      clearResult(result);
      status.textContent = t("popup_error", { error: response.error });
      return;
    }
    if (response.truncated) status.textContent = t("popup_text_cut", { max: response.text.length.toLocaleString(lang === "zh_CN" ? "zh-CN" : "en") });
    renderResult(result, { report: response.report, view: response.view, text: response.text ?? text }, t);
  });

  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("check-form").requestSubmit();
  });

  $("scan").addEventListener("click", () => scan(t));

  $("options-link").addEventListener("click", (event) => {
    event.preventDefault();
    chrome.runtime.openOptionsPage();
  });
  document.documentElement.dataset.ogReady = "true";
}

/** Hides and empties the result (bad input or a failed check). */
function clearResult(result) {
  result.hidden = true;
  result.replaceChildren();
  delete result.dataset.ogVerdict;
  delete result.dataset.ogOverdue;
}

/** Injects the generic adapter into the current tab and shows the summary it reports. */
async function scan(t) {
  const line = $("scan-status");
  line.textContent = t("popup_scan_started");
  let tabId;
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    tabId = tab?.id;
  } catch {
    tabId = undefined;
  }
  if (tabId === undefined || tabId === chrome.tabs.TAB_ID_NONE) {
    line.textContent = t("popup_scan_failed", { error: t("scan_error_no_tab") });
    return;
  }
  const response = await ask({ type: Msg.SCAN_PAGE, tabId });
  if (!response.ok) {
    const restricted = /cannot be scripted|Cannot access|permission|chrome:|extensions gallery/i.test(response.error);
    line.textContent = t("popup_scan_failed", { error: restricted ? t("scan_error_restricted") : response.error });
    return;
  }
  for (let i = 0; i < 40; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const summary = await ask({ type: Msg.LAST_SUMMARY });
    if (summary.ok && summary.counts) {
      line.textContent = t("popup_scan_summary", summary.counts);
      return;
    }
  }
  line.textContent = t("popup_scan_failed", { error: t("scan_error_no_answer") });
}

main().catch((e) => {
  $("status").textContent = `overdue-guard: ${e && e.message ? e.message : e}`;
});
