// overdue-guard adapter: Gmail (mail.google.com).
// The open thread lives inside div[role=main]: one div.adn per message, body div.a3s, sender
// span.gD[email][name]. Gmail keeps stale detached copies of lists outside role=main and renders
// drafts as contenteditable .a3s; both are skipped. Quoted history (.gmail_quote) is not the
// message's own text. Link targets: href, or the q= of data-saferedirecturl (core unwraps it).
// Inbox rows (tr.zA[role=row] in the live list) are read too, before the mail is opened: their
// subject (span.bog) and snippet (span.y2) are the text, the row's [email][name] the sender; a
// row gets a small badge in its subject cell when that text is enough for a verdict.
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor, isShown } = OG.util;

  /** "Name <address>" (or whichever of the two there is) from an element with email/name attributes. */
  function senderOf(el) {
    const email = el?.getAttribute("email") || "";
    const name = el?.getAttribute("name") || el?.textContent.trim() || "";
    return email ? (name && name !== email ? `${name} <${email}>` : email) : name;
  }

  /** The inbox rows of the live list: subject and snippet, before the mail is opened. */
  function* rows(main) {
    for (const row of main.querySelectorAll('tr.zA[role="row"]')) {
      const subject = row.querySelector("span.bog");
      if (!subject || !isShown(row)) continue;
      const body = subject.closest('[role="link"], td') || subject;
      const senderEl = row.querySelector("[email][name]");
      const thread = subject.querySelector("[data-thread-id]")?.getAttribute("data-thread-id") || subject.textContent.trim();
      yield { key: `row:${thread}`, container: row, body, senderEl, sender: senderOf(senderEl), channel: "email", row: true, badgeAnchor: body };
    }
  }

  OG.registerAdapter({
    site: "gmail",
    channel: "email",
    skipSelector: ".gmail_quote, .gmail_extra, blockquote.gmail_quote, .gmail_signature_prefix ~ .gmail_signature, .adL > .im",
    findMessages(doc) {
      const main = doc.querySelector('div[role="main"]');
      if (!main) return [];
      const out = [...rows(main)]; // the list comes before the open thread
      for (const adn of main.querySelectorAll("div.adn")) {
        if (!isShown(adn)) continue;
        const body = [...adn.querySelectorAll("div.a3s")].find((b) => !isEditor(b) && !b.closest(".gmail_quote"));
        if (!body) continue; // collapsed message (snippet only) or a draft
        const senderEl = adn.querySelector("span.gD[email]") || adn.querySelector("[email][name]");
        out.push({
          key: adn.getAttribute("data-message-id") || adn.getAttribute("data-legacy-message-id") || "",
          container: adn,
          body,
          senderEl,
          sender: senderOf(senderEl),
          channel: "email",
        });
      }
      return out;
    },
    observeRoot(doc) {
      return doc.querySelector('div[role="main"]') || doc.body;
    },
  });
})();
