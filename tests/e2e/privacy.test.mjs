// End-to-end: nothing leaves the browser. Every site's fixture pages are opened
// at the site's real address (so the manifest's content scripts run and scan
// them), a message is checked in the popup, and the harness must have seen no
// request that was not served locally: not from the pages' scripts we inject,
// not from the background, not from the popup.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import { existsSync } from "node:fs";
import path from "node:path";
import { launch, openPopup, fixturesDir } from "./harness.mjs";

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
    // hovering a link and a mark exercises the card, which must not load anything either
    await page.locator("[data-og-flag]").first().hover({ timeout: 2000 }).catch(() => {});
    await page.waitForTimeout(300);
    await page.close();
    assert.deepEqual(h.requests, [], `${site}: requests after ${url}`);
  }
});

test("checking a message with links in the popup makes no request", async () => {
  const popup = await openPopup(h.context, h.extensionId);
  await popup.fill("#text", "【微众银行】您的借款已逾期，请点击 https://webank-huankuan.cc/pay?id=1 或 http://t.cn/A6xYz 还款，详询 https://www.webankcdn.net");
  await popup.fill("#sender", "+8617012345678");
  await popup.click("#check");
  await popup.locator("#result[data-og-verdict]").waitFor({ timeout: 10000 });
  await popup.close();
  assert.deepEqual(h.requests, []);
});

test("the harness does see a request that is not served locally (so the checks above mean something)", async () => {
  const page = await h.context.newPage();
  await page.goto("https://not-routed.example.net/probe").catch(() => {});
  await page.evaluate(() => fetch("https://not-routed.example.net/fetch").catch(() => {})).catch(() => {});
  await page.close();
  assert.ok(h.requests.some((r) => r.url.startsWith("https://not-routed.example.net/probe")));
  h.requests.length = 0;
});
