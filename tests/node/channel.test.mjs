// How a message selected on a page came (extension/shared/channel.js): the
// context menu gives selected text the channel of the site it was read on, by
// the manifest's own content scripts.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { channelOfPage } from "../../extension/shared/channel.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const scripts = JSON.parse(fs.readFileSync(path.join(root, "manifest.json"), "utf8")).content_scripts;

const CASES = [
  ["https://mail.google.com/mail/u/0/#inbox", "email", "Gmail"],
  ["https://outlook.office.com/mail/", "email", "Outlook"],
  ["https://wx.mail.qq.com/home/index", "email", "QQ Mail"],
  ["https://mail.163.com/js6/main.jsp", "email", "163 Mail"],
  ["https://MAIL.126.com/", "email", "a host in capitals"],
  ["https://messages.google.com/web/conversations/7", "sms", "Google Messages"],
  ["https://voice.google.com/u/0/messages", "sms", "Google Voice"],
  ["https://forum.example.org/t/1", undefined, "an unsupported site"],
  ["http://mail.google.com/", undefined, "not https (no content script runs there)"],
  ["https://mail.google.com.evil.example/", undefined, "a look-alike host"],
  ["https://evil.example/?u=https://mail.google.com/", undefined, "the host only in the query"],
  ["not a url", undefined, "not a URL"],
  [undefined, undefined, "no page URL"],
];

for (const [url, want, what] of CASES) {
  test(`channelOfPage: ${what}`, () => {
    assert.equal(channelOfPage(url, scripts), want);
  });
}

test("channelOfPage: every supported site has the channel its adapter declares, and no content scripts means none", () => {
  for (const script of scripts) {
    const host = /^https:\/\/([^/*]+)\//.exec(script.matches[0])[1];
    // The adapter's own `channel:` in its registerAdapter call (channel.js keeps a copy).
    const adapter = fs.readFileSync(path.join(root, script.js.find((f) => f.includes("/adapters/"))), "utf8");
    const declared = /registerAdapter\(\{[^}]*?\bchannel: "(email|sms)"/s.exec(adapter)?.[1];
    assert.ok(declared, `${host}: its adapter declares a channel`);
    assert.equal(channelOfPage(`https://${host}/`, scripts), declared, host);
  }
  assert.equal(channelOfPage("https://mail.google.com/", undefined), undefined);
  assert.equal(channelOfPage("https://mail.google.com/", [{ matches: ["https://mail.google.com/*"] }]), undefined, "no adapter, no channel");
});
