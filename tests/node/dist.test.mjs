// The store packages (issue 8): the Firefox package passes `web-ext lint` with
// no error and no warning, and `make dist` writes the source package the
// Firefox store asks for, with the build steps and the tools' versions.
// Needs `make build` (pkg/, _locales/); `make test` does.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "og-dist-"));
process.on("exit", () => fs.rmSync(tmp, { recursive: true, force: true }));

test("the Firefox package passes web-ext lint with 0 errors and 0 warnings", async () => {
  const { stagePackage } = await import(pathToFileURL(path.join(root, "scripts/dist.mjs")).href);
  const stage = path.join(tmp, "firefox");
  stagePackage("firefox", stage);
  const r = spawnSync(path.join(root, "node_modules/.bin/web-ext"), ["lint", "--source-dir", stage, "--output", "json", "--no-config-discovery"], { encoding: "utf8" });
  const out = JSON.parse(r.stdout);
  const list = (kind) => out[kind].map((m) => `${m.code}: ${m.message} (${m.file ?? ""})`);
  assert.deepEqual({ errors: list("errors"), warnings: list("warnings") }, { errors: [], warnings: [] });
  const manifest = JSON.parse(fs.readFileSync(path.join(stage, "manifest.json"), "utf8"));
  assert.equal(manifest.background.service_worker, undefined, "the Firefox manifest has no service worker key");
});

test("make dist writes the source package with its build steps", () => {
  const out = path.join(tmp, "dist");
  const r = spawnSync(process.execPath, [path.join(root, "scripts/dist.mjs")], { env: { ...process.env, DIST_DIR: out }, encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  for (const name of ["overdue-guard-chrome.zip", "overdue-guard-firefox.zip", "overdue-guard-source.zip"]) {
    assert.ok(fs.existsSync(path.join(out, name)), name);
  }
  const zip = path.join(out, "overdue-guard-source.zip");
  const listed = spawnSync("unzip", ["-Z1", zip], { encoding: "utf8" }).stdout.split("\n");
  for (const file of ["SOURCE.md", "BUILD-ENV.txt", "Cargo.toml", "Cargo.lock", "package.json", "package-lock.json", "Makefile",
    "build.rs", "src/lib.rs", "src/wasm.rs", "data/signals.toml", "scripts/build.sh", "scripts/dist.mjs", "manifest.json", "extension/background/main.js"]) {
    assert.ok(listed.includes(file), `${file} is in the source package`);
  }
  assert.ok(!listed.some((f) => /^(target|node_modules|pkg|dist)\//.test(f)), "no build output in the source package");
  const read = (file) => spawnSync("unzip", ["-p", zip, file], { encoding: "utf8" }).stdout;
  const steps = read("SOURCE.md");
  for (const needed of ["wasm32-unknown-unknown", "wasm-bindgen-cli", "0.2.130", "npm ci", "make dist", "wasm-opt -Oz", "cargo build --profile wasm --target wasm32-unknown-unknown --lib"]) {
    assert.ok(steps.includes(needed), `SOURCE.md names ${needed}`);
  }
  const pinned = /wasm-bindgen = "=([\d.]+)"/.exec(fs.readFileSync(path.join(root, "Cargo.toml"), "utf8"))[1];
  assert.ok(steps.includes(`--version ${pinned}`), `SOURCE.md installs the wasm-bindgen-cli that Cargo.toml pins (${pinned})`);
  const env = read("BUILD-ENV.txt");
  assert.match(env, /^rustc: rustc \d+\.\d+/m);
  assert.match(env, /^wasm-bindgen: wasm-bindgen 0\.2\.130$/m);
  assert.match(env, /^binaryen \(npm\): \d+/m);
});
