// overdue-guard adapter: Google Messages for Web (messages.google.com/web).
// Open conversation [data-e2e-conversation-container]: mws-message-wrapper per message
// (msg-id, is-outgoing), text in mws-text-message-part ([data-e2e-message-content] inside).
// Only incoming messages are read; tombstones and the composer are not messages; a quoted parent
// (.embed-msg-part-container) is not this message's text. Sender: the header title in 1:1 chats;
// in group chats the part's aria-label "NAME said: …". The list is windowed (~40 messages):
// core forgets wrappers that leave and keys messages by conversation + msg-id + text.
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor } = OG.util;

  const conversationId = (doc) => (doc.location?.pathname.match(/\/web\/conversations\/([^/?#]+)/) || [])[1] || "";

  function saidBy(part) {
    const label = part.getAttribute("aria-label") || "";
    const m = label.match(/^(.+?) said: /) || label.match(/^(.+?)(?:说|說)[:：]/);
    return m ? m[1].trim() : "";
  }

  OG.registerAdapter({
    site: "gmessages",
    channel: "sms",
    skipSelector: ".embed-msg-part-container, mws-reply-message-part, mws-message-status, mws-relative-timestamp, mw-message-reactions-display, .tombstone",
    // a generator: core takes the messages one at a time, so a long conversation is found in slices
    *findMessages(doc) {
      const conv = doc.querySelector("[data-e2e-conversation-container]") || doc.querySelector("mws-messages-list");
      if (!conv) return;
      const titleEl = doc.querySelector("[data-e2e-header-title] h2") || doc.querySelector("[data-e2e-header-title]") ||
        doc.querySelector("mws-header .title");
      const title = (titleEl?.textContent || "").trim();
      const group = /,|、/.test(title);
      const cid = conversationId(doc);
      for (const w of conv.querySelectorAll("mws-message-wrapper")) {
        const core = w.querySelector("[data-e2e-message-wrapper-core]");
        if (w.getAttribute("is-outgoing") === "true" || core?.getAttribute("data-e2e-message-outgoing") === "true") continue;
        const part = [...w.querySelectorAll("mws-text-message-part")].find((p) => !p.closest(".embed-msg-part-container"));
        if (!part) continue; // image, file or system row
        const body = part.querySelector("[data-e2e-message-content]") || part.querySelector(".text-msg") || part;
        if (isEditor(body)) continue;
        const sender = group ? saidBy(part) : title || saidBy(part);
        yield {
          key: `${cid}:${w.getAttribute("msg-id") || core?.getAttribute("data-e2e-message-id") || ""}`,
          container: w,
          body,
          senderEl: group ? null : titleEl,
          badgeAnchor: part.querySelector(".text-msg, .msg-content") || body,
          sender,
          channel: "sms",
        };
      }
    },
    observeRoot(doc) {
      return doc.querySelector("mws-messages-list") || doc.body;
    },
  });
})();
