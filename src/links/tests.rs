//! Tests of the links module: spans, normalisation, every flag with positive
//! and negative cases, redirect wrappers, the public suffix list, and inputs
//! that must not panic.

use super::*;
use crate::text::marked;


fn ranges_of(text: &str) -> Vec<Range<usize>> {
    find_in_text(text)
        .into_iter()
        .filter_map(|l| l.range)
        .collect()
}

fn one(text: &str) -> Link {
    let links = find_in_text(text);
    assert_eq!(links.len(), 1, "{text:?} gave {links:#?}");
    links.into_iter().next().unwrap()
}

fn codes(link: &Link) -> Vec<&'static str> {
    link.flags.iter().map(LinkFlag::code).collect()
}

#[test]
#[ignore = "reads ../shared/corpora; run with --ignored to see links found in UCI ham"]
fn uci_ham_links() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpora/uci-sms-spam/SMSSpamCollection"
    );
    let Ok(corpus) = std::fs::read_to_string(path) else {
        return;
    };
    let mut n = 0;
    for line in corpus.lines() {
        let Some(text) = line.strip_prefix("ham\t") else {
            continue;
        };
        for link in find_in_text(text) {
            n += 1;
            let shown = link.range.clone().and_then(|r| text.get(r)).unwrap_or("");
            println!("{shown:?}\t{}\t{:?}", link.url, codes(&link));
        }
    }
    println!("links in ham: {n}");
}

#[test]
fn spans_in_text() {
    let cases = [
        // bare hosts glued to Chinese text and punctuation
        "点击|etchyhy.com|完成办理",
        "请登录|www.10086sfw.cn|,根据",
        "请登录|www.10086sfw.cn|，根据提示操作",
        "|t.cn/A6ZX5wgg|",
        "详见|wx.jieba360.com/credit|。",
        "|n.95508.com/x|，谢谢",
        "戳|1.cn/23112352|领取",
        "Info |s.id/1KNuc| !",
        "网址：|wap.ajide.cc|！",
        "【招商银行】|cmbt.cn/a/DX25| 回T退订",
        "【|www.x.cn|】",
        "「|https://x.cn/p?a=1&b=2|」",
        "（|https://x.cn/p|）",
        // schemes, case, defanged, trailing punctuation, brackets
        "Visit |http://x.cn/pay|.",
        "Pay at |https://pay.example.top/x|! Now",
        "see |https://en.wikipedia.org/wiki/Foo_(bar)| now",
        "(see |https://example.com/a|)",
        "[|https://example.com/a|]",
        "go |hxxp://evil.top/x| now",
        "|HTTPS://WWW.URAWINNER.COM|",
        "two: |a.com|, |b.cn/x|; done",
        "|example.com/dispute|. Or |www.consumerfinance.gov|.",
        "Go to |NoWorriesLoans.com| today",
        "|http://icbc.com.cn@evil.top/login|",
        "port |x.cn:8080/a| here",
        "ip |192.168.1.1:8080/login|",
        "ip |http://3232235777/|",
        // Chinese hosts after a scheme end with their suffix
        "访问|http://中文.com/x|。",
        "访问|http://中文.com|完成",
        "访问|http://例子.中国|，谢谢",
        "访问|http://x.cn|完成办理",
        "访问|https://user@中文.com:8080/x|",
        "Cyrillic |pаypal.com| look-alike",
        "google |https://www.google.com/url?q=https://x.top/|",
        // masked links
        "请立即前往车辆中心:|http://***.***.cn|重新办理",
        "点击|http://***.com|认证,回T退订。",
        "点击 |***.***.cn| 完成验证!",
        "reply |#URL| now",
        "click |[URL]|",
        "|#URL#|",
        "<|<URL>|>",
        // full-width forms, ideographic full stops and spaced-out dots
        "請在12小時內更新 |ｈｔｔｐｓ：／／ｐｏｓｔ－ｔｗ．ｃｃ／ａ|",
        "點擊 |ｗｗｗ．ｍｖｄｉｓ－ｔｗ．ｘｙｚ| 繳費",
        "|ｗｗｗ．ｅｘａｍｐｌｅ．ｃｏｍ|",
        "請至 |www . emap711 . cc| 處理",
        "登录|www。jtwf。top|缴纳",
        "visit |x . top/pay| now",
        "sign for Grace . |https://tx.vc/r/2TDXW/| now",
        "Learn more: |http://fb.com/l/1Mxi| . Reply stop",
        "新版 |http://url.cn/SDyaEO|（本信息属业务提醒）",
        "Redeem now: |sbi-rewards-redeem.in|",
        "update KYC at |hdfcbank.co.in| today, or |maybank2u.com.my|",
    ];
    for case in cases {
        let (text, expected) = marked(case);
        assert_eq!(ranges_of(&text), expected, "{case}");
    }
}

