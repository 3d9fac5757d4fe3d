// overdue-guard demo: runs the built extension in Chromium on pages that imitate the supported
// sites, served at the sites' real addresses (nothing is fetched from the network), waits for
// the marks, writes screenshots to demo/out/<site>.png (and <site>-card.png with the
// explanation card open; in demo/out/<lang>/ with --lang) and prints what was marked.
// `make demo` runs it in English and in Chinese; the gmail-dark page shows the dark theme.
//
// It builds nothing: `make demo` builds the extension (pkg/, _locales/) first.
// Headless when DISPLAY is unset, a visible window otherwise.
//
//   node demo/run.mjs [--lang=zh_CN|en] [site ...]   (default: the browser's language, every page)

import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { launch, repoRoot, drawn, waitDrawn, center } from "../tests/e2e/harness.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(repoRoot, "tests/e2e/fixtures");
const outBase = path.join(here, "out");
let outDir = outBase;

/** Each demo: a name, the address it is opened at, what is served where, and optional CSS added
 *  to the served pages (a dark theme: the badge and card follow the page's colours). */
const DEMOS = [
  { name: "gmail", url: "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWlmnopq",
    serve: { "https://mail.google.com/**": "gmail/thread.html" } },
  { name: "gmail-dark", url: "https://mail.google.com/mail/u/0/#inbox/FMfcgzQXJWlmnopq",
    serve: { "https://mail.google.com/**": "gmail/thread.html" },
    css: "body{background:#1f1f1f !important;color:#e3e3e3 !important}div[role=main]{background:#2d2e30 !important}" },
  { name: "outlook", url: "https://outlook.cloud.microsoft/mail/inbox/id/AAQkADc1",
    serve: { "https://outlook.cloud.microsoft/**": "outlook/reading-zh.html" } },
  { name: "outlook-en", url: "https://outlook.live.com/mail/0/inbox/id/AAQkADe1",
    serve: { "https://outlook.live.com/**": "outlook/reading-en.html" } },
  { name: "qqmail", url: "https://wx.mail.qq.com/home/index?sid=demo#/list/1/read/ZC0106",
    serve: { "https://wx.mail.qq.com/**": "qqmail/new-ui.html" } },
  { name: "qqmail-classic", url: "https://mail.qq.com/cgi-bin/frame_html?sid=demo",
    serve: { "https://mail.qq.com/cgi-bin/frame_html*": "qqmail/classic-frame.html",
      "https://mail.qq.com/cgi-bin/readmail*": "qqmail/classic-readmail.html" } },
  { name: "netease", url: "https://mail.163.com/js6/main.jsp?sid=demo#module=read.ReadModule%7C%7B%7D",
    serve: { "https://mail.163.com/js6/main.jsp*": "netease/main.html",
      "https://mail.163.com/js6/read/readhtml.jsp?mid=1:1tbiAGENCY*": "netease/readhtml-agency.html",
      "https://mail.163.com/js6/read/readhtml.jsp?mid=1:1tbiBILL*": "netease/readhtml-bill.html" } },
  { name: "gmessages", url: "https://messages.google.com/web/conversations/43",
    serve: { "https://messages.google.com/web/conversations/43": "gmessages/conversation.html" } },
  { name: "gmessages-95384", url: "https://messages.google.com/web/conversations/42",
    serve: { "https://messages.google.com/web/conversations/42": "gmessages/conversation-95384.html" } },
  { name: "gmessages-106", url: "https://messages.google.com/web/conversations/44",
    serve: { "https://messages.google.com/web/conversations/44": "demo:gmessages-106.html" } },
  { name: "gvoice", url: "https://voice.google.com/u/0/messages?itemId=t.%2B15555550123",
    serve: { "https://voice.google.com/**": "gvoice/thread.html" } },
];

const fileFor = (spec) => (spec.startsWith("demo:") ? path.join(here, "pages", spec.slice(5)) : path.join(fixtures, spec));

