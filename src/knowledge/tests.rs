use super::*;
use crate::text::marked;

fn k() -> &'static Knowledge {
    Knowledge::get()
}

fn idx(id: &str) -> usize {
    k().by_id(id)
        .unwrap_or_else(|| panic!("no institution {id}"))
}


use ClaimVia::*;

#[test]
fn data_parses_and_validates() {
    assert_eq!(k().load_error(), None);
    let problems = data::problems(k());
    assert!(
        problems.is_empty(),
        "data problems:\n{}",
        problems.join("\n")
    );
    // Every institution of institutions.md §1a–§1c, the names-only lenders and
    // the public services advice needs.
    for id in [
        "icbc",
        "ccb",
        "abc",
        "boc",
        "bocom",
        "psbc",
        "cmb",
        "cmb-cc",
        "citic",
        "ceb",
        "cmbc",
        "cib",
        "spdb",
        "pingan-bank",
        "hxb",
        "cgb",
        "czb",
        "cbhb",
        "unionpay",
        "webank",
        "mybank",
        "ant",
        "jd-finance",
        "duxiaoman",
        "meituan-finance",
        "bytedance-finance",
        "zhaolian",
        "qifu-360",
        "rong360",
        "suning-bank",
        "xwbank",
        "mashang",
        "boc-cf",
        "cib-cf",
        "pingan-puhui",
        "pingan-cf",
        "lexin",
        "ppdai",
        "zhongan",
        "home-credit",
        "suning-finance",
        "ctrip-finance",
        "xiaomi-finance",
        "didi-finance",
        "yangqianguan",
        "yirendai",
        "pbccrc",
        "nfra",
        "pboc",
        "anti-fraud-96110",
        "anti-fraud-12381",
        "spam-report-12321",
        "court-12368",
        "gdrcu",
    ] {
        assert!(k().by_id(id).is_some(), "missing {id}");
    }
}

#[test]
fn unconfirmed_numbers_are_never_recorded_as_facts() {
    // 95055 (度小满/Alipay) is widely assumed but unsourced: nowhere at all.
    for inst in &k().institutions {
        let all = inst.facts.iter().chain(&inst.unconfirmed);
        assert!(
            all.clone().all(|f| f.value != "95055"),
            "{} records 95055",
            inst.id
        );
        assert!(!inst.hotlines.contains(&"95055".to_string()));
    }
    assert_eq!(k().institution_for_number("95055"), None);
    // User claims rated L stay out of the hotlines.
    assert!(!k().institutions[idx("webank")]
        .hotlines
        .contains(&"4009998800".to_string()));
    assert!(!k().institutions[idx("bytedance-finance")]
        .hotlines
        .contains(&"95766".to_string()));
    assert!(!k().institutions[idx("cmbc")]
        .card_hotlines
        .contains(&"95768".to_string()));
}

#[test]
fn every_fact_has_a_resolvable_source() {
    for inst in &k().institutions {
        for f in inst.facts.iter().chain(&inst.unconfirmed) {
            for s in &f.sources {
                assert!(
                    k().source(s).is_some(),
                    "{}: {} cites unknown {s}",
                    inst.id,
                    f.value
                );
            }
        }
    }
    assert!(k()
        .source("V:微众银行")
        .is_some_and(|s| s.contains("vCards")));
    assert_eq!(
        k().source("https://m.csai.cn/loan/1382290.html"),
        Some("https://m.csai.cn/loan/1382290.html")
    );
    assert_eq!(k().source("nonsense"), None);
    let f = k().fact(idx("webank"), "95384").expect("95384 is sourced");
    assert_eq!(f.field, FactField::Hotline);
    assert!(f.sources.iter().any(|s| s == "V:微众银行"));
}

