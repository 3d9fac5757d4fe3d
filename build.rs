//! Turns the knowledge files in `data/*.toml` into Rust statics of the
//! crate's types, so that the crate carries no TOML parser and parses no
//! JSON at run time: the rules (`signals.toml`, `advice.toml`,
//! `pinyin.toml`), the knowledge base (`institutions.toml`), the brands, the
//! free-mail domains, the regions, the links' lists and the number plan. A
//! file that is not valid TOML, or an entry the crate's types do not fit (an
//! unknown key, a missing one, a value of the wrong type), stops the build
//! with the file name, the entry and what is wrong. `links.toml` and
//! `number_plan.toml` are also written as JSON, which only their tests read
//! (every entry's source).
//! The public suffix list
//! is copied without its comment lines (a third of its size), its rules
//! sorted so that the crate can look them up by binary search.
//! The text model `data/model.bin` is copied as is (an empty file when it is
//! missing, which gives an empty model).

use std::{env, fs, path::Path};
use std::fmt::Write as _;

// The rules' keyword list, as the crate reads it (built here, see `keyword_automaton`).
#[allow(dead_code)]
#[path = "src/keywords.rs"]
mod keywords;

fn main() {
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=data");
    let mut entries: Vec<_> = fs::read_dir("data")
        .expect("data/ directory")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    entries.sort();
    let psl = fs::read_to_string("data/public_suffix_list.dat").expect("data/public_suffix_list.dat");
    println!("cargo:rerun-if-changed=data/public_suffix_list.dat");
    fs::write(Path::new(&out).join("ascii_skeletons.rs"), ascii_skeletons()).expect("write OUT_DIR");
    fs::write(Path::new(&out).join("script_classes.rs"), script_classes()).expect("write OUT_DIR");
    println!("cargo:rerun-if-changed=data/t2s.txt");
    let t2s = fs::read_to_string("data/t2s.txt").expect("data/t2s.txt");
    fs::write(Path::new(&out).join("t2s.rs"), simplified_table(&t2s)).expect("write OUT_DIR");
    println!("cargo:rerun-if-changed=data/tw_words.txt");
    let tw_words = fs::read_to_string("data/tw_words.txt").expect("data/tw_words.txt");
    fs::write(Path::new(&out).join("tw_words.rs"), word_pairs(&tw_words)).expect("write OUT_DIR");
    // The text model (src/model): embedded as is; an empty file gives an empty model.
    println!("cargo:rerun-if-changed=data/model.bin");
    let model = fs::read("data/model.bin").unwrap_or_default();
    fs::write(Path::new(&out).join("model.bin"), model).expect("write OUT_DIR");
    // The host names of the knowledge base: what the suffix list must split right.
    let mut known = Vec::new();
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let name = path.file_stem().unwrap().to_string_lossy();
        if matches!(&*name, "signals" | "advice" | "pinyin") {
            continue; // catalog.rs below
        }
        let mut value = read_toml(&path);
        if matches!(&*name, "brands" | "free_mail" | "links" | "institutions") {
            host_names(&value, &mut known);
        }
        let rs = match &*name {
            "brands" => brands_rs(&value),
            "free_mail" => free_mail_rs(&value),
            "bait_words" => bait_words_rs(&value),
            "regions" => regions_rs(&value),
            "links" => links_rs(&value),
            "number_plan" => number_plan_rs(&value),
            "institutions" => {
                if for_module() {
                    drop_sources(&mut value);
                }
                institutions_rs(&value) + &knowledge_index_rs(&value)
            }
            _ => continue, // a data file without statics of its own
        };
        fs::write(Path::new(&out).join(format!("{name}.rs")), rs).expect("write OUT_DIR");
        if name == "links" || name == "number_plan" {
            // For the tests that check every entry's source (the statics carry none).
            let json = serde_json::to_string(&value).expect("TOML values are JSON values");
            fs::write(Path::new(&out).join(format!("{name}.json")), json).expect("write OUT_DIR");
        }
    }
    known.sort();
    known.dedup();
    fs::write(Path::new(&out).join("public_suffix_list.dat"), suffix_rules(&psl, &known)).expect("write OUT_DIR");
    let toml_file = |path: &str| read_toml(Path::new(path));
    let (signals, advice, pinyin) = (toml_file("data/signals.toml"), toml_file("data/advice.toml"), toml_file("data/pinyin.toml"));
    let mut catalog = catalog_rs(&signals, &advice, &pinyin);
    catalog.push_str(&keyword_list(&signals, &pinyin));
    fs::write(Path::new(&out).join("catalog.rs"), catalog).expect("write OUT_DIR");
}

/// Whether this build is the WebAssembly module, which carries no sources or
/// notes (it never shows them; the payload budget).
fn for_module() -> bool {
    env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32")
}

/// A data file, parsed; a build with a file it cannot read stops, naming it.
fn read_toml(path: &Path) -> toml::Value {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `data/brands.toml` as `BRANDS: &[BrandDef]` (src/engine/brands.rs).
fn brands_rs(file: &toml::Value) -> String {
    let top = Entry::new(Some(file), "data/brands.toml", &["brand"]);
    let mut out = String::from("/// The brands of `data/brands.toml`, in file order.\nstatic BRANDS: &[BrandDef] = &[\n");
    for b in top.list("brand") {
        let id = b.get("id").and_then(toml::Value::as_str).unwrap_or("?");
        const KEYS: &[&str] = &["id", "names", "domains"];
        let e = Entry::new(Some(b), &format!("data/brands.toml: brand {id}"), &[KEYS, &["link_tokens"]].concat());
        KEYS.iter().for_each(|k| _ = e.get(k));
        let (names, domains, tokens) = (e.strs("names"), e.strs("domains"), e.strs("link_tokens"));
        writeln!(out, "    BrandDef {{ id: {}, names: {names}, domains: {domains}, link_tokens: {tokens} }},", e.str("id")).expect("write to a String");
    }
    out.push_str("];\n");
    out
}

/// `static NAME: &[&str]` of string literals, with its doc comment.
fn str_slice_static(doc: &str, name: &str, literals: impl IntoIterator<Item = String>) -> String {
    let mut out = format!("/// {doc}\nstatic {name}: &[&str] = &[\n");
    for literal in literals {
        writeln!(out, "    {literal},").expect("write to a String");
    }
    out.push_str("];\n");
    out
}

/// The domains of `data/free_mail.toml` as `FREE_MAIL: &[&str]` (src/sender/email.rs).
fn free_mail_rs(file: &toml::Value) -> String {
    let top = Entry::new(Some(file), "data/free_mail.toml", &["source", "domain"]);
    let domains = top.list("domain").iter().map(|d| {
        let name = d.get("domain").and_then(toml::Value::as_str).unwrap_or("?");
        Entry::new(Some(d), &format!("data/free_mail.toml: domain {name}"), &["domain", "provider", "note"]).str("domain")
    });
    str_slice_static("The free-mail domains of `data/free_mail.toml`, in file order.", "FREE_MAIL", domains)
}

/// The words of `data/bait_words.toml` as `BAIT_WORDS: &[&str]` (src/disguise.rs).
fn bait_words_rs(file: &toml::Value) -> String {
    let top = Entry::new(Some(file), "data/bait_words.toml", &["source", "words"]);
    let words = top.string_list("words").into_iter().map(|w| {
        assert!(!w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase()), "data/bait_words.toml: {w:?} is not a word of lower-case ASCII letters");
        format!("{w:?}")
    });
    str_slice_static("The words of `data/bait_words.toml`, in file order.", "BAIT_WORDS", words)
}

