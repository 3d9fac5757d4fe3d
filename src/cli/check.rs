//! `overdue-guard check TEXT`: one message explained to a person at a
//! terminal, in Chinese or English: the verdict, whether it is an overdue
//! notice, who it claims to be and who sent it, each reason with the text
//! that raised it, the links, and what to do.

use super::{args, load_options, print_stdout, usage_error};
use overdue_guard::text::{is_invisible, visible};
use overdue_guard::{catalog, classify, Channel, Message, Report, SignalHit, Span, Verdict};
use std::io::{IsTerminal, Read};
use std::process::ExitCode;

/// The language of the printed report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Simplified Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// The language of a locale name such as `zh_CN.UTF-8` (zh* → Chinese).
    pub fn of_locale(locale: &str) -> Lang {
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The user's language: the first set of LC_ALL, LC_MESSAGES, LANG.
    fn from_env() -> Lang {
        ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|k| std::env::var(k).ok())
            .find(|v| !v.is_empty())
            .map_or(Lang::En, |v| Lang::of_locale(&v))
    }

    fn pick(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// Runs the command with its arguments (after `check`).
pub fn main(raw: &[String]) -> ExitCode {
    let parsed = match args::parse(raw, &["sender", "lang", "channel", "options"], &[]) {
        Ok(p) => p,
        Err(e) => return usage_error(&e),
    };
    let text = match parsed.positional.as_slice() {
        [t] if t == "-" => {
            let mut bytes = Vec::new();
            let limit = MAX_MESSAGE_BYTES as u64 + 1;
            if let Err(e) = std::io::stdin().take(limit).read_to_end(&mut bytes) {
                return usage_error(&format!("cannot read the message from stdin: {e}"));
            }
            match decode_text(&bytes) {
                Ok(t) => t.to_string(),
                Err(e) => return bad_input(&e),
            }
        }
        [t] => match decode_text(t.as_bytes()) {
            Ok(t) => t.to_string(),
            Err(e) => return bad_input(&e),
        },
        [] => return usage_error("check needs the message TEXT"),
        _ => return usage_error("check takes one TEXT (quote it)"),
    };
    let lang = match parsed.value("lang") {
        None => Lang::from_env(),
        Some("zh") => Lang::Zh,
        Some("en") => Lang::En,
        Some(other) => return usage_error(&format!("--lang must be zh or en, not {other:?}")),
    };
    let channel = match parsed.value("channel") {
        None => None,
        Some("sms") => Some(Channel::Sms),
        Some("email") => Some(Channel::Email),
        Some(other) => {
            return usage_error(&format!("--channel must be sms or email, not {other:?}"))
        }
    };
    let options = match load_options(parsed.value("options")) {
        Ok(o) => o,
        Err(e) => return usage_error(&e),
    };
    let message = Message {
        text,
        sender: parsed.value("sender").map(str::to_string),
        channel,
        ..Message::default()
    };
    let report = classify(&message, &options);
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").map_or(true, |v| v.is_empty());
    print_stdout(&render(&message.text, &report, lang, colour))
}

/// The longest message `check` reads, and `classify` reads per line, in
/// bytes: a message is far shorter, and the position maps of a longer one
/// would take gigabytes.
pub const MAX_MESSAGE_BYTES: usize = 16 << 20;

/// The text of a message given as bytes, or why it cannot be checked: too
/// long, not UTF-8, binary data, or nothing to read.
pub fn decode_text(bytes: &[u8]) -> Result<&str, String> {
    if bytes.len() > MAX_MESSAGE_BYTES {
        return Err(format!("the message is longer than {} MiB, the most check reads", MAX_MESSAGE_BYTES >> 20));
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        format!(
            "the message is not UTF-8 text (invalid byte at offset {}); convert it first, e.g. iconv -f GB18030 -t UTF-8",
            e.valid_up_to()
        )
    })?;
    if text.contains('\0') {
        return Err("the message is binary data (it contains NUL bytes), not text".into());
    }
    if text.chars().all(|c| c.is_whitespace() || is_invisible(c)) {
        return Err("the message is empty".into());
    }
    Ok(text)
}

/// Reports input that cannot be checked; exit status 1.
fn bad_input(message: &str) -> ExitCode {
    eprintln!("overdue-guard: {message}");
    ExitCode::FAILURE
}

/// Cuts `text` at a span of UTF-16 code units; `None` when the span is out
/// of range, reversed, or splits a character.
pub fn slice_utf16(text: &str, span: Span) -> Option<&str> {
    let Span(start, end) = span;
    if start > end {
        return None;
    }
    let (mut from, mut to) = (None, None);
    let mut units = 0u32;
    for (byte, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), '\0')))
    {
        if units == start {
            from = Some(byte);
        }
        if units == end {
            to = Some(byte);
            break;
        }
        units += c.len_utf16() as u32;
    }
    text.get(from?..to?)
}

/// Fills `{detail}` in a catalogue sentence.
fn fill(sentence: &str, detail: Option<&str>) -> String {
    sentence.replace("{detail}", detail.unwrap_or(""))
}

