// The user's settings: defaults in one place, and the validation that both the
// options page (to show what is wrong) and the background (to never act on a bad
// value) apply. Stored in chrome.storage.sync under one key, "settings", so the
// whole object must fit in one sync item (8 192 bytes).

/** The supported sites, in the order the options page lists them. */
export const SITES = ["gmail", "outlook", "qqmail", "netease", "gmessages", "gvoice"];

/** The user's own lists; they are the engine's options. */
export const LISTS = ["trusted_senders", "blocked_senders", "trusted_domains", "blocked_domains"];

/** Languages the options page offers. */
export const LANGUAGES = ["auto", "zh_CN", "en"];

/** The storage.sync key. */
export const SETTINGS_KEY = "settings";

/** chrome.storage.sync's per-item quota (bytes of key + JSON value). */
export const SYNC_ITEM_BYTES = 8192;

/** At most this many lines per list (the quota is the real bound). */
export const MAX_LIST_ENTRIES = 200;

/** The settings of a fresh install. */
export function defaultSettings() {
  return {
    sites: Object.fromEntries(SITES.map((site) => [site, true])),
    trusted_senders: [],
    blocked_senders: [],
    trusted_domains: [],
    blocked_domains: [],
    language: "auto",
  };
}

/**
 * A sender line: a phone number, short code or port (digits, optionally with
 * "+", spaces, dashes or brackets) or an e-mail address. Returns the normalised
 * entry, or null when the line is not a sender.
 */
export function normaliseSender(line) {
  const entry = String(line).trim();
  if (/^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/.test(entry)) return entry.toLowerCase();
  const compact = entry.replace(/[\s\-()]/g, "");
  if (/^\+?\d{3,20}$/.test(compact)) return compact;
  return null;
}

/**
 * A domain line: a host name or a URL; returns the host name (lower case, IDN in
 * punycode, "www." kept off), or null when the line is not a domain.
 */
export function normaliseDomain(line) {
  let entry = String(line).trim().toLowerCase();
  if (!entry || /\s/.test(entry)) return null;
  entry = entry.replace(/^\*\./, "");
  let host;
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//.test(entry) ? entry : `http://${entry}`).hostname;
  } catch {
    return null;
  }
  host = host.replace(/\.$/, "").replace(/^www\./, "");
  if (!/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) || host.split(".").some((l) => !l || l.startsWith("-") || l.endsWith("-"))) return null;
  return host;
}

const NORMALISERS = {
  trusted_senders: normaliseSender,
  blocked_senders: normaliseSender,
  trusted_domains: normaliseDomain,
  blocked_domains: normaliseDomain,
};

/**
 * Validates one list given as lines (or an array). Returns {entries, errors}:
 * entries normalised, trimmed and deduplicated in first-seen order; errors as
 * {line (1-based), entry, kind: "sender" | "domain"} for lines that are not valid,
 * plus {kind: "too_many", max} when the list is too long.
 */
export function validateList(name, input) {
  const lines = Array.isArray(input) ? input : String(input ?? "").split(/\r?\n/);
  const normalise = NORMALISERS[name];
  const entries = [];
  const errors = [];
  const seen = new Set();
  lines.forEach((raw, index) => {
    if (typeof raw !== "string" || !raw.trim()) return;
    const entry = normalise(raw);
    if (entry === null) {
      errors.push({ line: index + 1, entry: raw.trim().slice(0, 80), kind: name.endsWith("senders") ? "sender" : "domain" });
    } else if (!seen.has(entry)) {
      seen.add(entry);
      entries.push(entry);
    }
  });
  if (entries.length > MAX_LIST_ENTRIES) {
    errors.push({ kind: "too_many", max: MAX_LIST_ENTRIES });
    entries.length = MAX_LIST_ENTRIES;
  }
  return { entries, errors };
}

/** Bytes the settings take in one sync item. */
export function syncBytes(settings) {
  return new TextEncoder().encode(SETTINGS_KEY + JSON.stringify(settings)).length;
}

/**
 * Validates stored or edited settings. Every bad value is replaced by its
 * default (invalid list lines are dropped), so `settings` is always usable;
 * `errors` says what was wrong: {field, ...detail}.
 */
export function validateSettings(raw) {
  const settings = defaultSettings();
  const errors = [];
  const input = raw && typeof raw === "object" ? raw : {};
  if (raw !== undefined && raw !== null && typeof raw !== "object") errors.push({ field: "settings", kind: "type" });

  const sites = input.sites && typeof input.sites === "object" ? input.sites : {};
  for (const site of SITES) {
    if (typeof sites[site] === "boolean") settings.sites[site] = sites[site];
    else if (sites[site] !== undefined) errors.push({ field: `sites.${site}`, kind: "type" });
  }
  for (const name of LISTS) {
    if (input[name] === undefined) continue;
    if (!Array.isArray(input[name]) && typeof input[name] !== "string") {
      errors.push({ field: name, kind: "type" });
      continue;
    }
    const { entries, errors: listErrors } = validateList(name, input[name]);
    settings[name] = entries;
    for (const e of listErrors) errors.push({ field: name, ...e });
  }
  if (LANGUAGES.includes(input.language)) settings.language = input.language;
  else if (input.language !== undefined) errors.push({ field: "language", kind: "value" });

  if (syncBytes(settings) > SYNC_ITEM_BYTES) {
    errors.push({ field: "settings", kind: "too_large" });
    // Keep the settings usable: drop list entries from the end until they fit.
    for (const name of [...LISTS].reverse()) {
      while (settings[name].length && syncBytes(settings) > SYNC_ITEM_BYTES) settings[name].pop();
    }
  }
  return { settings, errors };
}

/** The engine's options for these settings. */
export function engineOptions(settings) {
  return Object.fromEntries(LISTS.map((name) => [name, settings[name]]));
}

/** Reads and validates the settings (defaults when storage fails). */
export async function loadSettings() {
  try {
    const stored = await chrome.storage.sync.get(SETTINGS_KEY);
    return validateSettings(stored[SETTINGS_KEY]).settings;
  } catch (e) {
    console.warn("overdue-guard: cannot read settings", e);
    return defaultSettings();
  }
}

/** Validates and saves; returns the errors (nothing is saved when there are any). */
export async function saveSettings(edited) {
  const { settings, errors } = validateSettings(edited);
  if (errors.length) return { ok: false, errors, settings };
  await chrome.storage.sync.set({ [SETTINGS_KEY]: settings });
  return { ok: true, errors: [], settings };
}