#[test]
fn claims() {
    let cases: &[(&str, &[(&str, ClaimVia)])] = &[
        (
            "|【微众银行】|您的|微粒贷|已逾期",
            &[("webank", Signature), ("webank", Product)],
        ),
        (
            "您的|微粒贷|借款已放款|【微众银行】|",
            &[("webank", Product), ("webank", Signature)],
        ),
        (
            "|【微粒贷】|您的借款已逾期，点击链接还款",
            &[("webank", WrongSignature)],
        ),
        (
            "|【微粒贷逾期通知】|请立即还款",
            &[("webank", WrongSignature)],
        ),
        ("|［微粒贷］|您的借款已逾期", &[("webank", WrongSignature)]),
        (
            "您尾号5083的|龙卡信用卡|本期账单已还清。|【建设银行】|",
            &[("ccb", Product), ("ccb", Signature)],
        ),
        (
            "您尾号5083的信用卡本期账单已还清。|[建设银行]|",
            &[("ccb", Signature)],
        ),
        (
            "您尾号5083的信用卡本期账单已还清 |[建设银行]| 。",
            &[("ccb", Signature)],
        ),
        ("转账至[|建设银行|]账户成功", &[("ccb", Name)]),
        ("|〔浦发银行〕|您的信用卡账单", &[("spdb", Signature)]),
        (
            "|【广东农信】|您尾号0058账户入账【河源农商银行】",
            &[("gdrcu", Signature)],
        ),
        (
            "【ETC通行提醒】尊敬的ETC客户：共计消费63.65元。|【工商银行】|",
            &[("icbc", Signature)],
        ),
        ("|【中国工商银行】|您的账户", &[("icbc", UnlistedSignature)]),
        (
            "|【京东金融】|（借款到账）您申请的|金条|借款1000.00元",
            &[("jd-finance", UnlistedSignature), ("jd-finance", Product)],
        ),
        (
            "|【京东金融】|（还款提醒）您本期|白条|账单将于1月14日自动扣款",
            &[("jd-finance", UnlistedSignature), ("jd-finance", Product)],
        ),
        ("|【平安】|您的账户", &[("pingan-bank", UnlistedSignature)]),
        ("|【交行】|您的信用卡", &[("bocom", UnlistedSignature)]),
        ("|[boc]| your card", &[("boc", UnlistedSignature)]),
        (
            "|【招联金融】|您今天应还1352.29元扣款失败，请17点前补足|招商银行|3683卡余额",
            &[("zhaolian", UnlistedSignature), ("cmb", Name)],
        ),
        (
            "|【中信银行信用卡】|您信用卡临时额度可提至39000元",
            &[("citic", UnlistedSignature)],
        ),
        (
            "|【蚂蚁借呗】|你的|支付宝|将自动还款",
            &[("ant", Signature), ("ant", Name)],
        ),
        (
            "您的|花呗|和|借呗|已逾期，请登录|支付宝|",
            &[("ant", Product), ("ant", Product), ("ant", Name)],
        ),
        (
            "|【抖音月付】|您已使用|抖音月付|下单",
            &[
                ("bytedance-finance", Signature),
                ("bytedance-finance", Product),
            ],
        ),
        (
            "请拨打|工行|客服或到|建行|、|农行|、|招行|网点",
            &[("icbc", Name), ("ccb", Name), ("abc", Name), ("cmb", Name)],
        ),
        ("您尾号0262|交行信用卡|成功消费", &[("bocom", Name)]),
        ("|中国银行保险监督管理委员会|通知函", &[("nfra", Name)]),
        ("|银保监会|要求您注销账户", &[("nfra", Name)]),
        ("|中国人民银行征信中心|提醒", &[("pbccrc", Name)]),
        ("冒充|征信中心|工作人员", &[("pbccrc", Name)]),
        (
            "|中国人民银行|和|中国银行|",
            &[("pboc", Name), ("boc", Name)],
        ),
        ("|招商银行信用卡中心|提醒您", &[("cmb-cc", Name)]),
        ("your |icbc| card is overdue", &[("icbc", Name)]),
        ("|bank of china| notice", &[("boc", Name)]),
        ("the |people's bank of china| says", &[("pboc", Name)]),
        ("|agricultural bank of china| alert", &[("abc", Name)]),
        (
            "pay via |alipay| or |webank|",
            &[("ant", Name), ("webank", Name)],
        ),
        (
            "|平安普惠|的借款和|平安银行|",
            &[("pingan-puhui", Name), ("pingan-bank", Name)],
        ),
        (
            "您在|分期乐|的账单，|安逸花|额度",
            &[("lexin", Product), ("mashang", Product)],
        ),
        ("|360借条|逾期", &[("qifu-360", Name)]),
        ("|国家反诈中心|提醒您", &[("anti-fraud-12381", Name)]),
        ("员工行为规范，|工行|客户", &[("icbc", Name)]),
    ];
    for (spec, want) in cases {
        let (text, ranges) = marked(spec);
        assert_eq!(ranges.len(), want.len(), "bad case {spec}");
        let got: Vec<(String, Range<usize>, ClaimVia)> = k()
            .find_claims(&text)
            .into_iter()
            .map(|c| (k().institutions[c.institution].id.clone(), c.range, c.via))
            .collect();
        let want: Vec<(String, Range<usize>, ClaimVia)> = want
            .iter()
            .zip(ranges)
            .map(|((id, via), r)| (id.to_string(), r, *via))
            .collect();
        assert_eq!(got, want, "claims in {text}");
    }
}

