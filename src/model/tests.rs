use super::features::units_of;
use super::*;
use std::collections::BTreeSet;

fn feature_set(text: &str, links: &[Range<usize>]) -> BTreeSet<u32> {
    let mut out = Vec::new();
    features(text, links, &[], &mut out);
    out.into_iter().map(|(h, _)| h).collect()
}

fn assert_units(cases: &[(&str, &str)]) {
    for &(text, want) in cases {
        assert_eq!(units_of(text, &[]).join(" "), want, "{text:?}");
    }
}

#[test]
fn reads_cjk_latin_and_mixed_text_as_units() {
    let cases = [
        ("您已逾期", "您 已 逾 期"),
        ("貴戶本期電費", "贵 户 本 期 电 费"),
        ("Your account is OVERDUE!", "your _ account _ is _ overdue"),
        ("ＦＩＮＡＬ notice", "final _ notice"),
        ("点击app还款", "点 击 app 还 款"),
        ("逾期，请还款", "逾 期 | 请 还 款"),
        ("Pay now.\nOr else", "pay _ now | or _ else"),
        ("逾\u{200b}期", "逾 期"),
    ];
    assert_units(&cases);
}

#[test]
fn reads_numbers_links_and_placeholders_as_classes() {
    let cases = [
        ("逾期3天", "逾 期 <NUM> 天"),
        ("应还3,286.40元", "应 还 <NUM> 元"),
        ("owe $1,284.17 now", "owe _ <NUM> _ now"),
        ("call +86 138 1234 5678", "call _ <PHONE>"),
        ("致电13812345678", "致 电 <PHONE>"),
        ("致电0755-12345678", "致 电 <PHONE>"),
        ("于2024-01-05到期", "于 <NUM> 到 期"),
        ("10:39汇款", "<NUM> 汇 款"),
        ("请登录URL办理", "请 登 录 <LINK> 办 理"),
        ("回DIGIT退订", "回 <NUM> 退 订"),
        ("NAME您好", "您 好"),
        ("尊敬的NAME您好", "尊 敬 的 | 您 好"),
        ("加WECHAT", "加 <PHONE>"),
        ("网站httpwwwWECHATcn兑换", "网 站 <LINK> 兑 换"),
        ("visit www.pay-now.top/x today", "visit _ <LINK> _ today"),
        ("{0}先生", "<NUM> 先 生"),
        ("{name}先生", "先 生"),
        ("逾期${day}天", "逾 期 <NUM> 天"),
        ("{{amount}} due", "<NUM> _ due"),
        ("on #date#", "on _ <NUM>"),
        ("Dear %s,", "dear _ <NUM>"),
        ("card XXXX", "card _ <NUM>"),
        ("Hi {customer_name}, call {phone}", "hi | call _ <PHONE>"),
    ];
    assert_units(&cases);
}

#[test]
fn template_names_are_short() {
    let (a40, a41) = ("a".repeat(40), "a".repeat(41));
    let (t20, t21) = ("t".repeat(20), "t".repeat(21));
    let cases = [
        (format!("{{{a40}}}先生"), "<NUM> 先 生".to_string()),
        (format!("{{{a41}}}先生"), format!("{a41} | 先 生")),
        (format!("{{{{{a40}}}}}先生"), "<NUM> 先 生".to_string()),
        (format!("on #{t20}#"), "on _ <NUM>".to_string()),
        (format!("on #{t21}#"), format!("on | {t21}")),
        ("## {} #{x} {".to_string(), "<NUM> | <NUM>".to_string()),
    ];
    for (text, want) in &cases {
        assert_eq!(units_of(text, &[]).join(" "), *want, "{text:?}");
    }
}

#[test]
fn the_engines_links_become_the_link_token() {
    let text = "点击etchyhy.com完成";
    let link = 6..17;
    assert_eq!(units_of(text, std::slice::from_ref(&link)).join(" "), "点 击 <LINK> 完 成");
    // Bad ranges are ignored, never a panic.
    let reversed = Range { start: 7, end: 6 };
    for bad in [0..100, reversed, 1..2, 5..5] {
        let _ = units_of(text, std::slice::from_ref(&bad));
        let _ = feature_set(text, std::slice::from_ref(&bad));
    }
}

