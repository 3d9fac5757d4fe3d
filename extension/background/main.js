// The background of overdue-guard: hosts the classifier, answers content
// scripts and pages, owns the context menu. A module service worker on
// Chromium and an event page on Firefox: every listener is registered
// synchronously here, state lives in storage, and the engine starts lazily.

import { onMessage } from "./router.js";
import { createMenus, handleMenuClick } from "./menus.js";
import { forgetSettings } from "./context.js";
import { scanPage } from "./scan.js";
import { Msg } from "../shared/messages.js";
import { SETTINGS_KEY } from "../shared/settings.js";

/** Tells every tab's content script to scan again (settings changed). */
async function rescanTabs() {
  const tabs = await chrome.tabs.query({});
  await Promise.all(
    tabs.map((tab) => chrome.tabs.sendMessage(tab.id, { type: Msg.RESCAN }).catch(() => {})),
  );
}

function onStorageChanged(changes, area) {
  if (area !== "sync" || !changes[SETTINGS_KEY]) return;
  forgetSettings();
  createMenus().catch((e) => console.warn("overdue-guard: menus:", e));
  rescanTabs().catch((e) => console.warn("overdue-guard: rescan:", e));
}

function setUpMenus() {
  createMenus().catch((e) => console.warn("overdue-guard: menus:", e));
}

chrome.runtime.onInstalled.addListener(setUpMenus);
chrome.runtime.onStartup.addListener(setUpMenus);
chrome.contextMenus.onClicked.addListener((info, tab) => {
  handleMenuClick(info, tab);
});
chrome.runtime.onMessage.addListener(onMessage);
chrome.storage.onChanged.addListener(onStorageChanged);

// For the end-to-end tests (serviceWorker.evaluate): the same handlers the events call.
globalThis.overdueGuard = Object.freeze({ handleMenuClick, scanPage, rescanTabs, onMessage });

export { handleMenuClick, scanPage, rescanTabs };
