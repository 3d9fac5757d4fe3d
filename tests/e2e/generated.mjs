// Generated pages for the page benchmark (scripts/bench-page.mjs) and the end-to-end tests of
// big pages: a Gmail-like thread with one long message (a bank statement of any length) and a
// Google-Messages-like conversation with any number of bubbles. Same markup hooks as the
// hand-written fixtures, deterministic content. Also a new message appended to a Gmail thread.

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** The first lines of the long message: a collection threat, so it gets a verdict worth a badge. */
const STATEMENT_HEAD = "【恒信资产】您在微粒贷的借款已逾期97天，今天17点前不还，我们就安排人上门，并通知你的单位和家人。" +
  "Your loan is 97 days overdue. Pay today at https://hengxin-huankuan.top/pay or we will visit your home.";

/**
 * A Gmail thread whose only message has about `chars` characters of text: the threat above, then
 * a statement table (four cells a row), and an inline reply editor below the thread.
 */
export function gmailThread(chars) {
  const rows = [];
  let n = STATEMENT_HEAD.length;
  for (let i = 0; n < chars; i++) {
    const day = String(1 + (i % 28)).padStart(2, "0");
    const cells = [`2026-01-${day}`, `POS 消费 第${i}笔 超市便利店 shop purchase #${100000 + i}`, `-${(i % 977) + 0.45}`, `余额 ${(88000 - (i % 5000)).toFixed(2)}`];
    n += cells.reduce((a, c) => a + c.length + 1, 0);
    rows.push(`<tr><td>${cells.map(esc).join("</td><td>")}</td></tr>`);
  }
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Inbox - Gmail</title>
<style>body{margin:0;font:14px/1.45 Roboto,Arial,sans-serif}div[role=main]{margin:0 16px 16px 256px}
.adn{border-top:1px solid #eceff1;padding:14px 8px 14px 16px}.a3s{max-width:760px}td{padding:2px 8px}
.M9{margin:16px 24px;border:1px solid #dadce0;border-radius:8px;padding:12px;min-height:60px}</style></head>
<body><div role="main"><div class="nH if" id="thread">
<div class="adn ads" id="m-long" data-message-id="#msg-f:long-${chars}">
<span class="gD" email="notice@hengxin-zichan.example" name="恒信资产">恒信资产</span>
<div class="a3s aiL" id="b-long"><p>${esc(STATEMENT_HEAD)}</p>
<table><tbody>${rows.join("\n")}</tbody></table></div></div>
</div>
<div class="M9"><div contenteditable="true" role="textbox" aria-label="Message Body" id="reply"></div></div>
</div></body></html>`;
}

/** SMS texts the bubbles cycle through: mostly ordinary, some overdue notices and threats. */
const SMS = [
  "周六的聚会改到晚上七点，记得带上相机。",
  "Your table for 4 at 7:30 pm is confirmed. Reply C to cancel.",
  "【京东】您的订单已发货，快递单号 JD00000000，请注意查收。",
  "Meeting moved to room 12, bring the slides please.",
  "【微众银行】您的微粒贷借款本期应还 1,234.50 元，已逾期 3 天，请尽快还款。如有疑问请致电 95384。",
  "你的借款已逾期97天，今天17点前不还，我们就安排人上门，并通知你的单位和家人。",
  "妈妈说晚饭做了你爱吃的红烧肉，早点回家。",
  "Your verification code is 482913. Do not share it with anyone.",
  "【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信。",
  "Package delivered to your front door at 2:14 PM.",
];

/**
 * A Google Messages conversation with `count` bubbles (every tenth outgoing), a composer, and
 * the ids `gm-w<i>`. Returns {html, incoming}: the page and how many bubbles are incoming.
 */
export function gmessagesConversation(count) {
  const bubbles = [];
  for (let i = 0; i < count; i++) bubbles.push({ id: `gm-w${i}`, out: i % 10 === 9, text: `${SMS[i % SMS.length]} (${i})` });
  return { html: gmessagesPage("10690000123", bubbles), incoming: bubbles.filter((b) => !b.out).length };
}

/**
 * A Google Messages 1:1 conversation with `title` (the other party) and `bubbles`
 * ([{id, text, out?}], oldest first), a composer (#gm-input) below.
 */
export function gmessagesPage(title, bubbles) {
  const items = bubbles.map(({ id, text, out = false }, i) =>
    `<mws-message-wrapper msg-id="${1000 + i}" is-outgoing="${out}" id="${id}"><div data-e2e-message-wrapper-core data-e2e-message-outgoing="${out}">` +
    `<mws-text-message-part aria-label="${out ? "You" : esc(title)} said: ${esc(text)}"><div class="text-msg msg-content"><div data-e2e-message-content>${esc(text)}</div></div>` +
    `</mws-text-message-part></div></mws-message-wrapper>`);
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>Messages</title>
<style>body{margin:0;font:14px/1.45 Roboto,sans-serif}[data-e2e-conversation-container]{display:flex;flex-direction:column;height:100vh}
mws-header{display:block;padding:12px 20px}mws-bottom-anchored{display:block;flex:1;overflow:auto;padding:12px 20px}
mws-messages-list{display:flex;flex-direction:column;gap:10px}mws-message-wrapper{display:flex}mws-message-wrapper[is-outgoing=true]{justify-content:flex-end}
.text-msg{max-width:520px;padding:10px 14px;border-radius:18px;background:#f0f4f9}
[data-e2e-message-input-box]{padding:10px 20px}textarea{box-sizing:border-box;width:100%;height:40px}</style></head>
<body><div data-e2e-conversation-container id="conv">
<mws-header><div data-e2e-header-title><h2 id="gm-title">${esc(title)}</h2></div></mws-header>
<mws-bottom-anchored><mws-messages-list id="gm-list">
${items.join("\n")}
</mws-messages-list></mws-bottom-anchored>
<div data-e2e-message-input-box><textarea data-e2e-message-input id="gm-input"></textarea></div>
</div></body></html>`;
}

/**
 * Appends a collection threat as a new message (#m-new) to the Gmail thread fixture; runs in the
 * page (pass it to page.evaluate).
 */
export function appendGmailThreat() {
  const adn = document.createElement("div");
  adn.className = "adn ads";
  adn.id = "m-new";
  const s = document.createElement("span");
  s.className = "gD"; s.setAttribute("email", "hx_cuishou2026@126.com"); s.setAttribute("name", "恒信资产"); s.textContent = "恒信资产";
  const b = document.createElement("div");
  b.className = "a3s aiL";
  b.textContent = "你的借款已逾期97天，今天17点前不还，我们就安排人上门，并通知你的单位和家人，把欠款的事发给你通讯录里所有人。";
  adn.append(s, b);
  document.getElementById("thread").append(adn);
}

/**
 * A Gmail thread whose only message (#m-links) is `count` ordinary shop links on many domains,
 * then an overdue notice with one bad link (#l-bad, the last of them): padding must not hide it.
 */
export function gmailLinks(count) {
  const links = Array.from({ length: count - 1 }, (_, i) => `<a href="https://shop${i % 97}.example.com/p/${i}">${i}</a>`);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Inbox - Gmail</title></head>
<body><div role="main"><div class="nH if" id="thread">
<div class="adn ads" id="m-links" data-message-id="#msg-f:links-${count}">
<span class="gD" email="deals@example-mall.com" name="Example Mall">Example Mall</span>
<div class="a3s aiL" id="b-links"><p>${links.join(" ")}</p>
<p>Your payment is 30 days past due. Pay now at <a id="l-bad" href="https://example-mall-pay.top/settle?id=4471">our secure portal</a>.</p></div></div>
</div></div></body></html>`;
}
