// overdue-guard adapter: NetEase Mail (mail.163.com, mail.126.com, mail.yeah.net).
// Each opened mail is a read module div[id^="_dvModuleContainer_read.ReadModule_"]; several can
// exist, only the visible one is current. Header (sender .nui-addr: .nui-addr-name +
// .nui-addr-email "<addr>") is in the top document; the body is a same-origin iframe
// (iframe[id$="_frameBody"], /js6/read/readhtml.jsp) read through contentDocument, and
// highlighted inside that document. Frames run this script too (all_frames) but do nothing:
// the top frame owns the whole message. Quick-reply textareas and editor iframes are skipped.
// Rows of the visible list module (div[sign="letter"]: sender .nui-user, subject span.da0) are
// read before the mail is opened, without the sender's name.
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor, isShown } = OG.util;
  const strip = (s) => (s || "").replace(/[<>＜＞\s]/g, "");

  function bodyOf(module) {
    const frame = module.querySelector('iframe[id$="_frameBody"]');
    if (frame) {
      let fdoc = null;
      try { fdoc = frame.contentDocument; } catch { fdoc = null; }
      if (!fdoc || !fdoc.body || fdoc.designMode === "on") return null;
      const body = fdoc.querySelector(".netease_mail_readhtml") || fdoc.body;
      return { body, frameDoc: fdoc };
    }
    const inline = module.querySelector('div[id$="_dvContent"]');
    return inline ? { body: inline } : null;
  }

  OG.registerAdapter({
    site: "netease",
    channel: "email",
    skipSelector: '[id$="_dvAttach_reply"], .APP-editor-iframe, #isReplyContent, #isForwardContent, .netease_mail_readhtml blockquote[id*="isReplyContent"]',
    findMessages(doc) {
      if (window.top !== window) return []; // body frames are read from the top frame
      const out = [];
      for (const list of doc.querySelectorAll('div[id^="_dvModuleContainer_mbox.ListModule_"]')) {
        if (!isShown(list)) continue; // the list tab is not the one shown
        for (const row of list.querySelectorAll('div[sign="letter"]')) {
          const senderEl = row.querySelector(".nui-user");
          out.push({ key: `row:${row.id}`, container: row, body: row, senderEl, sender: senderEl?.textContent.trim() || "",
            skipSelector: ".nui-user", channel: "email", row: true });
        }
      }
      for (const module of doc.querySelectorAll('div[id^="_dvModuleContainer_read.ReadModule_"]')) {
        if (!isShown(module)) continue; // hidden read tabs
        const found = bodyOf(module);
        if (!found || isEditor(found.body)) continue;
        const head = module.querySelector('ul[id$="_ulFull"] li') || module;
        const addr = head.querySelector(".nui-addr") || module.querySelector(".nui-addr");
        const email = strip(addr?.querySelector(".nui-addr-email")?.textContent);
        const name = (addr?.querySelector(".nui-addr-name")?.textContent || "").trim();
        out.push({
          key: module.id,
          container: module,
          body: found.body,
          frameDoc: found.frameDoc,
          senderEl: addr || null,
          sender: email ? (name ? `${name} <${email}>` : email) : name,
          channel: "email",
        });
      }
      return out;
    },
    observeRoot(doc) {
      return doc.getElementById("dvContainer") || doc.body;
    },
  });
})();
