// End-to-end: what a message's surroundings change in what the reader is told (issue 9).
// - Language "auto" follows the message: a Chinese message on an English browser gets the Chinese
//   card and an English one on a Chinese browser the English card; an explicit choice is kept.
// - Conversations: a later message from a sender whose earlier message was judged a scam says so
//   and is at least suspicious; messages before the scam, and other conversations, are not
//   touched; when the scam leaves the page the later messages are judged alone again.
// - Lists: Gmail inbox rows whose subject and snippet are enough get a small badge inside the row
//   before the mail is opened; ordinary rows and Gmail's stale copy of the list get nothing.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { launch, fixturesDir, inContentScripts, drawn, waitDrawn } from "./harness.mjs";
import { gmessagesPage } from "./generated.mjs";

const GMAIL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWlmnopq";
const OUTLOOK = "https://outlook.live.com/mail/0/inbox/id/AAQk";
const INBOX = "https://mail.google.com/mail/u/0/inbox#inbox";
const GM = "https://messages.google.com/web/conversations/";
const SCAM = "【微粒贷】您的借款已逾期3天，逾期金额2316.80元，已上报征信。请于今日18点前登录 https://weilidai-huankuan.top/pay 处理，否则冻结名下所有银行卡。";
const PLAIN = "周六的聚会改到晚上七点，记得带上相机。";
const FOLLOW_UP = "今天不处理明天就上门";
const EARLIER = { en: "Earlier messages from this sender were judged a scam.", zh: "该发送者之前的消息被判定为诈骗。" };

/** Generated conversations: 50 (a scam between ordinary messages), 51 (the same texts, no scam). */
const PAGES = {
  50: gmessagesPage("+86 170 1234 5678", [
    { id: "c-before", text: PLAIN },
    { id: "c-scam", text: SCAM },
    { id: "c-out", text: "你们是谁？", out: true },
    { id: "c-follow", text: FOLLOW_UP },
    { id: "c-plain", text: PLAIN + "（2）" },
  ]),
  51: gmessagesPage("+86 138 0000 1111", [
    { id: "d-plain", text: PLAIN + "（3）" },
  ]),
};

let h;

const html = (body) => (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body });

before(async () => {
  h = await launch();
  await h.route("https://mail.google.com/mail/u/0/", html(await fs.readFile(path.join(fixturesDir, "gmail/thread.html"))));
  await h.route("https://mail.google.com/mail/u/0/inbox", html(await fs.readFile(path.join(fixturesDir, "gmail/inbox.html"))));
  await h.route("https://outlook.live.com/**", html(await fs.readFile(path.join(fixturesDir, "outlook/reading-en.html"))));
  await h.route(`${GM}43`, html(await fs.readFile(path.join(fixturesDir, "gmessages/conversation.html"))));
  for (const [id, body] of Object.entries(PAGES)) await h.route(`${GM}${id}`, html(body));
});

after(async () => {
  await h?.close();
});

afterEach(async () => {
  for (const p of h?.context.pages() || []) if (!p.isClosed()) await p.close().catch(() => {});
  await setLanguage("auto");
});

/** Sets the language setting (the background and the content scripts pick it up from storage). */
async function setLanguage(language) {
  await h.serviceWorker.evaluate(async (language) => {
    const { settings = {} } = await chrome.storage.sync.get("settings");
    await chrome.storage.sync.set({ settings: { ...settings, language } });
  }, language);
}

/** Opens `url` and waits until `count` messages carry a verdict. */
async function open(url, count) {
  const page = await h.context.newPage();
  await page.goto(url);
  await page.locator("[data-og-verdict]").nth(count - 1).waitFor({ state: "attached", timeout: 15000 });
  return page;
}

/** The card of the message whose container has id `id` (its badge focused). */
async function cardOf(page, id) {
  const view = await waitDrawn(page, (v) => v.badges.some((b) => b.message === id), `the badge of #${id}`);
  const i = view.badges.findIndex((b) => b.message === id);
  await inContentScripts(page, `OverdueGuard.marks.focusBadge(${i})`);
  return (await waitDrawn(page, (v) => v.card, "the card")).card;
}

