// The native `overdue-guard` command as a user or script runs it: exit
// statuses, one output line per input line, usage errors, eval on a small
// corpus. The binary is $OVERDUE_GUARD_BIN, else the debug build in
// $CARGO_TARGET_DIR (or target/); `make test` builds it first.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const bin = process.env.OVERDUE_GUARD_BIN ||
  path.resolve(root, process.env.CARGO_TARGET_DIR || "target", "debug", "overdue-guard");
assert.ok(fs.existsSync(bin), `${bin} missing: run \`cargo build --bin overdue-guard\` (make test does)`);

function run(args, input = "", env = {}) {
  const r = spawnSync(bin, args, { input, encoding: "utf8", env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("classify answers every line in order and fails when one line failed", () => {
  const input = [
    JSON.stringify({ id: "a", text: "您的借款已逾期3天，请及时还款。", sender: "95384" }),
    "{not json",
    "",
    JSON.stringify({ sender: "95384" }),
    JSON.stringify({ id: "b", text: "hello", channel: "email" }),
  ].join("\n") + "\n";
  const r = run(["classify"], input);
  assert.equal(r.status, 1, r.stderr);
  const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  assert.equal(lines[0].id, "a");
  assert.deepEqual(lines.map((l) => l.line ?? null), [null, 2, 3, 4, null]);
  assert.match(lines[3].error, /text/);
  assert.equal(lines[4].id, "b");
  assert.match(r.stderr, /3 of 5 lines/);
});

test("classify exits 0 when every line is valid, and reads --options", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "og-cli-"));
  const opts = path.join(dir, "options.json");
  fs.writeFileSync(opts, JSON.stringify({ trusted_senders: ["95384"], blocked_domains: ["example.top"] }));
  const r = run(["classify", "--options", opts], '{"text":"a"}\n{"text":"b"}');
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout.trimEnd().split("\n").length, 2);
  const bad = run(["classify", "--options", path.join(dir, "nope.json")], '{"text":"a"}\n');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /cannot read .*nope\.json/);
  fs.rmSync(dir, { recursive: true });
});

test("classify --jobs N answers exactly as one thread does; a bad --jobs is a usage error", () => {
  const texts = ["您的借款已逾期3天，请及时还款。", "{not json", "Your account is 30 days past due, call 800-555-0100",
    "【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款", ""];
  const input = Array.from({ length: 1200 }, (_, i) => {
    const t = texts[i % texts.length];
    return t.startsWith("{") || t === "" ? t : JSON.stringify({ id: i, text: t });
  }).join("\n") + "\n";
  const one = run(["classify", "--jobs", "1"], input);
  assert.equal(one.status, 1);
  assert.equal(one.stdout.trimEnd().split("\n").length, 1200);
  for (const jobs of [["--jobs", "3"], ["--jobs=2"], []]) {
    const many = run(["classify", ...jobs], input);
    assert.equal(many.status, 1, jobs.join(" "));
    assert.equal(many.stdout, one.stdout, `${jobs.join(" ")}: same bytes, same order`);
  }
  for (const bad of ["0", "-1", "two"]) {
    const r = run(["classify", "--jobs", bad], input);
    assert.equal(r.status, 2, `--jobs ${bad}`);
    assert.match(r.stderr, /--jobs/);
  }
});

test("check prints a readable report in the asked language, no colour into a pipe", () => {
  const text = "【微众银行】您的微粒贷借款已逾期3天，请登录微信-微粒贷及时还款。";
  const en = run(["check", text, "--sender", "95384", "--lang", "en"]);
  assert.equal(en.status, 0, en.stderr);
  assert.match(en.stdout, /^Verdict: (BENIGN|SUSPICIOUS|SCAM)/);
  assert.match(en.stdout, /Overdue notice: (yes|no)/);
  assert.match(en.stdout, /Sender: 95384/);
  assert.ok(!en.stdout.includes("\x1b["), "no escape codes when stdout is not a terminal");
  const zh = run(["check", text], "", { LANG: "zh_CN.UTF-8", LC_ALL: "" });
  assert.match(zh.stdout, /^判定：/);
  const stdin = run(["check", "-", "--lang", "en"], text);
  assert.match(stdin.stdout, /^Verdict: /);
  assert.equal(run(["check", text, "--lang", "fr"]).status, 2);
  assert.equal(run(["check"]).status, 2);
});

test("usage: unknown command exits 2 with usage on stderr; --help and --version", () => {
  const r = run(["frobnicate"]);
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.match(r.stderr, /unknown command/);
  assert.match(r.stderr, /Usage:/);
  assert.equal(run([]).status, 2);
  const help = run(["--help"]);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /overdue-guard classify/);
  assert.match(run(["--version"]).stdout, /^overdue-guard \d+\.\d+\.\d+/);
  assert.equal(run(["classify", "--bogus"]).status, 2);
});