/// `data/regions.toml` as `REGIONS: &[Region]` (src/region.rs).
fn regions_rs(file: &toml::Value) -> String {
    let top = Entry::new(Some(file), "data/regions.toml", &["region"]);
    let mut out = String::from("/// The regions of `data/regions.toml`, in file order.\nstatic REGIONS: &[Region] = &[\n");
    for r in top.list("region") {
        let id = r.get("id").and_then(toml::Value::as_str).unwrap_or("?");
        let what = format!("data/regions.toml: region {id}");
        const KEYS: &[&str] = &["id", "calling_codes", "tlds", "currencies", "words", "advice"];
        let e = Entry::new(Some(r), &what, &[KEYS, &["traditional", "letter_amounts", "registered_headers"]].concat());
        KEYS.iter().for_each(|k| _ = e.get(k));
        let advice: Vec<String> = e.get("advice").as_table().unwrap_or_else(|| panic!("{what}: advice is not a table")).iter().map(|(from, to)| {
            let to = to.as_str().unwrap_or_else(|| panic!("{what}: advice {from}: not a string"));
            format!("({from:?}, {to:?})")
        }).collect();
        writeln!(
            out,
            "    Region {{ id: {}, calling_codes: {}, tlds: {}, currencies: {}, words: {}, letter_amounts: {}, traditional: {}, registered_headers: {}, advice: &[{}] }},",
            e.str("id"), e.strs("calling_codes"), e.strs("tlds"), e.strs("currencies"), e.strs("words"), e.strs("letter_amounts"), e.bool("traditional"), e.bool("registered_headers"), advice.join(", ")
        )
        .expect("write to a String");
    }
    out.push_str("];\n");
    out
}

