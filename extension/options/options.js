// The options page: per-site switches, the user's trusted and blocked senders
// and domains (one per line, validated with a message per bad line), and the
// language. Saved to storage.sync "settings"; the background then tells open
// pages to scan again.

import { SITES, LISTS, SETTINGS_KEY, loadSettings, validateSettings } from "../shared/settings.js";
import { translatorFor, localiseDocument } from "../shared/i18n.js";

const $ = (id) => document.getElementById(id);

function siteSwitches(settings, t) {
  const box = $("sites");
  box.replaceChildren();
  for (const site of SITES) {
    const input = document.createElement("input");
    input.type = "checkbox";
    input.id = `site-${site}`;
    input.dataset.site = site;
    input.checked = settings.sites[site];
    const label = document.createElement("label");
    label.append(input, document.createTextNode(t(`site_${site}`)));
    box.append(label);
  }
}

function fill(settings, t) {
  siteSwitches(settings, t);
  for (const name of LISTS) $(name).value = settings[name].join("\n");
  $("language").value = settings.language;
}

function collect() {
  const edited = { sites: {}, language: $("language").value };
  for (const input of document.querySelectorAll("#sites input[data-site]")) edited.sites[input.dataset.site] = input.checked;
  for (const name of LISTS) edited[name] = $(name).value;
  return edited;
}

/** One sentence per error. */
function describe(error, t) {
  if (error.kind === "sender") return t("options_invalid_sender", error);
  if (error.kind === "domain") return t("options_invalid_domain", error);
  if (error.kind === "too_many") return t("options_too_many", error);
  if (error.kind === "too_large") return t("options_too_large");
  return `${error.field}: ${error.kind}`;
}

function showErrors(errors, t) {
  for (const name of LISTS) {
    const mine = errors.filter((e) => e.field === name);
    const box = $(`${name}-errors`);
    box.replaceChildren();
    if (!mine.length) $(name).removeAttribute("aria-invalid");
    else {
      $(name).setAttribute("aria-invalid", "true");
      const list = document.createElement("ul");
      for (const e of mine) {
        const li = document.createElement("li");
        li.textContent = describe(e, t);
        list.append(li);
      }
      box.append(list);
    }
  }
  const other = errors.filter((e) => !LISTS.includes(e.field));
  $("form-error").textContent = other.map((e) => describe(e, t)).join(" ");
  if (errors.length && !$("form-error").textContent) $("form-error").textContent = t("options_fix_errors");
}

async function main() {
  let settings = await loadSettings();
  let { lang, t } = await translatorFor(settings.language);
  localiseDocument(document, t, lang);
  document.title = t("options_title");
  fill(settings, t);
  document.documentElement.dataset.ogReady = "true";

  $("options-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    $("saved").textContent = "";
    const { settings: valid, errors } = validateSettings(collect());
    showErrors(errors, t);
    if (errors.length) {
      const first = errors.find((e) => LISTS.includes(e.field));
      if (first) $(first.field).focus();
      return;
    }
    try {
      await chrome.storage.sync.set({ [SETTINGS_KEY]: valid });
    } catch (e) {
      $("form-error").textContent = t("options_save_failed", { error: e && e.message ? e.message : e });
      return;
    }
    settings = valid;
    // The language may have changed: speak the new one.
    ({ lang, t } = await translatorFor(settings.language));
    localiseDocument(document, t, lang);
    document.title = t("options_title");
    siteSwitches(settings, t);
    for (const name of LISTS) $(name).value = settings[name].join("\n");
    $("saved").textContent = t("options_saved");
  });
}

main().catch((e) => {
  $("form-error").textContent = `overdue-guard: ${e && e.message ? e.message : e}`;
});
