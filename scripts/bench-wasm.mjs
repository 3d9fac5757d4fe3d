// `make bench`, WebAssembly part (run after scripts/bench-cli.mjs, whose mix
// of messages it reuses): the module as the background loads it (pkg/, see
// tests/node/pkg.test.mjs), in fresh Node processes. Budgets of issue 7:
//   cold start  from a new process to the first report <= 50 ms (median), for
//               a Chinese and an English first message;
//   speed       WebAssembly >= 1/2 native per message on the same messages,
//               in CPU time (native: the CLI's cost per extra message,
//               --jobs 1, so its process start is not counted; WebAssembly:
//               median of rounds over the messages, after one warm-up round);
//   memory      a 5 MB message through the background (engine.js cuts it)
//               leaves the module's memory <= 64 MiB;
//   payload     pkg/ gzip -9 <= 450 KB without the text model, 700 KB with.
// Writes its section of target/bench-summary.txt.
//
// Usage: node scripts/bench-wasm.mjs BIN [RUNS]
//        node scripts/bench-wasm.mjs --child cold|speed|memory ...  (one measurement)
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { fileURLToPath, pathToFileURL } from "node:url";
import { median, verdict, writeSection } from "./bench-summary.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const pkgDir = path.join(root, "pkg");
const MIX = path.join(root, "target/bench/messages-mix.jsonl");
const SPEED_MESSAGES = 4000;
const FIRST = { text: "【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信", sender: "17012345678", channel: "sms" };
// The same for a reader of English (its rules' expressions have word
// boundaries and classes, which the Chinese message's do not).
const FIRST_EN = { text: "Your account is 30 days past due. Pay now at http://paypal-billing.top/pay or we will report you to the credit bureaus.", sender: "+12025550123", channel: "sms" };
const KB = 1000;
const MiB = 1 << 20;

/** The module's functions, with `exports` (the instance's exports, its memory among them). */
async function loadPkg() {
  const pkg = await import(pathToFileURL(path.join(pkgDir, "overdue_guard.js")).href);
  const exports = pkg.initSync({ module: fs.readFileSync(path.join(pkgDir, "overdue_guard_bg.wasm")) });
  return { classify: pkg.classify, exports };
}

function mixMessages(count) {
  return fs.readFileSync(MIX, "utf8").split("\n").filter(Boolean).slice(0, count).map((l) => JSON.parse(l));
}

/** One measurement in this (fresh) process; prints JSON. */
async function child(kind, arg) {
  if (kind === "cold") {
    const message = arg === "en" ? FIRST_EN : FIRST;
    const start = performance.now();
    const pkg = await loadPkg();
    const loaded = performance.now();
    pkg.classify(message);
    const first = performance.now();
    pkg.classify(message);
    const second = performance.now();
    return { total: first - start, load: loaded - start, first: first - loaded, warm: second - first };
  }
  if (kind === "speed") {
    const pkg = await loadPkg();
    const messages = mixMessages(SPEED_MESSAGES);
    for (const m of messages) pkg.classify(m);
    const rounds = [];
    for (let r = 0; r < Number(arg); r++) {
      const start = process.cpuUsage();
      for (const m of messages) pkg.classify(m);
      const used = process.cpuUsage(start);
      rounds.push((used.user + used.system) / 1000 / messages.length);
    }
    return { perMessageMs: median(rounds), count: messages.length };
  }
  if (kind === "memory") {
    const pkg = await loadPkg();
    const { prepareMessage } = await import(pathToFileURL(path.join(root, "extension/background/engine.js")).href);
    const line = "尊敬的客户，您的信用卡账单已逾期，请登录 https://www.example-bank.com 还款。Your account is past due.\n";
    const text = line.repeat(Math.ceil(5e6 / Buffer.byteLength(line)));
    pkg.classify(arg === "background" ? prepareMessage({ text }) : { text });
    return { bytes: Buffer.byteLength(text), memory: pkg.exports.memory.buffer.byteLength };
  }
  throw new Error(`unknown child measurement ${kind}`);
}