/// `data/links.toml` as `LINKS: Knowledge` (src/links/data.rs), the host and
/// TLD lists in lower case; an unknown key stops the build.
fn links_rs(file: &toml::Value) -> String {
    const WHAT: &str = "data/links.toml";
    let known = ["psl_source", "word_tokens", "bare_gtlds", "prose_cctlds", "shortener", "shortener_list", "redirector", "suspicious_tld", "free_hosting", "domain_words", "domain_parts", "vetted"];
    let top = Entry::new(Some(file), WHAT, &known);
    let lower = |items: Vec<String>| format!("&{:?}", items.iter().map(|s| s.to_ascii_lowercase()).collect::<Vec<_>>());
    let mut shorteners = Vec::new();
    for g in top.list("shortener") {
        shorteners.extend(Entry::new(Some(g), &format!("{WHAT}: shortener"), &["domains", "source"]).string_list("domains"));
    }
    // The package's whole list (its own file), less the brands' own short domains.
    let list = Entry::new(top.table.get("shortener_list"), &format!("{WHAT}: shortener_list"), &["file", "source", "not_shorteners"]);
    let path = list.get("file").as_str().unwrap_or_else(|| panic!("{WHAT}: shortener_list: file is not a string"));
    println!("cargo:rerun-if-changed={path}");
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let skip: Vec<String> = list.string_list("not_shorteners").iter().map(|s| s.to_ascii_lowercase()).collect();
    shorteners.extend(text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#') && l.is_ascii()).map(str::to_string));
    let mut shorteners: Vec<String> = shorteners.iter().map(|s| s.to_ascii_lowercase()).filter(|s| !skip.contains(s)).collect();
    // Sorted for a binary search (src/links/data.rs).
    shorteners.sort();
    shorteners.dedup();
    let mut free_hosts = Vec::new();
    let mut free_pages = Vec::new();
    for g in top.list("free_hosting") {
        let e = Entry::new(Some(g), &format!("{WHAT}: free_hosting"), &["domains", "pages", "source"]);
        free_hosts.extend(e.string_list("domains"));
        free_pages.extend(e.string_list("pages"));
    }
    let mut domain_words = Vec::new();
    for g in top.list("domain_words") {
        domain_words.extend(Entry::new(Some(g), &format!("{WHAT}: domain_words"), &["words", "source"]).string_list("words"));
    }
    let mut domain_parts = Vec::new();
    for g in top.list("domain_parts") {
        domain_parts.extend(Entry::new(Some(g), &format!("{WHAT}: domain_parts"), &["words", "source"]).string_list("words"));
    }
    let mut vetted = Vec::new();
    for g in top.list("vetted") {
        vetted.extend(Entry::new(Some(g), &format!("{WHAT}: vetted"), &["suffixes", "source"]).string_list("suffixes"));
    }
    let tlds: Vec<String> = top.list("suspicious_tld").iter().map(|t| {
        let e = Entry::new(Some(t), &format!("{WHAT}: suspicious_tld"), &["tld", "source"]);
        e.get("tld").as_str().unwrap_or_else(|| panic!("{WHAT}: suspicious_tld: tld is not a string")).to_string()
    }).collect();
    let redirectors: Vec<String> = top.list("redirector").iter().map(|r| {
        let what = format!("{WHAT}: redirector {}", r.get("name").and_then(toml::Value::as_str).unwrap_or("?"));
        let e = Entry::new(Some(r), &what, &["name", "hosts", "host_suffixes", "path", "params", "source"]);
        e.get("params");
        let path = e.opt("path", Entry::str);
        format!("Redirector {{ hosts: {}, host_suffixes: {}, path: {path}, params: {} }}", e.strs("hosts"), e.strs("host_suffixes"), e.strs("params"))
    }).collect();
    format!(
        "/// The lists of `data/links.toml`.\nstatic LINKS: Knowledge = Knowledge {{\n    shorteners: {},\n    redirectors: &[\n        {}\n    ],\n    suspicious_tlds: {},\n    word_tokens: {},\n    bare_gtlds: {},\n    prose_cctlds: {},\n    free_hosts: {},\n    free_pages: {},\n    domain_words: {},\n    domain_parts: {},\n    vetted_suffixes: {},\n}};\n",
        lower(shorteners), redirectors.join(",\n        "), lower(tlds), lower(top.string_list("word_tokens")), lower(top.string_list("bare_gtlds")), lower(top.string_list("prose_cctlds")),
        lower(free_hosts), lower(free_pages), lower(domain_words), lower(domain_parts), lower(vetted)
    )
}

/// `data/number_plan.toml` as `PLAN: Plan` (src/sender/plan.rs); a missing
/// table or list is empty, as before; an unknown key stops the build.
fn number_plan_rs(file: &toml::Value) -> String {
    const WHAT: &str = "data/number_plan.toml";
    let empty = toml::Value::Table(toml::map::Map::new());
    let top = Entry::new(Some(file), WHAT, &["prefix", "area_codes", "spoof", "service", "overseas", "foreign", "text"]);
    let table = |key: &str, known: &[&str]| Entry::new(Some(top.table.get(key).unwrap_or(&empty)), &format!("{WHAT}: [{key}]"), known);
    let prefixes: Vec<String> = top.list("prefix").iter().map(|p| {
        let what = format!("{WHAT}: prefix {}", p.get("prefix").and_then(toml::Value::as_str).unwrap_or("?"));
        let e = Entry::new(Some(p), &what, &["prefix", "kind", "min_len", "max_len", "flag", "text_needs_context", "carrier", "meaning", "source"]);
        format!(
            "PrefixEntry {{ prefix: {}, kind: {}, min_len: {}, max_len: {}, flag: {}, text_needs_context: {} }}",
            e.str("prefix"), e.str("kind"), e.int_or("min_len", 0), e.int_or("max_len", 0), e.opt("flag", Entry::str), e.bool("text_needs_context")
        )
    }).collect();
    let services: Vec<String> = top.list("service").iter().map(|x| {
        let e = Entry::new(Some(x), &format!("{WHAT}: service"), &["number", "id", "meaning", "source"]);
        format!("ServiceEntry {{ number: {}, id: {} }}", e.str("number"), e.str("id"))
    }).collect();
    let overseas = table("overseas", &["one_digit_codes", "two_digit_codes", "seen_in_fraud", "source"]);
    let fraud: Vec<String> = overseas.list("seen_in_fraud").iter().map(|x| {
        let e = Entry::new(Some(x), &format!("{WHAT}: overseas.seen_in_fraud"), &["code", "bare_len", "meaning", "source"]);
        format!("FraudCode {{ code: {}, bare_len: {} }}", e.str("code"), e.opt_int("bare_len"))
    }).collect();
    let foreign: Vec<String> = top.list("foreign").iter().map(|x| {
        let e = Entry::new(Some(x), &format!("{WHAT}: foreign"), &["country", "name", "pattern", "toll_free", "mobile_first", "mobile", "mobile_digits", "source"]);
        format!(
            "Foreign {{ country: {}, toll_free: {}, mobile_first: {}, mobile: {}, mobile_digits: {} }}",
            e.str("country"), e.strs("toll_free"), e.strs("mobile_first"), e.strs("mobile"), e.int_or("mobile_digits", 0)
        )
    }).collect();
    table("spoof", &["meaning", "source", "genuine_note"]);
    let area = table("area_codes", &["two_digit", "source"]);
    let text = table("text", &["reject_before", "reject_after", "accept_before", "accept_after", "source"]);
    format!(
        "/// The number plan of `data/number_plan.toml`.\nstatic PLAN: Plan = Plan {{\n    prefix: &[\n        {}\n    ],\n    area_codes: AreaCodes {{ two_digit: {} }},\n    service: &[\n        {}\n    ],\n    overseas: Overseas {{ one_digit_codes: {}, two_digit_codes: {}, seen_in_fraud: &[{}] }},\n    foreign: &[{}],\n    text: TextWords {{ reject_before: {}, reject_after: {}, accept_before: {}, accept_after: {} }},\n}};\n",
        prefixes.join(",\n        "), area.strs("two_digit"), services.join(",\n        "),
        overseas.strs("one_digit_codes"), overseas.strs("two_digit_codes"), fraud.join(", "), foreign.join(", "),
        text.strs("reject_before"), text.strs("reject_after"), text.strs("accept_before"), text.strs("accept_after")
    )
}

/// `data/institutions.toml` as the Rust statics of `src/knowledge/data.rs`
/// (`SOURCES`, `DEFAULT_CHANNELS`, `INSTITUTIONS`), so that nothing is parsed
/// at run time. A key the types do not know, a missing one, a value of the
/// wrong type or an unknown kind, confidence, position or field stops the
/// build, naming the entry.
fn institutions_rs(file: &toml::Value) -> String {
    const WHAT: &str = "data/institutions.toml";
    let top = Entry::new(Some(file), WHAT, &["source", "default_channel", "institution"]);
    let mut out = String::from("pub(super) static SOURCES: &[(&str, &str)] = &[\n");
    for (key, url) in top.get("source").as_table().unwrap_or_else(|| panic!("{WHAT}: [source] is not a table")) {
        let url = url.as_str().unwrap_or_else(|| panic!("{WHAT}: source {key}: not a string"));
        writeln!(out, "    ({key:?}, {url:?}),").expect("write to a String");
    }
    out.push_str("];\npub(super) static DEFAULT_CHANNELS: &[(Kind, RawChannel)] = &[\n");
    let channels = file.get("default_channel").and_then(toml::Value::as_table).cloned().unwrap_or_default();
    for (kind, channel) in &channels {
        let what = format!("{WHAT}: default_channel.{kind}");
        writeln!(out, "    (Kind::{}, {}),", variant(kind, KINDS, &what), channel_rs(channel, &what)).expect("write to a String");
    }
    out.push_str("];\npub(super) static INSTITUTIONS: &[RawInstitution] = &[\n");
    for inst in top.list("institution") {
        let id = inst.get("id").and_then(toml::Value::as_str).unwrap_or("?");
        let what = format!("{WHAT}: institution {id}");
        let e = Entry::new(Some(inst), &what, INSTITUTION_KEYS);
        let kind = e.get("kind").as_str().unwrap_or_else(|| panic!("{what}: kind is not a string"));
        let group = e.opt("group", Entry::text);
        let official = e.opt("official_channel", |e, k| channel_rs(e.get(k), &format!("{what}: {k}")));
        write!(
            out,
            "    RawInstitution {{ id: {}, kind: Kind::{}, group: {group}, name_zh: {}, name_en: {}, official_channel: {official}",
            e.text("id"), variant(kind, KINDS, &what), e.text("name_zh"), e.text("name_en")
        )
        .expect("write to a String");
        for key in ["names", "short_names", "products", "decoys", "sources", "brand_tokens", "brand_tokens_exact", "notes"] {
            write!(out, ", {key}: {}", e.texts(key)).expect("write to a String");
        }
        for key in ["signatures", "wrong_signatures", "hotlines", "card_hotlines", "senders", "service_suffix", "domains", "email_domains", "unconfirmed"] {
            let facts: Vec<String> = e.list(key).iter().map(|f| fact_rs(f, &format!("{what}: {key}"))).collect();
            write!(out, ", {key}: Cow::Borrowed(&[{}])", facts.join(", ")).expect("write to a String");
        }
        out.push_str(" },\n");
    }
    out.push_str("];\n");
    out
}

/// The knowledge base's lookup tables as the `INDEX` static of
/// `src/knowledge/data.rs`, so that nothing is indexed at run time: the
/// lower-cased names, products and decoys with their owners (the text
/// matcher's patterns), signatures, wrong signatures, short names, numbers
/// and domains, each table sorted by key for binary search
/// (`Knowledge::from_json` builds the same tables at run time; a test
/// compares the two).
fn knowledge_index_rs(file: &toml::Value) -> String {
    use std::collections::BTreeMap;
    let institutions = file.get("institution").and_then(toml::Value::as_array).map_or(&[][..], Vec::as_slice);
    let of = |inst: &toml::Value, key: &str| strings(inst.get(key));
    let mut patterns: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut tables: [BTreeMap<String, Vec<usize>>; 4] = Default::default();
    let [signatures, short_names, numbers, domains] = &mut tables;
    let mut wrong = Vec::new();
    let push = |map: &mut BTreeMap<String, Vec<usize>>, key: String, i: usize| {
        let owners = map.entry(key).or_default();
        if !owners.contains(&i) {
            owners.push(i);
        }
    };
    for (i, inst) in institutions.iter().enumerate() {
        for (key, kind) in [("names", "Name"), ("products", "Product"), ("decoys", "Decoy")] {
            for p in of(inst, key).iter().map(|p| p.to_lowercase()).filter(|p| !p.is_empty()) {
                patterns.entry(p).or_default().push(format!("({i}, PatternKind::{kind})"));
            }
        }
        of(inst, "signatures").iter().for_each(|s| push(signatures, s.to_lowercase(), i));
        wrong.extend(of(inst, "wrong_signatures").iter().map(|s| format!("(Cow::Borrowed({:?}), {i})", s.to_lowercase())));
        of(inst, "short_names").iter().for_each(|s| push(short_names, s.to_lowercase(), i));
        for key in ["hotlines", "card_hotlines", "senders"] {
            of(inst, key).into_iter().for_each(|n| push(numbers, n, i));
        }
        of(inst, "domains").iter().for_each(|d| push(domains, d.to_ascii_lowercase(), i));
    }
    let table = |map: &BTreeMap<String, Vec<usize>>| {
        let rows: Vec<String> = map.iter().map(|(k, v)| format!("(Cow::Borrowed({k:?}), Cow::Borrowed(&{v:?}))")).collect();
        format!("Cow::Borrowed(&[{}])", rows.join(", "))
    };
    let patterns: Vec<String> = patterns.iter().map(|(k, v)| format!("(Cow::Borrowed({k:?}), Cow::Borrowed(&[{}]))", v.join(", "))).collect();
    format!(
        "pub(super) static INDEX: Index = Index {{ patterns: Cow::Borrowed(&[{}]), signatures: {}, wrong_signatures: Cow::Borrowed(&[{}]), short_names: {}, numbers: {}, domains: {} }};\n",
        patterns.join(", "), table(signatures), wrong.join(", "), table(short_names), table(numbers), table(domains)
    )
}

/// The strings of a value that is a string or a list (a list of one may be
/// written as a string; facts are tables with the value in `v`).
fn strings(v: Option<&toml::Value>) -> Vec<String> {
    match v {
        Some(toml::Value::String(s)) => vec![s.clone()],
        Some(toml::Value::Array(a)) => a.iter().filter_map(|x| x.as_str().or_else(|| x.get("v").and_then(toml::Value::as_str))).map(str::to_string).collect(),
        _ => Vec::new(),
    }
}

/// The keys of an `[[institution]]` entry (the fields of `RawInstitution`).
const INSTITUTION_KEYS: &[&str] = &["id", "kind", "group", "name_zh", "name_en", "names", "short_names", "products", "decoys", "sources", "signatures", "wrong_signatures", "hotlines", "card_hotlines", "senders", "service_suffix", "domains", "email_domains", "unconfirmed", "brand_tokens", "brand_tokens_exact", "official_channel", "notes"];
/// The variants of `Kind`, `FactField` and `SignaturePosition` as the file names them.
const KINDS: &[&str] = &["bank", "card_centre", "lender", "payment", "bureau", "regulator", "public_service"];
const FACT_FIELDS: &[&str] = &["signature", "wrong_signature", "hotline", "card_hotline", "sender", "service_suffix", "domain", "email_domain"];
const POSITIONS: &[&str] = &["prefix", "suffix", "either", "unknown"];

/// A `{ zh, en, src }` table as a `RawChannel` literal.
fn channel_rs(v: &toml::Value, what: &str) -> String {
    let e = Entry::new(Some(v), what, &["zh", "en", "src"]);
    format!("RawChannel {{ zh: {}, en: {}, src: {} }}", e.text("zh"), e.text("en"), e.texts("src"))
}

/// A `{ v, src, conf, note?, pos?, field? }` table as a `RawFact` literal.
fn fact_rs(v: &toml::Value, what: &str) -> String {
    let e = Entry::new(Some(v), what, &["v", "src", "conf", "note", "pos", "field"]);
    let what = format!("{what} {}", e.str("v"));
    let conf = match e.get("conf").as_str() {
        Some("H") => "High",
        Some("M") => "Medium",
        Some("L") => "Low",
        _ => panic!("{what}: conf is none of \"H\", \"M\", \"L\""),
    };
    let opt = |key: &str, known: &[&str], ty: &str| match e.table.get(key) {
        None => "None".to_string(),
        Some(x) => {
            let name = x.as_str().unwrap_or_else(|| panic!("{what}: {key} is not a string"));
            format!("Some({ty}::{})", variant(name, known, &format!("{what}: {key}")))
        }
    };
    let note = e.opt("note", Entry::text);
    format!(
        "RawFact {{ v: {}, src: {}, conf: Confidence::{conf}, note: {note}, pos: {}, field: {} }}",
        e.text("v"), e.texts("src"), opt("pos", POSITIONS, "SignaturePosition"), opt("field", FACT_FIELDS, "FactField")
    )
}

/// A snake_case name of `known` as its Rust variant (`card_centre` → `CardCentre`).
fn variant(name: &str, known: &[&str], what: &str) -> String {
    assert!(known.contains(&name), "{what}: {name:?} is none of {known:?}");
    name.split('_').map(|w| w[..1].to_uppercase() + &w[1..]).collect()
}

/// The knowledge base as the WebAssembly module embeds it: without what it
/// never shows (the source of each fact and of the channels, the sources'
/// table, notes), half the JSON to carry and parse. The CLI and the tests
/// keep all of it (`src/knowledge` checks every fact's sources).
fn drop_sources(value: &mut toml::Value) {
    match value {
        toml::Value::Table(t) => {
            for key in ["note", "notes", "sources"] {
                t.remove(key);
            }
            if let Some(src) = t.get_mut("src") {
                *src = toml::Value::Array(Vec::new());
            }
            if let Some(toml::Value::Table(table)) = t.get_mut("source") {
                table.clear();
            }
            t.iter_mut().for_each(|(_, v)| drop_sources(v));
        }
        toml::Value::Array(a) => a.iter_mut().for_each(drop_sources),
        _ => {}
    }
}

/// `data/signals.toml`, `data/advice.toml` and `data/pinyin.toml` as Rust
/// statics of the types of `src/rules.rs`, so that nothing is parsed at run
/// time. A key the types do not know, a missing one or a value of the wrong
/// type stops the build, naming the entry.
fn catalog_rs(signals: &toml::Value, advice: &toml::Value, pinyin: &toml::Value) -> String {
    let mut out = String::new();
    // Text the WebAssembly module never shows, left empty there (payload
    // budget): a `source`, and the signals' and advice's sentences, which the
    // extension reads from the `_locales` files it ships anyway
    // (scripts/gen-locales.mjs writes them from these data files; 32 KB gzip).
    let shown_natively = |e: &Entry<'_>, key: &str| if for_module() { "\"\"".to_string() } else { e.str(key) };
    // Nor the signals' keywords, which it reads from the keyword list below.
    let keywords = |e: &Entry<'_>, key: &str| if for_module() { "&[]".to_string() } else { e.strs(key) };
    let th = Entry::new(signals.get("thresholds"), "data/signals.toml [thresholds]", &["scam", "suspicious", "overdue", "scam_latin", "suspicious_latin", "scam_email", "suspicious_email", "negator_window", "negator_window_en", "scam_prior", "suspicious_prior", "overdue_prior"]);
    writeln!(
        out,
        "pub(crate) static THRESHOLDS: Thresholds = Thresholds {{ scam: {}, suspicious: {}, overdue: {}, scam_latin: {}, suspicious_latin: {}, scam_email: {}, suspicious_email: {}, negator_window: {}, negator_window_en: {}, scam_prior: {}, suspicious_prior: {}, overdue_prior: {} }};",
        th.int("scam"), th.int("suspicious"), th.int("overdue"), th.opt_int("scam_latin"), th.opt_int("suspicious_latin"), th.opt_int("scam_email"), th.opt_int("suspicious_email"), th.int("negator_window"), th.int("negator_window_en"), th.int_or("scam_prior", 0), th.int_or("suspicious_prior", 0), th.int_or("overdue_prior", 0)
    )
    .expect("write to a String");
    // `[fit]` as the `key=value` list `FitSettings::with` reads (src/rules.rs
    // names the settings and their defaults, and rejects a key it does not
    // know), its sets apart.
    let fit = signals.get("fit").and_then(toml::Value::as_table).expect("data/signals.toml: [fit] missing or not a table");
    let spec: Vec<String> = fit
        .iter()
        .filter(|(key, _)| key.as_str() != "core_sets")
        .map(|(key, value)| match value {
            toml::Value::Integer(i) => format!("{key}={i}"),
            toml::Value::Float(x) => format!("{key}={x:?}"),
            _ => panic!("data/signals.toml [fit]: {key} is not a number"),
        })
        .collect();
    // Its other keys are read by the crate, not checked here.
    let core_sets = Entry { table: fit, what: "data/signals.toml [fit]".to_string() };
    writeln!(out, "pub(crate) static FIT_SPEC: &str = {:?};", spec.join(",")).expect("write to a String");
    writeln!(out, "pub(crate) static FIT_CORE_SETS: &[&str] = {};", core_sets.strs("core_sets")).expect("write to a String");
    let negators = Entry::new(signals.get("negators"), "data/signals.toml [negators]", &["zh", "en", "purpose", "prohibition", "not_negating", "condition_verbs", "continuing_verbs"]);
    writeln!(out, "pub(crate) static NEGATORS: [&[&str]; 2] = [{}, {}];", negators.strs("zh"), negators.strs("en")).expect("write to a String");
    writeln!(out, "pub(crate) static PURPOSE_NEGATORS: &[&str] = {};", negators.strs("purpose")).expect("write to a String");
    writeln!(out, "pub(crate) static PROHIBITIONS: &[&str] = {};", negators.strs("prohibition")).expect("write to a String");
    writeln!(out, "pub(crate) static NOT_NEGATING: &[&str] = {};", negators.strs("not_negating")).expect("write to a String");
    writeln!(out, "pub(crate) static CONDITION_VERBS: &[&str] = {};", negators.strs("condition_verbs")).expect("write to a String");
    writeln!(out, "pub(crate) static CONTINUING_VERBS: &[&str] = {};", negators.strs("continuing_verbs")).expect("write to a String");
    let finance = Entry::new(signals.get("finance"), "data/signals.toml [finance]", &["patterns"]);
    // FINANCE and PINYIN are in the keyword list below; the tests check it against them.
    writeln!(out, "#[cfg(test)]\npub(crate) static FINANCE: &[&str] = {};", finance.strs("patterns")).expect("write to a String");
    let words = signals.get("regex_words").and_then(toml::Value::as_table).expect("data/signals.toml: [regex_words] missing or not a table");
    out.push_str("pub(crate) static SIGNALS: &[SignalDef] = &[\n");
    for s in signals.get("signal").and_then(toml::Value::as_array).expect("data/signals.toml: [[signal]] entries") {
        let id = s.get("id").and_then(toml::Value::as_str).unwrap_or("?");
        let e = Entry::new(Some(s), &format!("data/signals.toml: signal {id}"), SIGNAL_KEYS);
        let regexes: Vec<String> = e.list("regex").iter().map(|r| {
            let what = format!("data/signals.toml: signal {id}: regex");
            let r = Entry::new(Some(r), &what, REGEX_KEYS);
            let re = r.get("re").as_str().unwrap_or_else(|| panic!("{what}: re is not a string"));
            format!("RegexDef {{ anchor: {}, re: {:?} }}", keywords(&r, "anchor"), expand_words(re, words, &what))
        }).collect();
        let variant = |v: &toml::Value, what: &str| -> String {
            let name = v.as_str().unwrap_or_else(|| panic!("data/signals.toml: signal {id}: {what}: not a string: {v}"));
            let known: &[&str] = if what == "class" { &["scam", "suspicious", "legit", "info"] } else { &["debt", "no_debt", "overdue", "link", "phone", "no_link", "no_phone", "finance", "short"] };
            variant(name, known, &format!("data/signals.toml: signal {id}: {what}"))
        };
        let class = variant(e.get("class"), "class");
        let requires: Vec<String> = e.list("requires").iter().map(|r| format!("Require::{}", variant(r, "requires"))).collect();
        writeln!(
            out,
            "    SignalDef {{ id: {}, class: Class::{class}, weight: {}, overdue: {}, prior: {}, overdue_prior: {}, zh: {}, en: {}, source: {}, patterns: {}, regex: &[{}], negatable: {}, threat: {}, pinyin: {}, unless_followed_by: {}, unless_preceded_by: {}, void_when_conditional: {}, requires: &[{}], outweighs: {}, lure: {}, void_when_checkable: {}, void_in_regions: {}, conduct: {} }},",
            e.str("id"), e.int("weight"), e.int_or("overdue", 0), e.opt_int("prior"), e.int_or("overdue_prior", 0), shown_natively(&e, "zh"), shown_natively(&e, "en"), shown_natively(&e, "source"), keywords(&e, "patterns"), regexes.join(", "),
            e.bool("negatable"), e.bool("threat"), e.bool("pinyin"), e.strs("unless_followed_by"), e.strs("unless_preceded_by"), e.bool("void_when_conditional"), requires.join(", "), e.strs("outweighs"), e.bool("lure"), e.bool("void_when_checkable"), e.strs("void_in_regions"), e.bool("conduct")
        )
        .expect("write to a String");
    }
    out.push_str("];\npub(crate) static ADVICE: &[AdviceDef] = &[\n");
    for a in advice.get("advice").and_then(toml::Value::as_array).expect("data/advice.toml: [[advice]] entries") {
        let id = a.get("id").and_then(toml::Value::as_str).unwrap_or("?");
        let e = Entry::new(Some(a), &format!("data/advice.toml: advice {id}"), &["id", "zh", "en", "source"]);
        writeln!(out, "    AdviceDef {{ id: {}, zh: {}, en: {}, source: {} }},", e.str("id"), shown_natively(&e, "zh"), shown_natively(&e, "en"), shown_natively(&e, "source")).expect("write to a String");
    }
    out.push_str("];\n/// (character, its toneless pinyin), sorted by character.\n#[cfg(test)]\npub(crate) static PINYIN: &[(char, &str)] = &[\n");
    let mut table: Vec<(char, String)> = pinyin
        .get("pinyin")
        .and_then(toml::Value::as_table)
        .expect("data/pinyin.toml: [pinyin]")
        .iter()
        .map(|(k, v)| {
            let mut chars = k.chars();
            let (Some(c), None) = (chars.next(), chars.next()) else { panic!("data/pinyin.toml: {k:?} is not one character") };
            (c, v.as_str().unwrap_or_else(|| panic!("data/pinyin.toml: {k}: not a string")).to_string())
        })
        .collect();
    table.sort();
    for (c, p) in table {
        writeln!(out, "    ({c:?}, {p:?}),").expect("write to a String");
    }
    out.push_str("];\n");
    out
}

/// The rules' keyword list (every literal of `data/signals.toml`: signal
/// patterns with their pinyin forms, regex anchors, finance words; see
/// `src/keywords.rs`) as `KEYWORD_TEXT` and `KEYWORD_ENDS`, each keyword once, `KEYWORD_KINDS`,
/// what keyword `i` stands for, and which keywords have a letter beside
/// another character (`KEYWORD_MIXED`) with those pairs
/// (`KEYWORD_SCRIPT_PAIRS`): the crate builds its automata from them
/// without collecting them first.
fn keyword_list(signals: &toml::Value, pinyin: &toml::Value) -> String {
    struct Signal {
        patterns: Vec<String>,
        pinyin: bool,
        anchors: Vec<Vec<String>>,
    }
    let list = signals.get("signal").and_then(toml::Value::as_array).map_or(&[][..], Vec::as_slice);
    let defs: Vec<Signal> = list
        .iter()
        .map(|s| Signal {
            patterns: strings(s.get("patterns")),
            pinyin: s.get("pinyin").and_then(toml::Value::as_bool).unwrap_or(false),
            anchors: s.get("regex").and_then(toml::Value::as_array).map_or(&[][..], Vec::as_slice).iter().map(|r| strings(r.get("anchor"))).collect(),
        })
        .collect();
    let patterns: Vec<Vec<&str>> = defs.iter().map(|d| d.patterns.iter().map(String::as_str).collect()).collect();
    let anchors: Vec<Vec<Vec<&str>>> = defs.iter().map(|d| d.anchors.iter().map(|a| a.iter().map(String::as_str).collect()).collect()).collect();
    let words = defs.iter().enumerate().map(|(i, d)| keywords::SignalWords {
        patterns: &patterns[i],
        pinyin: d.pinyin,
        regex_anchors: anchors[i].iter().map(Vec::as_slice).collect(),
    });
    let finance = strings(signals.get("finance").and_then(|f| f.get("patterns")));
    let finance: Vec<&str> = finance.iter().map(String::as_str).collect();
    let table = pinyin.get("pinyin").and_then(toml::Value::as_table).expect("data/pinyin.toml: [pinyin]");
    let pinyin = table.iter().filter_map(|(k, v)| Some((k.chars().next()?, v.as_str()?.to_string()))).collect();
    let k = keywords::Keywords::collect(words, &finance, &pinyin);
    // One string and the keywords' ends, not a `&str` for each: the module
    // then carries no table of 6,000 pointers (which compressed badly once
    // the keywords were in the table's order rather than the rules').
    let ends: Vec<u32> = k.texts.iter().scan(0u32, |end, t| {
        *end += u32::try_from(t.len()).expect("a keyword under 4 GiB");
        Some(*end)
    }).collect();
    let mut out = format!("/// Every keyword of the rules, once, one after another (`keyword_texts()` of src/rules.rs reads them).\npub(crate) static KEYWORD_TEXT: &str = {:?};\n", k.texts.concat());
    writeln!(out, "/// Where keyword `i` ends in `KEYWORD_TEXT` (it begins where keyword `i - 1` ends).\npub(crate) static KEYWORD_ENDS: &[u32] = &{ends:?};").expect("write to a String");
    out.push_str("/// What keyword `i` stands for.\npub(crate) static KEYWORD_KINDS: &[&[Word]] = &[\n");
    for kinds in &k.kinds {
        let kinds: Vec<String> = kinds.iter().map(|w| format!("Word::{w:?}")).collect();
        writeln!(out, "    &[{}],", kinds.join(", ")).expect("write to a String");
    }
    out.push_str("];\n");
    let mut mixed = vec![0u64; k.texts.len().div_ceil(64)];
    for (i, t) in k.texts.iter().enumerate() {
        if keywords::script_pairs(t).next().is_some() {
            mixed[i / 64] |= 1 << (i % 64);
        }
    }
    writeln!(out, "/// Bit `i`: keyword `i` has a letter beside another character.\npub(crate) static KEYWORD_MIXED: &[u64] = &{mixed:?};").expect("write to a String");
    let pairs = keywords::script_pairs_of(&k.texts);
    writeln!(out, "/// Each letter beside another character in a keyword, sorted.\npub(crate) static KEYWORD_SCRIPT_PAIRS: &[(char, char)] = &{pairs:?};").expect("write to a String");
    out
}

/// The keys of a `[[signal]]` entry (the fields of `SignalDef`).
const SIGNAL_KEYS: &[&str] = &["id", "class", "weight", "overdue", "prior", "overdue_prior", "zh", "en", "source", "patterns", "regex", "negatable", "threat", "pinyin", "unless_followed_by", "unless_preceded_by", "void_when_conditional", "requires", "outweighs", "lure", "void_when_checkable", "void_in_regions", "conduct"];
/// A signal's regular expression with each `<name>` of `[regex_words]` in
/// `data/signals.toml` replaced by that alternation as a group, so that a list
/// of words many expressions share is written once. A `<` not followed by a
/// name and `>` stays as it is; an unknown name stops the build.
fn expand_words(re: &str, words: &toml::Table, what: &str) -> String {
    let mut out = String::with_capacity(re.len());
    let mut rest = re;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_len = after.find(|c: char| !(c.is_ascii_lowercase() || c == '_')).unwrap_or(after.len());
        if name_len == 0 || !after[name_len..].starts_with('>') {
            out.push('<');
            rest = after;
            continue;
        }
        let name = &after[..name_len];
        let alternation = words.get(name).and_then(toml::Value::as_str).unwrap_or_else(|| panic!("{what}: <{name}> is not in [regex_words]"));
        out.push_str("(?:");
        out.push_str(alternation);
        out.push(')');
        rest = &after[name_len + 1..];
    }
    out.push_str(rest);
    out
}