#[test]
fn placeholder_messages_and_real_messages_have_the_same_features() {
    let link = |text: &str, url: &str| {
        let at = text.find(url).unwrap();
        Vec::from([Range { start: at, end: at + url.len() }])
    };
    let email = "Dear XX, pay by 2024-01-05 at pay.example.com/a";
    let pairs = [
        ("您的借款已逾期{1}天，请致电CELLPHONE", vec![], "您的借款已逾期3天，请致电13812345678", vec![]),
        ("尊敬的NAME您好，积分DIGIT即将逾期失效，请登录URL兑换", vec![], "尊敬的，您好，积分5000即将逾期失效，请登录http://a.cn/x兑换", vec![]),
        ("尊敬的{name}您好，本期应还${amount}元", vec![], "尊敬的#userName#您好，本期应还1,286.40元", vec![]),
        ("Your payment of ${amount} is {days} days overdue, visit {url}", vec![], "Your payment of $1,284.17 is 30 days overdue, visit https://x.co/abc", vec![]),
        ("Dear %s, pay by #date# at URL", vec![], email, link(email, "pay.example.com/a")),
        ("加WECHAT或QQ联系", vec![], "加13812345678或QQ联系", vec![]),
    ];
    for (placeholder, pl, real, rl) in pairs {
        assert_eq!(feature_set(placeholder, &pl), feature_set(real, &rl), "{placeholder:?} vs {real:?}");
    }
}

#[test]
fn feature_ranges_are_inside_the_text_on_char_boundaries() {
    let texts = [
        "【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信",
        "Dear customer, your account ending 4412 is 30 days past due: $1,284.17.",
        "😀逾 😀期 ＦＵＬＬ ｗｉｄｔｈ １２３４５６７８ {x",
        "%", "#", "{", "${", "$", "+", "￥", "httpwww", "XX", "",
    ];
    for text in texts {
        let mut out = Vec::new();
        features(text, &[], &[], &mut out);
        for (_, r) in out {
            assert!(r.start < r.end && r.end <= text.len(), "{text:?} {r:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{text:?} {r:?}");
        }
    }
}

#[test]
fn features_are_unigrams_pairs_triples_and_char_grams() {
    let count = |t: &str| {
        let mut out = Vec::new();
        features(t, &[], &[], &mut out);
        out.len()
    };
    // 3 characters: 3 unigrams, 2 pairs, 1 triple.
    assert_eq!(count("已逾期"), 6);
    // A 5-letter word: 1 unigram, and 5 + 4 + 3 character 3-, 4- and 5-grams of "<delay>".
    assert_eq!(count("delay"), 1 + 5 + 4 + 3);
    // Every occurrence, a repeated word's too (a reading counts it once).
    assert_eq!(count("delay delay"), 2 * (1 + 5 + 4 + 3) + 1);
    // Two words apart by a space: a pair; apart by a comma: none.
    assert_eq!(count("go on"), 3);
    assert_eq!(count("go, on"), 2);
    // CJK characters apart by a space do not pair.
    assert_eq!(count("逾 期"), 2);
}

fn examples<'a>(texts: &[(&'a str, bool)]) -> Vec<Example<'a>> {
    texts.iter().map(|&(text, label)| Example { text, links: vec![], concepts: vec![], label, weight: 1.0 }).collect()
}

const SCAM: [(&str, bool); 8] = [
    ("您的积分即将逾期失效，请登录URL兑换现金", true),
    ("您的手机银行已失效，请登录URL重新激活", true),
    ("URGENT your account is suspended, verify at URL now", true),
    ("Congratulations you won a prize, claim at URL", true),
    ("您尾号8162的卡消费27.40元，余额57821.53元【农业银行】", false),
    ("今晚一起吃饭吗", false),
    ("Are we still meeting for lunch tomorrow?", false),
    ("Your order has shipped and arrives Monday", false),
];

const OVERDUE: [(&str, bool); 4] = [
    ("您的借款已逾期3天，请及时还款", true),
    ("Your payment is 30 days overdue", true),
    ("今晚一起吃饭吗", false),
    ("Your order has shipped and arrives Monday", false),
];

fn small_model() -> TextModel {
    let cfg = TrainConfig { bucket_bits: 12, ..TrainConfig::default() };
    train(&examples(&SCAM), &examples(&OVERDUE), &cfg)
}