test("eval --json scores a corpus and skips missing ones", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "og-eval-"));
  fs.mkdirSync(path.join(dir, "dev"));
  fs.writeFileSync(path.join(dir, "dev/messages.jsonl"), [
    { id: "d1", text: "您的借款已逾期3天，请及时还款。", sender: "95384", channel: "sms", overdue: true, verdict: "legit" },
    { id: "d2", text: "您的快递已到驿站。", sender: null, channel: "sms", overdue: false, verdict: "not_overdue" },
    { id: "d3", text: "no labels here" },
  ].map((o) => JSON.stringify(o)).join("\n") + "\n");
  fs.mkdirSync(path.join(dir, "uci-sms-spam"));
  fs.writeFileSync(path.join(dir, "uci-sms-spam/SMSSpamCollection"), "ham\tsee you at 5\nspam\tWIN a prize now\n");
  const r = run(["eval", "--corpora", dir, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  const byName = Object.fromEntries(out.corpora.map((c) => [c.name, c]));
  assert.equal(byName.dev.messages, 2);
  assert.equal(byName.dev.skipped_lines.length, 1);
  const l = byName.dev.metrics.labelled;
  for (const k of ["verdict_accuracy", "benign_flagged_rate", "benign_scam_rate"]) {
    assert.ok(typeof l[k] === "number" && l[k] >= 0 && l[k] <= 1, k);
  }
  assert.equal(l.scam_recall, null, "no scams: undefined, not 0");
  assert.deepEqual([byName["uci-sms-spam"].metrics.sms.ham, byName["uci-sms-spam"].metrics.sms.spam], [1, 1]);
  assert.deepEqual(out.skipped.map((s) => s.name), ["labelled-public"]);
  assert.match(r.stderr, /skipped corpus labelled-public/);
  const text = run(["eval", "--corpora", dir]);
  assert.match(text.stdout, /== dev \(2 messages\) ==/);
  assert.match(text.stdout, /verdict accuracy/);
  const none = run(["eval", "--corpora", path.join(dir, "nowhere")]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /no corpus could be read/);
  fs.rmSync(dir, { recursive: true });
});

test("eval --held-out scores never-fitted messages with the shipped weights, figures only", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "og-held-"));
  fs.mkdirSync(path.join(dir, "dev"));
  fs.writeFileSync(path.join(dir, "dev/messages.jsonl"),
    JSON.stringify({ id: "d1", text: "您的借款已逾期3天，请及时还款。", overdue: true, verdict: "legit" }) + "\n");
  const held = path.join(dir, "held.jsonl");
  fs.writeFileSync(held, [
    { id: "h1", text: "您的借款已逾期3天，请及时还款。", sender: "95384", overdue: true, verdict: "legit", set: "heldout" },
    { id: "h2", text: "【速租】您的订单金额已支付完成。", overdue: false, verdict: "not_overdue", set: "heldout" },
  ].map((o) => JSON.stringify(o)).join("\n") + "\n");
  const json = run(["eval", "--corpora", dir, "--no-cv", "--json", "--held-out", held]);
  assert.equal(json.status, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  assert.deepEqual(out.held_out.sets.map(([name, f]) => [name, f.messages]), [["heldout", 2]]);
  assert.deepEqual(out.held_out.groups, []);
  const text = run(["eval", "--corpora", dir, "--no-cv", "--misses", "--held-out", held]);
  assert.match(text.stdout, /# Held out \(never fitted\)/);
  assert.doesNotMatch(text.stdout, /h1|h2|速租/, "held-out messages are never listed");
  const bad = path.join(dir, "bad.jsonl");
  fs.writeFileSync(bad, "{not json\n");
  for (const [files, words] of [
    [path.join(dir, "missing.jsonl"), /--held-out: cannot read .*missing\.jsonl/],
    [bad, /--held-out: .*bad\.jsonl line 1: not valid JSON/],
    [" , ", /--held-out: no labelled message/],
  ]) {
    const r = run(["eval", "--corpora", dir, "--no-cv", "--held-out", files]);
    assert.equal(r.status, 1, files);
    assert.match(r.stderr, words);
    assert.equal(r.stdout, "", "nothing printed before the error");
  }
  assert.equal(run(["eval", "--held-out"]).status, 2, "--held-out needs a value");
  fs.rmSync(dir, { recursive: true });
});

