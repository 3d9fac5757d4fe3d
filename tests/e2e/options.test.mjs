// End-to-end: the options page. Lists are validated line by line with a clear
// message and nothing is saved while a line is wrong; a trusted sender makes a
// message from it benign, a blocked one makes it at least suspicious; site
// switches reach the content scripts' hello; the language switch applies.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";
import { launch, openOptions, pageReady, fixturesDir } from "./harness.mjs";
import {
  validateSettings, normaliseSender, normaliseDomain, defaultSettings, syncBytes, SYNC_ITEM_BYTES,
} from "../../extension/shared/settings.js";

const GMAIL_FIXTURE = path.join(fixturesDir, "gmail/thread.html");

let h;
let page;

before(async () => {
  h = await launch();
  page = await openOptions(h.context, h.extensionId);
});

after(async () => {
  await h?.close();
});

/** The background's verdict for a message (asked from the options page, an extension page). */
function verdictOf(text, sender) {
  return page.evaluate(async (message) => {
    const r = await chrome.runtime.sendMessage({ type: "ui-bg-check", message });
    if (!r.ok) throw new Error(r.error);
    return { verdict: r.report.verdict, sender: r.report.sender };
  }, { text, sender });
}

async function storedSettings() {
  return page.evaluate(async () => (await chrome.storage.sync.get("settings")).settings);
}

async function save() {
  await page.locator("#saved").evaluate((el) => { el.textContent = ""; });
  await page.click("#save");
}

async function saved() {
  await page.locator("#saved").filter({ hasText: /\S/ }).waitFor({ timeout: 5000 });
}

// The validation itself (the same module the page and the background use), in Node.
test("sender and domain lines are normalised or refused", () => {
  const senders = [
    ["95384", "95384"], [" 106 9012 3456 ", "10690123456"], ["+86 170-1234-5678", "+8617012345678"],
    ["Service@WeBank.com", "service@webank.com"], ["(021) 6888 8888", "02168888888"],
    ["12", null], ["not a number", null], ["a@b", null], ["95384 or 95555", null], ["", null],
  ];
  for (const [line, want] of senders) assert.equal(normaliseSender(line), want, `sender ${JSON.stringify(line)}`);
  const domains = [
    ["webank.com", "webank.com"], ["WWW.WeBank.com", "webank.com"], ["https://m.webank.com/path?q=1", "m.webank.com"],
    ["*.webank.com", "webank.com"], ["微众银行.cn", "xn--3oq471bkv4aruk.cn"], ["webank.com.", "webank.com"],
    ["localhost", null], ["bad domain.com", null], ["http://", null], ["-bad-.com", null], ["", null],
  ];
  for (const [line, want] of domains) assert.equal(normaliseDomain(line), want, `domain ${JSON.stringify(line)}`);
});

test("settings: bad values fall back to defaults, lists are trimmed and deduplicated, size stays within sync quota", () => {
  assert.deepEqual(validateSettings(undefined).settings, defaultSettings());
  assert.deepEqual(validateSettings("nonsense").settings, defaultSettings());
  const { settings, errors } = validateSettings({
    sites: { gmail: false, outlook: "yes", unknown: true },
    trusted_senders: ["95384", " 95384 ", "bad!", 7],
    blocked_domains: "evil.top\nEVIL.top\n\n",
    language: "fr",
  });
  assert.equal(settings.sites.gmail, false);
  assert.equal(settings.sites.outlook, true);
  assert.equal("unknown" in settings.sites, false);
  assert.deepEqual(settings.trusted_senders, ["95384"]);
  assert.deepEqual(settings.blocked_domains, ["evil.top"]);
  assert.equal(settings.language, "auto");
  assert.deepEqual(errors.map((e) => `${e.field}:${e.kind}`).sort(), ["language:value", "sites.outlook:type", "trusted_senders:sender"]);
  const huge = validateSettings({ blocked_senders: Array.from({ length: 200 }, (_, i) => `user${i}@a-very-long-mail-domain-example.com`) });
  assert.ok(huge.errors.some((e) => e.kind === "too_large"));
  assert.ok(syncBytes(huge.settings) <= SYNC_ITEM_BYTES);
  const many = validateSettings({ trusted_senders: Array.from({ length: 300 }, (_, i) => String(95000 + i)) });
  assert.ok(many.errors.some((e) => e.kind === "too_many"));
  assert.equal(many.settings.trusted_senders.length, 200);
});

test("defaults: every site on, empty lists, language follows the browser", async () => {
  assert.equal(await page.locator("#sites input[type=checkbox]").count(), 6);
  assert.equal(await page.locator("#sites input[type=checkbox]:checked").count(), 6);
  for (const id of ["trusted_senders", "blocked_senders", "trusted_domains", "blocked_domains"]) {
    assert.equal(await page.inputValue(`#${id}`), "");
  }
  assert.equal(await page.inputValue("#language"), "auto");
});