/// The keys of a signal's `regex` entry.
const REGEX_KEYS: &[&str] = &["anchor", "re"];

/// One TOML table read for `catalog_rs`, values written as Rust literals.
struct Entry<'a> {
    table: &'a toml::map::Map<String, toml::Value>,
    what: String,
}

impl<'a> Entry<'a> {
    /// The table, after checking that it has no key outside `known`.
    fn new(v: Option<&'a toml::Value>, what: &str, known: &[&str]) -> Entry<'a> {
        let table = v.and_then(toml::Value::as_table).unwrap_or_else(|| panic!("{what}: missing or not a table"));
        if let Some(k) = table.keys().find(|k| !known.contains(&k.as_str())) {
            panic!("{what}: unknown key {k:?} (known: {known:?})");
        }
        Entry { table, what: what.to_string() }
    }

    fn get(&self, key: &str) -> &'a toml::Value {
        self.table.get(key).unwrap_or_else(|| panic!("{}: {key} is missing", self.what))
    }

    fn str(&self, key: &str) -> String {
        let s = self.get(key).as_str().unwrap_or_else(|| panic!("{}: {key} is not a string", self.what));
        format!("{s:?}")
    }

    /// `Some(literal)` of an optional key, `None` when it is missing.
    fn opt(&self, key: &str, literal: impl FnOnce(&Self, &str) -> String) -> String {
        self.table.get(key).map_or("None".to_string(), |_| format!("Some({})", literal(self, key)))
    }