#[test]
fn no_false_claims() {
    for text in [
        "平安到家，一路平安",
        "您账户中信用额度不足",
        "本月账户中信用卡还款",
        "招商引资项目",
        "关注民生问题",
        "华夏文明五千年",
        "光大门楣",
        "浦发展新区",
        "化工行业和加工行业的员工行为规范",
        "施工行动方案，组建行政部门",
        "急招行政助理",
        "他给我打了白条，说下月还",
        "中国银行业协会发布报告",
        "中央行政机关，中央行动",
        "推广发卡活动",
        "系统提交行李信息",
        "快捷信息服务，便捷信用",
        "民众安全",
        "其中行程安排",
        "京东快递已签收",
        "美团外卖订单已送达",
        "【重要提醒】您的账户",
        "[LAST NAME], call us about [CASE NUMBER]",
        "abc news at 9, boc and ccb and cmb and jd and cib",
        "the abcs of banking; citics; webanking; icbcx",
        "[回XFDXTD92退订，回XFDXYC92夜间免扰，24小时内回复有效]",
        "向[中国银行业协会]咨询",
    ] {
        let claims = k().find_claims(text);
        let named: Vec<&str> = claims
            .iter()
            .map(|c| k().institutions[c.institution].id.as_str())
            .collect();
        assert!(claims.is_empty(), "false claims in {text:?}: {named:?}");
    }
}

#[test]
fn odd_input_does_not_panic() {
    let long_open = "【".repeat(10_000);
    let long_word = "工".repeat(10_000);
    for text in [
        "",
        "【",
        "】",
        "】【",
        "[",
        "[]",
        "【】",
        "〔〕[]【】",
        "【工商银行",
        "工商银行】",
        "【这是一个非常非常非常非常非常非常非常长的不是签名的括号内容工商银行】",
        "【工\n商银行】",
        long_open.as_str(),
        long_word.as_str(),
        "\u{0}\u{feff}【\u{200b}】",
    ] {
        let _ = k().find_claims(text);
    }
    assert!(k()
        .find_claims("【这是一个非常非常非常非常非常非常非常长的不是签名的括号内容工商银行】")
        .iter()
        .all(|c| c.via == Name));
    assert!(Knowledge::default().find_claims("【工商银行】").is_empty());
}

#[test]
fn signature_spans_cover_unknown_signers() {
    let (text, want) = marked("|【宁波银行】|您的贷款本期应还款316.50元|[广东农信]|");
    assert_eq!(signature_spans(&text), want);
    let (text, want) =
        marked("|【湖南住房公积金】||【省直】|尊敬的某某，向您尾号1707账户[巢湖学院]扣款");
    assert_eq!(signature_spans(&text), want);
    assert!(signature_spans("").is_empty());
}

#[test]
fn primary_claim_prefers_signatures() {
    let claims = k().find_claims("【招联金融】请补足招商银行卡余额");
    let p = k()
        .primary_claim(&claims)
        .map(|c| k().institutions[c.institution].id.as_str());
    assert_eq!(p, Some("zhaolian"));
    let claims = k().find_claims("您的微粒贷已逾期【微众银行】");
    assert_eq!(k().primary_claim(&claims).map(|c| c.via), Some(Signature));
    assert_eq!(k().primary_claim(&[]), None);
}

#[test]
fn primary_claim_is_the_brand_not_an_authority_it_cites() {
    let primary = |text: &str| {
        let claims = k().find_claims(text);
        k().primary_claim(&claims).map(|c| k().institutions[c.institution].id.clone())
    };
    let cases = [
        ("根据银保监会规定，您的京东白条需要注销", Some("jd-finance")),
        ("银保监会通知：您的微粒贷已逾期", Some("webank")),
        ("请拨打12378向银保监会投诉", Some("nfra")),
    ];
    for (text, want) in cases {
        assert_eq!(primary(text).as_deref(), want, "{text}");
    }
}

