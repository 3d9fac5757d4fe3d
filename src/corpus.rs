//! Labelled messages to fit and evaluate the classifier on.
//!
//! The corpora (`../shared/corpora`, see their READMEs) come in three shapes,
//! all read into one [`Sample`] each:
//!
//! - the hand-labelled sets (`dev/`, `labelled-public/`): `verdict`
//!   (`legit`, `not_overdue`, `suspicious`, `scam`) and `overdue` on every line;
//! - the public training messages (`public-train/`): a `set`, a `kind` (`ham`,
//!   `scam`, `advert`, `notice`, `unknown`), and `verdict` / `overdue` only where
//!   something settles them;
//! - the UCI SMS Spam Collection: `ham` or `spam`, TAB, the text;
//!
//! plus messages written for the project in the same JSON shape
//! (`tests/data/written*.jsonl`).
//!
//! What a sample teaches: a labelled verdict teaches the verdict; ham teaches
//! `benign`; adverts and UCI spam teach nothing about the verdict (marketing
//! is neither fraud nor fine). A labelled `overdue` teaches the overdue
//! question, and so does any ham or advert (they are not overdue notices);
//! an unlabelled scam teaches nothing about it.

use crate::eval::Truth;
use crate::report::{Channel, Message, Verdict};
use crate::text::is_cjk;
use serde_json::Value;
use std::path::Path;

/// One labelled message.
#[derive(Debug, Clone)]
pub struct Sample {
    /// Its id in the corpus (`dev-0001`, `fbs_sms-00004`, `uci-17`).
    pub id: String,
    /// The dataset it comes from: `dev`, `labelled-public`, `uci-sms-spam`,
    /// `written`, or a `public-train` set (`fbs_sms`, `nazario_phishing_email`, …).
    pub set: String,
    /// `zh` (also Traditional) or `en`.
    pub lang: &'static str,
    /// `ham`, `scam`, `advert`, `notice` or `unknown`.
    pub kind: String,
    /// The message.
    pub message: Message,
    /// The verdict it should get, where the corpus settles it.
    pub verdict: Option<Verdict>,
    /// Whether it is an overdue notice, where the corpus settles it.
    pub overdue: Option<bool>,
    /// Where it was found, from its `source`: the code file, repository or
    /// page (see [`origin`]); empty when the line names none.
    pub origin: String,
}

/// Reads every corpus under `dir` (each subdirectory with a `messages.jsonl`,
/// and `uci-sms-spam/SMSSpamCollection`). Returns the samples and a note for
/// every line or file that could not be read.
pub fn load_dir(dir: &Path) -> (Vec<Sample>, Vec<String>) {
    let (mut samples, mut notes) = (Vec::new(), Vec::new());
    let mut subdirs: Vec<_> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).filter(|p| p.is_dir()).collect())
        .unwrap_or_else(|e| {
            notes.push(format!("cannot read {}: {e}", dir.display()));
            Vec::new()
        });
    subdirs.sort();
    for sub in subdirs {
        let name = sub.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let jsonl = sub.join("messages.jsonl");
        let uci = sub.join("SMSSpamCollection");
        let read = if jsonl.is_file() {
            load_jsonl(&jsonl, &name)
        } else if uci.is_file() {
            load_uci(&uci)
        } else {
            continue;
        };
        match read {
            Ok((s, n)) => {
                samples.extend(s);
                notes.extend(n);
            }
            Err(e) => notes.push(e),
        }
    }
    (samples, notes)
}

/// Reads a JSON Lines corpus; `corpus` names the set of lines without one.
pub fn load_jsonl(path: &Path, corpus: &str) -> Result<(Vec<Sample>, Vec<String>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let (mut samples, mut notes) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        match sample_of_line(line, corpus) {
            Ok(s) => samples.push(s),
            Err(e) => notes.push(format!("{} line {}: {e}", path.display(), i + 1)),
        }
    }
    Ok((samples, notes))
}

/// One JSON line of a labelled or public-train corpus.
pub fn sample_of_line(line: &str, corpus: &str) -> Result<Sample, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not valid JSON: {e}"))?;
    let id = match &value["id"] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let set = value["set"].as_str().unwrap_or(corpus).to_string();
    let verdict = match value["verdict"].as_str() {
        Some(label) => Some(Truth::verdict_label(label).ok_or_else(|| format!("unknown verdict {label:?}"))?),
        None => None,
    };
    let kind = match value["kind"].as_str() {
        Some(k) => k.to_string(),
        None => match verdict {
            Some(Verdict::Scam) => "scam".into(),
            Some(Verdict::Suspicious) => "notice".into(),
            _ if value["overdue"].as_bool() == Some(true) => "notice".into(),
            Some(_) => "ham".into(),
            None => "unknown".into(),
        },
    };
    let overdue = value["overdue"].as_bool().or_else(|| matches!(kind.as_str(), "ham" | "advert").then_some(false));
    let origin = value["source"].as_str().map(origin).unwrap_or_default();
    let message: Message = serde_json::from_value(value).map_err(|e| format!("not a valid message: {e}"))?;
    let lang = language(&message.text);
    Ok(Sample { id, set, lang, kind, message, verdict, overdue, origin })
}