#[test]
fn no_false_links() {
    let cases = [
        "",
        "您本期应还97.00元，已逾期3天",
        "balance 1,570.44 due 2023.10.01 at 10.30am",
        "version v1.2.3 and 4.5.6.7 and section 3.2.1",
        "e.g. i.e. U.S. No.1 a.m. p.m. P.O. Box S.A. F.A.E. U.S.A",
        "mail me at john.doe@protonmail.com or yijue@hotmail.com",
        "Dear ${inv.client.name}, invoice ${inv.invoiceNumber}",
        "Hello.How are you? days.so long. her.love me. place.No way. ok..come",
        "all checked.in the morning. follow up.is it ok? the co.in the deal",
        "see readme.md, setup.py and main.rs; photo.jpg index.html",
        "just http:// and https:// and http://. and http:///x",
        "http://wap. http://img",
        "http://点击这里 http://例子.中国请点击",
        "com.cn alone is a suffix",
        "snake_case.com a/b.com #tag.com",
        "金额：１００．００元，请于３０日前缴纳",
        "I paid. me too. ok . Thanks .com",
        "Grace . https",
        "price 3 . 50 and v1 . 2",
        "第1。2条。Ａ。",
        "中文句子。没有链接，只有文字！",
        "1.2.3.4 is not a link without port or path",
        "rating ***** and 5*.5 and **bold**. Wow***.Great",
        "#URLs are fine, URL alone, [url link]",
    ];
    for text in cases {
        let found = find_in_text(text);
        assert!(found.is_empty(), "{text:?} gave {found:#?}");
    }
}

#[test]
fn url_host_domain() {
    // text, url, host, domain
    let cases = [
        (
            "etchyhy.com",
            "http://etchyhy.com/",
            "etchyhy.com",
            "etchyhy.com",
        ),
        (
            "WWW.Example.COM/Path",
            "http://www.example.com/Path",
            "www.example.com",
            "example.com",
        ),
        ("a.b.com.cn", "http://a.b.com.cn/", "a.b.com.cn", "b.com.cn"),
        ("ｈｔｔｐｓ：／／ｐｏｓｔ－ｔｗ．ｃｃ／ａ", "https://post-tw.cc/a", "post-tw.cc", "post-tw.cc"),
        ("www . emap711 . cc", "http://www.emap711.cc/", "www.emap711.cc", "emap711.cc"),
        (
            "foo.github.io/x",
            "http://foo.github.io/x",
            "foo.github.io",
            "foo.github.io",
        ),
        (
            "hxxps://evil.top/a",
            "https://evil.top/a",
            "evil.top",
            "evil.top",
        ),
        (
            "http://192.168.1.1/x",
            "http://192.168.1.1/x",
            "192.168.1.1",
            "192.168.1.1",
        ),
        (
            "http://[2001:db8::1]/x",
            "http://[2001:db8::1]/x",
            "2001:db8::1",
            "2001:db8::1",
        ),
        (
            "http://3232235777/",
            "http://192.168.1.1/",
            "192.168.1.1",
            "192.168.1.1",
        ),
        (
            "http://0x7f.1/",
            "http://127.0.0.1/",
            "127.0.0.1",
            "127.0.0.1",
        ),
        (
            "http://intranet.local/",
            "http://intranet.local/",
            "intranet.local",
            "intranet.local",
        ),
        (
            "pаypal.com",
            "http://xn--pypal-4ve.com/",
            "xn--pypal-4ve.com",
            "xn--pypal-4ve.com",
        ),
        (
            "https://x.cn/a%20b?c=d#e",
            "https://x.cn/a%20b?c=d#e",
            "x.cn",
            "x.cn",
        ),
    ];
    for (text, url, host, domain) in cases {
        let link = one(text);
        assert_eq!(
            (link.url.as_str(), link.host.as_str(), link.domain.as_str()),
            (url, host, domain),
            "{text}"
        );
    }
}

