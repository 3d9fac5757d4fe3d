// overdue-guard adapter: Outlook on the web (outlook.live.com, outlook.office.com,
// outlook.office365.com, outlook.cloud.microsoft).
// Reading pane: [data-app-section="MailReadCompose"] / [role=main]; one body per message,
// [id^="UniqueMessageBody"]. Sender: [id^="MSG_"][id$="_FROM"], whose aria-label reads
// "From: Name <addr>" in the UI language ("发件人: …", "De : …"), or a [title*="@"]; same-org
// senders may show a name only. Drafts sit in the conversation with an editor: skipped.
// Safe Links (…safelinks.protection.outlook.com/?url=) are unwrapped by core.
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor, isShown } = OG.util;
  const EMAIL = /[^\s<>"'()（）:：,，;；]+@[^\s<>"'()（）:：,，;；]+\.[a-z]{2,}/i;

  /** The smallest ancestor of `body` that also holds that message's From line. */
  function messageRoot(body, pane) {
    let e = body.parentElement;
    while (e && e !== pane) {
      if (e.querySelector('[id^="MSG_"][id$="_FROM"], [id$="_FROM"]')) {
        return e.querySelectorAll('[id^="UniqueMessageBody"]').length === 1 ? e : body;
      }
      if (e.querySelectorAll('[id^="UniqueMessageBody"]').length > 1) break;
      e = e.parentElement;
    }
    return body;
  }

  function senderOf(root) {
    const from = root.querySelector('[id^="MSG_"][id$="_FROM"]') || root.querySelector('[id$="_FROM"]');
    const labelled = from?.querySelector("[aria-label]") || from;
    const titled = (from || root).querySelector('[title*="@"]');
    const texts = [labelled?.getAttribute("aria-label"), titled?.getAttribute("title"), from?.textContent];
    const addr = texts.map((t) => t && t.match(EMAIL)?.[0]).find(Boolean) || "";
    const name = (from?.textContent || "").replace(EMAIL, "").replace(/[<>]/g, "").trim();
    const sender = addr ? (name && name !== addr ? `${name} <${addr}>` : addr) : name;
    return { senderEl: labelled || titled || null, sender };
  }

  OG.registerAdapter({
    site: "outlook",
    channel: "email",
    skipSelector: '[id*="divRplyFwdMsg"], [id*="divRplyFwdMsg"] ~ *, #x_divRplyFwdMsg ~ *, .x_gmail_quote, blockquote[type="cite"]',
    findMessages(doc) {
      const pane = doc.querySelector('[data-app-section="MailReadCompose"]') || doc.querySelector("#ReadingPaneContainerId") ||
        doc.querySelector('[role="main"]');
      if (!pane) return [];
      const out = [];
      for (const body of pane.querySelectorAll('[id^="UniqueMessageBody"]')) {
        if (!isShown(body) || isEditor(body) || body.querySelector('[contenteditable="true"], [contenteditable=""]')) continue;
        const container = messageRoot(body, pane);
        out.push({ key: body.id, container, body, channel: "email", ...senderOf(container === body ? body.parentElement || body : container) });
      }
      return out;
    },
    observeRoot(doc) {
      return doc.querySelector('[data-app-section="MailReadCompose"]') || doc.body;
    },
  });
})();
