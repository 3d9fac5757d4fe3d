// Right-click "check selected text" / "check this link". The background
// classifies what the menu delivers (no page access needed for that), then asks
// the page's content script to show the card; where there is none (unsupported
// site, restricted page), the report opens in a small window instead.

import { Msg } from "../shared/messages.js";
import { requestContext, check, currentSettings } from "./context.js";
import { translatorFor } from "../shared/i18n.js";
import { channelOfPage } from "../shared/channel.js";

export const MENU_SELECTION = "og-check-selection";
export const MENU_LINK = "og-check-link";

/** storage.session key prefix of reports waiting for the report window. */
export const REPORT_PREFIX = "report:";
const KEEP_REPORTS = 10;

let menuChain = Promise.resolve();

async function buildMenus() {
  const { t } = await translatorFor((await currentSettings()).language);
  await chrome.contextMenus.removeAll();
  const done = () => void chrome.runtime.lastError;
  chrome.contextMenus.create({ id: MENU_SELECTION, title: t("menu_check_selection"), contexts: ["selection"] }, done);
  chrome.contextMenus.create({ id: MENU_LINK, title: t("menu_check_link"), contexts: ["link"] }, done);
}

/** (Re)creates the two menu items in the user's language; calls run one after another. */
export function createMenus() {
  menuChain = menuChain.then(buildMenus, buildMenus);
  return menuChain;
}

/** The message a menu click asks to check, or null. */
export function menuMessage(info) {
  if (info.menuItemId === MENU_SELECTION && info.selectionText) {
    // Selected on a supported site: it came as that site's messages do.
    const channel = channelOfPage(info.frameUrl || info.pageUrl, chrome.runtime.getManifest().content_scripts);
    return { from: "selection", message: { text: info.selectionText, ...(channel ? { channel } : {}) } };
  }
  if (info.menuItemId === MENU_LINK && info.linkUrl) {
    return { from: "link", message: { text: info.linkUrl, links: [{ href: info.linkUrl, text: info.linkUrl }] } };
  }
  return null;
}

/** Opens report.html in a small window with the stored payload. */
async function openReportWindow(payload) {
  const id = crypto.randomUUID();
  const all = await chrome.storage.session.get(null);
  const old = Object.keys(all).filter((k) => k.startsWith(REPORT_PREFIX)).sort((a, b) => all[a].at - all[b].at);
  if (old.length >= KEEP_REPORTS) await chrome.storage.session.remove(old.slice(0, old.length - KEEP_REPORTS + 1));
  await chrome.storage.session.set({ [REPORT_PREFIX + id]: { ...payload, at: Date.now() } });
  const url = chrome.runtime.getURL(`extension/popup/report.html?id=${id}`);
  const win = await chrome.windows.create({ url, type: "popup", width: 460, height: 640 });
  return { id, windowId: win?.id ?? null };
}

/**
 * contextMenus.onClicked listener. Resolves to what happened, for tests:
 * {shown: "card"} or {shown: "window", id, windowId} or {shown: null, error}.
 */
export async function handleMenuClick(info, tab) {
  const request = menuMessage(info);
  if (!request) return { shown: null, error: "nothing to check" };
  try {
    const ctx = await requestContext();
    const { report, view, text } = await check(request.message, ctx, { followMessage: true });
    const payload = { type: Msg.SHOW_REPORT, report, view, text, from: request.from };
    if (tab && Number.isInteger(tab.id) && tab.id >= 0) {
      try {
        const response = await chrome.tabs.sendMessage(tab.id, payload, { frameId: info.frameId ?? 0 });
        if (response && response.ok) return { shown: "card" };
      } catch {
        // no content script in that frame: fall back to the window
      }
    }
    const { type: _type, ...stored } = payload;
    return { shown: "window", ...(await openReportWindow(stored)) };
  } catch (e) {
    console.warn("overdue-guard: context-menu check failed:", e);
    return { shown: null, error: String(e && e.message ? e.message : e) };
  }
}