#[test]
fn training_learns_the_examples_and_is_deterministic() {
    let model = small_model();
    for (text, label) in SCAM {
        assert_eq!(model.logit(Head::Scam, text, &[], &[]) > 0.0, label, "{text}");
    }
    for (text, label) in OVERDUE {
        assert_eq!(model.logit(Head::Overdue, text, &[], &[]) > 0.0, label, "{text}");
    }
    assert_eq!(model.to_bytes(), small_model().to_bytes());
    assert!(!model.is_empty());
    assert_eq!(model.bucket_bits(), 12);
}

#[test]
fn runs_average_into_one_model_of_the_same_size() {
    let trained = |runs: u32| {
        let cfg = TrainConfig { bucket_bits: 12, runs, ..TrainConfig::default() };
        train(&examples(&SCAM), &examples(&OVERDUE), &cfg)
    };
    let (one, three) = (trained(1), trained(3));
    // One run is the model of one order; 0 runs count as one.
    assert_eq!(one, small_model());
    assert_eq!(trained(0), one);
    // Three orders averaged: another model, as deterministic, of the same
    // size, that still learns the examples.
    assert_ne!(three, one);
    assert_eq!(three.to_bytes(), trained(3).to_bytes());
    assert_eq!(three.to_bytes().len(), one.to_bytes().len());
    for (text, label) in SCAM {
        assert_eq!(three.logit(Head::Scam, text, &[], &[]) > 0.0, label, "{text}");
    }
}

#[test]
fn a_larger_positive_share_raises_the_positives() {
    let overdue = examples(&OVERDUE);
    let logit = |share: f32| {
        let cfg = TrainConfig { bucket_bits: 12, positive_share: [0.0, share], ..TrainConfig::default() };
        train(&[], &overdue, &cfg).logit(Head::Overdue, OVERDUE[0].0, &[], &[])
    };
    assert!(logit(0.9) > logit(0.5));
    assert!(logit(0.5) > logit(0.1));
    // Out of range: the weights as given.
    assert_eq!(logit(0.0), logit(1.5));
}

#[test]
fn round_trips_through_bytes() {
    let model = small_model();
    let bytes = model.to_bytes();
    assert_eq!(&bytes[..4], b"OGTM");
    assert_eq!(bytes.len(), 8 + 2 * (8 + 4096));
    let back = TextModel::from_bytes(&bytes).unwrap();
    assert_eq!(back, model);
    assert_eq!(back.logit(Head::Scam, SCAM[0].0, &[], &[]), model.logit(Head::Scam, SCAM[0].0, &[], &[]));
}

#[test]
fn rejects_bad_bytes_with_a_clear_error() {
    let good = small_model().to_bytes();
    let mut bad_magic = good.clone();
    bad_magic[0] = b'X';
    let mut bad_version = good.clone();
    bad_version[4] = 99;
    let mut bad_bits = good.clone();
    bad_bits[5] = 40;
    let mut bad_heads = good.clone();
    bad_heads[6] = 3;
    let mut nan_scale = good.clone();
    nan_scale[8..12].copy_from_slice(&f32::NAN.to_le_bytes());
    let mut longer = good.clone();
    longer.push(0);
    let cases: [(&[u8], &str); 9] = [
        (&[], "shorter than"),
        (b"OGTM", "shorter than"),
        (&good[..good.len() - 1], "expected"),
        (&longer, "expected"),
        (&bad_magic, "magic"),
        (&bad_version, "version"),
        (&bad_bits, "bucket bits"),
        (&bad_heads, "heads"),
        (&nan_scale, "finite"),
    ];
    for (bytes, want) in cases {
        let err = TextModel::from_bytes(bytes).unwrap_err();
        assert!(err.contains(want), "{err}");
    }
    for len in 0..good.len().min(200) {
        assert!(TextModel::from_bytes(&good[..len]).is_err());
    }
}

#[test]
fn explain_points_at_the_ngrams_that_pushed() {
    let model = small_model();
    let text = "您的积分即将逾期失效，请登录URL兑换现金";
    let (logit, pushes) = model.explain(Head::Scam, text, &[], &[], 3);
    assert_eq!(logit, model.logit(Head::Scam, text, &[], &[]));
    assert!(!pushes.is_empty() && pushes.len() <= 3);
    for p in &pushes {
        assert!(p.weight > 0.0);
        assert!(text.get(p.range.clone()).is_some_and(|s| !s.is_empty()), "{:?}", p.range);
    }
    assert!(pushes.windows(2).all(|w| w[0].weight >= w[1].weight));
    // Merged: no two ranges overlap.
    for a in &pushes {
        for b in &pushes {
            assert!(a == b || a.range.end <= b.range.start || b.range.end <= a.range.start);
        }
    }
    assert!(model.explain(Head::Scam, text, &[], &[], 0).1.is_empty());
    // Each stretch starts where a feature starts and ends where one ends.
    let mut found = Vec::new();
    features(text, &[], &[], &mut found);
    for p in model.explain(Head::Scam, text, &[], &[], 100).1 {
        assert!(found.iter().any(|(_, r)| r.start == p.range.start), "{:?}", p.range);
        assert!(found.iter().any(|(_, r)| r.end == p.range.end), "{:?}", p.range);
    }
}