/// Shortens a quote to one line of at most `max` characters.
/// Invisible characters are written out (`⟨U+202E⟩`), so a quote shows what
/// hides in it and reads in its real order.
fn one_line(s: &str, max: usize) -> String {
    let flat: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let flat = visible(&flat);
    let flat = flat.trim();
    if flat.chars().count() > max {
        let cut: String = flat.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    } else {
        flat.to_string()
    }
}

struct Paint(bool);

impl Paint {
    fn with(&self, code: &str, s: &str) -> String {
        if self.0 {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }
}

fn sender_kind(kind: &str, lang: Lang) -> &str {
    let (zh, en) = match kind {
        "bank_short_code" => ("银行/机构短号码", "bank or institution short code"),
        "commercial_port" => ("106 商业短信端口", "commercial SMS port (106)"),
        "personal_mobile" => ("个人手机号", "personal mobile number"),
        "virtual_operator" => ("虚拟运营商号段", "virtual-operator number"),
        "overseas" => ("境外号码", "overseas number"),
        "landline" => ("固定电话", "landline"),
        "email" => ("电子邮件地址", "e-mail address"),
        "unknown" => ("未知类型", "unknown kind"),
        other => return other,
    };
    lang.pick(zh, en)
}

/// The sentence of a signal, with its detail (or evidence) filled in.
fn signal_sentence(hit: &SignalHit, lang: Lang) -> String {
    let detail = hit.detail.as_deref().or(Some(hit.evidence.as_str()));
    match catalog().signal(&hit.id) {
        Some(def) => fill(if lang == Lang::Zh { def.zh } else { def.en }, detail),
        None => hit.id.clone(),
    }
}

/// The readable report.
pub fn render(text: &str, report: &Report, lang: Lang, colour: bool) -> String {
    let p = Paint(colour);
    let l = |zh, en| lang.pick(zh, en);
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };

    let (label, code) = match report.verdict {
        Verdict::Scam => (l("疑似诈骗", "SCAM"), "1;31"),
        Verdict::Suspicious => (l("可疑", "SUSPICIOUS"), "1;33"),
        Verdict::Benign => (l("未发现问题", "BENIGN"), "1;32"),
    };
    line(format!(
        "{}{}  ({} {})",
        l("判定：", "Verdict: "),
        p.with(code, label),
        l("分数", "score"),
        report.score
    ));
    line(format!(
        "{}{}",
        l("逾期/催收通知：", "Overdue notice: "),
        if report.overdue {
            l("是", "yes")
        } else {
            l("否", "no")
        }
    ));
    if let Some(inst) = &report.institution {
        let official = if inst.official {
            l("已由发件人或链接证实", "confirmed by the sender or links")
        } else {
            l("未能证实来自该机构", "not confirmed as coming from it")
        };
        line(format!(
            "{}{} ({}), {official}",
            l("自称机构：", "Institution: "),
            inst.name,
            inst.id
        ));
    }
    if let Some(sender) = &report.sender {
        let official = if sender.official {
            l("，官方号码", ", official")
        } else {
            ""
        };
        line(format!(
            "{}{} — {}{official}",
            l("发件人：", "Sender: "),
            visible(&sender.raw),
            sender_kind(&sender.kind, lang)
        ));
    }

