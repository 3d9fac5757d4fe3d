// overdue-guard adapter: Outlook on the web (outlook.live.com, outlook.office.com,
// outlook.office365.com, outlook.cloud.microsoft).
// Reading pane: [data-app-section="MailReadCompose"] / [role=main]; one body per message,
// [id^="UniqueMessageBody"]. Sender: [id^="MSG_"][id$="_FROM"], whose aria-label reads
// "From: Name <addr>" in the UI language ("发件人: …", "De : …"), or a [title*="@"]; same-org
// senders may show a name only. Drafts sit in the conversation with an editor: skipped.
// Safe Links (…safelinks.protection.outlook.com/?url=) are unwrapped by core.
// List rows ([data-app-section="MessageList"] [role=option][data-convid]) are read before the mail
// is opened: their text without the sender ([title*="@"], the address) is subject and preview.
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
    return { senderEl: labelled || titled || null, sender: nameAddr(name, addr) };
  }

  /** "Name <address>", or whichever of the two there is. */
  const nameAddr = (name, addr) => (addr ? (name && name !== addr ? `${name} <${addr}>` : addr) : name);

  /** The rows of the message list, before the mail is opened. */
  function* rows(doc) {
    const list = doc.querySelector('[data-app-section="MessageList"]');
    for (const row of list ? list.querySelectorAll('[role="option"][data-convid]') : []) {
      if (!isShown(row)) continue;
      const senderEl = row.querySelector('[title*="@"]');
      const addr = senderEl?.getAttribute("title").match(EMAIL)?.[0] || "";
      yield { key: `row:${row.getAttribute("data-convid")}`, container: row, body: row, senderEl, skipSelector: '[title*="@"]',
        sender: nameAddr(senderEl?.textContent.trim() || "", addr), channel: "email", row: true };
    }
  }

  /** The reading pane. */
  const paneOf = (doc) => doc.querySelector('[data-app-section="MailReadCompose"]') || doc.querySelector("#ReadingPaneContainerId") ||
    doc.querySelector('[role="main"]');

  OG.registerAdapter({
    site: "outlook",
    channel: "email",
    skipSelector: '[id*="divRplyFwdMsg"], [id*="divRplyFwdMsg"] ~ *, #x_divRplyFwdMsg ~ *, .x_gmail_quote, blockquote[type="cite"]',
    findMessages(doc) {
      const pane = paneOf(doc);
      const out = [...rows(doc)];
      for (const body of pane ? pane.querySelectorAll('[id^="UniqueMessageBody"]') : []) {
        if (!isShown(body) || isEditor(body) || body.querySelector('[contenteditable="true"], [contenteditable=""]')) continue;
        const container = messageRoot(body, pane);
        out.push({ key: body.id, container, body, channel: "email", ...senderOf(container === body ? body.parentElement || body : container) });
      }
      return out;
    },
    // the smallest element holding both the list and the reading pane
    observeRoot(doc) {
      const list = doc.querySelector('[data-app-section="MessageList"]');
      let root = doc.querySelector('[data-app-section="MailReadCompose"]');
      while (root && list && !root.contains(list)) root = root.parentElement;
      return root || doc.body;
    },
  });
})();