    fn opt_int(&self, key: &str) -> String {
        self.opt(key, |e, k| e.int(k).to_string())
    }

    fn int(&self, key: &str) -> i64 {
        self.get(key).as_integer().unwrap_or_else(|| panic!("{}: {key} is not an integer", self.what))
    }

    fn int_or(&self, key: &str, default: i64) -> i64 {
        self.table.get(key).map_or(default, |_| self.int(key))
    }

    fn bool(&self, key: &str) -> bool {
        self.table.get(key).is_some_and(|v| v.as_bool().unwrap_or_else(|| panic!("{}: {key} is not true or false", self.what)))
    }

    fn list(&self, key: &str) -> &'a [toml::Value] {
        self.table.get(key).map_or(&[], |v| v.as_array().unwrap_or_else(|| panic!("{}: {key} is not a list", self.what)))
    }

    /// A string or a list of strings (none when missing).
    fn string_list(&self, key: &str) -> Vec<String> {
        match self.table.get(key) {
            Some(toml::Value::String(s)) => vec![s.clone()],
            Some(_) => self.list(key).iter().map(|x| x.as_str().unwrap_or_else(|| panic!("{}: {key}: not a string: {x}", self.what)).to_string()).collect(),
            None => Vec::new(),
        }
    }

    /// A string as a `Cow::Borrowed` literal.
    fn text(&self, key: &str) -> String {
        format!("Cow::Borrowed({})", self.str(key))
    }

    /// [`Entry::string_list`] as a `Cow::Borrowed` slice of `Cow::Borrowed` literals.
    fn texts(&self, key: &str) -> String {
        let items: Vec<String> = self.string_list(key).iter().map(|s| format!("Cow::Borrowed({s:?})")).collect();
        format!("Cow::Borrowed(&[{}])", items.join(", "))
    }

    /// [`Entry::string_list`] as `&["…", …]`.
    fn strs(&self, key: &str) -> String {
        let items: Vec<String> = self.string_list(key).iter().map(|s| format!("{s:?}")).collect();
        format!("&[{}]", items.join(", "))
    }
}