#[test]
fn public_suffix_list() {
    let cases = [
        ("a.b.com.cn", Some("b.com.cn")),
        ("b.com.cn", Some("b.com.cn")),
        ("com.cn", None),
        ("foo.github.io", Some("foo.github.io")),
        ("x.foo.github.io", Some("foo.github.io")),
        ("github.io", None),
        ("WWW.ICBC.COM.CN.", Some("icbc.com.cn")),
        ("n.95508.com", Some("95508.com")),
        ("www.example.co.uk", Some("example.co.uk")),
        ("x.a.b.ck", Some("a.b.ck")), // wildcard rule *.ck
        ("www.ck", Some("www.ck")),   // exception rule !www.ck
        ("例子.公司.cn", Some("xn--fsqu00a.xn--55qx5d.cn")),
        (
            "xn--fsqu00a.xn--55qx5d.cn",
            Some("xn--fsqu00a.xn--55qx5d.cn"),
        ),
        ("192.168.1.1", None),
        ("foo.notatld", None),
        ("", None),
        (".", None),
        ("...", None),
        ("a..com", None),
    ];
    for (host, want) in cases {
        assert_eq!(registrable_domain(host).as_deref(), want, "{host}");
    }
}

#[test]
fn flags_without_brands() {
    // text, flag codes in order
    let cases: &[(&str, &[&str])] = &[
        ("t.cn/A6ZX5wgg", &["shortener"]),
        ("https://bit.ly/3xYz", &["shortener"]),
        ("www.bit.ly/3xYz", &["shortener"]),
        ("985.so/abc", &["shortener"]),
        ("cmbt.cn/a/DX25", &[]),
        ("notbit.ly/x", &[]),
        ("http://192.168.1.1/x", &["ip_host"]),
        ("http://[2001:db8::1]/", &["ip_host"]),
        ("http://3232235777/", &["ip_host"]),
        ("47.98.12.3:8080/pay", &["ip_host"]),
        ("http://xn--fiq228c.com/", &["punycode"]),
        ("http://中文.com/", &["punycode"]),
        ("pаypal.com", &["punycode", "confusable"]),
        ("аррӏе.com", &["punycode", "confusable"]),
        ("bücher.de/x", &["punycode"]),
        ("webank-hk.top", &["suspicious_tld"]),
        ("http://ab.xyz/", &["suspicious_tld"]),
        ("top.com", &[]),
        ("example.com", &[]),
        ("http://x.cn/app/weilidai.apk", &["apk"]),
        ("x.cn/download?type=apk", &["apk"]),
        ("x.cn/dl?file=app.APK", &["apk"]),
        ("x.cn/apkinfo", &[]),
        ("x.cn/download/report.pdf", &[]),
        (
            "http://icbc.com.cn@evil.top/",
            &["suspicious_tld", "userinfo"],
        ),
        ("http://user:pw@x.cn/", &["userinfo"]),
        ("http://evil.cn/a@b", &[]),
        ("#URL", &["redacted"]),
        ("http://***.***.cn", &["redacted"]),
        // the whole list of shorteners, less the brands' own short domains
        ("https://ko.gl/sBOsC", &["shortener"]),
        ("https://a.tiny.one/x", &["shortener"]),
        ("https://amzn.to/3xYz", &[]),
        ("https://wa.me/15551234567", &[]),
        // free hosting and form services
        ("https://secure-update.weebly.com/", &["free_hosting"]),
        ("https://1a2b3c.ngrok.io/bank", &["free_hosting"]),
        ("https://docs.google.com/forms/d/e/1F/viewform", &["free_hosting"]),
        ("https://docs.google.com/document/d/1F/edit", &[]),
        ("https://weebly.com.evil.cn/", &[]),
        // hyphens of the owner's label, not of a subdomain or punycode
        ("https://usps-parcel-fee.com/pay", &["hyphenated_domain"]),
        ("https://my-a-b.tollroad.com/", &[]),
        ("https://xn--bcher-kva.de/", &["punycode"]),
    ];
    for (text, want) in cases {
        let links = find_in_text(text);
        assert_eq!(links.len(), 1, "{text}: {links:#?}");
        assert_eq!(codes(&links[0]), *want, "{text}");
    }
    let redacted = one("点击http://***.***.cn重新办理");
    assert_eq!((redacted.host.as_str(), redacted.domain.as_str()), ("", ""));
    assert_eq!(redacted.url, "http://***.***.cn");
}