#[test]
fn empty_model_gives_zero() {
    let empty = TextModel::default();
    assert!(empty.is_empty());
    assert!(empty.to_bytes().is_empty());
    assert_eq!(empty.logit(Head::Scam, "您的借款已逾期", &[], &[]), 0.0);
    assert_eq!(empty.explain(Head::Overdue, "您的借款已逾期", &[], &[], 5), (0.0, vec![]));
}

#[test]
fn the_builtin_model_reads_and_scores() {
    let shipped = include_bytes!(concat!(env!("OUT_DIR"), "/model.bin"));
    let model = TextModel::builtin();
    if shipped.is_empty() {
        assert!(model.is_empty());
    } else {
        assert_eq!(TextModel::from_bytes(shipped).as_ref(), Ok(model));
        assert!(model.logit(Head::Scam, "", &[], &[]).is_finite());
    }
}

#[test]
fn group_weights_grow_like_the_square_root() {
    let keys = ["a", "a", "a", "a", "b"];
    let w = group_weights(&keys);
    let total: f32 = w.iter().sum();
    assert!((total - 5.0).abs() < 1e-4);
    let a: f32 = w[..4].iter().sum();
    assert!((a / w[4] - 2.0).abs() < 1e-4, "{w:?}");
    assert!(group_weights::<u8>(&[]).is_empty());
}

#[test]
fn odd_text_and_link_ranges_never_panic() {
    // Pieces the reader treats specially, glued in pseudo-random orders.
    let pieces = [
        "逾", "期", "貴", "{", "}", "{{", "$", "${", "#", "%", "%1$", "s", "+", "￥", "１", "3", ",", ".", "-", " ",
        "\n", "URL", "NAME", "DIGITDIGIT", "XX", "x", "http", "www", "://", "Ａ", "é", "😀", "\u{200b}", "a", "Z",
    ];
    let model = small_model();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n as u64) as usize
    };
    for _ in 0..2000 {
        let text: String = (0..next(12)).map(|_| pieces[next(pieces.len())]).collect();
        let links: Vec<Range<usize>> = (0..next(3)).map(|_| next(text.len() + 2)..next(text.len() + 2)).collect();
        let concepts: Vec<Concept> = links.iter().map(|r| Concept::new("police_impersonation", next(2) == 0, r.start..r.end + next(3))).collect();
        let mut out = Vec::new();
        features(&text, &links, &concepts, &mut out);
        for (_, r) in &out {
            assert!(text.get(r.clone()).is_some_and(|s| !s.is_empty()), "{text:?} {r:?}");
        }
        let (logit, pushes) = model.explain(Head::Scam, &text, &links, &concepts, 4);
        assert!(logit.is_finite());
        assert!(pushes.iter().all(|p| text.get(p.range.clone()).is_some()));
    }
}

#[test]
fn both_logits_in_one_pass_equal_each_head_alone() {
    let m = TextModel::builtin();
    for text in ["您的借款已逾期3天，请点击 http://a.cn/x 还款", "Your parcel is held, pay the fee at http://x.top", "", "see you at 5"] {
        let links: Vec<std::ops::Range<usize>> = text.find("http").map(|at| at..text.len()).into_iter().collect();
        let (scam, overdue) = m.logits(text, &links, &[]);
        assert_eq!(scam, m.logit(Head::Scam, text, &links, &[]), "{text}");
        assert_eq!(overdue, m.logit(Head::Overdue, text, &links, &[]), "{text}");
    }
}

