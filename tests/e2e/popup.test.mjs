// End-to-end: the popup. A pasted message gets the same report as in the page,
// with the flagged text marked; the advice names the institution's official
// hotline; an empty input gets a clear message; the UI speaks the chosen language.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { launch, openPopup, pageReady, repoRoot } from "./harness.mjs";
import { SITES, LANGUAGES } from "../../extension/shared/settings.js";
import { CARD_STRINGS } from "../../extension/background/view.js";

let h;
let page;
const pageErrors = [];

before(async () => {
  h = await launch();
  page = await openPopup(h.context, h.extensionId);
  page.on("pageerror", (e) => pageErrors.push(String(e)));
});

after(async () => {
  await h?.close();
});

/** Pastes `text` (and `sender`) into the popup, presses Check, returns the result element's marks. */
async function check(text, sender = "") {
  await page.fill("#text", text);
  await page.fill("#sender", sender);
  await page.evaluate(() => document.getElementById("result").removeAttribute("data-og-verdict"));
  await page.click("#check");
  await page.locator("#result[data-og-verdict]").waitFor({ timeout: 10000 });
  const result = page.locator("#result");
  return {
    verdict: await result.getAttribute("data-og-verdict"),
    overdue: await result.getAttribute("data-og-overdue"),
    text: await result.innerText(),
    shown: await result.locator(".message-text").textContent(),
    marks: await result.locator("mark.og-mark").allTextContents(),
  };
}

