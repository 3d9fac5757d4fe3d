// `make dist`: the store packages dist/overdue-guard-chrome.zip and
// dist/overdue-guard-firefox.zip from the built repository root (manifest.json,
// extension/, pkg/*.js and *.wasm, _locales/). The one manifest serves both
// browsers; each zip gets it without the other browser's keys, so neither
// store warns: Chrome's drops background.scripts and browser_specific_settings,
// Firefox's drops background.service_worker.
//
// Also dist/overdue-guard-source.zip, the source package the Firefox store asks
// for with compiled WebAssembly: every file git tracks (SOURCE.md has the build
// steps) and BUILD-ENV.txt with the versions of the tools of this build.
//
// DIST_DIR=dir writes elsewhere (the tests do). `stagePackage` is exported
// for the test that lints the Firefox package.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const dist = path.resolve(root, process.env.DIST_DIR || "dist");

function fail(message) {
  console.error(`dist: ${message}`);
  process.exit(1);
}

const manifestPath = path.join(root, "manifest.json");
if (!fs.existsSync(manifestPath)) fail("manifest.json is missing at the repository root");
const manifest = JSON.parse(fs.readFileSync(manifestPath, "utf8"));
for (const need of ["pkg/overdue_guard.js", "pkg/overdue_guard_bg.wasm", "extension"]) {
  if (!fs.existsSync(path.join(root, need))) fail(`${need} is missing: run make build`);
}
const hasLocales = fs.existsSync(path.join(root, "_locales"));
if (manifest.default_locale && !hasLocales) fail("manifest has default_locale but _locales/ is missing");

/** The manifest for one browser. */
function manifestFor(browser) {
  const m = structuredClone(manifest);
  if (browser === "chrome") {
    delete m.browser_specific_settings;
    if (m.background?.service_worker) delete m.background.scripts;
  } else if (m.background?.scripts) {
    delete m.background.service_worker;
  }
  return m;
}

/** Every file path the manifest names (globs and URLs aside). */
function referencedFiles(value, out = new Set()) {
  if (typeof value === "string") {
    if (/^[\w./-]+\.(js|mjs|css|html|png|svg|json|wasm)$/.test(value) && !value.includes("://")) out.add(value.replace(/^\//, ""));
  } else if (value && typeof value === "object") {
    for (const v of Object.values(value)) referencedFiles(v, out);
  }
  return out;
}

/** Copies a directory, skipping dot files and editor leftovers. */
function copyDir(from, to, keep = () => true) {
  fs.mkdirSync(to, { recursive: true });
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name.endsWith("~")) continue;
    const src = path.join(from, entry.name);
    const dst = path.join(to, entry.name);
    if (entry.isDirectory()) copyDir(src, dst, keep);
    else if (entry.isFile() && keep(entry.name)) fs.copyFileSync(src, dst);
  }
}

/** Lays the package for `browser` out in `stage` (emptied first); fails on a missing file. */
export function stagePackage(browser, stage) {
  fs.rmSync(stage, { recursive: true, force: true });
  fs.mkdirSync(stage, { recursive: true });
  fs.writeFileSync(path.join(stage, "manifest.json"), JSON.stringify(manifestFor(browser), null, 2) + "\n");
  copyDir(path.join(root, "extension"), path.join(stage, "extension"));
  copyDir(path.join(root, "pkg"), path.join(stage, "pkg"), (name) => /\.(js|wasm)$/.test(name));
  if (hasLocales) copyDir(path.join(root, "_locales"), path.join(stage, "_locales"));

  for (const file of referencedFiles(manifestFor(browser))) {
    if (!fs.existsSync(path.join(stage, file))) fail(`${browser}: manifest.json names ${file}, which is not in the package`);
  }
}

/** Runs `command args` in `cwd`; fails with its name when it does not succeed. */
function run(command, args, options = {}) {
  const r = spawnSync(command, args, { encoding: "utf8", ...options });
  if (r.error || r.status !== 0) fail(`${command} ${args[0] ?? ""} failed: ${r.error?.message ?? r.stderr?.trim() ?? `status ${r.status}`}`);
  return r.stdout ?? "";
}

/** `command --version`'s first line, or "not found". */
function versionOf(command, args = ["--version"]) {
  const r = spawnSync(command, args, { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim().split("\n")[0] : "not found";
}

/** The versions of the tools this build used, for BUILD-ENV.txt. */
function buildEnv() {
  const lock = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8"));
  return [
    "# The tools that built this package (see SOURCE.md for the steps).",
    `rustc: ${versionOf("rustc")}`,
    `cargo: ${versionOf("cargo")}`,
    `wasm-bindgen: ${versionOf("wasm-bindgen")}`,
    `node: ${process.version}`,
    `npm: ${versionOf("npm")}`,
    `binaryen (npm): ${lock.packages?.["node_modules/binaryen"]?.version ?? "not found"}`,
    `zip: ${/This is Zip (\S+)/.exec(spawnSync("zip", ["-v"], { encoding: "utf8" }).stdout ?? "")?.[1] ?? "not found"}`,
    "",
  ].join("\n");
}

/** dist/overdue-guard-source.zip: every tracked file, plus BUILD-ENV.txt. */
function sourceZip() {
  const files = run("git", ["ls-files", "-z"], { cwd: root }).split("\0").filter((f) => f && fs.existsSync(path.join(root, f)));
  if (!files.includes("SOURCE.md")) fail("SOURCE.md (the build steps) is not tracked by git");
  const zip = path.join(dist, "overdue-guard-source.zip");
  fs.rmSync(zip, { force: true });
  run("zip", ["-X", "-9", "-q", zip, "-@"], { cwd: root, input: files.join("\n") + "\n" });
  const extra = fs.mkdtempSync(path.join(dist, "source-"));
  fs.writeFileSync(path.join(extra, "BUILD-ENV.txt"), buildEnv());
  run("zip", ["-X", "-9", "-q", zip, "BUILD-ENV.txt"], { cwd: extra });
  fs.rmSync(extra, { recursive: true });
  console.log(`dist: ${path.relative(root, zip)} ${fs.statSync(zip).size} bytes (${files.length + 1} files)`);
}

function main() {
  fs.mkdirSync(dist, { recursive: true });
  for (const browser of ["chrome", "firefox"]) {
    const stage = path.join(dist, browser);
    stagePackage(browser, stage);
    const zip = path.join(dist, `overdue-guard-${browser}.zip`);
    fs.rmSync(zip, { force: true });
    run("zip", ["-X", "-r", "-9", "-q", zip, "."], { cwd: stage });
    fs.rmSync(stage, { recursive: true });
    console.log(`dist: ${path.relative(root, zip)} ${fs.statSync(zip).size} bytes`);
  }
  sourceZip();
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
