// End-to-end: nothing leaves the browser, and no message text is kept. Every
// site's fixture pages are opened at the site's real address (so the
// manifest's content scripts run and scan them), a message is checked in the
// popup, through both context-menu items and in the report window, and the
// options are saved; the harness must have seen no request that was not
// served locally (not from the pages' scripts we inject, not from the
// background, not from the popup or the options), the background's own
// network functions must not have been called for anything but the
// extension's files, and no storage the extension can write (storage.local,
// .sync, .session, its origin's Web Storage, IndexedDB, Cache Storage) may
// hold any message text afterwards. Text leaves only when the user copies
// evidence (tests/e2e/popup.test.mjs).

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { launch, openPopup, openOptions, fixturesDir } from "./harness.mjs";

/** Where each site's pages live, and which fixture answers which address (frames included). */
const SITES = {
  gmail: { origin: "https://mail.google.com", open: { "/mail/u/0/": "thread.html" } },
  outlook: { origin: "https://outlook.cloud.microsoft", open: { "/mail/": "reading-zh.html" } },
  qqmail: {
    origin: "https://mail.qq.com",
    open: { "/cgi-bin/frame_html?sid=demo": "classic-frame.html" },
    frames: { "/cgi-bin/readmail": "classic-readmail.html" },
  },
  qqmail_new: { dir: "qqmail", origin: "https://wx.mail.qq.com", open: { "/": "new-ui.html" } },
  netease: {
    origin: "https://mail.163.com",
    open: { "/js6/main.jsp?sid=demo": "main.html" },
    frames: {
      "/js6/read/readhtml.jsp?mid=1:1tbiBILL": "readhtml-bill.html",
      "/js6/read/readhtml.jsp?mid=1:1tbiAGENCY": "readhtml-agency.html",
    },
  },
  gmessages: { origin: "https://messages.google.com", open: { "/web/conversations/43": "conversation.html" } },
  gvoice: { origin: "https://voice.google.com", open: { "/u/0/messages": "thread.html" } },
};

let h;
/** [{site, url}] of the pages to open (only those whose fixture exists). */
const pages = [];
/** Pieces of the messages the scans read, to look for in storage. */
const scannedTexts = [];

/** Wraps the background's network functions; calls for anything but the extension's own files are listed. */
async function spyOnBackground() {
  const [worker] = h.context.serviceWorkers();
  await worker.evaluate(() => {
    if (globalThis.ogNetworkCalls) return;
    const calls = (globalThis.ogNetworkCalls = []);
    const own = (url) => String(url instanceof Request ? url.url : url).startsWith(chrome.runtime.getURL(""));
    const realFetch = globalThis.fetch;
    globalThis.fetch = (input, init) => {
      if (!own(input)) calls.push(`fetch ${input instanceof Request ? input.url : input}`);
      return realFetch(input, init);
    };
    for (const name of ["WebSocket", "EventSource"]) {
      const Real = globalThis[name];
      if (Real) globalThis[name] = function (url, ...rest) { calls.push(`${name} ${url}`); return new Real(url, ...rest); };
    }
  });
}

async function backgroundNetworkCalls() {
  const [worker] = h.context.serviceWorkers();
  return worker.evaluate(() => globalThis.ogNetworkCalls ?? ["spy missing: the worker was restarted"]);
}

/** Everything the extension has stored, as one JSON text (read from an extension page). */
async function everythingStored() {
  const page = await openPopup(h.context, h.extensionId);
  const stored = await page.evaluate(async () => ({
    local: await chrome.storage.local.get(null),
    sync: await chrome.storage.sync.get(null),
    session: await chrome.storage.session.get(null),
    localStorage: { ...localStorage },
    sessionStorage: { ...sessionStorage },
    indexedDB: (await indexedDB.databases()).map((d) => d.name),
    caches: await caches.keys(),
  }));
  await page.close();
  return stored;
}

/** Asserts that no piece of `texts` is in what the extension stored. */
async function assertNothingStored(texts, what) {
  const stored = await everythingStored();
  const json = JSON.stringify(stored);
  for (const text of texts) assert.ok(!json.includes(text), `${what}: ${JSON.stringify(text)} is stored: ${json.slice(0, 500)}`);
  assert.deepEqual(stored.local, {}, `${what}: storage.local is empty`);
  assert.deepEqual(Object.keys(stored.sync).filter((k) => k !== "settings"), [], `${what}: storage.sync holds only the settings`);
  assert.deepEqual(Object.keys(stored.session).filter((k) => k !== "lastScan"), [], `${what}: storage.session holds only the last scan's counts`);
  assert.deepEqual([stored.indexedDB, stored.caches, Object.keys(stored.localStorage), Object.keys(stored.sessionStorage)], [[], [], [], []], what);
}

