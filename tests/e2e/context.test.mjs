// End-to-end: what a message's surroundings change in what the reader is told (issue 9).
// - Language "auto" follows the message: a Chinese message on an English browser gets the Chinese
//   card and an English one on a Chinese browser the English card; an explicit choice is kept.

import { test, before, after, afterEach } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { launch, fixturesDir, inContentScripts, drawn, waitDrawn } from "./harness.mjs";
import { gmessagesPage } from "./generated.mjs";

const GMAIL = "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWlmnopq";
const OUTLOOK = "https://outlook.live.com/mail/0/inbox/id/AAQk";
const GM = "https://messages.google.com/web/conversations/";
const SCAM = "【微粒贷】您的借款已逾期3天，逾期金额2316.80元，已上报征信。请于今日18点前登录 https://weilidai-huankuan.top/pay 处理，否则冻结名下所有银行卡。";
const PLAIN = "周六的聚会改到晚上七点，记得带上相机。";
const FOLLOW_UP = "今天不处理明天就上门";
const EARLIER = { en: "Earlier messages from this sender were judged a scam.", zh: "该发送者之前的消息被判定为诈骗。" };

/** Conversation pages: 50 (a scam between ordinary messages), 51 (the same texts, no scam). */
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

async function serveAll(browser) {
  const serveFile = (glob, file) => browser.route(glob, async (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: await fs.readFile(path.join(fixturesDir, file)) }));
  await serveFile("https://mail.google.com/mail/u/0/", "gmail/thread.html");
  await serveFile("https://outlook.live.com/**", "outlook/reading-en.html");
  for (const [id, body] of Object.entries(PAGES)) {
    await browser.route(`${GM}${id}`, (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body }));
  }
}

before(async () => {
  h = await launch();
  await serveAll(h);
});

after(async () => {
  await h?.close();
});

afterEach(async () => {
  for (const p of h?.context.pages() || []) if (!p.isClosed()) await p.close().catch(() => {});
  await setLanguage(h, "auto");
});

async function setLanguage(browser, language) {
  await browser.serviceWorker.evaluate(async (language) => {
    const { settings = {} } = await chrome.storage.sync.get("settings");
    await chrome.storage.sync.set({ settings: { ...settings, language } });
  }, language);
}

/** Opens `url` in `browser` and waits until `count` messages carry a verdict. */
async function open(browser, url, count) {
  const page = await browser.context.newPage();
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
  const page = await open(h, GMAIL, 3);
  const card = await cardOf(page, "m-scam");
  assert.match(card.text, /为什么/, card.text.slice(0, 300));
  assert.doesNotMatch(card.text, /\bWhy\b|What to do/i);
});

test("language auto: an English message on an English browser stays English", async () => {
  const page = await open(h, OUTLOOK, 1);
  const id = (await waitDrawn(page, (v) => v.badges.length, "a badge")).badges[0].message;
  const card = await cardOf(page, id);
  assert.match(card.text, /\bWhy\b/i);
  assert.doesNotMatch(card.text, /为什么/);
});

test("language chosen: English is kept for a Chinese message", async () => {
  await setLanguage(h, "en");
  const page = await open(h, GMAIL, 3);
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
    let page = await open(h, OUTLOOK, 1);
    const id = (await waitDrawn(page, (v) => v.badges.length, "a badge")).badges[0].message;
    let card = await cardOf(page, id);
    assert.match(card.text, /\bWhy\b/i);
    assert.doesNotMatch(card.text, /为什么/);
    page = await open(h, GMAIL, 3);
    card = await cardOf(page, "m-scam");
    assert.match(card.text, /为什么/);
    assert.doesNotMatch(card.text, /\bWhy\b|What to do/i);
  } finally {
    await h.serviceWorker.evaluate(() => Object.assign(chrome.i18n, globalThis.__ogI18n));
  }
});