#[test]
fn evidence_that_overlaps_or_touches_is_quoted_as_one_span() {
    let c = |range: Range<usize>, weight: f32| Contribution { range, weight };
    let cases: [(Vec<Contribution>, Vec<(Range<usize>, f32)>); 3] = [
        // 暂 (0..3) and 停 (3..6) side by side: one quote, 暂停.
        (vec![c(0..3, 1.0), c(3..6, 2.0)], vec![(0..6, 3.0)]),
        // Overlapping n-grams join; one apart stays apart, strongest first.
        (vec![c(0..6, 1.0), c(3..9, 1.0), c(10..12, 3.0)], vec![(10..12, 3.0), (0..9, 2.0)]),
        (vec![], vec![]),
    ];
    for (pushes, want) in cases {
        let got: Vec<(Range<usize>, f32)> = merge(pushes).into_iter().map(|c| (c.range, c.weight)).collect();
        assert_eq!(got, want);
    }
}

/// The features a message's concepts add to its text's.
fn concept_features(text: &str, concepts: &[(&str, bool, &str)]) -> Vec<(u32, String)> {
    let concepts: Vec<Concept> = concepts
        .iter()
        .map(|&(name, negated, keyword)| {
            let at = text.find(keyword).expect("keyword in text");
            Concept::new(name, negated, at..at + keyword.len())
        })
        .collect();
    let (mut plain, mut with) = (Vec::new(), Vec::new());
    features(text, &[], &[], &mut plain);
    features(text, &[], &concepts, &mut with);
    assert_eq!(with[..plain.len()], plain[..], "{text}: the text's own features come first, unchanged");
    with[plain.len()..].iter().map(|(h, r)| (*h, text[r.clone()].to_string())).collect()
}

#[test]
fn concepts_are_features_beside_the_text_with_their_keywords_ranges() {
    let authority = ("authority", false, "公安局");
    let transfer = ("transfer", false, "安全账户");
    // Each concept, and each with the different one before it (quoting the later keyword).
    let got = concept_features("我是公安局，请转入安全账户", &[authority, transfer]);
    let quotes: Vec<&str> = got.iter().map(|(_, q)| q.as_str()).collect();
    assert_eq!(quotes, ["公安局", "安全账户", "安全账户"]);
    // Other wording, the same roles: the same concept features.
    let other = concept_features("这里是检察院，钱打到指定账户", &[("authority", false, "检察院"), ("transfer", false, "指定账户")]);
    let hashes = |f: &[(u32, String)]| f.iter().map(|(h, _)| *h).collect::<Vec<_>>();
    assert_eq!(hashes(&got), hashes(&other));
    // A repeated concept pairs with nothing; a negated one is another
    // concept; the order of a pair counts.
    let repeated = concept_features("逾期，已逾期", &[("overdue", false, "逾期"), ("overdue", false, "已逾期")]);
    assert_eq!(repeated.len(), 2);
    assert_eq!(repeated[0].0, repeated[1].0);
    let negated = concept_features("以免逾期", &[("overdue", true, "逾期")]);
    assert_eq!(negated.len(), 1);
    assert_ne!(negated[0].0, repeated[0].0);
    let reversed = concept_features("安全账户，公安局", &[transfer, authority]);
    assert_eq!(reversed.len(), 3);
    assert_ne!(reversed[2].0, got[2].0);
    assert!(concept_features("没有", &[]).is_empty());
}

#[test]
fn concepts_outside_the_text_or_not_on_char_boundaries_are_left_out() {
    let text = "公安局";
    #[allow(clippy::reversed_empty_ranges)]
    for range in [0..0, 0..1, 2..9, 3..2, 9..12] {
        let mut out = Vec::new();
        features(text, &[], &[Concept::new("authority", false, range.clone())], &mut out);
        let mut plain = Vec::new();
        features(text, &[], &[], &mut plain);
        assert_eq!(out, plain, "{range:?}");
    }
}

#[test]
fn readings_at_once_or_one_after_another_agree() {
    // A reading lends its buckets' room back to the next when dropped; two
    // alive at once, or one read after a longer text, must not share it.
    let m = small_model();
    let (long, short) = ("您的借款已逾期3天，请点击链接还款，否则上报征信 Your payment is 30 days overdue", "今晚一起吃饭吗");
    let said = |r: &Reading| (r.logit(Head::Scam), r.logit(Head::Overdue), r.explain(Head::Scam, 5).1);
    let alone = |text: &str| said(&m.read(text, &[], &[]));
    let (first, second) = (m.read(long, &[], &[]), m.read(short, &[], &[]));
    let both = [said(&first), said(&second)];
    drop((first, second));
    assert_eq!(both, [alone(long), alone(short)]);
    assert_eq!(alone(short), alone(short));
}

