// End-to-end: the content scripts on big generated pages (tests/e2e/generated.mjs), served at the
// sites' real addresses. Behaviour only, no timings (those are in `make bench`): a 1 MB message
// is marked and only its first 100,000 characters are read; on a conversation of 1,000 bubbles
// every incoming one is marked but badges and highlights exist only for those on screen, and
// scrolling brings them; an idle page gets no DOM writes and no scans; typing in an editor starts
// no scan, and the highlights are taken down while the user types; the page's text and markup
// stay as they were; a conversation that repeats its texts asks the background once per text; a
// conversation opened at its end gets the bubbles on screen marked first.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launch, inContentScripts, drawn } from "./harness.mjs";
import { gmailThread, gmessagesConversation, gmessagesPage } from "./generated.mjs";

let h;
const pages = new Map(); // pathname → html
const conversation = gmessagesConversation(1000);
/** 300 bubbles that repeat three texts. */
const REPEATED = ["周六的聚会改到晚上七点，记得带上相机。", "你的借款已逾期97天，今天17点前不还，我们就安排人上门，并通知你的单位和家人。", "Package delivered to your front door at 2:14 PM."];
const repeating = gmessagesPage("10690000123", Array.from({ length: 300 }, (_, i) => ({ id: `gm-w${i}`, text: REPEATED[i % REPEATED.length] })));

before(async () => {
  h = await launch();
  pages.set("/mail/u/0/long", gmailThread(1000000));
  pages.set("/web/conversations/1000", conversation.html);
  pages.set("/web/conversations/repeating", repeating);
  // the same conversation opened at its end, as Google Messages opens one
  pages.set("/web/conversations/1000-end", conversation.html.replace("</body>",
    "<script>const l = document.querySelector('mws-bottom-anchored'); l.scrollTop = l.scrollHeight;</script></body>"));
  const serve = async (route, request) => {
    const html = pages.get(new URL(request.url()).pathname);
    await route.fulfill({ status: html ? 200 : 404, contentType: "text/html; charset=utf-8", body: html || "" });
  };
  for (const origin of ["https://mail.google.com", "https://messages.google.com", "https://fixtures.invalid"]) await h.route(`${origin}/**`, serve);
  // count the messages sent to be classified (an extra listener that never answers)
  await h.serviceWorker.evaluate(() => {
    chrome.runtime.onMessage.addListener((m) => {
      if (m && m.type === "cs-bg-classify") globalThis.__ogTestClassified = (globalThis.__ogTestClassified || 0) + m.items.length;
    });
  });
});

after(async () => {
  await h?.close();
});

/** Body text and markup without our attributes. */
function snapshot() {
  const clone = document.body.cloneNode(true);
  for (const e of clone.querySelectorAll("*")) {
    for (const a of [...e.attributes]) if (a.name.startsWith("data-og-")) e.removeAttribute(a.name);
  }
  return { text: document.body.textContent, html: clone.innerHTML };
}

/** The page's highlighted ranges: how many, and the ids of the bubbles they are in. */
function highlighted() {
  const ranges = [...CSS.highlights.values()].flatMap((hl) => [...hl]);
  return { count: ranges.length, in: ranges.map((r) => r.startContainer.parentElement?.closest("mws-message-wrapper")?.id || "") };
}

const badges = async (page) => (await drawn(page)).badges.length;
const frames = (page) => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

test("a 1 MB message is marked; only its first 100,000 characters are read; its text is untouched", async () => {
  const page = await h.context.newPage();
  await page.goto("https://mail.google.com/mail/u/0/long");
  await page.locator("#m-long[data-og-verdict]").waitFor({ state: "attached", timeout: 30000 });
  assert.ok(["suspicious", "scam"].includes(await page.locator("#m-long").getAttribute("data-og-verdict")), "the threat at the top counts");
  assert.ok(["true", "false"].includes(await page.locator("#m-long").getAttribute("data-og-overdue")));
  const read = await inContentScripts(page, "[...OverdueGuard.base.state.entries].map((e) => e.read.text.length)");
  assert.equal(read.length, 1);
  assert.ok(read[0] <= 100000 && read[0] >= 99999, `read ${read[0]} characters`);
  const ref = await h.context.newPage();
  await ref.goto("https://fixtures.invalid/mail/u/0/long");
  const want = await ref.evaluate(snapshot);
  await ref.close();
  const got = await page.evaluate(snapshot);
  assert.ok(got.text === want.text, "page text is the same");
  assert.ok(got.html === want.html, "page markup is the same apart from data-og-* attributes");
  await page.close();
});

test("typing in the reply editor starts no scan and marks nothing in it", async () => {
  const page = await h.context.newPage();
  await page.goto("https://mail.google.com/mail/u/0/long");
  await page.locator("#m-long[data-og-verdict]").waitFor({ state: "attached", timeout: 30000 });
  await frames(page);
  const scans = await inContentScripts(page, "OverdueGuard.base.state.scans");
  await page.locator("#reply").click();
  await page.keyboard.type("您的借款已逾期，今天不还就上门");
  await page.waitForTimeout(800); // longer than the mutation debounce
  assert.equal(await inContentScripts(page, "OverdueGuard.base.state.scans"), scans, "no scan");
  assert.equal(await page.locator("#reply[data-og-verdict], #reply [data-og-verdict], #reply [data-og-flag]").count(), 0);
  await page.close();
});

