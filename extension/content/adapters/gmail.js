// overdue-guard adapter: Gmail (mail.google.com).
// The open thread lives inside div[role=main]: one div.adn per message, body div.a3s, sender
// span.gD[email][name]. Gmail keeps stale detached copies of lists outside role=main and renders
// drafts as contenteditable .a3s; both are skipped. Quoted history (.gmail_quote) is not the
// message's own text. Link targets: href, or the q= of data-saferedirecturl (core unwraps it).
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor, isShown } = OG.util;

  OG.registerAdapter({
    site: "gmail",
    channel: "email",
    skipSelector: ".gmail_quote, .gmail_extra, blockquote.gmail_quote, .gmail_signature_prefix ~ .gmail_signature, .adL > .im",
    findMessages(doc) {
      const main = doc.querySelector('div[role="main"]');
      if (!main) return [];
      const out = [];
      for (const adn of main.querySelectorAll("div.adn")) {
        if (!isShown(adn)) continue;
        const body = [...adn.querySelectorAll("div.a3s")].find((b) => !isEditor(b) && !b.closest(".gmail_quote"));
        if (!body) continue; // collapsed message (snippet only) or a draft
        const senderEl = adn.querySelector("span.gD[email]") || adn.querySelector("[email][name]");
        const email = senderEl?.getAttribute("email") || "";
        const name = senderEl?.getAttribute("name") || senderEl?.textContent.trim() || "";
        out.push({
          key: adn.getAttribute("data-message-id") || adn.getAttribute("data-legacy-message-id") || "",
          container: adn,
          body,
          senderEl,
          sender: email ? (name && name !== email ? `${name} <${email}>` : email) : name,
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