/// The rules of the public suffix list, one per line, internationalised rules
/// in punycode (a rule is the line up to its first space; `*` labels stay as
/// they are), sorted bytewise without repeats: the crate looks a rule up by
/// binary search in this text, so it builds no table at run time.
///
/// The ICANN section's rules of three labels or more are the subdivisions of
/// a country's zones (about 1,700 of Japan's cities and prefectures, the US
/// states' school and city zones, Brazil's and Poland's towns): they are
/// kept only where a domain of the knowledge base (`known`) lies under one.
/// The link checks compare a link's registrable name with the knowledge
/// base's domains, so elsewhere such a rule changes no verdict; left out, a
/// host there is split one label short (`a.city.kawasaki.jp` is registered as
/// `kawasaki.jp`), and the module is 10 KB gzip smaller (issue 7: trim the
/// public-suffix table to what is used). The private section (github.io,
/// s3.amazonaws.com …) is kept whole: free hosting is a link check.
fn suffix_rules(list: &str, known: &[String]) -> String {
    let mut rules = std::collections::BTreeSet::new();
    let mut private = false;
    let used = |suffix: &str| known.iter().any(|d| d == suffix || d.strip_suffix(suffix).is_some_and(|head| head.ends_with('.')));
    for line in list.lines() {
        private |= line.contains("===BEGIN PRIVATE DOMAINS===");
        let Some(rule) = line.split_whitespace().next() else { continue };
        if rule.starts_with("//") {
            continue;
        }
        if !private && rule.split('.').count() >= 3 {
            let suffix = rule.trim_start_matches('!').trim_start_matches("*.");
            if !used(&url::quirks::domain_to_ascii(suffix)) {
                continue;
            }
        }
        if rule.is_ascii() {
            rules.insert(rule.to_string());
            continue;
        }
        let (bang, body) = rule.strip_prefix('!').map_or(("", rule), |b| ("!", b));
        let labels: Vec<String> = body
            .split('.')
            .map(|label| match label {
                "*" => label.to_string(),
                _ => url::quirks::domain_to_ascii(label),
            })
            .collect();
        if labels.iter().all(|l| !l.is_empty()) {
            rules.insert(format!("{bang}{}", labels.join(".")));
        }
    }
    rules.into_iter().flat_map(|r| [r, "\n".to_string()]).collect()
}