const verdict = (page, sel) => page.locator(sel).getAttribute("data-og-verdict");

test("language auto: a Chinese message on an English browser gets the Chinese card", async () => {
  const page = await open(GMAIL, 3);
  const card = await cardOf(page, "m-scam");
  assert.match(card.text, /为什么/, card.text.slice(0, 300));
  assert.doesNotMatch(card.text, /\bWhy\b|What to do/i);
});

test("language auto: an English message on an English browser stays English", async () => {
  const page = await open(OUTLOOK, 1);
  const id = (await waitDrawn(page, (v) => v.badges.length, "a badge")).badges[0].message;
  const card = await cardOf(page, id);
  assert.match(card.text, /\bWhy\b/i);
  assert.doesNotMatch(card.text, /为什么/);
});

test("language chosen: English is kept for a Chinese message", async () => {
  await setLanguage("en");
  const page = await open(GMAIL, 3);
  const card = await cardOf(page, "m-scam");
  assert.match(card.text, /\bWhy\b/i);
  assert.doesNotMatch(card.text, /为什么/);
});

// This Chromium ships only its en-US locale, so a Chinese browser is played by the background:
// chrome.i18n says zh-CN and has no messages of its own (the strings come from ui.json).
test("language auto: an English message on a Chinese browser gets the English card, a Chinese one the Chinese", async () => {
  await h.serviceWorker.evaluate(() => {
    globalThis.__ogI18n = { getUILanguage: chrome.i18n.getUILanguage, getMessage: chrome.i18n.getMessage };
    chrome.i18n.getUILanguage = () => "zh-CN";
    chrome.i18n.getMessage = () => "";
  });
  try {
    let page = await open(OUTLOOK, 1);
    const id = (await waitDrawn(page, (v) => v.badges.length, "a badge")).badges[0].message;
    let card = await cardOf(page, id);
    assert.match(card.text, /\bWhy\b/i);
    assert.doesNotMatch(card.text, /为什么/);
    page = await open(GMAIL, 3);
    card = await cardOf(page, "m-scam");
    assert.match(card.text, /为什么/);
    assert.doesNotMatch(card.text, /\bWhy\b|What to do/i);
  } finally {
    await h.serviceWorker.evaluate(() => Object.assign(chrome.i18n, globalThis.__ogI18n));
  }
});

test("conversation: later messages from a sender judged a scam say so and are at least suspicious", async () => {
  const page = await open(`${GM}50`, 4);
  await page.locator("#c-plain[data-og-verdict]").waitFor({ state: "attached", timeout: 15000 });
  assert.equal(await verdict(page, "#c-scam"), "scam");
  assert.equal(await verdict(page, "#c-before"), "benign", "a message before the scam is judged alone");
  assert.equal(await verdict(page, "#c-out"), null, "outgoing message");
  await page.waitForFunction(() => document.querySelector("#c-plain")?.getAttribute("data-og-verdict") === "suspicious");
  assert.ok(["suspicious", "scam"].includes(await verdict(page, "#c-follow")));

  for (const id of ["c-follow", "c-plain"]) {
    const card = await cardOf(page, id);
    assert.ok(card.reasons.some((r) => r.text.includes(EARLIER.zh)), `${id}: ${card.reasons.map((r) => r.text).join(" | ")}`);
    await page.keyboard.press("Escape");
  }
  const scamCard = await cardOf(page, "c-scam");
  assert.ok(!scamCard.reasons.some((r) => r.text.includes(EARLIER.zh)), "the scam itself is judged on its own");
  await page.keyboard.press("Escape");

  // the scam leaves the page (windowed list, deleted): the later messages are judged alone again
  await page.evaluate(() => document.getElementById("c-scam").remove());
  await page.waitForFunction(() => document.querySelector("#c-plain")?.getAttribute("data-og-verdict") === "benign");
  const badges = (await drawn(page)).badges;
  assert.ok(!badges.some((b) => b.message === "c-plain"), "no badge on an ordinary message any more");
});

