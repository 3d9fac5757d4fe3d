// The command-line demo, used by `make demo` until demo/run.mjs exists: runs
// `overdue-guard check` on each message of a JSON Lines file and shows the
// readable reports. Usage: node scripts/demo-cli.mjs BIN FILE.jsonl
import { spawnSync } from "node:child_process";
import fs from "node:fs";

const [bin, file] = process.argv.slice(2);
if (!bin || !file) {
  console.error("usage: node scripts/demo-cli.mjs BIN FILE.jsonl");
  process.exit(2);
}
const lines = fs.readFileSync(file, "utf8").split("\n").filter((l) => l.trim());
let failed = 0;
for (const line of lines) {
  const m = JSON.parse(line);
  const args = ["check", "--", m.text];
  if (m.sender) args.splice(1, 0, "--sender", m.sender);
  if (m.channel) args.splice(1, 0, "--channel", m.channel);
  console.log(`\n### ${m.id ?? ""}  ${m.sender ?? ""}\n${m.text}\n`);
  const r = spawnSync(bin, args, { stdio: ["ignore", "inherit", "inherit"] });
  if (r.status !== 0) failed += 1;
}
console.log(`\ndemo: checked ${lines.length} messages with ${bin.split("/").pop()}`);
process.exit(failed ? 1 : 0);
