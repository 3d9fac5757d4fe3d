// End-to-end in Firefox ESR (puppeteer-core over WebDriver BiDi): the popup and the options page.
// Firefox gives an extension a random moz-extension:// host per profile; the profile's
// extensions.webextensions.uuids preference fixes it before the install, and Firefox's remote
// agent navigates a tab to a moz-extension:// page only with --remote-allow-system-access, so
// the tests open the extension's pages directly in a tab, as the Chromium tests do. Skipped without puppeteer-core
// or firefox-esr. Every connection goes to a dead proxy, so nothing can leave.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { repoRoot } from "./harness.mjs";

const FIREFOX = process.env.FIREFOX_PATH || "/usr/bin/firefox-esr";

async function firefoxDriver() {
  try {
    await fs.access(FIREFOX);
    return (await import("puppeteer-core")).default;
  } catch {
    return null;
  }
}
const puppeteer = await firefoxDriver();
const skip = !puppeteer && "no puppeteer-core or firefox-esr";

const manifest = JSON.parse(await fs.readFile(path.join(repoRoot, "manifest.json"), "utf8"));
const uuid = randomUUID();
const base = `moz-extension://${uuid}/`;

let browser;
const errors = [];

before(async () => {
  if (skip) return;
  browser = await puppeteer.launch({
    browser: "firefox", executablePath: FIREFOX, headless: true,
    args: ["--remote-allow-system-access"],
    extraPrefsFirefox: {
      "extensions.webextensions.uuids": JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: uuid }),
      "intl.accept_languages": "en-US",
      // Nothing leaves: every connection goes to a proxy on a port nobody listens on. (Puppeteer's
      // request interception does not see what extension pages load, so it can't record them.)
      "network.proxy.type": 1, "network.proxy.http": "127.0.0.1", "network.proxy.http_port": 9,
      "network.proxy.ssl": "127.0.0.1", "network.proxy.ssl_port": 9, "network.proxy.allow_hijacking_localhost": true,
    },
  });
  await browser.installExtension(repoRoot);
});

after(async () => {
  await browser?.close();
});

/** Opens one of the extension's pages in a tab and waits until it has drawn itself. */
async function open(file) {
  const page = await browser.newPage();
  page.on("pageerror", (e) => errors.push(`${file}: ${e.message}`));
  // The page loads, but in the extension's process, and puppeteer misses the end of that
  // navigation: ask the page itself until it answers. While the tab moves between processes
  // an evaluation can fail or never answer (puppeteer's waitForFunction then gives up with a
  // bare "Waiting failed"), so each question is bounded and a failed one is asked again.
  page.goto(base + file, { timeout: 20000 }).catch(() => {});
  const deadline = Date.now() + 20000;
  let last = "no answer";
  while (Date.now() < deadline) {
    const ready = await Promise.race([
      page.evaluate(() => location.protocol === "moz-extension:" && document.documentElement.hasAttribute("data-og-ready")),
      sleep(2000).then(() => { throw new Error("the page did not answer in 2 s"); }),
    ]).catch((e) => { last = e.message; return false; });
    if (ready) return page;
    await sleep(100);
  }
  throw new Error(`${file} did not draw itself in 20 s (last: ${last})`);
}

const FAKE_WEBANK =
  "【微众银行】您的微粒贷已严重逾期，请立即点击 http://wb-huankuan.top/pay 或添加客服QQ，" +
  "将欠款转入指定账户，否则今日上门催收并通知您的家人和单位。";

/** Pastes `text` and `sender` into the popup, presses Check, returns the result's marks. */
async function check(page, text, sender = "") {
  await page.$eval("#text", (e, v) => { e.value = v; }, text);
  await page.$eval("#sender", (e, v) => { e.value = v; }, sender);
  await page.$eval("#result", (e) => e.removeAttribute("data-og-verdict"));
  await page.click("#check");
  await page.waitForSelector("#result[data-og-verdict]", { timeout: 20000 });
  return page.$eval("#result", (e) => ({
    verdict: e.getAttribute("data-og-verdict"),
    overdue: e.getAttribute("data-og-overdue"),
    text: e.innerText,
    marks: [...e.querySelectorAll("mark.og-mark")].map((m) => m.textContent),
  }));
}

test("firefox: the popup checks a pasted message, marks its evidence, and refuses empty input", { skip }, async () => {
  const page = await open("extension/popup/popup.html");
  const scam = await check(page, FAKE_WEBANK, "+8617012345678");
  assert.equal(scam.verdict, "scam");
  assert.equal(scam.overdue, "true");
  assert.ok(scam.marks.length > 0 && scam.marks.every((m) => FAKE_WEBANK.includes(m)), "flagged spans are marked");
  assert.match(scam.text, /95384/, "WeBank's official hotline in the advice");
  const code = await check(page, "【微众银行】您的验证码为482913，请勿泄露给他人。", "95384");
  assert.equal(code.verdict, "benign");
  await page.$eval("#text", (e) => { e.value = "   "; });
  await page.click("#check");
  await page.waitForFunction(() => /paste/i.test(document.getElementById("status").textContent), { timeout: 5000 });
  assert.equal(await page.$eval("#result", (e) => e.hidden), true);
  await page.close();
});

test("firefox: the options page validates, saves, and what it saves changes the verdict", { skip }, async () => {
  const page = await open("extension/options/options.html");
  assert.equal(await page.$$eval("#sites input[type=checkbox]:checked", (es) => es.length), 6);
  const verdictOf = (text, sender) => page.evaluate(async (message) => {
    const r = await browser.runtime.sendMessage({ type: "ui-bg-check", message });
    if (!r.ok) throw new Error(r.error);
    return r.report.verdict;
  }, { text, sender });
  const stored = () => page.evaluate(async () => (await browser.storage.sync.get("settings")).settings);
  const save = async (field, value) => {
    await page.$eval("#saved", (e) => { e.textContent = ""; });
    await page.$eval(`#${field}`, (e, v) => { e.value = v; e.dispatchEvent(new Event("input", { bubbles: true })); }, value);
    await page.click("#save");
  };

  await save("trusted_senders", "95384\nnot a number");
  await page.waitForFunction(() => /Line 2.*not a number/.test(document.getElementById("trusted_senders-errors").textContent), { timeout: 5000 });
  assert.equal(await stored(), undefined, "nothing saved while a line is wrong");

  const text = "周末有空一起吃饭吗？";
  assert.equal(await verdictOf(text, "13912345678"), "benign");
  await save("trusted_senders", "");
  await save("blocked_senders", "139 1234 5678");
  await page.waitForFunction(() => /\S/.test(document.getElementById("saved").textContent), { timeout: 5000 });
  assert.deepEqual((await stored()).blocked_senders, ["13912345678"]);
  assert.notEqual(await verdictOf(text, "13912345678"), "benign", "a blocked sender is at least suspicious");
  await page.close();
});

test("firefox: no page errors", { skip }, () => {
  assert.deepEqual(errors, []);
});