/// Reads the UCI SMS Spam Collection (`ham|spam TAB text`). Its ham teaches
/// `benign` and not overdue; its spam (mostly adverts) only not overdue.
pub fn load_uci(path: &Path) -> Result<(Vec<Sample>, Vec<String>), String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = String::from_utf8_lossy(&bytes);
    let (mut samples, mut notes) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let Some((label, body)) = line.split_once('\t') else {
            notes.push(format!("{} line {}: no TAB after the label", path.display(), i + 1));
            continue;
        };
        let (kind, verdict) = match label {
            "ham" => ("ham", Some(Verdict::Benign)),
            "spam" => ("advert", None),
            other => {
                notes.push(format!("{} line {}: label {other:?} is neither ham nor spam", path.display(), i + 1));
                continue;
            }
        };
        samples.push(Sample {
            id: format!("uci-{}", i + 1),
            set: "uci-sms-spam".into(),
            lang: language(body),
            kind: kind.into(),
            message: Message { text: body.to_string(), channel: Some(Channel::Sms), ..Message::default() },
            verdict,
            overdue: Some(false),
            origin: String::new(),
        });
    }
    Ok((samples, notes))
}

/// Where a message was found, from the `source` its line gives: the code
/// file (`file:54558204954` for "code-index file id 54558204954 (…)"), the
/// GitHub repository (`owner/name`, lower case, also for "owner/name:path"),
/// or the page (host and path, without scheme, `www.`, query or fragment;
/// also the page a written message was "modelled on"). Messages of one origin
/// share wording: one lender's templates, one article's examples. A source
/// that names none of these ("written for overdue-guard from the knowledge
/// base") gives no origin: such a message stands alone, as if each had its
/// own page, and is not grouped with every other message of that wording.
pub fn origin(source: &str) -> String {
    let source = source.trim();
    if let Some(at) = source.find("file id ") {
        let digits: String = source[at + 8..].chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            return format!("file:{digits}");
        }
    }
    if let Some(at) = source.find("://") {
        let rest = &source[at + 3..];
        let end = rest.find(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '"' | '?' | '#')).unwrap_or(rest.len());
        let page = rest[..end].trim_end_matches(['/', '.', ',', ';']);
        let page = page.strip_prefix("www.").or_else(|| page.strip_prefix("m.")).unwrap_or(page);
        if let Some(path) = page.strip_prefix("github.com/") {
            return repository(path).unwrap_or_else(|| page.to_string());
        }
        return page.to_string();
    }
    let bare = source.strip_prefix("github:").unwrap_or(source);
    let name_end = bare.find([':', ' ']).unwrap_or(bare.len());
    repository(&bare[..name_end]).filter(|_| name_end < bare.len()).unwrap_or_default()
}

/// `owner/name` (lower case) when `path` starts with two name segments.
fn repository(path: &str) -> Option<String> {
    let mut parts = path.split('/');
    let (owner, name) = (parts.next()?, parts.next()?);
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
    (ok(owner) && ok(name)).then(|| format!("{owner}/{name}").to_lowercase())
}

/// `zh` when the text has any Chinese character, else `en`.
pub fn language(text: &str) -> &'static str {
    if text.chars().any(is_cjk) {
        "zh"
    } else {
        "en"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labelled_and_public_lines_carry_what_they_teach() {
        let cases = [
            (r#"{"id":"dev-1","text":"您已逾期","verdict":"legit","overdue":true}"#, "dev", "dev", "notice", Some(Verdict::Benign), Some(true)),
            (r#"{"id":"dev-2","text":"hi","verdict":"not_overdue","overdue":false}"#, "dev", "dev", "ham", Some(Verdict::Benign), Some(false)),
            (r#"{"id":"x-1","text":"ad","set":"fbs_sms","kind":"advert","verdict":null,"overdue":null}"#, "public-train", "fbs_sms", "advert", None, Some(false)),
            (r#"{"id":"x-2","text":"pay","set":"ncsu","kind":"scam","verdict":"scam","overdue":null}"#, "public-train", "ncsu", "scam", Some(Verdict::Scam), None),
        ];
        for (line, corpus, set, kind, verdict, overdue) in cases {
            let s = sample_of_line(line, corpus).unwrap();
            assert_eq!((s.set.as_str(), s.kind.as_str(), s.verdict, s.overdue), (set, kind, verdict, overdue), "{line}");
        }
        assert_eq!(sample_of_line(r#"{"id":"dev-1","text":"您已逾期"}"#, "dev").unwrap().lang, "zh");
    }

    #[test]
    fn a_source_names_the_file_repository_or_page_it_was_found_in() {
        let cases = [
            ("code-index file id 26038729821 (Java SMS service)", "file:26038729821"),
            ("github (file id 47259035952 in search index; repo not named) smsTemplates", "file:47259035952"),
            ("gaolizhan/rongke:rongke-common/src/main/java/MsgTemplate.java (EXPIRE_SMS)", "gaolizhan/rongke"),
            ("AutoAccountingOrg/AutoRule src/rule/tests/上海农商银行支出.txt", "autoaccountingorg/autorule"),
            ("github:OCA/credit-control account_credit_control/data/data.xml", "oca/credit-control"),
            ("https://github.com/loan-app/cashloan (doc/database/cashloan.sql, cl_sms_tpl)", "loan-app/cashloan"),
            ("https://www.hefeilaws.com/hf/322125.html", "hefeilaws.com/hf/322125.html"),
            ("written for overdue-guard, modelled on https://m.example.cn/a/1.html?from=x#top.", "example.cn/a/1.html"),
            ("dev corpus", ""),
            ("written for overdue-guard (2026-12-07), from research/institutions.md", ""),
            ("", ""),
        ];
        for (source, want) in cases {
            assert_eq!(origin(source), want, "{source}");
        }
    }

    #[test]
    fn bad_lines_say_why() {
        for (line, why) in [("{", "not valid JSON"), (r#"{"text":"a","verdict":"maybe"}"#, "unknown verdict"), (r#"{"verdict":"scam"}"#, "not a valid message")] {
            let err = sample_of_line(line, "dev").unwrap_err();
            assert!(err.contains(why), "{line}: {err}");
        }
    }
}
