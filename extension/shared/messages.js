// Message types between content scripts (cs), the background (bg) and the
// extension's pages (ui); the strings are fixed by the extension protocol.

/** Every message type. */
export const Msg = Object.freeze({
  HELLO: "cs-bg-hello",
  CLASSIFY: "cs-bg-classify",
  SCAN_SUMMARY: "cs-bg-scan-summary",
  CHECK: "ui-bg-check",
  SCAN_PAGE: "ui-bg-scan-page",
  LAST_SUMMARY: "ui-bg-last-summary",
  SHOW_REPORT: "bg-cs-show-report",
  RESCAN: "bg-cs-rescan",
});

/** Sends a message to the background; resolves to its response, or {ok:false, error}. */
export async function ask(message) {
  try {
    const response = await chrome.runtime.sendMessage(message);
    return response ?? { ok: false, error: "no response" };
  } catch (e) {
    return { ok: false, error: String(e && e.message ? e.message : e) };
  }
}