function runChild(kind, arg = "", nodeFlags = []) {
  const r = spawnSync(process.execPath, [...nodeFlags, fileURLToPath(import.meta.url), "--child", kind, String(arg)], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`bench child ${kind} failed:\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** Bytes after `gzip -9` (what scripts/build.sh prints), zlib's when gzip is missing. */
function gzipSize(file) {
  const r = spawnSync("gzip", ["-9", "-c", file], { maxBuffer: 1 << 26 });
  return r.status === 0 ? r.stdout.length : zlib.gzipSync(fs.readFileSync(file), { level: 9 }).length;
}

async function main() {
  const [bin, runsArg = "7"] = process.argv.slice(2);
  const RUNS = Number(runsArg);
  if (!bin || !fs.existsSync(bin) || !(RUNS > 0)) {
    console.error("usage: node scripts/bench-wasm.mjs BIN [RUNS]");
    process.exit(2);
  }
  if (!fs.existsSync(MIX)) {
    console.error(`bench: ${path.relative(root, MIX)} is missing; run scripts/bench-cli.mjs first`);
    process.exit(2);
  }
  const lines = [];

  // Payload: every file of pkg/, gzipped one by one as a server or a zip would.
  const files = fs.readdirSync(pkgDir).filter((f) => !f.endsWith(".d.ts") && f !== "package.json" && f !== ".gitignore");
  const sizes = files.map((f) => ({ f, raw: fs.statSync(path.join(pkgDir, f)).size, gz: gzipSize(path.join(pkgDir, f)) }));
  const gz = sizes.reduce((s, x) => s + x.gz, 0);
  const withModel = fs.existsSync(path.join(root, "data/model.bin"));
  const payloadBudget = (withModel ? 700 : 450) * KB;
  lines.push(`payload: pkg/ ${(gz / KB).toFixed(1)} KB gzip -9 (${sizes.map((s) => `${s.f} ${(s.raw / KB).toFixed(0)} KB, ${(s.gz / KB).toFixed(1)} KB gzip`).join("; ")}); budget ${payloadBudget / KB} KB ${withModel ? "with" : "without"} the text model ${verdict(gz <= payloadBudget)}`);

  // Cold start: a fresh process each time.
  const colds = Array.from({ length: RUNS }, () => runChild("cold"));
  const cold = (k) => median(colds.map((c) => c[k]));
  lines.push(`cold start: first report ${cold("total").toFixed(1)} ms after the worker starts (load + instantiate ${cold("load").toFixed(1)} ms, first classify ${cold("first").toFixed(1)} ms, then ${cold("warm").toFixed(2)} ms warm); budget 50 ms ${verdict(cold("total") <= 50)}`);
  const coldsEn = Array.from({ length: RUNS }, () => runChild("cold", "en"));
  const coldEn = (k) => median(coldsEn.map((c) => c[k]));
  lines.push(`cold start, English first message: first report ${coldEn("total").toFixed(1)} ms (load + instantiate ${coldEn("load").toFixed(1)} ms, first classify ${coldEn("first").toFixed(1)} ms); budget 50 ms ${verdict(coldEn("total") <= 50)}`);
  // Where the first classify's time goes: V8 compiling the module's code
  // (lazily, then tiering hot functions up) or running it. Not budgets.
  // Without background compile threads the tier-up jobs wait, so the
  // difference to the default is what they cost the main thread on busy cores.
  const variants = [
    ["Liftoff only", ["--liftoff-only"]],
    ["default tiering without background compile threads", ["--wasm-num-compilation-tasks=0"]],
    ["all TurboFan before the first call", ["--no-liftoff", "--no-wasm-lazy-compilation"]],
  ];
  for (const [name, flags] of variants) {
    const runs = Array.from({ length: RUNS }, () => runChild("cold", "", flags));
    const at = (k) => median(runs.map((c) => c[k])).toFixed(1);
    lines.push(`  (V8 ${name}: instantiate ${at("load")} ms, first classify ${at("first")} ms)`);
  }

  // Speed: the same messages in WebAssembly and natively.
  const speed = runChild("speed", RUNS);
  const n = speed.count;
  const some = path.join(root, "target/bench/speed-1.jsonl");
  const twice = path.join(root, "target/bench/speed-2.jsonl");
  const msgs = fs.readFileSync(MIX, "utf8").split("\n").filter(Boolean).slice(0, n);
  fs.writeFileSync(some, msgs.join("\n") + "\n");
  fs.writeFileSync(twice, [...msgs, ...msgs].join("\n") + "\n");
  // CPU time in ms (bash's time, user + system), as the module's rounds are measured.
  const time = (file) => {
    const script = 'TIMEFORMAT="%3U %3S"; time "$0" classify --jobs 1 < "$1" > /dev/null';
    const r = spawnSync("bash", ["-c", script, bin, file], { encoding: "utf8" });
    const [user, system] = r.stderr.trim().split("\n").pop().split(" ").map(Number);
    if (r.status !== 0 || Number.isNaN(user + system)) throw new Error(`${bin} classify failed: ${r.stderr}`);
    return (user + system) * 1000;
  };
  time(twice);
  const native = median(Array.from({ length: RUNS }, () => time(twice) - time(some))) / n;
  const ratio = native / speed.perMessageMs;
  lines.push(`speed (CPU time): WebAssembly ${(speed.perMessageMs * 1000).toFixed(1)} us/message, native ${(native * 1000).toFixed(1)} us/message (${n} messages of the mix): WebAssembly at ${ratio.toFixed(2)} of native; budget >= 0.5 ${verdict(ratio >= 0.5)}`);

  // Memory: a 5 MB message, straight into the module and through the background.
  const direct = runChild("memory", "direct");
  const background = runChild("memory", "background");
  lines.push(`memory: a ${(direct.bytes / 1e6).toFixed(1)} MB message leaves the module at ${(background.memory / MiB).toFixed(1)} MiB through the background (engine.js cuts the text), ${(direct.memory / MiB).toFixed(1)} MiB given whole; budget 64 MiB ${verdict(background.memory <= 64 * MiB)}`);

  writeSection("engine: WebAssembly (scripts/bench-wasm.mjs)", lines);
  process.stdout.write(lines.join("\n") + "\n");
}

if (process.argv[2] === "--child") {
  process.stdout.write(JSON.stringify(await child(process.argv[3], process.argv[4])));
} else {
  await main();
}