test("eval --settings compares fit settings by left-out sets; --loso-only skips cross-validation and the written set", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "og-settings-"));
  const write = (file, rows) => fs.writeFileSync(file, rows.map((o) => JSON.stringify(o)).join("\n") + "\n");
  for (const set of ["dev", "labelled-public"]) {
    fs.mkdirSync(path.join(dir, set));
    write(path.join(dir, set, "messages.jsonl"), [
      { id: `${set}-1`, text: "您的借款已逾期3天，请及时还款。", sender: "95384", overdue: true, verdict: "legit" },
      { id: `${set}-2`, text: "【公安局】您涉嫌洗钱，请将资金转入安全账户。", overdue: false, verdict: "scam" },
    ]);
  }
  const written = path.join(dir, "written.jsonl");
  write(written, [{ id: "w-1", text: "您的快递已到驿站。", overdue: false, verdict: "legit" }]);
  const held = path.join(dir, "held.jsonl");
  write(held, [{ id: "h1", text: "您的借款已逾期5天。", overdue: true, verdict: "legit", set: "heldout" }]);
  const r = run(["eval", "--corpora", dir, "--also", written, "--json", "--loso-only", "--settings", "l2=10,written_weight=1,steps=50", "--held-out", held]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout);
  assert.equal(out.cross_validated, undefined, "--loso-only: no cross-validation");
  assert.deepEqual(out.leave_one_set_out.sets.map(([name]) => name), ["dev", "labelled-public"], "the written set is not left out");
  assert.deepEqual(out.held_out.sets.map(([name, f]) => [name, f.messages]), [["heldout", 1]]);
  const text = run(["eval", "--corpora", dir, "--no-cv", "--settings", "steps=50", "--held-out", held]);
  assert.match(text.stdout, /fitted with --settings on --held-out/);
  for (const [spec, words] of [["l3=1", /unknown fit setting "l3"/], ["l2=-1", /l2: "-1" is not a number of 0 or more/], ["l2", /not key=value/]]) {
    const bad = run(["eval", "--corpora", dir, "--settings", spec]);
    assert.equal(bad.status, 2, spec);
    assert.match(bad.stderr, words);
  }
  fs.rmSync(dir, { recursive: true });
});

test("bad input gets a clear message, never a crash", () => {
  const cases = [
    { name: "empty argument", args: ["check", ""], words: /the message is empty/ },
    { name: "blank stdin", args: ["check", "-"], input: " \n\u200b", words: /the message is empty/ },
    { name: "invalid UTF-8", args: ["check", "-"], input: Buffer.from([0x41, 0xff, 0xfe]), words: /not UTF-8 text \(invalid byte at offset 1\)/ },
    { name: "GB18030 text", args: ["check", "-"], input: Buffer.from([0xd3, 0xe2, 0xc6, 0xda]), words: /not UTF-8 text/ },
    { name: "binary", args: ["check", "-"], input: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00]), words: /binary data/ },
    { name: "huge", args: ["check", "-"], input: Buffer.alloc(16 * 1024 * 1024 + 10, 0x61), words: /longer than 16 MiB/ },
  ];
  for (const c of cases) {
    const r = spawnSync(bin, c.args, { input: c.input ?? "", env: process.env, maxBuffer: 1 << 26 });
    assert.equal(r.signal, null, `${c.name}: no crash`);
    assert.equal(r.status, 1, `${c.name}: exit 1 (${r.stderr})`);
    assert.match(r.stderr.toString(), c.words, c.name);
    assert.equal(r.stdout.length, 0, `${c.name}: no report`);
  }
});

test("classify answers bad lines one by one and reads lone surrogates", () => {
  const input = Buffer.concat([
    Buffer.from('{"text":"\\ud800您的借款已逾期\\udc00"}\n'),
    Buffer.from([0x7b, 0xff, 0x7d, 0x0a]),
    Buffer.from('{"text":"a\u0000b"}\n'),
    Buffer.from(JSON.stringify({ text: "x".repeat(16 * 1024 * 1024) }) + "\n"),
    Buffer.from('{"text":"last"}\n'),
  ]);
  const r = spawnSync(bin, ["classify"], { input, maxBuffer: 1 << 26 });
  assert.equal(r.signal, null);
  assert.equal(r.status, 1);
  const lines = r.stdout.toString().trimEnd().split("\n").map((l) => JSON.parse(l));
  assert.equal(lines.length, 5);
  const hit = lines[0].signals.find((s) => s.id === "overdue_stated");
  assert.deepEqual(hit.span, [5, 8], "a lone surrogate is one UTF-16 unit, as in the page");
  assert.match(lines[1].error, /not valid UTF-8/);
  assert.match(lines[2].error, /not valid JSON: control character/);
  assert.match(lines[3].error, /longer than 16 MiB/);
  assert.equal(lines[4].verdict, "benign");
});