    // One line a sentence: the hits of a signal that says the same thing
    // several times (the text model's words) are quoted under it together.
    let grouped = |hits: Vec<&SignalHit>| -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        for hit in hits {
            let sentence = signal_sentence(hit, lang);
            let cut = hit.span.and_then(|s| slice_utf16(text, s)).unwrap_or(&hit.evidence);
            let quoted = if cut.is_empty() { String::new() } else { format!("“{}”", p.with("36", &one_line(cut, 80))) };
            match out.iter_mut().find(|(s, _)| *s == sentence) {
                Some((_, quotes)) if !quoted.is_empty() && !quotes.contains(&quoted) => {
                    quotes.push_str(if quotes.is_empty() { "\n      " } else { " " });
                    quotes.push_str(&quoted);
                }
                Some(_) => {}
                None => out.push((sentence, if quoted.is_empty() { quoted } else { format!("\n      {quoted}") })),
            }
        }
        out
    };
    let mut reasons: Vec<&SignalHit> = report.signals.iter().filter(|s| s.weight > 0).collect();
    reasons.sort_by_key(|s| std::cmp::Reverse(s.weight));
    let good: Vec<&SignalHit> = report.signals.iter().filter(|s| s.weight < 0).collect();
    line(String::new());
    if reasons.is_empty() {
        line(l("没有发现危险迹象。", "No warning signs found.").to_string());
    } else {
        line(p.with("1", l("原因：", "Why:")));
        for (sentence, quotes) in grouped(reasons) {
            line(format!("  {} {sentence}{quotes}", p.with(code, "!")));
        }
    }
    if !good.is_empty() {
        line(p.with("1", l("可信迹象：", "Good signs:")));
        for (sentence, quotes) in grouped(good) {
            line(format!("  + {sentence}{quotes}"));
        }
    }
    if !report.links.is_empty() {
        line(p.with("1", l("链接：", "Links:")));
        for link in &report.links {
            let mut flags = link.flags.clone();
            if link.official {
                flags.insert(0, l("官方", "official").to_string());
            }
            let flags = if flags.is_empty() {
                String::new()
            } else {
                format!("  [{}]", flags.join(", "))
            };
            line(format!(
                "  - {} ({}){}",
                one_line(&link.url, 100),
                link.domain,
                p.with("33", &flags)
            ));
        }
    }
    if !report.advice.is_empty() {
        line(p.with("1", l("建议：", "What to do:")));
        for (i, advice) in report.advice.iter().enumerate() {
            let sentence = match catalog().advice(&advice.id) {
                Some(def) => fill(
                    if lang == Lang::Zh { def.zh } else { def.en },
                    advice.detail.as_deref(),
                ),
                None => advice.id.clone(),
            };
            line(format!("  {}. {sentence}", i + 1));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use overdue_guard::Options;

    #[test]
    fn bad_input_is_named() {
        let cases: [(&[u8], &str); 6] = [
            (b"", "empty"),
            (b" \n\t", "empty"),
            ("\u{200b}\u{feff}".as_bytes(), "empty"),
            (b"\xff\xfe\x00a", "not UTF-8 text (invalid byte at offset 0)"),
            (b"abc\x00\x01\x02", "binary data"),
            (&[b'a'; MAX_MESSAGE_BYTES + 1], "longer than 16 MiB"),
        ];
        for (bytes, words) in cases {
            let e = decode_text(bytes).unwrap_err();
            assert!(e.contains(words), "{e}");
        }
        assert_eq!(decode_text("逾期 \u{200b}".as_bytes()), Ok("逾期 \u{200b}"));
    }

    #[test]
    fn slices_by_utf16_units() {
        let text = "a逾期😀b"; // a=1 unit, 逾期=2, 😀=2 (surrogate pair), b=1
        let table = [
            (Span(0, 1), Some("a")),
            (Span(1, 3), Some("逾期")),
            (Span(3, 5), Some("😀")),
            (Span(5, 6), Some("b")),
            (Span(0, 6), Some(text)),
            (Span(6, 6), Some("")),
            (Span(4, 5), None), // inside the surrogate pair
            (Span(3, 4), None),
            (Span(5, 7), None), // past the end
            (Span(2, 1), None), // reversed
        ];
        for (span, want) in table {
            assert_eq!(slice_utf16(text, span), want, "{span:?}");
        }
    }

    #[test]
    fn locale_language() {
        for (locale, want) in [
            ("zh_CN.UTF-8", Lang::Zh),
            ("zh_TW", Lang::Zh),
            ("ZH", Lang::Zh),
            ("en_US.UTF-8", Lang::En),
            ("C", Lang::En),
            ("", Lang::En),
        ] {
            assert_eq!(Lang::of_locale(locale), want, "{locale}");
        }
    }

    #[test]
    fn one_line_flattens_and_cuts() {
        assert_eq!(one_line(" a\nb ", 10), "a b");
        assert_eq!(one_line("逾期逾期逾期", 4), "逾期逾…");
        assert_eq!(one_line("pay\u{202E}cod.exe", 40), "pay⟨U+202E⟩cod.exe");
    }

    #[test]
    fn render_has_the_parts_without_colour() {
        let msg = Message {
            text: "【微众银行】您的微粒贷借款已逾期3天，请登录微信-微粒贷及时还款。".into(),
            sender: Some("95384".into()),
            ..Message::default()
        };
        let report = classify(&msg, &Options::default());
        for (lang, words) in [
            (Lang::En, ["Verdict: ", "Overdue notice: "]),
            (Lang::Zh, ["判定：", "逾期/催收通知："]),
        ] {
            let text = render(&msg.text, &report, lang, false);
            for w in words {
                assert!(text.contains(w), "{text}");
            }
            assert!(!text.contains('\x1b'), "no colour codes: {text}");
            assert!(!text.contains("{detail}"), "{text}");
        }
        assert!(render(&msg.text, &report, Lang::En, true).contains("\x1b["));
    }

    #[test]
    fn render_says_a_sentence_once_with_all_its_quotes() {
        let text = "请点击链接领取补贴，逾期作废";
        let msg = Message { text: text.into(), ..Message::default() };
        let mut report = classify(&msg, &Options::default());
        let hit = |span: Span, evidence: &str| SignalHit {
            id: "text_model_scam".into(),
            weight: 9,
            span: Some(span),
            evidence: evidence.into(),
            detail: None,
            detail_en: None,
        };
        report.signals = vec![hit(Span(1, 3), "点击"), hit(Span(7, 9), "补贴"), hit(Span(1, 3), "点击")];
        let out = render(text, &report, Lang::En, false);
        let sentence = signal_sentence(&report.signals[0], Lang::En);
        assert_eq!(out.matches(sentence.as_str()).count(), 1, "{out}");
        assert!(out.contains("\n      “点击” “补贴”\n"), "each quote once, on one line: {out}");
    }
}
