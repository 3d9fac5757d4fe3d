// The language a message is written in (extension/background/view.js messageLang): with the
// language setting on "auto", cards follow it when the browser's language does not match.
import { test } from "node:test";
import assert from "node:assert/strict";
import { messageLang } from "../../extension/background/view.js";

const CASES = [
  ["【微粒贷】您的借款已逾期3天，请于今日18点前登录 https://weilidai-huankuan.top/pay 处理。", "zh_CN", "Chinese with a URL"],
  ["今天不处理明天就上门", "zh_CN", "short Chinese"],
  ["京东白条 JD Finance 提醒：您的账单已逾期。", "zh_CN", "Chinese with an English brand"],
  ["FINAL NOTICE: your account is past due. Call 1-800-555-0100 today.", "en", "English"],
  ["Your payment to Zoë's Café is overdue.", "en", "English with accented letters"],
  ["Reminder from 中国银行 Bank of China New York branch: your statement is ready to view online now.", null, "mixed"],
  ["12345 678 ... !!!", null, "no letters"],
  ["", null, "empty"],
  [undefined, null, "not a string"],
  [42, null, "a number"],
];

for (const [text, want, what] of CASES) {
  test(`messageLang: ${what}`, () => {
    assert.equal(messageLang(text), want);
  });
}