/// `data/t2s.txt` (a Traditional character and its Simplified form per line)
/// as a sorted Rust table, each character mapped to where two look-ups of
/// the pairs lead (a Traditional form reaches a folded variant: 帳 → 帐 → 账);
/// of several pairs of one character, the lowest Simplified character counts. Built here, so nothing is parsed or
/// sorted at run time. A pair with a character outside the Basic Multilingual
/// Plane is left out (1,149 of 4,106: OpenCC's forms in the CJK extensions,
/// such as 餸 → 𩠌, which no keyword holds and four of the 17,280
/// messages of the corpora and tests/data use): they were 4.8 KB of the
/// module's gzip.
fn simplified_table(t2s: &str) -> String {
    let mut pairs: std::collections::BTreeMap<char, char> = std::collections::BTreeMap::new();
    for line in t2s.lines().filter(|l| !l.starts_with('#')) {
        let mut it = line.chars();
        if let (Some(t), Some(s)) = (it.next(), it.next()) {
            pairs.entry(t).and_modify(|x| *x = (*x).min(s)).or_insert(s);
        }
    }
    let look = |c: char| pairs.get(&c).copied().unwrap_or(c);
    let mut out = String::from("/// (Traditional, Simplified), sorted by the first.\npub(crate) static T2S: &[(char, char)] = &[\n");
    let bmp = |c: char| u32::from(c) <= 0xFFFF;
    for &t in pairs.keys() {
        let s = look(look(t));
        if bmp(t) && bmp(s) {
            writeln!(out, "    ({t:?}, {s:?}),").expect("write to a String");
        }
    }
    out.push_str("];\n");
    out
}