#[test]
fn number_belongs() {
    use Belongs::*;
    let cases = [
        ("webank", "95384", Yes),
        ("icbc", "95588", Yes),
        ("ccb", "106980095533", Yes),
        ("ccb", "02138695188", Yes),
        ("abc", "1069095599", Yes),
        ("boc", "106980095566", Yes),
        ("boc", "10659020295566", Likely),
        ("cmb", "1069095555", Unknown), // unconfirmed (content page)
        ("cmb", "10690000095555", Likely),
        ("icbc", "9558801", Likely),
        ("citic", "9555801", Yes),
        ("bocom", "106909289888", Yes),
        ("ant", "10655025895188", Yes),
        ("ant", "10612345695188", Likely),
        ("cmb-cc", "95555", Yes), // the group's number
        ("cmb", "4008205555", Yes),
        ("cmb-cc", "10693495555", Yes),
        ("pbccrc", "4008108866", Yes),
        ("nfra", "12378", Yes),
        ("anti-fraud-12381", "12381", Yes),
        ("webank", "95588", No),      // ICBC's
        ("webank", "95123", No),      // another 95xxx
        ("webank", "96110", No),      // the anti-fraud line
        ("webank", "4008108866", No), // the credit bureau's
        ("webank", "12381", No),
        ("boc", "1069095599", No), // ABC's port
        ("zhaolian", "95188", No),
        ("zhaolian", "95212234", No), // 95 number of the wrong length
        ("webank", "10690000095384", Unknown), // no port facts for WeBank
        ("webank", "13800138000", Unknown),
        ("zhaolian", "4001234567", Unknown),
        ("cmbc", "95768", Unknown), // conflicting sources, unconfirmed
        ("cmbc", "106920595568", Unknown),
        ("jd-finance", "10108118", Unknown),
        ("bytedance-finance", "95766", Unknown),
        ("bytedance-finance", "1068409096200000003", Yes),
        ("icbc", "", Unknown),
        ("icbc", "95588a", Unknown),
        ("icbc", "+8695588", Unknown),
    ];
    for (id, number, want) in cases {
        assert_eq!(k().number_belongs(idx(id), number), want, "{id} {number}");
    }
    assert_eq!(k().number_belongs(usize::MAX, "95588"), Unknown);
}

#[test]
fn domain_belongs() {
    use Belongs::*;
    let cases = [
        ("webank", "webank.com", Yes),
        ("webank", "w.webank.com", Yes),
        ("icbc", "ICBC.COM.CN.", Yes),
        ("icbc", "95588.com.cn", Yes),
        ("cmb", "cmbt.cn", Yes),
        ("cmb-cc", "cmbchina.com", Yes),
        ("cmb", "cmbchina.com", Yes),
        ("cgb", "95508.com", Yes),
        ("jd-finance", "3.cn", Yes),
        ("bytedance-finance", "douyin.com", Yes),
        ("pbccrc", "pbccrc.org.cn", Yes),
        ("webank", "alipay.com", No),
        ("ant", "webank.com", No),
        ("cmb", "cmbc.com.cn", No),
        ("webank", "wld-hk.top", Unknown),
        ("icbc", "icbc.com.cn.evil.top", Unknown),
        ("icbc", "icbc-95588.com", Unknown),
        ("qifu-360", "360jie.com", Unknown), // unconfirmed mapping
        ("webank", "360jie.com", Unknown),
        ("nfra", "cbirc.gov.cn", Unknown),
        ("icbc", "", Unknown),
        ("icbc", "com", Unknown),
    ];
    for (id, domain, want) in cases {
        assert_eq!(k().domain_belongs(idx(id), domain), want, "{id} {domain}");
    }
    assert_eq!(k().domain_belongs(usize::MAX, "icbc.com.cn"), Unknown);
}

#[test]
fn lookups() {
    let id = |i: Option<usize>| i.map(|i| k().institutions[i].id.as_str());
    assert_eq!(id(k().institution_for_number("95188")), Some("ant"));
    assert_eq!(id(k().institution_for_number("4008108866")), Some("pbccrc"));
    assert_eq!(id(k().institution_for_number("95555")), Some("cmb"));
    assert_eq!(id(k().institution_for_number("12345")), None);
    assert_eq!(id(k().institution_for_number("")), None);
    assert_eq!(id(k().institution_for_port("10659020295566")), Some("boc"));
    assert_eq!(id(k().institution_for_port("95566")), None);
    assert_eq!(
        id(k().institution_for_domain("cc.cmbchina.com")),
        Some("cmb")
    );
    assert_eq!(
        id(k().institution_for_domain("render.alipay.com")),
        Some("ant")
    );
    assert_eq!(id(k().institution_for_domain("evil.top")), None);
    assert_eq!(k().by_id("nope"), None);
    assert!(k().institution(usize::MAX).is_none());
}