/** Counts the marks in every frame of the page. */
async function countMarks(page) {
  const totals = { scanned: 0, benign: 0, suspicious: 0, scam: 0, overdue: 0, links: 0, senders: 0 };
  for (const frame of page.frames()) {
    const c = await frame.evaluate(() => {
      const v = [...document.querySelectorAll("[data-og-verdict]")];
      return {
        scanned: v.length,
        benign: v.filter((e) => e.dataset.ogVerdict === "benign").length,
        suspicious: v.filter((e) => e.dataset.ogVerdict === "suspicious").length,
        scam: v.filter((e) => e.dataset.ogVerdict === "scam").length,
        overdue: v.filter((e) => e.dataset.ogOverdue === "true").length,
        links: document.querySelectorAll("a[data-og-flag]").length,
        senders: document.querySelectorAll("[data-og-flag]:not(a)").length,
      };
    }).catch(() => null);
    if (c) for (const k of Object.keys(totals)) totals[k] += c[k];
  }
  return totals;
}

/** Waits until the marks stop changing (or 12 s pass). */
async function settle(page) {
  let last = "", stable = 0;
  for (let i = 0; i < 60 && stable < 4; i++) {
    await page.waitForTimeout(200);
    const now = JSON.stringify(await countMarks(page));
    stable = now === last && now.includes('"scanned":0') === false ? stable + 1 : 0;
    last = now;
  }
}

async function main() {
  try {
    await fs.access(path.join(repoRoot, "pkg/overdue_guard_bg.wasm"));
  } catch {
    console.error("pkg/ is missing: run `make demo` (or `make build` first).");
    process.exit(2);
  }
  const args = process.argv.slice(2);
  const lang = (args.find((a) => a.startsWith("--lang=")) || "").slice(7);
  const wanted = args.filter((a) => !a.startsWith("--"));
  if (lang) outDir = path.join(outBase, lang);
  const demos = wanted.length ? DEMOS.filter((d) => wanted.includes(d.name)) : DEMOS;
  await fs.mkdir(outDir, { recursive: true });
  const headless = !process.env.DISPLAY;
  const h = await launch({ headless });
  if (lang) {
    await h.serviceWorker.evaluate(async (language) => {
      const { settings = {} } = await chrome.storage.sync.get("settings");
      await chrome.storage.sync.set({ settings: { ...settings, language } });
    }, lang);
  }
  const rows = [];
  try {
    for (const d of demos) {
      for (const [glob, spec] of Object.entries(d.serve)) {
        await h.route(glob, async (route) => {
          const html = await fs.readFile(fileFor(spec), "utf8");
          const body = d.css ? html.replace("</head>", `<style>${d.css}</style></head>`) : html;
          await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body });
        });
      }
      const page = await h.context.newPage();
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(d.url);
      await settle(page);
      const counts = await countMarks(page);
      await page.screenshot({ path: path.join(outDir, `${d.name}.png`) });
      // the card of the most serious message: hover its badge (badges live in closed shadow
      // roots: their places come from the extension's own view of what it drew)
      const { badges } = await drawn(page).catch(() => ({ badges: [] }));
      const badge = ["scam", "suspicious", "benign"].map((v) => badges.find((b) => b.visible && b.verdict === v)).find(Boolean);
      if (badge) {
        const at = center(badge.rect);
        await page.mouse.move(at.x, at.y);
        await waitDrawn(page, (v) => v.card, "the card", 3000).catch(() => {});
        await page.waitForTimeout(150);
        await page.screenshot({ path: path.join(outDir, `${d.name}-card.png`) });
      }
      rows.push({ site: d.name, ...counts });
      await page.close();
    }
  } finally {
    await h.close();
  }
  const cols = ["site", "scanned", "benign", "suspicious", "scam", "overdue", "links", "senders"];
  const head = ["site", "messages", "benign", "suspicious", "scam", "overdue", "flagged links", "flagged senders"];
  const width = head.map((t, i) => Math.max(t.length, ...rows.map((r) => String(r[cols[i]]).length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(width[i])).join("  ");
  console.log(line(head));
  console.log(line(width.map((w) => "-".repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
  console.log(`\nscreenshots: ${path.relative(process.cwd(), outDir) || "."}/<site>.png and <site>-card.png`);
  if (h.requests.length) {
    console.log(`\n${h.requests.length} request(s) tried to leave the browser and were blocked:`);
    for (const r of h.requests) console.log(`  ${r.method} ${r.url}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