/// Texts whose words repeat, are long, short, upper-case or not ASCII.
const WORDY: [&str; 5] = [
    "Your payment is overdue. Pay your overdue payment now, or your account is closed: PAY NOW",
    "Congratulations! Congratulations!! internationalisation internationalization counterrevolutionaries",
    "a a an an the the café café naïve naïve Ärger ärger straße",
    "您的借款已逾期，您的借款 loan loan 已逾期 http://x.cn/loan loan",
    "x xx xxx Xx XX XXXX to to be or not to be",
];

#[test]
fn a_reading_counts_each_bucket_at_its_first_feature() {
    for m in [small_model(), TextModel::builtin().clone()] {
        let mask = (1u32 << m.bucket_bits()) - 1;
        for text in WORDY {
            let mut all = Vec::new();
            features(text, &[], &[], &mut all);
            let mut first: Vec<(u32, Range<usize>)> = Vec::new();
            for (h, r) in all {
                if !first.iter().any(|(b, _)| *b == h & mask) {
                    first.push((h & mask, r));
                }
            }
            let reading = m.read(text, &[], &[]);
            let read: Vec<(u32, Range<usize>)> = reading.buckets.iter().map(|b| (b.index, b.start as usize..b.end as usize)).collect();
            assert_eq!(read, first, "{text}");
            let sum = |h: usize| first.iter().map(|(b, _)| i32::from(m.weights[*b as usize][h])).sum::<i32>();
            assert_eq!(reading.sums, [sum(0), sum(1)], "{text}");
        }
    }
}

#[test]
fn a_words_features_do_not_depend_on_what_was_read_before() {
    let of = |text: &str| {
        let mut out = Vec::new();
        features(text, &[], &[], &mut out);
        out
    };
    // On a thread of its own, with nothing read before.
    let fresh: Vec<_> = std::thread::spawn(|| WORDY.map(|text| {
        let mut out = Vec::new();
        features(text, &[], &[], &mut out);
        out
    }))
    .join()
    .unwrap()
    .into();
    // After thousands of other words, which took every slot of the words'
    // cache, some several times.
    let mut state = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = |n: u64| {
        state = super::features::mix(state);
        state % n
    };
    let others: Vec<String> = (0..6000).map(|_| (0..1 + next(18)).map(|_| char::from(b'a' + next(26) as u8)).collect()).collect();
    let model = small_model();
    for chunk in others.chunks(20) {
        let text = chunk.join(" ");
        let _ = model.read(&text, &[], &[]);
        let _ = of(&text);
    }
    let again: Vec<_> = WORDY.iter().map(|text| of(text)).collect();
    assert_eq!(again, fresh);
}

#[test]
fn an_explanation_keeps_the_k_strongest_earliest_buckets() {
    // Besides the shipped model, one whose weights are all equal: the
    // earliest n-grams win, whenever they are read.
    let flat = || HeadWeights { scale: 1.0, bias: 0.0, weights: vec![1; 256] };
    let models = [TextModel::builtin().clone(), TextModel::from_heads(8, [flat(), flat()])];
    let texts = WORDY.iter().chain(&["您的借款已逾期3天，请点击链接还款，否则上报征信，逾期逾期再逾期", "已逾期"]);
    for (m, text) in models.iter().flat_map(|m| texts.clone().map(move |t| (m, t))) {
        let reading = m.read(text, &[], &[]);
        for head in [Head::Scam, Head::Overdue] {
            // Every positive bucket, strongest first, then earliest, then first read.
            let mut all: Vec<(std::cmp::Reverse<i8>, u32, usize)> = reading
                .buckets
                .iter()
                .enumerate()
                .map(|(i, b)| (std::cmp::Reverse(b.weights[head.index()]), b.start, i))
                .filter(|(w, _, _)| w.0 > 0)
                .collect();
            all.sort();
            for k in [1, 2, 3, 5, 8, 1000] {
                let norm = norm(reading.buckets.len());
                let want = all.iter().take(k).map(|&(w, _, i)| {
                    let b = &reading.buckets[i];
                    Contribution { range: b.start as usize..b.end as usize, weight: m.heads[head.index()].scale * f32::from(w.0) / norm }
                });
                assert_eq!(reading.explain(head, k).1, merge(want.collect()), "{text} {head:?} {k}");
            }
        }
    }
}