test("every UI string the pages and the background use exists in ui.json in both languages", async () => {
  const ui = JSON.parse(await fs.readFile(path.join(repoRoot, "extension/i18n/ui.json"), "utf8"));
  const used = new Set([
    ...SITES.map((s) => `site_${s}`),
    ...LANGUAGES.map((l) => `lang_${l}`),
    ...["benign", "suspicious", "scam"].map((v) => `verdict_${v}`),
    ...CARD_STRINGS,
    "ext_name", "ext_description", "ext_action_title",
  ]);
  for (const dir of ["extension/popup", "extension/options", "extension/shared", "extension/background"]) {
    for (const file of await fs.readdir(path.join(repoRoot, dir))) {
      const source = await fs.readFile(path.join(repoRoot, dir, file), "utf8");
      for (const m of source.matchAll(/data-i18n(?:-[a-z-]+)?="([A-Za-z_]+)"|\bt\("([a-z_]+)"/g)) used.add(m[1] ?? m[2]);
    }
  }
  const missing = [...used].filter((key) => !ui[key] || !ui[key].zh_CN || !ui[key].en);
  assert.deepEqual(missing, []);
  assert.ok(ui.ext_description.en.length <= 132 && ui.ext_description.zh_CN.length <= 132, "store description limit");
});

const FAKE_WEBANK =
  "【微众银行】您的微粒贷已严重逾期，请立即点击 http://wb-huankuan.top/pay 或添加客服QQ，" +
  "将欠款转入指定账户，否则今日上门催收并通知您的家人和单位。";

test("a fake WeBank collection message is a scam; the advice gives WeBank's own hotline", async () => {
  const r = await check(FAKE_WEBANK, "+8617012345678");
  assert.equal(r.verdict, "scam");
  assert.equal(r.overdue, "true");
  assert.equal(r.shown, FAKE_WEBANK, "the pasted text is shown unchanged");
  assert.ok(r.marks.length > 0, "flagged spans are marked");
  assert.ok(r.marks.some((m) => FAKE_WEBANK.includes(m)), "marks are pieces of the text");
  assert.ok(await page.locator("#result .reasons li").count() > 0, "reasons listed");
  assert.match(r.text, /95384/, "WeBank's official hotline in the advice");
});

test("a verification code is benign and not an overdue notice", async () => {
  const r = await check("【微众银行】您的验证码为482913，请勿泄露给他人。", "95384");
  assert.equal(r.verdict, "benign");
  assert.equal(r.overdue, "false");
});

test("the popup tells the engine how the message came only when the user says", async () => {
  // The check requests the popup sends, recorded on their way out.
  await page.evaluate(() => {
    window.__sent = [];
    const send = chrome.runtime.sendMessage.bind(chrome.runtime);
    chrome.runtime.sendMessage = (message, ...rest) => {
      window.__sent.push(message);
      return send(message, ...rest);
    };
  });
  const text = "Your payment failed. Please update your payment method to keep your subscription active.";
  const sent = async (channel) => {
    await page.selectOption("#channel", channel);
    await check(text, "billing@example.com");
    const checks = await page.evaluate(() => window.__sent.filter((m) => m && m.message));
    return checks[checks.length - 1].message;
  };
  assert.equal((await sent("email")).channel, "email");
  assert.equal((await sent("sms")).channel, "sms");
  const unsaid = await sent("");
  assert.equal("channel" in unsaid, false, "no channel when the user does not say");
  assert.equal(unsaid.sender, "billing@example.com");
  assert.deepEqual(await page.locator("#channel option").evaluateAll((os) => os.map((o) => o.value)), ["", "sms", "email"]);
});

test("an empty input gets a clear message and no result", async () => {
  await page.fill("#text", "   \n ");
  await page.click("#check");
  const status = page.locator("#status");
  await status.filter({ hasText: /\S/ }).waitFor({ timeout: 5000 });
  assert.match(await status.textContent(), /paste/i);
  assert.equal(await page.locator("#result").isHidden(), true);
  assert.equal(await page.locator("#result").getAttribute("data-og-verdict"), null);
  // the popup still works afterwards
  const r = await check("周末一起吃饭吗？");
  assert.equal(r.verdict, "benign");
  assert.equal(await status.textContent(), "");
});

test("bad input: binary data and an over-long text get a clear message; lone surrogates are checked", async () => {
  const status = page.locator("#status");
  await page.fill("#text", "\u007fELF\u0002\u0001\u0000\u0000binary");
  await page.click("#check");
  await status.filter({ hasText: /binary data/ }).waitFor({ timeout: 5000 });
  assert.equal(await page.locator("#result").isHidden(), true);

  const long = "您的借款已逾期，请尽快还款。" + "啊".repeat(150000);
  const r = await check(long);
  assert.equal(r.overdue, "true");
  assert.match(await status.textContent(), /only its first 100,000 characters were checked/);
  assert.equal(r.shown.length, 100000, "the text shown is the text checked");

  await page.evaluate(() => { document.getElementById("text").value = "\ud800您的借款已逾期3天\udc00"; });
  await page.evaluate(() => document.getElementById("result").removeAttribute("data-og-verdict"));
  await page.click("#check");
  await page.locator("#result[data-og-verdict]").waitFor({ timeout: 10000 });
  assert.equal(await page.locator("#result").getAttribute("data-og-overdue"), "true");
  assert.equal(await status.textContent(), "");
});

test("invisible characters are shown written out, and copied as evidence that way", async () => {
  const text = "【工商银行】您的信用卡已逾期，请登录 https://www.ic\u200Bbc.com.cn/\u202Excod.yap\u202C 还款";
  const r = await check(text);
  assert.notEqual(r.verdict, "benign");
  assert.ok(r.shown.includes("https://www.ic⟨U+200B⟩bc.com.cn/⟨U+202E⟩xcod.yap⟨U+202C⟩"), r.shown);
  assert.ok(!/[\u200B\u202E\u202C]/.test(r.shown), "no raw control is drawn");
  assert.equal(await page.locator("#result .message-text .og-hidden").count(), 3);
  const reason = page.locator('#result .reasons li[data-og-signal="link_hidden_characters"]');
  assert.equal(await reason.count(), 1);
  assert.match(await reason.locator("q.evidence").textContent(), /ic⟨U\+200B⟩bc\.com\.cn\/⟨U\+202E⟩xcod/);

  await page.evaluate(() => {
    window.ogCopied = null;
    navigator.clipboard.writeText = async (t) => { window.ogCopied = t; };
  });
  await page.click('#result [data-og-action="copy"]');
  await page.locator("#result .copy-feedback").filter({ hasText: /Copied/ }).waitFor({ timeout: 5000 });
  const copied = await page.evaluate(() => window.ogCopied);
  assert.match(copied, /^overdue-guard: evidence record\n/);
  assert.ok(copied.includes("https://www.ic⟨U+200B⟩bc.com.cn/⟨U+202E⟩xcod.yap⟨U+202C⟩ 还款"), copied);
  assert.ok(!/[\u200B\u202E\u202C]/.test(copied), "the copied evidence carries no raw control");
  assert.match(copied, /^- “https:\/\/www\.ic⟨U\+200B⟩bc/m);
});

test("the popup speaks Chinese when the language setting says so", async () => {
  await page.evaluate(() => chrome.storage.sync.set({ settings: { language: "zh_CN" } }));
  await page.reload();
  await pageReady(page);
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  assert.equal((await page.locator("#check").textContent()).trim(), "检查");
  const r = await check(FAKE_WEBANK, "+8617012345678");
  assert.match(r.text, /疑似诈骗|可疑|未见异常|看起来正常/);
  await page.evaluate(() => chrome.storage.sync.remove("settings"));
  await page.reload();
  await pageReady(page);
  assert.equal(await page.getAttribute("html", "lang"), "en");
});

test("the router: content-script batches, their limits, and who may send what", async () => {
  const [worker] = h.context.serviceWorkers();
  const out = await worker.evaluate(async () => {
    const route = (msg, sender) => new Promise((resolve) => {
      if (!globalThis.overdueGuard.onMessage(msg, sender, resolve)) setTimeout(() => resolve("sync-only"), 0);
    });
    const tab = { id: 12345, url: "https://mail.google.com/mail/u/0/" };
    const page = { id: chrome.runtime.id, tab, url: tab.url };
    const item = (key, text) => ({ key, message: { text, channel: "sms" } });
    const head = "您的借款已逾期，请尽快还款。";
    const long = head + "啊".repeat(100000) + "请转入指定账户";
    const straddling = "a".repeat(99999) + "\u{1F600}"; // a surrogate pair across the cut
    return {
      hello: await route({ type: "cs-bg-hello", site: "gmail" }, page),
      unknownSite: await route({ type: "cs-bg-hello", site: "nowhere" }, page),
      batch: await route({ type: "cs-bg-classify", site: "gmail", items: [item("a", "周末吃饭吗"), item("b", long), { key: "c", message: {} }, item("d", straddling)] }, page),
      tooMany: await route({ type: "cs-bg-classify", site: "gmail", items: Array.from({ length: 51 }, (_, i) => item(String(i), "hi")) }, page),
      notAnArray: await route({ type: "cs-bg-classify", site: "gmail", items: "x" }, page),
      otherExtension: await route({ type: "cs-bg-hello", site: "gmail" }, { ...page, id: "someone-else" }),
      uiFromPage: await route({ type: "ui-bg-check", message: { text: "hi" } }, page),
      csWithoutTab: await route({ type: "cs-bg-hello", site: "gmail" }, { id: chrome.runtime.id, url: "https://mail.google.com/" }),
      summary: await route({ type: "cs-bg-scan-summary", counts: { scanned: 3, scam: 1, benign: "x" } }, page),
      last: await route({ type: "ui-bg-last-summary" }, { id: chrome.runtime.id, url: chrome.runtime.getURL("extension/popup/popup.html") }),
    };
  });
  assert.deepEqual(out.hello, { ok: true, enabled: true, lang: "en" });
  assert.equal(out.unknownSite.enabled, false);
  assert.equal(out.batch.ok, true);
  assert.deepEqual(out.batch.results.map((r) => r.key), ["a", "b", "c", "d"]);
  assert.equal(out.batch.results[0].report.verdict, "benign");
  assert.equal(out.batch.results[0].view.lang, "zh_CN", "language auto: a Chinese message is explained in Chinese");
  assert.equal(out.batch.results[3].view.lang, "en", "and a Latin one in English");
  // the card strings come once per language of the batch, not in every view
  assert.deepEqual(Object.keys(out.batch.strings).sort(), ["en", "zh_CN"]);
  assert.equal(typeof out.batch.strings.zh_CN.card_title, "string");
  assert.ok(out.batch.results.every((r) => !r.view || !("strings" in r.view)));
  const cut = out.batch.results[1].report;
  assert.equal(cut.overdue, true, "a text over the limit is cut, not refused");
  assert.ok(cut.signals.every((sig) => !sig.span || sig.span[1] <= 100000), "nothing found past the cut");
  assert.equal(out.batch.results[3].report.verdict, "benign", "a cut never splits a surrogate pair");
  assert.equal(out.batch.results[2].report, null);
  assert.match(out.batch.results[2].error, /text/);
  for (const refused of [out.tooMany, out.notAnArray, out.otherExtension, out.uiFromPage, out.csWithoutTab]) {
    assert.equal(refused.ok, false);
    assert.equal(typeof refused.error, "string");
  }
  assert.equal(out.summary.ok, true);
  assert.deepEqual(out.last.counts, { scanned: 3, benign: 0, suspicious: 0, scam: 1, overdue: 0 });
});

test("after the browser stops the background, the next check starts the engine again", async () => {
  await h.serviceWorker.evaluate(() => { globalThis.ogTestMark = "old worker"; });
  const cdp = await h.context.newCDPSession(page);
  const stopped = new Promise((resolve) => cdp.on("ServiceWorker.workerVersionUpdated", (e) => {
    if (e.versions.some((v) => v.scriptURL.endsWith("/background/main.js") && v.runningStatus === "stopped")) resolve();
  }));
  await cdp.send("ServiceWorker.enable");
  await cdp.send("ServiceWorker.stopAllWorkers");
  await stopped;
  await cdp.detach();
  const r = await check(FAKE_WEBANK, "+8617012345678");
  assert.equal(r.verdict, "scam");
  const [worker] = h.context.serviceWorkers();
  assert.equal(await worker.evaluate(() => globalThis.ogTestMark), undefined, "a new worker answered");
});

test("the background refuses malformed and misdirected messages without throwing", async () => {
  const responses = await page.evaluate(async () => Promise.all([
    chrome.runtime.sendMessage({ type: "no-such-type" }),
    chrome.runtime.sendMessage({ type: "ui-bg-check", message: { text: 42 } }),
    chrome.runtime.sendMessage({ type: "ui-bg-check" }),
    chrome.runtime.sendMessage({ type: "cs-bg-classify", items: [] }), // not from a web page
    chrome.runtime.sendMessage("just a string"),
  ]));
  for (const r of responses) {
    assert.equal(r.ok, false);
    assert.equal(typeof r.error, "string");
  }
});

test("scanning a page the browser does not let extensions read says so", async () => {
  // The popup runs in a tab here, so "this page" is the popup itself: an extension page.
  await page.click("#scan");
  const line = page.locator("#scan-status");
  await line.filter({ hasText: /can't scan/i }).waitFor({ timeout: 10000 });
});

test("no page errors and no request left the browser", () => {
  assert.deepEqual(pageErrors, []);
  assert.deepEqual(h.requests, []);
});
