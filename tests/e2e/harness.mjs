// End-to-end harness: runs the unpacked extension (the repository root) in the
// system Chromium, headless, with every network request either served from a
// local fixture or aborted and recorded.
//
// The extension promises that nothing leaves the browser; the harness makes that
// checkable: `requests` lists every request that was not served locally (the
// privacy test asserts it stays empty), and the browser's own resolver maps every
// host to nothing, so even a request the harness does not see cannot go out.
//
// API (shared by every end-to-end test; keep it stable):
//   launch({headless = true} = {}) → {context, extensionId, serviceWorker, requests,
//                                     route(urlGlob, fixturePathOrHandler), close()}
//   openPopup(context, extensionId) → Page     (extension/popup/popup.html in a tab)
//   openOptions(context, extensionId) → Page   (extension/options/options.html in a tab)
//   pageReady(page) → Page                     (after a reload: waits for <html data-og-ready>)
//   inContentScripts(page, expression) → value (evaluated in the extension's content-script world)
//   injectContent(page, adapter?)              (the content scripts, as the manifest lists them,
//                                               without start.js, into the page's own world)
//   drawn(page) → {badges, card}               (what the extension drew in the top frame, as it
//                                               sees it: badges and card live in closed shadow roots)
//   waitDrawn(page, test, what, timeout?)      (polls drawn() until test(view) is truthy)
//   center(rect) → {x, y}
//   repoRoot, fixturesDir

import { chromium } from "playwright-core";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root: the unpacked extension. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** Where the site fixture pages live. */
export const fixturesDir = path.join(repoRoot, "tests/e2e/fixtures");

const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".htm": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".txt": "text/plain; charset=utf-8",
};

/** URLs the browser serves itself; never counted as leaving the browser. */
function isLocalScheme(url) {
  return /^(chrome-extension|chrome|devtools|data|blob|about):/.test(url);
}

/** Serves `file` (or, for a directory, the URL's path inside it) for a request. */
async function fulfilFromFixture(route, request, fixture) {
  let file = fixture;
  const stat = await fs.stat(fixture).catch(() => null);
  if (stat && stat.isDirectory()) {
    const pathname = decodeURIComponent(new URL(request.url()).pathname);
    const rel = pathname.endsWith("/") ? pathname + "index.html" : pathname;
    file = path.join(fixture, path.normalize(rel).replace(/^(\.\.[/\\])+/, ""));
  }
  const body = await fs.readFile(file).catch(() => null);
  if (body === null) {
    await route.fulfill({ status: 404, contentType: "text/plain", body: "not in the fixture" });
    return;
  }
  const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || "application/octet-stream";
  await route.fulfill({ status: 200, contentType: type, body });
}

/**
 * Starts Chromium with the extension loaded.
 * @param {{headless?: boolean}} [options]
 */
export async function launch({ headless = true } = {}) {
  const userDataDir = await fs.mkdtemp(path.join(os.tmpdir(), "og-e2e-"));
  const args = [
    `--disable-extensions-except=${repoRoot}`,
    `--load-extension=${repoRoot}`,
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    // Nothing resolves: a request the harness does not intercept fails instead of leaving.
    "--host-resolver-rules=MAP * ~NOTFOUND",
    "--lang=en-US",
  ];
  if (headless) args.push("--headless=new");
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: false, // headless mode is chosen by the --headless=new flag above
    args,
    ignoreDefaultArgs: ["--disable-extensions", "--enable-automation"],
    viewport: { width: 1200, height: 800 },
    locale: "en-US",
  });

  /** Every request that was not served locally: {url, method, resourceType}. */
  const requests = [];
  const servedLocally = new WeakSet();
  const record = (request) => {
    const url = request.url();
    if (servedLocally.has(request) || isLocalScheme(url)) return;
    requests.push({ url, method: request.method(), resourceType: request.resourceType() });
  };
  context.on("requestfinished", record);
  context.on("requestfailed", record);

  // The catch-all is registered first, so every later route() takes precedence.
  // The extension's own files (chrome-extension://) pass through untouched.
  await context.route("**/*", (route, request) =>
    isLocalScheme(request.url()) ? route.continue() : route.abort("blockedbyclient"));

  /**
   * Serves requests matching `urlGlob` from a fixture file (every match gets the file),
   * a fixture directory (the URL's path inside it), or a handler `(route, request) => …`.
   */
  async function route(urlGlob, fixturePathOrHandler) {
    await context.route(urlGlob, async (r, request) => {
      servedLocally.add(request);
      if (typeof fixturePathOrHandler === "function") {
        await fixturePathOrHandler(r, request);
      } else {
        const fixture = path.isAbsolute(fixturePathOrHandler)
          ? fixturePathOrHandler
          : path.join(repoRoot, fixturePathOrHandler);
        await fulfilFromFixture(r, request, fixture);
      }
    });
  }

  let serviceWorker = context.serviceWorkers()[0];
  if (!serviceWorker) {
    serviceWorker = await context.waitForEvent("serviceworker", { timeout: 20000 }).catch(async (e) => {
      await context.close().catch(() => {});
      throw new Error(
        "the extension did not start (no background service worker): is it built (pkg/, _locales/) " +
          `and does every file the manifest names exist? (${e.message})`,
      );
    });
  }
  const extensionId = new URL(serviceWorker.url()).host;

  async function close() {
    await context.close().catch(() => {});
    await fs.rm(userDataDir, { recursive: true, force: true }).catch(() => {});
  }

  return { context, extensionId, serviceWorker, requests, route, close };
}

