// overdue-guard adapter: Google Voice (voice.google.com).
// Messages of the open thread are gv-text-message-item (older gv-message-item) with an
// .incoming or .outgoing bubble; text in gv-annotation[gv-test-id="text-message-content"]
// (or the .subject-content-container bubble). Sender: the thread title
// p[gv-test-id="conversation-title"] (a name or a US-formatted number). Only incoming messages.
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor, isShown } = OG.util;

  OG.registerAdapter({
    site: "gvoice",
    channel: "sms",
    skipSelector: ".status, .timestamp, gv-message-status",
    // a generator: core takes the messages one at a time, so a long thread is found in slices
    *findMessages(doc) {
      const titleEl = doc.querySelector('gv-message-list-header p[gv-test-id="conversation-title"]') ||
        doc.querySelector('p[gv-test-id="conversation-title"]');
      const title = (titleEl?.querySelector(".primary-text") || titleEl)?.textContent.trim() || "";
      const thread = new URLSearchParams(doc.location?.search || "").get("itemId") || "";
      for (const item of doc.querySelectorAll("gv-text-message-item, gv-message-item")) {
        if (!item.querySelector(".incoming") || item.querySelector(".outgoing")) continue;
        const body = item.querySelector('gv-annotation[gv-test-id="text-message-content"]') ||
          item.querySelector('[gv-test-id="bubble"] gv-annotation') || item.querySelector(".subject-content-container");
        if (!body || isEditor(body) || !isShown(body)) continue;
        yield { key: `${thread}:${item.getAttribute("gv-id") || ""}`, container: item, body, badgeAnchor: body.closest(".bubble") || body, senderEl: titleEl, sender: title, channel: "sms" };
      }
    },
    observeRoot(doc) {
      return doc.querySelector('[gv-id="content"]') || doc.body;
    },
  });
})();
