// End-to-end: right-click "check selected text" / "check this link". The
// background's menu handler (the one contextMenus.onClicked calls) classifies
// what the menu delivers; on a supported site the content script shows the card
// at the selection, elsewhere the report opens in a small window.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { launch, fixturesDir, pageReady, waitDrawn } from "./harness.mjs";

const GMAIL_FIXTURE = path.join(fixturesDir, "gmail/thread.html");
const SCAM = "【微众银行】您的微粒贷已严重逾期，请将欠款转入指定账户，否则今日上门催收并通知您的家人。";
const PLAIN_PAGE = `<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>forum</title>
<body><p id="msg">${SCAM}</p><p><a id="link" href="https://wb-huankuan.top/pay">还款</a></p></body></html>`;

let h;

before(async () => {
  h = await launch();
  if (existsSync(GMAIL_FIXTURE)) await h.route("https://mail.google.com/**", GMAIL_FIXTURE);
  // an unsupported site: no content script runs there
  await h.route("https://forum.example.org/**", (route) =>
    route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: PLAIN_PAGE }));
});

after(async () => {
  await h?.close();
});

/** The tab id of the page whose URL starts with `prefix`. */
function tabIdOf(prefix) {
  return h.serviceWorker.evaluate(async (p) => {
    const tabs = await chrome.tabs.query({});
    return tabs.find((t) => t.url && t.url.startsWith(p))?.id ?? null;
  }, prefix);
}

/** Calls the background's context-menu handler as contextMenus.onClicked would. */
function click(info, tabId) {
  return h.serviceWorker.evaluate(
    ([i, id]) => globalThis.overdueGuard.handleMenuClick(i, id === null ? undefined : { id }),
    [info, tabId],
  );
}

/** Selects the first occurrence of `needle` in the page (in an element matching `selector`). */
async function select(page, selector, needle) {
  await page.evaluate(([sel, n]) => {
    for (const el of document.querySelectorAll(sel)) {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.data.indexOf(n);
        if (at >= 0) {
          const range = document.createRange();
          range.setStart(node, at);
          range.setEnd(node, at + n.length);
          getSelection().removeAllRanges();
          getSelection().addRange(range);
          return;
        }
      }
    }
    throw new Error(`not found: ${n}`);
  }, [selector, needle]);
  return page.evaluate(() => getSelection().toString());
}

test("on a supported site the card appears at the selection with the report", { skip: !existsSync(GMAIL_FIXTURE) && "no Gmail fixture" }, async () => {
  const page = await h.context.newPage();
  await page.goto("https://mail.google.com/mail/u/0/");
  await page.locator("[data-og-verdict]").first().waitFor({ state: "attached", timeout: 15000 });
  const bodyText = await page.evaluate(() => document.body.innerText);
  const needle = bodyText.split("\n").map((l) => l.trim()).filter((l) => l.length > 12).sort((a, b) => b.length - a.length)[0];
  const selectionText = await select(page, "body", needle);
  const tabId = await tabIdOf("https://mail.google.com/");
  assert.ok(tabId !== null);
  const result = await click({ menuItemId: "og-check-selection", selectionText, frameId: 0, pageUrl: page.url() }, tabId);
  assert.equal(result.shown, "card", JSON.stringify(result));
  const { card } = await waitDrawn(page, (v) => v.card, "the card");
  assert.ok(card.text.trim().length > 0);
  await page.close();
});

test("where no content script answers, the report opens in a small window", async () => {
  const page = await h.context.newPage();
  await page.goto("https://forum.example.org/thread/1");
  const selectionText = await select(page, "#msg", SCAM);
  const tabId = await tabIdOf("https://forum.example.org/");
  const opened = h.context.waitForEvent("page", { predicate: (p) => p.url().includes("/extension/popup/report.html"), timeout: 10000 });
  const result = await click({ menuItemId: "og-check-selection", selectionText, frameId: 0, pageUrl: page.url() }, tabId);
  assert.equal(result.shown, "window", JSON.stringify(result));
  const report = await opened;
  await pageReady(report);
  const box = report.locator("#result");
  assert.equal(await box.getAttribute("data-og-verdict"), "scam");
  assert.equal(await box.getAttribute("data-og-overdue"), "true");
  assert.equal(await box.locator(".message-text").textContent(), SCAM);
  assert.ok(await box.locator("mark.og-mark").count() > 0);
  assert.ok(await box.locator(".advice li").count() > 0);
  // the page itself was not touched
  assert.equal(await page.locator("[data-og-verdict], og-layer").count(), 0);
  await report.close();
  await page.close();
});

test("check this link: the link is classified as a link of the message", async () => {
  const page = await h.context.newPage();
  await page.goto("https://forum.example.org/thread/2");
  const tabId = await tabIdOf("https://forum.example.org/thread/2");
  const opened = h.context.waitForEvent("page", { predicate: (p) => p.url().includes("/extension/popup/report.html"), timeout: 10000 });
  const linkUrl = "https://wb-huankuan.top/pay";
  const result = await click({ menuItemId: "og-check-link", linkUrl, frameId: 0, pageUrl: page.url() }, tabId);
  assert.equal(result.shown, "window", JSON.stringify(result));
  const report = await opened;
  await pageReady(report);
  assert.equal(await report.locator("#result .message-text").textContent(), linkUrl);
  assert.match(await report.locator("#origin").textContent(), /link/i);
  await report.close();
  await page.close();
});

test("without a tab (e.g. a browser page) the window still opens; nothing selected does nothing", async () => {
  const none = await click({ menuItemId: "og-check-selection", selectionText: "" }, null);
  assert.equal(none.shown, null);
  const opened = h.context.waitForEvent("page", { predicate: (p) => p.url().includes("/extension/popup/report.html"), timeout: 10000 });
  const result = await click({ menuItemId: "og-check-selection", selectionText: "您的验证码为482913，请勿泄露。" }, null);
  assert.equal(result.shown, "window");
  const report = await opened;
  await pageReady(report);
  assert.equal(await report.locator("#result").getAttribute("data-og-verdict"), "benign");
  await report.close();
});

test("a report window for an unknown id says so instead of failing", async () => {
  const page = await h.context.newPage();
  await page.goto(`chrome-extension://${h.extensionId}/extension/popup/report.html?id=nope`);
  await pageReady(page);
  assert.match(await page.locator("#status").textContent(), /no longer available/);
  await page.close();
});

test("no request left the browser", () => {
  assert.deepEqual(h.requests, []);
});