test("an invalid line gets a message naming it, and nothing is saved", async () => {
  await page.fill("#trusted_senders", "95384\nnot a number");
  await page.fill("#blocked_domains", "bad domain.com");
  await save();
  const senderErrors = page.locator("#trusted_senders-errors li");
  await senderErrors.first().waitFor({ timeout: 5000 });
  assert.match(await senderErrors.first().textContent(), /Line 2.*not a number/);
  assert.match(await page.locator("#blocked_domains-errors").textContent(), /Line 1/);
  assert.equal(await page.getAttribute("#trusted_senders", "aria-invalid"), "true");
  assert.equal(await storedSettings(), undefined);
  await page.fill("#trusted_senders", "");
  await page.fill("#blocked_domains", "");
});

const CLAIMS_WEBANK = "【微众银行】尊敬的客户，您的微粒贷账户已逾期3天，请尽快登录微信-微粒贷还款，逾期将影响您的征信。";
const PERSONAL_NUMBER = "17012345678";

test("a trusted sender makes its message benign", async () => {
  const without = await verdictOf(CLAIMS_WEBANK, PERSONAL_NUMBER);
  assert.notEqual(without.verdict, "benign", "a WeBank notice from a virtual-operator mobile is not benign by itself");
  await page.fill("#trusted_senders", ` ${PERSONAL_NUMBER} \n${PERSONAL_NUMBER}\n\n`);
  await save();
  await saved();
  assert.deepEqual((await storedSettings()).trusted_senders, [PERSONAL_NUMBER], "trimmed and deduplicated");
  assert.equal(await page.inputValue("#trusted_senders"), PERSONAL_NUMBER);
  const withTrust = await verdictOf(CLAIMS_WEBANK, PERSONAL_NUMBER);
  assert.equal(withTrust.verdict, "benign");
  assert.ok(withTrust.sender.signals.includes("user_trusted_sender"));
  await page.fill("#trusted_senders", "");
  await save();
  await saved();
});

test("a blocked sender makes an ordinary message at least suspicious", async () => {
  const text = "周末有空一起吃饭吗？";
  assert.equal((await verdictOf(text, "13912345678")).verdict, "benign");
  await page.fill("#blocked_senders", "139 1234 5678");
  await save();
  await saved();
  assert.deepEqual((await storedSettings()).blocked_senders, ["13912345678"]);
  assert.ok(["suspicious", "scam"].includes((await verdictOf(text, "13912345678")).verdict));
  await page.fill("#blocked_senders", "");
  await save();
  await saved();
});

test("a site switched off is not scanned; switched on again, it is", { skip: !existsSync(GMAIL_FIXTURE) && "no Gmail fixture" }, async () => {
  await h.route("https://mail.google.com/**", GMAIL_FIXTURE);
  await page.uncheck("#site-gmail");
  await save();
  await saved();
  assert.equal((await storedSettings()).sites.gmail, false);
  const gmail = await h.context.newPage();
  await gmail.goto("https://mail.google.com/mail/u/0/");
  await gmail.waitForTimeout(1500);
  assert.equal(await gmail.locator("[data-og-verdict]").count(), 0, "nothing marked while Gmail is off");
  await page.check("#site-gmail");
  await save();
  await saved();
  assert.equal((await storedSettings()).sites.gmail, true);
  await gmail.reload();
  await gmail.locator("[data-og-verdict]").first().waitFor({ state: "attached", timeout: 15000 });
  await gmail.close();
});

test("saving tells every open tab to scan again (bg-cs-rescan)", async () => {
  await h.serviceWorker.evaluate(() => {
    globalThis.ogSent = [];
    const send = chrome.tabs.sendMessage.bind(chrome.tabs);
    chrome.tabs.sendMessage = (tabId, message, ...rest) => {
      globalThis.ogSent.push(message && message.type);
      return send(tabId, message, ...rest);
    };
  });
  await page.fill("#trusted_domains", "webank.com");
  await save();
  await saved();
  const deadline = Date.now() + 5000;
  let sent = [];
  while (Date.now() < deadline && !sent.includes("bg-cs-rescan")) {
    sent = await h.serviceWorker.evaluate(() => globalThis.ogSent);
    await page.waitForTimeout(100);
  }
  assert.ok(sent.includes("bg-cs-rescan"), JSON.stringify(sent));
  await page.fill("#trusted_domains", "");
  await save();
  await saved();
});

test("choosing 中文 switches the page to Chinese", async () => {
  await page.selectOption("#language", "zh_CN");
  await save();
  await saved();
  await page.locator('html[lang="zh-CN"]').waitFor({ timeout: 5000 });
  assert.equal((await page.locator("#save").textContent()).trim(), "保存");
  await page.reload();
  await pageReady(page);
  assert.equal(await page.inputValue("#language"), "zh_CN");
  assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
  await page.selectOption("#language", "auto");
  await save();
  await saved();
});

test("no request left the browser", () => {
  assert.deepEqual(h.requests, []);
});
