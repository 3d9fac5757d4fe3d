// overdue-guard adapter: QQ Mail (mail.qq.com, wx.mail.qq.com, exmail.qq.com).
// New UI: the reader (.mail-list-page-reader / .mail-detail) with the body in
// .reader-body-children / .mail-detail-content and the sender in .mail-detail-basic
// (.cmp-account-nick + .cmp-account-email "<addr>", the address may be missing until hover).
// Classic UI: the reading page loads in the same-origin iframe#mainFrame (/cgi-bin/readmail);
// the manifest injects into every frame, so the script inside that frame finds #mainmail with
// the body #mailContentContainer and the sender span[e] (e = address, n = name). The top frame
// holds only the frame shell and finds nothing. Editors (quick reply, Roosterjs) are skipped;
// links through readtemplate?t=safety&gourl= are unwrapped by core. New UI list rows
// (.mail-list-page-item: .mail-sender, .mail-subject, .mail-digest, .mail-time) are read before the
// mail is opened: subject and digest, the sender by name (the list shows no address).
// Classic list (/cgi-bin/mail_list in iframe#mainFrame): every row of #qqmail_mailcontainer has a
// checkbox input[name="mailid"] carrying the mail id (value), the sender's address (fa) and name
// (fn); the row's other cells (subject and snippet) are read as one message, the sender's cell
// (the one showing fn) left out of the text.
(() => {
  const OG = globalThis.OverdueGuard;
  if (!OG) return;
  const { isEditor, isShown } = OG.util;
  const strip = (s) => (s || "").replace(/[<>＜＞\s]/g, "");
  /** "name <address>", or whichever of the two there is. */
  const nameAddr = (name, email) => (email ? (name ? `${name} <${email}>` : email) : name);

  function newUi(doc) {
    const out = [];
    const bodies = doc.querySelectorAll(".mail-reader-body .reader-body-children, .mail-detail-content, .mail-list-page-reader-body.reader-body-children");
    const seen = new Set();
    for (const body of bodies) {
      // nested matches (one element with both classes, or a wrapper of the other): keep the outer
      if ([...seen].some((b) => b.contains(body))) continue;
      if (!isShown(body) || isEditor(body)) continue;
      seen.add(body);
      const reader = body.closest(".mail-list-page-reader, .mail-detail, .mail-reader") || body.parentElement;
      const item = reader.querySelector(".mail-detail-basic .basic-body-item") || reader;
      const nick = item.querySelector(".cmp-account-nick");
      const email = strip(item.querySelector(".cmp-account-email")?.textContent);
      const name = nick?.textContent.trim() || "";
      out.push({
        key: (reader.querySelector(".mail-subject-text")?.textContent || "").trim(),
        container: reader,
        body,
        senderEl: item.querySelector(".cmp-account-wrap") || nick,
        sender: nameAddr(name, email),
        channel: "email",
      });
    }
    return out;
  }

  /** The new UI's list rows. */
  function rows(doc) {
    return [...doc.querySelectorAll(".mail-list-page-item")].filter((row) => isShown(row)).map((row) => {
      const senderEl = row.querySelector(".mail-sender");
      const sender = senderEl?.textContent.trim() || "";
      return { key: `row:${sender}|${row.querySelector(".mail-subject")?.textContent.trim() || ""}`, container: row, body: row,
        senderEl, sender, skipSelector: ".mail-sender, .mail-time", channel: "email", row: true };
    });
  }

  function classic(doc) {
    const body = doc.getElementById("mailContentContainer");
    if (!body || !isShown(body) || isEditor(body)) return [];
    const main = doc.getElementById("mainmail") || body.parentElement;
    const senderEl = [...main.querySelectorAll("span[e]")].find((s) => !body.contains(s)) || null;
    const email = senderEl?.getAttribute("e") || "";
    const name = senderEl?.getAttribute("n") || senderEl?.textContent.trim() || "";
    const mailid = new URLSearchParams(doc.location?.search || "").get("mailid") || "";
    return [{ key: mailid, container: main, body, senderEl, sender: nameAddr(name, email), channel: "email" }];
  }

  /** The classic list's rows, before a mail is opened. */
  function classicRows(doc) {
    const out = [];
    for (const box of doc.querySelectorAll('#qqmail_mailcontainer input[name="mailid"]')) {
      const row = box.closest("tr");
      if (!row || !isShown(row)) continue;
      const name = box.getAttribute("fn") || "";
      const senderEl = [...row.cells].find((c) => !c.contains(box) && name && c.textContent.trim() === name) || null;
      out.push({ key: `row:${box.value}`, container: row, body: row, senderEl, sender: nameAddr(name, box.getAttribute("fa") || ""),
        skipSelector: senderEl ? `tr > :nth-child(${senderEl.cellIndex + 1})` : "", channel: "email", row: true });
    }
    return out;
  }

  OG.registerAdapter({
    site: "qqmail",
    channel: "email",
    skipSelector: "#QuickReplyPart, #rteContainer, .qm_quote, .mail-detail-reply, blockquote[type=\"cite\"], .rooster-content-body, [class*=\"includeMail\"], #origbody",
    findMessages(doc) {
      if (doc.designMode === "on" || doc.querySelector(".rooster-content-body") === doc.body) return [];
      return doc.getElementById("mailContentContainer") ? classic(doc) : [...classicRows(doc), ...rows(doc), ...newUi(doc)];
    },
    observeRoot(doc) {
      return doc.querySelector(".frame-main, .mail_app") || doc.body;
    },
  });
})();