#[test]
fn redirect_wrappers() {
    // href, final url, redirector domains
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "https://www.google.com/url?q=https://pay.example.top/x&source=gmail&ust=1&usg=AOv",
            "https://pay.example.top/x",
            &["google.com"],
        ),
        (
            "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpay.example.top%2Fx&data=05",
            "https://pay.example.top/x",
            &["outlook.com"],
        ),
        (
            "https://outlook.office.com/mail/safelink.html?url=https%3A%2F%2Fpay.example.top%2Fx",
            "https://pay.example.top/x",
            &["office.com"],
        ),
        (
            "https://statics.teams.cdn.office.net/evergreen-assets/safelinks/1/atp-safelinks.html?url=https%3A%2F%2Fpay.example.top%2Fx",
            "https://pay.example.top/x",
            &["office.net"],
        ),
        (
            "https://mail.qq.com/cgi-bin/readtemplate?t=safety&gourl=https%3A%2F%2Fpay.example.top%2Fx",
            "https://pay.example.top/x",
            &["qq.com"],
        ),
        (
            "https://wx.mail.qq.com/cgi-bin/readtemplate?t=safety&gourl=www.x.cn%2Fpay",
            "http://www.x.cn/pay",
            &["qq.com"],
        ),
        ("https://l.facebook.com/l.php?u=https%3A%2F%2Fx.top%2F&h=AT0", "https://x.top/", &["facebook.com"]),
        ("https://www.youtube.com/redirect?q=https://x.top/&v=1", "https://x.top/", &["youtube.com"]),
        ("https://steamcommunity.com/linkfilter/?u=https://x.top/", "https://x.top/", &["steamcommunity.com"]),
        ("https://www.tiktok.com/link/v2?target=https%3A%2F%2Fx.top%2F", "https://x.top/", &["tiktok.com"]),
        ("https://adclick.g.doubleclick.net/pcs/click?adurl=https://x.top/", "https://x.top/", &["doubleclick.net"]),
        (
            // Gmail wrapping Outlook Safe Links
            "https://www.google.com/url?q=https://eur01.safelinks.protection.outlook.com/?url%3Dhttps%253A%252F%252Fx.top%252Fa%26data%3D1&source=gmail",
            "https://x.top/a",
            &["google.com", "outlook.com"],
        ),
        // not wrappers, or wrappers without a usable target
        ("https://www.google.com/search?q=https://x.top/", "https://www.google.com/search?q=https://x.top/", &[]),
        ("https://www.google.com/url?q=not+a+url", "https://www.google.com/url?q=not+a+url", &[]),
        ("https://www.google.com/url?q=javascript:alert(1)", "https://www.google.com/url?q=javascript:alert(1)", &[]),
        ("https://mail.qq.com/cgi-bin/frame_html?gourl=https://x.top/", "https://mail.qq.com/cgi-bin/frame_html?gourl=https://x.top/", &[]),
        ("https://www.google.com/urlx?q=https://x.top/", "https://www.google.com/urlx?q=https://x.top/", &[]),
    ];
    for (href, url, wrappers) in cases {
        let link = from_input(Some(href), None).unwrap_or_else(|| panic!("{href}"));
        assert_eq!(link.url, *url, "{href}");
        let got: Vec<String> = link
            .flags
            .iter()
            .filter_map(|f| match f {
                LinkFlag::Redirected(d) => Some(d.clone()),
                _ => None,
            })
            .collect();
        assert_eq!(got, *wrappers, "{href}");
        assert!(link.range.is_none());
    }
    // Wrappers in plain text are unwrapped too.
    let link = one("see https://www.google.com/url?q=https://x.top/p now");
    assert_eq!(link.url, "https://x.top/p");
    assert_eq!(codes(&link), ["suspicious_tld", "redirected"]);
}

