// How a message read on a page came: the supported sites are webmail or SMS
// sites, and the manifest's content scripts say which site a page belongs to
// (each runs one adapter). The context menu uses it for selected text, whose
// verdict thresholds differ for e-mail (the page's own cards get the channel
// from their adapter).

/** The adapters of the SMS sites; every other supported site is webmail. */
const SMS_ADAPTERS = new Set(["gmessages.js", "gvoice.js"]);

/** The host a match pattern such as `https://mail.google.com/*` names, or null. */
function patternHost(pattern) {
  const m = /^https:\/\/([^/*]+)\//.exec(pattern);
  return m ? m[1].toLowerCase() : null;
}

/**
 * "email" or "sms" for a page of a supported site, else undefined.
 * `contentScripts`: the manifest's `content_scripts`.
 */
export function channelOfPage(pageUrl, contentScripts) {
  let host;
  try {
    const url = new URL(pageUrl);
    if (url.protocol !== "https:") return undefined;
    host = url.hostname.toLowerCase();
  } catch {
    return undefined;
  }
  for (const script of Array.isArray(contentScripts) ? contentScripts : []) {
    if (!(script.matches ?? []).some((p) => patternHost(p) === host)) continue;
    const adapter = (script.js ?? []).find((f) => f.includes("/adapters/"));
    if (!adapter) continue;
    return SMS_ADAPTERS.has(adapter.split("/").pop()) ? "sms" : "email";
  }
  return undefined;
}