/** Waits until an extension page has drawn itself (it sets <html data-og-ready>). */
export async function pageReady(page) {
  await page.locator("html[data-og-ready]").waitFor({ state: "attached", timeout: 10000 });
  return page;
}

/** Opens the popup page in a tab (ready to use). */
export async function openPopup(context, extensionId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/extension/popup/popup.html`);
  return pageReady(page);
}

/** Opens the options page in a tab (ready to use). */
export async function openOptions(context, extensionId) {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${extensionId}/extension/options/options.html`);
  return pageReady(page);
}

/**
 * Loads the content scripts every site gets (the manifest's order, without the adapter and
 * start.js), then `adapter` if given, into the page's own world: OverdueGuard without the
 * extension, for tests of the reader and the adapters.
 */
export async function injectContent(page, adapter) {
  const manifest = JSON.parse(await fs.readFile(path.join(repoRoot, "manifest.json"), "utf8"));
  const files = manifest.content_scripts[0].js.filter((f) => !/\/adapters\/|\/start\.js$/.test(f));
  if (adapter) files.push(`extension/content/adapters/${adapter}.js`);
  for (const f of files) await page.addScriptTag({ content: await fs.readFile(path.join(repoRoot, f), "utf8") });
}

/**
 * Evaluates `expression` in the extension's content-script world of `page`'s top frame (through
 * the DevTools protocol; Playwright only reaches the page's own world) and returns its value
 * (promises are awaited).
 */
export async function inContentScripts(page, expression) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const contexts = [];
    cdp.on("Runtime.executionContextCreated", (e) => contexts.push(e.context));
    await cdp.send("Runtime.enable"); // reports the frame's existing contexts
    const { frameTree } = await cdp.send("Page.getFrameTree");
    const world = contexts.find((c) => c.auxData?.type === "isolated" && c.auxData?.frameId === frameTree.frame.id &&
      c.origin.startsWith("chrome-extension://"));
    if (!world) throw new Error("no content-script world in this page");
    const { result, exceptionDetails } = await cdp.send("Runtime.evaluate", { contextId: world.id, expression, returnByValue: true, awaitPromise: true });
    if (exceptionDetails) throw new Error(exceptionDetails.exception?.description || exceptionDetails.text);
    return result.value;
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** What the extension drew in `page`'s top frame, as the extension sees it (its closed shadow
 *  roots are invisible to the page and to Playwright's locators): {badges: [...], card: {...}|null}. */
export function drawn(page) {
  return inContentScripts(page, "globalThis.OverdueGuard?.marks?.inspect() ?? { badges: [], card: null }");
}

/** Polls drawn(page) until `test(view)` holds; returns that view. */
export async function waitDrawn(page, test, what, timeout = 5000) {
  const until = Date.now() + timeout;
  for (;;) {
    const view = await drawn(page);
    if (test(view)) return view;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(view).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The centre of a {x, y, w, h} rect. */
export const center = (r) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