test("1,000 bubbles: all incoming marked; badges and highlights only on screen; scrolling brings them; idle page untouched", async () => {
  const page = await h.context.newPage();
  await page.goto("https://messages.google.com/web/conversations/1000");
  await page.locator("[data-og-verdict]").nth(conversation.incoming - 1).waitFor({ state: "attached", timeout: 60000 });
  assert.equal(await page.locator("[data-og-verdict]").count(), conversation.incoming);
  assert.equal(await page.locator('mws-message-wrapper[is-outgoing="true"][data-og-verdict]').count(), 0, "outgoing bubbles");
  await frames(page);
  const top = await page.evaluate(highlighted);
  const topBadges = await badges(page);
  assert.ok(topBadges > 0 && topBadges < 40, `badges for the bubbles on screen only (${topBadges})`);
  assert.ok(top.count > 0 && top.count < 40, `highlights for the bubbles on screen only (${top.count})`);
  assert.ok(!top.in.includes("gm-w998"), "the last bubble is below the screen");

  await page.locator("mws-bottom-anchored").evaluate((e) => { e.scrollTop = e.scrollHeight; });
  await page.waitForFunction(() => [...CSS.highlights.values()].some((hl) => [...hl].some((r) => r.startContainer.parentElement?.closest("#gm-w998"))), null, { timeout: 5000 });
  const bottom = await page.evaluate(highlighted);
  assert.ok(bottom.count < 40, `still only the bubbles on screen (${bottom.count})`);
  assert.ok(!bottom.in.includes(top.in[0]), "the top bubbles' highlights are gone");
  assert.ok((await badges(page)) < 40);

  // idle: nothing is written and nothing is scanned
  await page.waitForTimeout(500);
  const scans = await inContentScripts(page, "OverdueGuard.base.state.scans");
  const writes = await page.evaluate(() => new Promise((resolve) => {
    const records = [];
    const mo = new MutationObserver((rs) => records.push(...rs));
    mo.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
    setTimeout(() => { mo.disconnect(); resolve(records.map((r) => `${r.type} ${r.target.nodeName} ${r.attributeName || ""}`)); }, 4500);
  }));
  assert.deepEqual(writes, []);
  assert.equal(await inContentScripts(page, "OverdueGuard.base.state.scans"), scans, "no scan while idle");

  const ref = await h.context.newPage();
  await ref.goto("https://fixtures.invalid/web/conversations/1000");
  const want = await ref.evaluate(snapshot);
  await ref.close();
  const got = await page.evaluate(snapshot);
  assert.ok(got.text === want.text && got.html === want.html, "page text and markup are the same apart from data-og-* attributes");
  await page.close();
});

test("a long conversation opened at its end gets the bubbles on screen marked first", async () => {
  const page = await h.context.newPage();
  await page.addInitScript(() => {
    const order = (window.__marked = []);
    new MutationObserver((rs) => { for (const r of rs) if (r.oldValue === null) order.push(r.target.id); })
      .observe(document, { subtree: true, attributes: true, attributeOldValue: true, attributeFilter: ["data-og-verdict"] });
  });
  await page.goto("https://messages.google.com/web/conversations/1000-end");
  await page.locator("[data-og-verdict]").nth(conversation.incoming - 1).waitFor({ state: "attached", timeout: 60000 });
  const order = await page.evaluate(() => window.__marked);
  assert.equal(order.length, conversation.incoming);
  assert.ok(order.indexOf("gm-w998") < 50, `the last bubble is among the first marked (${order.indexOf("gm-w998")})`);
  assert.ok(order.indexOf("gm-w0") > order.indexOf("gm-w998"), "the first bubble, far above the screen, after it");
  await page.close();
});

test("while the user types, the highlights on screen are taken down; they come back after a pause", async () => {
  const page = await h.context.newPage();
  await page.goto("https://messages.google.com/web/conversations/1000");
  await page.locator("[data-og-verdict]").nth(conversation.incoming - 1).waitFor({ state: "attached", timeout: 60000 });
  await page.waitForFunction(() => [...CSS.highlights.values()].some((hl) => hl.size > 0), null, { timeout: 5000 });
  await page.locator("#gm-input").click();
  await page.keyboard.type("ok");
  assert.equal((await page.evaluate(highlighted)).count, 0, "no highlight while typing");
  await page.waitForFunction(() => [...CSS.highlights.values()].some((hl) => hl.size > 0), null, { timeout: 5000 });
  assert.equal(await page.locator("#gm-input").inputValue(), "ok");
  await page.close();
});

test("a conversation that repeats three texts asks the background about each text once, and marks every bubble", async () => {
  const before = await h.serviceWorker.evaluate(() => globalThis.__ogTestClassified || 0);
  const page = await h.context.newPage();
  await page.goto("https://messages.google.com/web/conversations/repeating");
  await page.locator("[data-og-verdict]").nth(299).waitFor({ state: "attached", timeout: 30000 });
  assert.equal(await h.serviceWorker.evaluate(() => globalThis.__ogTestClassified || 0) - before, REPEATED.length);
  const verdicts = await page.evaluate(() => [...document.querySelectorAll("mws-message-wrapper")].map((w) => w.getAttribute("data-og-verdict")));
  // from the second round on, every copy has the same thread before it
  const n = REPEATED.length;
  for (let i = n; i < verdicts.length; i++) assert.equal(verdicts[i], verdicts[n + (i % n)], `bubble ${i} as its copy in the second round`);
  await page.close();
});

test("no request left the browser", () => {
  assert.deepEqual(h.requests, []);
});