/// `data/tw_words.txt` (a Taiwan word and the mainland word it is read as,
/// per line) as a Rust table. Each pair must be Chinese characters of three
/// UTF-8 bytes each, as many on both sides, so that replacing one by the other
/// moves no character (src/text.rs relies on it): a line that is not stops the
/// build with its number.
fn word_pairs(list: &str) -> String {
    let mut out = String::from("/// (Taiwan word, mainland word), as written in data/tw_words.txt.\npub(crate) static TW_WORDS: &[(&str, &str)] = &[\n");
    for (n, line) in list.lines().enumerate().filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty()) {
        let fields: Vec<&str> = line.split_whitespace().collect();
        let chinese = |w: &str| w.chars().all(|c| ('\u{3400}'..='\u{9FFF}').contains(&c));
        match fields[..] {
            [tw, mainland] if chinese(tw) && chinese(mainland) && tw.chars().count() == mainland.chars().count() => {
                writeln!(out, "    ({tw:?}, {mainland:?}),").expect("write to a String");
            }
            _ => panic!("data/tw_words.txt line {}: want two words of as many Chinese characters, got {line:?}", n + 1),
        }
    }
    out.push_str("];\n");
    out
}

/// Unicode's confusable skeletons (UTS #39), kept only for the characters
/// whose skeleton is ASCII letters, digits and hyphens (`а` → `a`, `m` →
/// `rn`): the look-alike checks compare skeletons with those of domain labels
/// (which are made of these), so a character outside this table can never
/// make a match; characters whose skeleton is empty (soft hyphen, tags) are
/// kept as ranges. Written as a sorted
/// Rust table, so the module carries ~2,000 entries instead of the whole
/// confusables data and a normaliser.
fn ascii_skeletons() -> String {
    let mut table = String::new();
    let mut ignored: Vec<(char, char)> = Vec::new();
    for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
        let skeleton: String = unicode_security::skeleton(c.encode_utf8(&mut [0; 4])).collect();
        if skeleton.is_empty() {
            match ignored.last_mut() {
                Some((_, end)) if char::from_u32(*end as u32 + 1) == Some(c) => *end = c,
                _ => ignored.push((c, c)),
            }
        } else if skeleton.chars().all(|c| c.is_ascii_alphanumeric() || c == '-') {
            assert!(skeleton.len() <= 4, "skeleton of {c:?} longer than 4: {skeleton}");
            let mut bytes = [0u8; 4];
            bytes[..skeleton.len()].copy_from_slice(skeleton.as_bytes());
            writeln!(table, "    ({c:?}, {bytes:?}),").expect("write to a String");
        }
    }
    let mut out = String::from("/// (character, its skeleton's bytes, NUL-padded), sorted by character.\npub(crate) static ASCII_SKELETONS: &[(char, [u8; 4])] = &[\n");
    out.push_str(&table);
    out.push_str("];\n/// Ranges of characters whose skeleton is empty, sorted.\npub(crate) static NO_SKELETON: &[(char, char)] = &[\n");
    for (a, b) in ignored {
        writeln!(out, "    ({a:?}, {b:?}),").expect("write to a String");
    }
    out.push_str("];\n");
    out
}

/// What UTS #39's restriction-level check needs of each character, from the
/// `unicode-security` and `unicode-script` crates: whether it is allowed in
/// identifiers, its script extensions as a bitset (all bits for Common and
/// Inherited), the Han-with-Bopomofo, Japanese and Korean flags of its
/// augmented script set, and whether it is Latin. Written as runs of
/// characters sharing one class, so the module needs neither crate.
fn script_classes() -> String {
    use unicode_script::{Script, ScriptExtension};
    use unicode_security::{mixed_script::AugmentedScriptSet, GeneralSecurityProfile};
    let mut classes: Vec<([u64; 3], u8)> = Vec::new();
    let mut runs: Vec<(u32, usize)> = Vec::new();
    for c in (0..=0x10FFFF_u32).filter_map(char::from_u32) {
        let set = AugmentedScriptSet::for_char(c);
        let ext: ScriptExtension = set.base;
        let mut bits = [0u64; 3];
        if ext.is_common() || ext.is_inherited() {
            bits = [u64::MAX; 3];
        } else {
            for script in ext.iter() {
                let i = script as u8 as usize;
                bits[i / 64] |= 1 << (i % 64);
            }
        }
        let flags = u8::from(GeneralSecurityProfile::identifier_allowed(c))
            | u8::from(set.hanb) << 1
            | u8::from(set.jpan) << 2
            | u8::from(set.kore) << 3
            | u8::from(ext.contains_script(Script::Latin)) << 4;
        // A character not allowed in identifiers decides alone: its scripts do not matter.
        let (bits, flags) = if flags & 1 == 0 { ([0; 3], 0) } else { (bits, flags) };
        let class = classes.iter().position(|k| *k == (bits, flags)).unwrap_or_else(|| {
            classes.push((bits, flags));
            classes.len() - 1
        });
        if runs.last().map_or(true, |&(_, k)| k != class) {
            runs.push((c as u32, class));
        }
    }
    let mut out = String::from("/// (script bitset, flags: 1 allowed, 2 Hanb, 4 Jpan, 8 Kore, 16 Latin) of each class.\npub(crate) static SCRIPT_CLASSES: &[([u64; 3], u8)] = &[\n");
    for (bits, flags) in &classes {
        writeln!(out, "    ([{:#x}, {:#x}, {:#x}], {flags}),", bits[0], bits[1], bits[2]).expect("write to a String");
    }
    assert!(classes.len() <= 1 << 16, "{} script classes do not fit 16 bits", classes.len());
    out.push_str("];\n/// The first character of each run, sorted.\npub(crate) static SCRIPT_RUN_STARTS: &[u32] = &[\n");
    for (start, _) in &runs {
        writeln!(out, "    {start:#x},").expect("write to a String");
    }
    out.push_str("];\n/// The class of each run.\npub(crate) static SCRIPT_RUN_CLASSES: &[u16] = &[\n");
    for (_, class) in &runs {
        writeln!(out, "    {class},").expect("write to a String");
    }
    out.push_str("];\n");
    out
}

/// Every string of `value` that is a host name (`icbc.com.cn`, `*.95516.com`
/// as `95516.com`), added to `out`.
fn host_names(value: &toml::Value, out: &mut Vec<String>) {
    match value {
        toml::Value::String(text) => {
            let host = text.trim_start_matches("*.").to_ascii_lowercase();
            let labels: Vec<&str> = host.split('.').collect();
            let is_host = labels.len() >= 2
                && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
                && labels.last().is_some_and(|tld| tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic()));
            if is_host {
                out.push(host);
            }
        }
        toml::Value::Array(items) => items.iter().for_each(|v| host_names(v, out)),
        toml::Value::Table(table) => table.values().for_each(|v| host_names(v, out)),
        _ => {}
    }
}