#[test]
fn advice_helpers() {
    let hotline = |id| k().hotline(idx(id));
    assert_eq!(hotline("webank"), Some("95384"));
    assert_eq!(hotline("ant"), Some("95188"));
    assert_eq!(hotline("icbc"), Some("95588"));
    assert_eq!(hotline("pbccrc"), Some("4008108866"));
    assert_eq!(hotline("nfra"), Some("12378"));
    assert_eq!(hotline("pboc"), Some("12363"));
    assert_eq!(hotline("anti-fraud-96110"), Some("96110"));
    assert_eq!(hotline("spam-report-12321"), Some("12321"));
    assert_eq!(hotline("court-12368"), Some("12368"));
    assert_eq!(hotline("duxiaoman"), None);
    assert_eq!(hotline("mashang"), None);
    assert_eq!(k().hotline(usize::MAX), None);

    let webank = k().official_channel(idx("webank")).expect("webank channel");
    assert!(webank.zh.contains("微信") && webank.en.contains("no standalone app"));
    let icbc = k()
        .official_channel(idx("icbc"))
        .expect("default bank channel");
    assert!(icbc.zh.contains("中国工商银行") && !icbc.zh.contains('{'));
    assert!(icbc.en.contains("ICBC") && !icbc.en.contains('{'));
    let lender = k()
        .official_channel(idx("zhaolian"))
        .expect("default lender channel");
    assert!(lender.zh.contains("招联消费金融"));
    assert_eq!(k().official_channel(usize::MAX), None);

    assert_eq!(k().email_domains(idx("cmb")), ["message.cmbchina.com"]);
    assert_eq!(k().email_domains(idx("ant")), ["mail.alipay.com"]);
    assert!(k().email_domains(usize::MAX).is_empty());
    assert!(k().brand_tokens(idx("icbc")).iter().any(|t| t == "icbc"));
    assert!(k()
        .brand_tokens_exact(idx("ccb"))
        .iter()
        .any(|t| t == "ccb"));
    assert!(k().brand_tokens(usize::MAX).is_empty());
    let brand = k().brand(idx("webank")).expect("brand");
    assert_eq!(brand.institution, "webank");
    assert!(brand.domains.iter().any(|d| d == "webank.com"));
    assert!(k().brands().iter().any(|b| b.institution == "cmb"));
    assert!(k().same_group(idx("cmb"), idx("cmb-cc")));
    assert!(!k().same_group(idx("cmb"), idx("cmbc")));
}

#[test]
fn build_time_index_is_the_run_time_one() {
    // build.rs indexes the embedded file; Index::new indexes what from_json reads.
    let built = Index::new(&k().institutions);
    assert_eq!(data::INDEX, built);
    assert!(!built.patterns.is_empty() && !built.signatures.is_empty() && !built.wrong_signatures.is_empty());
    assert!(!built.short_names.is_empty() && !built.numbers.is_empty() && !built.domains.is_empty());
    assert!(built.signatures.windows(2).all(|w| w[0].0 < w[1].0), "sorted for binary search");
}

#[test]
fn bad_data_is_an_error_not_a_panic() {
    assert!(Knowledge::from_json("").is_err());
    assert!(Knowledge::from_json("{").is_err());
    assert!(Knowledge::from_json(r#"{"source": {}, "institution": [{"id": "x"}]}"#).is_err());
    let stray_pos = r#"{"source": {}, "institution": [{"id": "x", "kind": "bank", "name_zh": "x",
        "name_en": "x", "hotlines": [{"v": "95000", "src": ["s"], "conf": "M", "pos": "prefix"}]}]}"#;
    assert!(Knowledge::from_json(stray_pos).is_err());
    let no_field = r#"{"source": {}, "institution": [{"id": "x", "kind": "bank", "name_zh": "x",
        "name_en": "x", "unconfirmed": [{"v": "95000", "src": ["s"], "conf": "L"}]}]}"#;
    assert!(Knowledge::from_json(no_field).is_err());
    let unknown_field = r#"{"source": {}, "institution": [{"id": "x", "kind": "bank", "name_zh": "x",
        "name_en": "x", "hotline": []}]}"#;
    assert!(Knowledge::from_json(unknown_field).is_err());
    let empty = Knowledge::default();
    assert_eq!(empty.load_error(), None);
    assert_eq!(empty.number_belongs(0, "95588"), Belongs::Unknown);
    assert_eq!(empty.hotline(0), None);
}