test("conversation: on the Google Messages fixture, the threat that follows a scam from the 170 number says so", async () => {
  const page = await open(`${GM}43`, 2);
  assert.equal(await verdict(page, "#gm-scam"), "scam");
  await page.waitForFunction(() => ["suspicious", "scam"].includes(document.querySelector("#gm-reply")?.getAttribute("data-og-verdict")));
  const card = await cardOf(page, "gm-reply");
  assert.ok(card.reasons.some((r) => r.text.includes(EARLIER.zh)), card.reasons.map((r) => r.text).join(" | "));
  assert.equal(card.reasons[0].text, EARLIER.zh, "the thread's reason comes first");
});

test("conversation: the same text from another sender, with no scam before it, is benign", async () => {
  const page = await open(`${GM}51`, 1);
  await page.waitForTimeout(300);
  assert.equal(await verdict(page, "#d-plain"), "benign");
});

test("conversation: the reason is in English on an English card", async () => {
  await setLanguage("en");
  const page = await open(`${GM}50`, 4);
  await page.waitForFunction(() => document.querySelector("#c-plain")?.getAttribute("data-og-verdict") === "suspicious");
  const card = await cardOf(page, "c-plain");
  assert.ok(card.reasons.some((r) => r.text.includes(EARLIER.en)), card.reasons.map((r) => r.text).join(" | "));
  assert.match(card.text, /Suspicious/);
});

test("inbox rows: subject and snippet enough for a verdict get a small badge inside the row", async () => {
  const page = await open(INBOX, 3);
  for (const id of ["r-scam", "r-cn"]) assert.ok(["suspicious", "scam"].includes(await verdict(page, `#${id}`)), id);
  assert.equal(await verdict(page, "#r-plain"), "benign");
  const marked = await page.locator("#stale").evaluate((s) => [...s.querySelectorAll("*")].some((e) => [...e.attributes].some((a) => a.name.startsWith("data-og"))));
  assert.equal(marked, false, "Gmail's stale copy of the list is not read");

  const view = await waitDrawn(page, (v) => ["r-scam", "r-cn"].every((id) => v.badges.some((b) => b.message === id && b.visible)), "the rows' badges");
  assert.ok(!view.badges.some((b) => b.message === "r-plain"), "no badge on an ordinary row");
  for (const id of ["r-scam", "r-cn"]) {
    const { rect, messageRect } = view.badges.find((b) => b.message === id);
    assert.ok(rect.y >= messageRect.y - 0.5 && rect.y + rect.h <= messageRect.y + messageRect.h + 0.5, `${id}: the badge stays inside its row`);
    assert.ok(rect.x + rect.w <= messageRect.x + messageRect.w, `${id}: and inside it horizontally`);
  }
  const [a, b] = ["r-scam", "r-cn"].map((id) => view.badges.find((x) => x.message === id).rect);
  assert.ok(a.y + a.h <= b.y || b.y + b.h <= a.y, "badges of different rows do not overlap");

  const card = await cardOf(page, "r-cn");
  assert.ok(card.reasons.length > 0, "the row's card gives its reasons");
  assert.match(card.text, /为什么/, "in the row's language");
});

test("inbox rows: a row Gmail adds later is read", async () => {
  const page = await open(INBOX, 3);
  await page.evaluate(() => {
    const row = document.getElementById("r-plain").cloneNode(true);
    row.id = "r-new";
    row.querySelector("span.bog span").textContent = "Your account is 60 days past due: final demand";
    row.querySelector("span.y2").textContent = " - Pay within 24 hours at http://bit.ly/3xPayNow or a collector will visit your workplace…";
    row.querySelector("[email]").setAttribute("email", "collections.dept2026@outlook.com");
    row.querySelector("span.bog span").setAttribute("data-thread-id", "#thread-f:1800000000000000009");
    document.querySelector("table.F tbody").prepend(row);
  });
  await page.waitForFunction(() => ["suspicious", "scam"].includes(document.querySelector("#r-new")?.getAttribute("data-og-verdict")));
  await waitDrawn(page, (v) => v.badges.some((b) => b.message === "r-new" && b.visible), "the new row's badge");
});
