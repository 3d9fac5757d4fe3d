// target/bench-summary.txt is shared by several bench scripts: each writes
// its own section (a `== title ==` line and the lines up to the next one),
// replacing the section of the same title and leaving the others alone.
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SUMMARY = path.join(root, "target/bench-summary.txt");

/** Replaces (or appends) the section `title` of the summary with `lines`. */
export function writeSection(title, lines) {
  const head = `== ${title} ==`;
  const old = fs.existsSync(SUMMARY) ? fs.readFileSync(SUMMARY, "utf8") : "";
  const sections = [];
  let current = null;
  for (const line of old.split("\n")) {
    if (/^== .* ==$/.test(line)) sections.push((current = [line]));
    else if (current) current.push(line);
    else if (line.trim()) sections.push((current = [line]));
  }
  const body = [head, ...lines, ""];
  const at = sections.findIndex((s) => s[0] === head);
  if (at >= 0) sections[at] = body;
  else sections.push(body);
  const text = sections.map((s) => s.join("\n").replace(/\n+$/, "")).join("\n\n") + "\n";
  fs.mkdirSync(path.dirname(SUMMARY), { recursive: true });
  fs.writeFileSync(SUMMARY, text);
}

/** Median of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** `PASS` or `FAIL`. */
export const verdict = (ok) => (ok ? "PASS" : "FAIL");