#[test]
fn input_links() {
    // Gmail: visible text equals the target.
    let gmail = from_input(
        Some("https://www.google.com/url?q=https://pay.example.top/x&source=gmail"),
        Some("pay.example.top"),
    );
    let gmail = gmail.expect("gmail link");
    assert_eq!(gmail.shown_text.as_deref(), Some("pay.example.top"));
    assert!(!gmail
        .flags
        .iter()
        .any(|f| matches!(f, LinkFlag::TextMismatch(_))));

    // text, href, expected mismatch domains
    let cases: &[(&str, &str, &[&str])] = &[
        ("https://evil.top/login", "www.icbc.com.cn", &["icbc.com.cn"]),
        ("https://evil.top/login", "登录 https://www.icbc.com.cn/ 查看", &["icbc.com.cn"]),
        ("https://evil.top/login", "icbc.com.cn 或 cmbchina.com", &["icbc.com.cn", "cmbchina.com"]),
        ("https://mybank.icbc.com.cn/x", "https://www.icbc.com.cn", &[]),
        (
            "https://nam12.safelinks.protection.outlook.com/?url=https%3A%2F%2Fpay.example.top%2Fx&data=05",
            "https://pay.example.top/x",
            &[],
        ),
        ("https://evil.top/login", "点击这里", &[]),
        ("https://evil.top/login", "ICBC 95588", &[]),
        ("https://evil.top/login", "#URL", &[]),
    ];
    for (href, shown, want) in cases {
        let link = from_input(Some(href), Some(shown)).unwrap_or_else(|| panic!("{href}"));
        let got: Vec<&str> = link
            .flags
            .iter()
            .filter_map(|f| match f {
                LinkFlag::TextMismatch(d) => Some(d.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(got, *want, "{href} / {shown}");
    }

    // Targets that are not web pages, and odd hrefs.
    for href in [
        "mailto:a@icbc.com.cn",
        "tel:95588",
        "tel:+8695588",
        "javascript:alert(1)",
        "sms:95588",
        "data:text/html,x",
        "/relative/path",
        "#",
        "?x=1",
        "ftp://x.cn/a",
    ] {
        assert_eq!(from_input(Some(href), Some("x")), None, "{href}");
    }
    assert_eq!(
        from_input(Some("//x.cn/p"), None).map(|l| l.url),
        Some("http://x.cn/p".into())
    );
    assert_eq!(
        from_input(Some("www.x.cn/pay"), None).map(|l| l.url),
        Some("http://www.x.cn/pay".into())
    );
    assert_eq!(
        from_input(Some(" https://x.cn/ "), None).map(|l| l.url),
        Some("https://x.cn/".into())
    );
    // No href: the visible text names the link.
    let shown_only = from_input(None, Some("请点击 t.cn/A6ZX5wgg")).expect("link from text");
    assert_eq!(
        (shown_only.url.as_str(), shown_only.range.clone()),
        ("http://t.cn/A6ZX5wgg", None)
    );
    assert_eq!(codes(&shown_only), ["shortener"]);
    assert_eq!(
        from_input(Some(""), Some("t.cn/x")).map(|l| l.host),
        Some("t.cn".into())
    );
    assert_eq!(from_input(None, None), None);
    assert_eq!(from_input(None, Some("点击这里")), None);
}

/// Institutions as the engine passes them.
struct Fixture {
    rows: Vec<(&'static str, Vec<String>, Vec<String>)>,
}

impl Fixture {
    fn new() -> Self {
        let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
        Fixture {
            rows: vec![
                ("icbc", s(&["icbc.com.cn"]), s(&["icbc", "95588"])),
                (
                    "cmb",
                    s(&["cmbchina.com", "cmbt.cn"]),
                    s(&["cmb", "cmbchina", "95555"]),
                ),
                ("webank", s(&["webank.com"]), s(&["webank", "weilidai"])),
                (
                    "cgb",
                    s(&["cgbchina.com.cn", "95508.com"]),
                    s(&["cgb", "95508"]),
                ),
                ("cmbc", s(&["cmbc.com.cn"]), s(&["cmbc"])),
                ("abc", s(&["abchina.com"]), s(&["abc", "95599"])),
                ("ccb", s(&["ccb.com"]), s(&["ccb"])),
                (
                    "pingan",
                    s(&["pingan.com", "pingan.com.cn"]),
                    s(&["pingan", "95511"]),
                ),
            ],
        }
    }

    fn brands(&self) -> Vec<Brand<'_>> {
        self.rows
            .iter()
            .map(|(id, domains, tokens)| Brand {
                institution: id,
                domains,
                tokens,
            })
            .collect()
    }
}

fn brand_codes(text: &str) -> Vec<String> {
    let fixture = Fixture::new();
    let mut link = one(text);
    check_brands([&mut link], &fixture.brands());
    // Brands prepared once flag the same.
    let mut again = one(text);
    PreparedBrands::new(&fixture.brands()).check([&mut again]);
    assert_eq!(again.flags, link.flags, "{text}");
    link.flags
        .iter()
        .filter_map(|f| match f {
            LinkFlag::Lookalike(d) => Some(format!("lookalike:{d}")),
            LinkFlag::BrandInSubdomain(t) => Some(format!("subdomain:{t}")),
            LinkFlag::BrandInPath(t) => Some(format!("path:{t}")),
            LinkFlag::ActionWordInDomain(w) => Some(format!("word:{w}")),
            _ => None,
        })
        .collect()
}

#[test]
fn action_words_in_the_owners_label_only() {
    let cases: &[(&str, &[&str])] = &[
        ("https://verifiusers.com/card", &["word:verif"]),
        ("http://paypal.secure-login.com/x", &["word:login"]),
        ("https://secure-update.weebly.com/", &["word:secure"]),
        // words of paying only as one hyphen part of several
        ("https://pcn-payment.uk/notice", &["word:payment"]),
        ("tolls-pay.xyz", &["word:pay"]),
        ("https://city-parking-fines.com", &["word:fines"]),
        ("https://www.epay.com/", &[]),
        ("https://pay.example.com/", &[]),
        ("https://paynow.sg/", &[]),
        ("https://bill-gates.example/", &[]),
        ("https://toll-free-numbers.example/", &[]),
        ("https://fine-art-prints.example/", &[]),
        // a subdomain of the firm's own domain, and an institution's own site
        ("https://login.example.com/", &[]),
        ("https://secure.cmbchina.com/login", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(brand_codes(text), *want, "{text}");
    }
}

#[test]
fn brand_flags() {
    let cases: &[(&str, &[&str])] = &[
        // look-alike registrable domains
        ("cmb-china.com", &["lookalike:cmbchina.com"]),
        ("icbc-95588.com", &["lookalike:icbc.com.cn"]),
        ("webank-hk.top", &["lookalike:webank.com"]),
        ("95588-icbc.cn", &["lookalike:icbc.com.cn"]),
        ("icbc.com.co", &["lookalike:icbc.com.cn"]),
        ("icbc.github.io", &["lookalike:icbc.com.cn"]),
        ("cmbchlna.com", &["lookalike:cmbchina.com"]),
        ("crnbchina.com", &["lookalike:cmbchina.com"]),
        ("mycmbchina.net", &["lookalike:cmbchina.com"]),
        ("webаnk.com", &["lookalike:webank.com"]),
        ("webankhk.top", &["lookalike:webank.com"]),
        ("abc-bank.cn", &["lookalike:abchina.com"]),
        ("weilidai-pay.com", &["lookalike:webank.com", "word:pay"]),
        // brand in a subdomain or path of another domain
        ("icbc.com.cn.secure-login.top", &["subdomain:icbc", "word:login"]),
        ("webank.xyz.com", &["subdomain:webank"]),
        ("cmb.evil.top/x", &["subdomain:cmb"]),
        ("mywebank.example.com", &["subdomain:webank"]),
        ("evil.top/icbc/login", &["path:icbc"]),
        ("evil.top/abc/pay", &["path:abc"]),
        ("evil.top/webank-login.html", &["path:webank"]),
        ("evil.top/95588/pay", &["path:95588"]),
        ("http://icbc.com.cn@evil.top/icbc", &["path:icbc"]),
        // all three
        (
            "http://icbc.evil-icbc.top/icbc",
            &["lookalike:icbc.com.cn", "subdomain:icbc", "path:icbc"],
        ),
        // official domains and their subdomains: never
        ("icbc.com.cn", &[]),
        ("www.icbc.com.cn/icbc/x", &[]),
        ("personal.webank.com", &[]),
        ("creditcard.cmbc.com.cn", &[]),
        ("n.95508.com/x", &[]),
        ("cmbt.cn/a/DX25", &[]),
        ("pingan.com.cn/pingan", &[]),
        // short and ordinary-word tokens only as whole parts
        ("fabcon.com", &[]),
        ("abc.com", &[]),
        ("abcd.example.com", &[]),
        ("cmbx.evil.top", &[]),
        ("evil.top/fabcon/x", &[]),
        ("evil.top/abcd", &[]),
        ("evil.top/1395588000", &[]),
        ("pinganfu.com", &[]),
        ("example.com/pingandao", &[]),
        ("t.cn/A6ZX5wgg", &[]),
        ("example.com", &[]),
        ("95555.cn", &[]),
    ];
    for (text, want) in cases {
        assert_eq!(brand_codes(text), *want, "{text}");
    }
    // Which institution a link officially belongs to.
    let fixture = Fixture::new();
    let brands = fixture.brands();
    let cases = [
        ("personal.webank.com/x", Some("webank")),
        ("WWW.ICBC.COM.CN", Some("icbc")),
        ("cmbt.cn/a/DX25", Some("cmb")),
        ("n.95508.com/x", Some("cgb")),
        ("cmbc.com.cn", Some("cmbc")),
        ("webank-hk.top", None),
        ("notwebank.com", None),
        ("#URL", None),
    ];
    for (text, want) in cases {
        assert_eq!(official_institution(&one(text), &brands), want, "{text}");
    }
    // No brands, IP hosts, redacted links: nothing to add, nothing breaks.
    let mut ip = one("http://192.168.1.1/icbc");
    check_brands([&mut ip], &[]);
    assert_eq!(codes(&ip), ["ip_host"]);
    let mut masked = one("#URL");
    check_brands([&mut masked], &Fixture::new().brands());
    assert_eq!(codes(&masked), ["redacted"]);
}

#[test]
fn flag_codes_are_distinct() {
    let all = [
        LinkFlag::Shortener,
        LinkFlag::IpHost,
        LinkFlag::Punycode,
        LinkFlag::Confusable,
        LinkFlag::Lookalike(String::new()),
        LinkFlag::BrandInSubdomain(String::new()),
        LinkFlag::BrandInPath(String::new()),
        LinkFlag::SuspiciousTld,
        LinkFlag::ApkDownload,
        LinkFlag::TextMismatch(String::new()),
        LinkFlag::UserInfo,
        LinkFlag::Redirected(String::new()),
        LinkFlag::Redacted,
        LinkFlag::HiddenCharacters,
        LinkFlag::FreeHosting,
        LinkFlag::HyphenatedDomain,
        LinkFlag::ActionWordInDomain(String::new()),
    ];
    let mut codes: Vec<&str> = all.iter().map(LinkFlag::code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), all.len());
}

#[test]
fn data_file_is_complete() {
    let k = data::knowledge();
    assert!(k.shorteners.contains(&"t.cn"));
    assert!(k.suspicious_tlds.contains(&"top"));
    assert!(!k.redirectors.is_empty() && k.redirectors.iter().all(|r| !r.params.is_empty()));
    assert!(!k.bare_gtlds.is_empty() && !k.prose_cctlds.is_empty());
    // Every list entry says where it comes from.
    let json: serde_json::Value = serde_json::from_str(data::JSON).expect("json");
    assert!(json["shortener_list"]["source"].as_str().is_some_and(|s| s.len() > 10));
    assert!(k.shorteners.len() > 2000 && k.shorteners.windows(2).all(|w| w[0] < w[1]), "sorted, for the binary search");
    for table in ["shortener", "redirector", "suspicious_tld", "free_hosting", "domain_words", "domain_parts"] {
        let rows = json[table].as_array().expect(table);
        assert!(!rows.is_empty(), "{table}");
        for row in rows {
            assert!(
                row["source"].as_str().is_some_and(|s| s.len() > 10),
                "{table}: {row}"
            );
        }
    }
    // No institution's own short-link domain is listed as a shortener.
    for own in ["cmbt.cn", "3.cn", "z.douyin.com", "95508.com", "amzn.to", "wa.me"] {
        assert!(!k.shorteners.contains(&own), "{own}");
    }
}

/// Deterministic pseudo-random strings built from pieces that stress the scanner.
fn garbage(n: usize) -> Vec<String> {
    const PIECES: &[&str] = &[
        ".", "..", "/", "//", ":", "://", "http", "HTTPS", "hxxp", "www.", "com", "cn", "top", "*",
        "***", "#URL", "[URL]", "点击", "完成", "。", "，", "！", "）", "(", ")", "[", "]", "a",
        "Z", "0", "95588", "-", "_", "@", "?", "=", "&", "%", "%zz", "а", "ӏ", "xn--", "xn--zz",
        "ü", "\u{200b}", "\u{202e}", "\u{301}", "😀", " ", "\n", "\t", "1.2.3.4", "0x7f", "[::1",
        "icbc", "t.cn/", ".apk", "gourl=", "url?q=", "\u{0}", "\u{ffff}", "ｗ", "१२", "٣",
    ];
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let len = (next() % 40) as usize;
            (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect()
        })
        .collect()
}

fn assert_sane(text: &str, links: &[Link]) {
    let mut last = 0;
    for link in links {
        let Some(r) = link.range.clone() else {
            panic!("text link without range in {text:?}")
        };
        assert!(
            r.start >= last && r.start < r.end && r.end <= text.len(),
            "{text:?}: {r:?}"
        );
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{text:?}: {r:?}"
        );
        assert_eq!(
            link.host.is_empty(),
            link.flags.contains(&LinkFlag::Redacted),
            "{text:?}"
        );
        last = r.end;
    }
}

#[test]
fn odd_input_never_panics() {
    let fixture = Fixture::new();
    let brands = fixture.brands();
    let fixed = [
        String::new(),
        ".".into(),
        "...........".into(),
        "http://".into(),
        "http://.".into(),
        "http://:80".into(),
        "http://@".into(),
        "http://[".into(),
        "http://[::1".into(),
        "http://%zz%zz.com/".into(),
        "http://xn--.com/".into(),
        "http://xn--zzzzzzzzzz.com/".into(),
        "xn--.com".into(),
        "*.*".into(),
        "#URL#URL#URL".into(),
        format!("{}.com", "a".repeat(70)),
        format!("{}.com/{}", "a".repeat(63), "b".repeat(10_000)),
        format!("http://{}.com", "é".repeat(300)),
        "a.".repeat(5_000),
        "http://".repeat(2_000),
        "\u{202e}moc.evil\u{202c}".into(),
        "ｗｗｗ.example.ｃｏｍ".into(),
        "e\u{301}xample.com".into(),
    ];
    for text in fixed.iter().cloned().chain(garbage(3_000)) {
        let links = find_in_text(&text);
        assert_sane(&text, &links);
        for mut link in links {
            check_brands([&mut link], &brands);
        }
        if let Some(mut link) = from_input(Some(&text), Some(&text)) {
            check_brands([&mut link], &brands);
        }
        let _ = from_input(None, Some(&text));
        let _ = registrable_domain(&text);
    }
}

#[test]
fn large_text_is_linear() {
    let unit = "请点击 t.cn/A6ZX5wgg 还款，或登录www.example.com/x?y=1。金额97.00元 e.g. U.S. ";
    let text = unit.repeat(1_000_000 / unit.len());
    let start = std::time::Instant::now();
    let links = find_in_text(&text);
    assert_eq!(links.len(), 2 * (1_000_000 / unit.len()));
    assert_sane(&text, &links);
    // Pathological runs: one long run of dots, of schemes, of stars.
    for bad in [
        "a.".repeat(500_000),
        "http://".repeat(150_000),
        "*.".repeat(500_000),
        "x".repeat(1_000_000),
        format!("http://{}", "a中.".repeat(200_000)),
        "http://中".repeat(100_000),
        format!("http://{}", "中".repeat(300_000)),
    ] {
        let _ = find_in_text(&bad);
    }
    // Generous even for an unoptimised build on a busy machine.
    assert!(start.elapsed().as_secs() < 60, "took {:?}", start.elapsed());
}

#[test]
#[ignore = "reads ../shared/corpora; run with --ignored to see links found in the dev corpora"]
fn dev_corpus_links() {
    for name in ["dev", "labelled-public"] {
        let path = format!(
            "{}/../shared/corpora/{name}/messages.jsonl",
            env!("CARGO_MANIFEST_DIR")
        );
        let Ok(corpus) = std::fs::read_to_string(path) else {
            continue;
        };
        for line in corpus.lines() {
            let Ok(msg) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            let text = msg["text"].as_str().unwrap_or_default();
            for link in find_in_text(text) {
                let shown = link.range.clone().and_then(|r| text.get(r)).unwrap_or("");
                println!(
                    "{}\t{shown:?}\t{}\t{}\t{:?}",
                    msg["id"],
                    link.url,
                    link.domain,
                    codes(&link)
                );
            }
        }
    }
}

#[test]
fn another_short_bank_name_is_not_a_lookalike() {
    let domains = vec!["czbank.com".to_string()];
    let tokens = vec!["czbank".to_string()];
    let brands = [Brand { institution: "czb", domains: &domains, tokens: &tokens }];
    for (url, lookalike) in [("u.ghbank.com.cn/1KRM", false), ("czbamk.com/login", true)] {
        let mut link = find_in_text(url).remove(0);
        check_brands([&mut link], &brands);
        assert_eq!(link.flags.iter().any(|f| matches!(f, LinkFlag::Lookalike(_))), lookalike, "{url}");
    }
}

#[test]
fn invisible_and_bidi_characters_are_read_through_and_flagged() {
    let text = "请登录 https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap\u{202C} 还款";
    let link = one(text);
    assert_eq!(link.url, "https://www.icbc.com.cn/xcod.yap");
    assert_eq!(link.domain, "icbc.com.cn");
    assert!(link.flags.contains(&LinkFlag::HiddenCharacters), "{:?}", link.flags);
    let r = link.range.clone().unwrap();
    assert_eq!(&text[r], "https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap");

    // A zero-width space where a long path may wrap is no disguise; in the host it is.
    assert!(!one("https://example.com/a/very\u{200B}/long/path").flags.contains(&LinkFlag::HiddenCharacters));
    assert!(one("www.pay\u{00AD}pal-help.top").flags.contains(&LinkFlag::HiddenCharacters));
    assert!(!one("https://example.com/plain").flags.contains(&LinkFlag::HiddenCharacters));

    // Link elements: the href and the visible text.
    let href = from_input(Some("https://www.ic\u{200B}bc.com.cn/\u{202E}xcod.yap\u{202C}"), Some("pay")).unwrap();
    assert_eq!((href.url.as_str(), href.flags.contains(&LinkFlag::HiddenCharacters)), ("https://www.icbc.com.cn/xcod.yap", true));
    let shown = from_input(Some("https://www.icbc.com.cn/"), Some("www.ic\u{200B}bc.com.cn")).unwrap();
    assert!(shown.flags.contains(&LinkFlag::HiddenCharacters));
    let plain = from_input(Some("https://www.icbc.com.cn/"), Some("工商银行\u{200D}")).unwrap();
    assert!(!plain.flags.contains(&LinkFlag::HiddenCharacters));
}