#[test]
fn validation_catches_bad_facts() {
    let bad = r#"{"source": {"s": "somewhere"}, "institution": [
        {"id": "a", "kind": "bank", "name_zh": "甲", "name_en": "A", "sources": ["s"], "names": ["甲银行"],
         "hotlines": [{"v": "95-000", "src": ["s"], "conf": "M"}, {"v": "95001", "src": ["nowhere"], "conf": "L"}],
         "domains": [{"v": "A.com", "src": ["s"], "conf": "M"}],
         "brand_tokens": ["zzz"]},
        {"id": "b", "kind": "lender", "name_zh": "乙", "name_en": "B", "names": ["甲银行"],
         "hotlines": [{"v": "95001", "src": ["s"], "conf": "M"}]}]}"#;
    let kb = Knowledge::from_json(bad).expect("parses");
    let problems = data::problems(&kb).join("\n");
    for expect in [
        "number 95-000",
        "unknown source nowhere",
        "rated L",
        "domain A.com",
        "brand token zzz",
        "b: no sources",
        "number 95001 is also a's",
        "name 甲银行 is also a's",
    ] {
        assert!(
            problems.contains(expect),
            "expected {expect:?} in:\n{problems}"
        );
    }
}

/// Runs the matcher over the shared corpora and prints every claim; UCI ham
/// must claim nothing. Needs `../shared/corpora` beside the repository, so it
/// is ignored by default: `cargo test --lib knowledge -- --ignored --nocapture`.
#[test]
#[ignore]
fn corpus_claims() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpora");
    let fold = |s: &str| -> String {
        s.chars()
            .map(|c| match c {
                '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
                _ => c,
            })
            .collect::<String>()
            .to_ascii_lowercase()
    };
    let show = |label: &str, text: &str| {
        let text = fold(text);
        let claims = k().find_claims(&text);
        if !claims.is_empty() {
            let list: Vec<String> = claims
                .iter()
                .map(|c| {
                    format!(
                        "{}:{:?}:{}",
                        k().institutions[c.institution].id,
                        c.via,
                        &text[c.range.clone()]
                    )
                })
                .collect();
            println!("{label}: {}", list.join(", "));
        }
        claims.len()
    };
    for file in ["dev/messages.jsonl", "labelled-public/messages.jsonl"] {
        let Ok(body) = std::fs::read_to_string(root.join(file)) else {
            panic!("corpus {file} not found");
        };
        for line in body.lines() {
            let v: serde_json::Value = serde_json::from_str(line).expect("jsonl");
            let id = v["id"].as_str().unwrap_or("?");
            show(id, v["text"].as_str().unwrap_or(""));
        }
    }
    let uci =
        std::fs::read_to_string(root.join("uci-sms-spam/SMSSpamCollection")).expect("UCI file");
    let (mut ham, mut spam) = (0, 0);
    for (n, line) in uci.lines().enumerate() {
        let Some((label, text)) = line.split_once('\t') else {
            continue;
        };
        let count = show(&format!("uci-{n}-{label}"), text);
        if label == "ham" {
            ham += count
        } else {
            spam += count
        }
    }
    println!("UCI claims: ham {ham}, spam {spam}");
    assert_eq!(ham, 0, "claims in UCI ham");
}

#[test]
fn an_open_bracket_is_told_in_one_pass() {
    let table = [
        ("【招商银行】您的账单", true),
        ("您好〔平安〕", true),
        ("［工行］余额", true),
        ("see [link]", true),
        ("您好，本期账单。", false),
        ("】〕］] closes only", false),
        ("plain ascii", false),
        ("", false),
    ];
    for (text, open) in table {
        assert_eq!(has_open_bracket(text), open, "{text}");
        assert_eq!(has_open_bracket(text), ['【', '〔', '[', '［'].iter().any(|&c| text.contains(c)), "{text}");
    }
    // The bytes memchr looks for are the first bytes of every opening bracket.
    for (open, _) in PAIRS {
        assert!([b'[', 0xE3, 0xEF].contains(&open.to_string().as_bytes()[0]), "{open}");
    }
}