before(async () => {
  h = await launch();
  const named = new Set(Object.entries(SITES).flatMap(([name, site]) =>
    Object.values({ ...site.open, ...site.frames }).map((file) => `${site.dir ?? name}/${file}`)));
  const extrasGiven = new Set();
  for (const [name, site] of Object.entries(SITES)) {
    const dirName = site.dir ?? name;
    const dir = path.join(fixturesDir, dirName);
    if (!existsSync(dir)) continue;
    const table = { ...site.open, ...(site.frames ?? {}) };
    // Fixtures the table does not name yet are opened too, each at its own path (once).
    if (!extrasGiven.has(dirName)) {
      extrasGiven.add(dirName);
      for (const file of (await fs.readdir(dir)).filter((f) => f.endsWith(".html"))) {
        if (named.has(`${dirName}/${file}`)) continue;
        table[`/og-fixture/${file}`] = file;
        site.open[`/og-fixture/${file}`] = file;
      }
    }
    await h.route(`${site.origin}/**`, async (route, request) => {
      const url = new URL(request.url());
      const where = url.pathname + url.search;
      const match = Object.keys(table).filter((p) => where.startsWith(p)).sort((a, b) => b.length - a.length)[0];
      const file = match && path.join(dir, table[match]);
      if (!file || !existsSync(file)) {
        await route.fulfill({ status: 404, contentType: "text/plain", body: "" });
        return;
      }
      await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: await fs.readFile(file) });
    });
    for (const [p, file] of Object.entries(site.open)) {
      if (existsSync(path.join(dir, file))) pages.push({ site: name, url: site.origin + p });
    }
  }
  await spyOnBackground();
});

after(async () => {
  await h?.close();
});

/** Number of scanned messages in the page and its frames. */
async function marked(page) {
  let n = 0;
  for (const frame of page.frames()) n += await frame.locator("[data-og-verdict]").count().catch(() => 0);
  return n;
}

test("every site's fixture pages are scanned without a request leaving the browser", async (t) => {
  if (!pages.length) t.skip("no site fixtures in tests/e2e/fixtures");
  t.diagnostic(`${pages.length} pages: ${pages.map((p) => p.url).join(" ")}`);
  for (const { site, url } of pages) {
    const page = await h.context.newPage();
    await page.goto(url);
    const deadline = Date.now() + 15000;
    while (!(await marked(page)) && Date.now() < deadline) await page.waitForTimeout(200);
    assert.ok((await marked(page)) > 0, `${site}: ${url} was scanned`);
    for (const frame of page.frames()) {
      const texts = await frame.locator("[data-og-verdict]").evaluateAll((els) => els.map((e) => e.innerText.replace(/\s+/g, " ").trim().slice(0, 24))).catch(() => []);
      scannedTexts.push(...texts.filter((t) => t.length >= 8));
    }
    // hovering a link and a mark exercises the card, which must not load anything either
    await page.locator("[data-og-flag]").first().hover({ timeout: 2000 }).catch(() => {});
    await page.waitForTimeout(300);
    await page.close();
    assert.deepEqual(h.requests, [], `${site}: requests after ${url}`);
  }
});

test("scanning kept no message text anywhere", async (t) => {
  if (!scannedTexts.length) t.skip("no page was scanned");
  await assertNothingStored(scannedTexts, "after scanning");
});

const POPUP_TEXT = "【微众银行】您的借款已逾期，请点击 https://webank-huankuan.cc/pay?id=1 或 http://t.cn/A6xYz 还款，详询 https://www.webankcdn.net";

test("checking a message with links in the popup makes no request and keeps nothing", async () => {
  const popup = await openPopup(h.context, h.extensionId);
  await popup.fill("#text", POPUP_TEXT);
  await popup.fill("#sender", "+8617012345678");
  await popup.click("#check");
  await popup.locator("#result[data-og-verdict]").waitFor({ timeout: 10000 });
  await popup.close();
  assert.deepEqual(h.requests, []);
  await assertNothingStored(["webank-huankuan", "您的借款已逾期", "8617012345678"], "after the popup");
});

test("both context-menu items and the report window make no request and keep nothing", async () => {
  const [worker] = h.context.serviceWorkers();
  const selection = "您的贷款已逾期，点此 http://privacy-probe-pay.top/x 还款";
  const link = "http://privacy-probe-link.top/login";
  for (const info of [
    { menuItemId: "og-check-selection", selectionText: selection },
    { menuItemId: "og-check-link", linkUrl: link },
  ]) {
    const opened = h.context.waitForEvent("page", { predicate: (p) => p.url().includes("/extension/popup/report.html"), timeout: 10000 });
    const result = await worker.evaluate((i) => globalThis.overdueGuard.handleMenuClick(i, undefined), info);
    assert.equal(result.shown, "window", JSON.stringify(result));
    const win = await opened;
    await win.locator("#result[data-og-verdict]").waitFor({ timeout: 10000 });
    await win.close();
  }
  assert.deepEqual(h.requests, []);
  await assertNothingStored(["privacy-probe", "您的贷款已逾期"], "after the context menu");
});

test("the options page makes no request and stores only the settings", async () => {
  const options = await openOptions(h.context, h.extensionId);
  await options.fill("#trusted_senders", "95384");
  await options.click("#save");
  await options.waitForFunction(async () => (await chrome.storage.sync.get("settings")).settings?.trusted_senders?.includes("95384"), null, { timeout: 5000 });
  await options.close();
  assert.deepEqual(h.requests, []);
  await assertNothingStored(["webank-huankuan", "privacy-probe"], "after the options");
});

test("the background called no network function for anything but its own files", async () => {
  assert.deepEqual(await backgroundNetworkCalls(), []);
});

test("the harness does see a request that is not served locally (so the checks above mean something)", async () => {
  const page = await h.context.newPage();
  await page.goto("https://not-routed.example.net/probe").catch(() => {});
  await page.evaluate(() => fetch("https://not-routed.example.net/fetch").catch(() => {})).catch(() => {});
  await page.close();
  assert.ok(h.requests.some((r) => r.url.startsWith("https://not-routed.example.net/probe")));
  h.requests.length = 0;
});
