// "Scan this page": the generic adapter injected on demand into the active tab
// (activeTab + scripting; no host permission for arbitrary sites).

/** The files of the generic adapter, in load order. */
export const GENERIC_CSS = ["extension/content/marks.css"];
export const GENERIC_JS = [
  "extension/content/base.js",
  "extension/content/read.js",
  "extension/content/marks.js",
  "extension/content/card.js",
  "extension/content/schedule.js",
  "extension/content/adapters/generic.js",
  "extension/content/start.js",
];

/** The active tab of the focused window, or null. */
export async function activeTabId() {
  const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
  return tab?.id ?? null;
}

/** Injects the generic adapter into `tabId`'s top frame. Throws when the page can't be scripted. */
export async function scanPage(tabId) {
  const target = { tabId };
  await chrome.scripting.insertCSS({ target, files: GENERIC_CSS });
  await chrome.scripting.executeScript({ target, files: GENERIC_JS });
}

/** The key of the last scan summary in storage.session. */
export const LAST_SCAN_KEY = "lastScan";

/** Keeps the summary a content script reported (the worker may stop before the popup asks). */
export async function storeSummary(tabId, counts) {
  await chrome.storage.session.set({ [LAST_SCAN_KEY]: { tabId, counts, at: Date.now() } });
}

/** The last stored summary, or null. */
export async function lastSummary() {
  const stored = await chrome.storage.session.get(LAST_SCAN_KEY);
  return stored[LAST_SCAN_KEY] ?? null;
}

/** Forgets the last summary (a new scan starts). */
export async function clearSummary() {
  await chrome.storage.session.remove(LAST_SCAN_KEY);
}
