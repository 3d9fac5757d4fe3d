// `make bench`, second half: is the command fast enough to run over a whole
// mailbox? Generates 200,000 messages as JSON Lines (texts of the corpora in
// a fixed pseudo-random order, so every run sees the same file), times
// `overdue-guard classify` over them against one `grep -F -f keywords` pass
// over the same file (median of 3 each; hyperfine when installed), and writes
// target/bench-summary.txt. The target: classify within 40× of grep.
//
// Usage: node scripts/bench-cli.mjs BIN [CORPORA_DIR] [COUNT]
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [bin, corpora = "../shared/corpora", countArg = "200000"] = process.argv.slice(2);
const COUNT = Number(countArg);
const TARGET_RATIO = 40;
const RUNS = 3;
if (!bin || !fs.existsSync(bin) || !(COUNT > 0)) {
  console.error("usage: node scripts/bench-cli.mjs BIN [CORPORA_DIR] [COUNT]");
  process.exit(2);
}

/** Messages to draw from: the corpora's, else the bundled examples. */
function pool() {
  const out = [];
  const jsonl = (file) => {
    if (!fs.existsSync(file)) return;
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const { text, sender, channel } = JSON.parse(line);
      if (typeof text === "string") out.push({ text, ...(sender ? { sender } : {}), ...(channel ? { channel } : {}) });
    }
  };
  jsonl(path.resolve(root, corpora, "dev/messages.jsonl"));
  jsonl(path.resolve(root, corpora, "labelled-public/messages.jsonl"));
  const uci = path.resolve(root, corpora, "uci-sms-spam/SMSSpamCollection");
  if (fs.existsSync(uci)) {
    for (const line of fs.readFileSync(uci, "utf8").split("\n")) {
      const tab = line.indexOf("\t");
      if (tab > 0) out.push({ text: line.slice(tab + 1), channel: "sms" });
    }
  }
  if (out.length === 0) {
    console.error(`bench: no corpora in ${corpora}; using tests/data/examples.jsonl`);
    jsonl(path.join(root, "tests/data/examples.jsonl"));
  }
  return out;
}

/** mulberry32: a small seeded generator, so the file is the same every run. */
function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const dir = path.join(root, "target/bench");
fs.mkdirSync(dir, { recursive: true });
const input = path.join(dir, "messages.jsonl");
const messages = pool();
const next = rng(20260101);
const lines = [];
for (let i = 0; i < COUNT; i++) {
  const m = messages[Math.floor(next() * messages.length)];
  lines.push(JSON.stringify({ id: i + 1, ...m }));
}
fs.writeFileSync(input, lines.join("\n") + "\n");
const bytes = fs.statSync(input).size;
console.log(`bench: ${COUNT} messages (${(bytes / 1048576).toFixed(1)} MiB) from ${messages.length} texts -> ${path.relative(root, input)}`);

const keywords = path.join(root, "scripts/bench-keywords.txt");
// Both write their output to a file: GNU grep stops at the first match when
// its output is /dev/null, which would not be one pass.
const commands = {
  classify: { cmd: bin, args: ["classify"], out: path.join(dir, "reports.jsonl"), env: {} },
  grep: { cmd: "grep", args: ["-F", "-f", keywords, input], out: path.join(dir, "grep.out"), env: { LC_ALL: "C" } },
};

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeOnce({ cmd, args, out, env }) {
  const inFd = fs.openSync(input, "r");
  const outFd = fs.openSync(out, "w");
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { stdio: [inFd, outFd, "inherit"], env: { ...process.env, ...env } });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  fs.closeSync(inFd);
  fs.closeSync(outFd);
  if (r.error) throw r.error;
  // grep: 1 means "no line matched", which is still a full pass.
  if (r.status !== 0 && !(cmd === "grep" && r.status === 1)) {
    throw new Error(`${cmd} exited with status ${r.status}`);
  }
  return seconds;
}

function hyperfine() {
  const which = spawnSync("sh", ["-c", "command -v hyperfine"], { encoding: "utf8" });
  if (which.status !== 0) return null;
  const json = path.join(dir, "hyperfine.json");
  const sh = (c) => [c.env.LC_ALL ? `LC_ALL=${c.env.LC_ALL}` : "", c.cmd, ...c.args].filter(Boolean)
    .map((w) => (w.includes("=") && w.startsWith("LC_") ? w : `'${w}'`)).join(" ") + ` < '${input}' > '${c.out}'`;
  const r = spawnSync("hyperfine", ["--runs", String(RUNS), "--warmup", "1", "-i", "--export-json", json,
    "-n", "classify", sh(commands.classify), "-n", "grep", sh(commands.grep)], { stdio: "inherit" });
  if (r.status !== 0) return null;
  const results = JSON.parse(fs.readFileSync(json, "utf8")).results;
  return { classify: results[0].median, grep: results[1].median, tool: "hyperfine" };
}

let result = hyperfine();
if (!result) {
  result = { tool: `median of ${RUNS} runs` };
  for (const [name, c] of Object.entries(commands)) {
    timeOnce(c); // warm the page cache and the binary
    result[name] = median(Array.from({ length: RUNS }, () => timeOnce(c)));
  }
}
const reports = fs.readFileSync(commands.classify.out, "utf8").split("\n").filter(Boolean).length;
if (reports !== COUNT) throw new Error(`classify wrote ${reports} reports for ${COUNT} messages`);

const ratio = result.classify / result.grep;
const summary = [
  `overdue-guard CLI throughput (${new Date().toISOString().slice(0, 10)}, ${result.tool})`,
  `input: ${COUNT} messages, ${bytes} bytes (JSON Lines)`,
  `overdue-guard classify: ${result.classify.toFixed(3)} s median (${Math.round(COUNT / result.classify)} messages/s, ${(bytes / 1048576 / result.classify).toFixed(1)} MiB/s)`,
  `grep -F -f keywords:    ${result.grep.toFixed(3)} s median`,
  `ratio: ${ratio.toFixed(1)}x grep (target: within ${TARGET_RATIO}x) ${ratio <= TARGET_RATIO ? "MET" : "MISSED"}`,
].join("\n") + "\n";
fs.writeFileSync(path.join(root, "target/bench-summary.txt"), summary);
for (const c of Object.values(commands)) fs.rmSync(c.out, { force: true });
process.stdout.write(summary);
