//! How long does one classification take? Three sizes of input: a short SMS
//! (the common case in an SMS-sync page), a 3 KB e-mail (a webmail message
//! with links), and 1 MB of text (a pathological page: time must stay linear).
//! And what the text model adds to a short SMS: both heads' logits (budget
//! 20 µs, issue 6), and one head explained;
//! and an e-mail padded with 5,000 distinct links (every one is examined).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use overdue_guard::links::find_in_text;
use overdue_guard::model::{Head, TextModel};
use overdue_guard::{classify, Channel, InputLink, Message, Options};
use std::hint::black_box;
use std::time::Duration;

const SMS: &str = "【微粒贷】您的借款已逾期，点击 http://wld-hk.top/pay 立即还款，否则上报征信";

/// Paragraphs an overdue / collection e-mail is made of (Chinese and English).
const PARAGRAPHS: [&str; 6] = [
    "尊敬的客户：您在我行办理的信用卡（尾号 8821）本期账单已逾期 15 天，应还金额 3,286.40 元。请您登录手机银行或拨打官方客服热线 95588 核实后及时还款，以免影响您的个人征信记录。",
    "Dear customer, our records show that your account ending 4412 is 30 days past due. The outstanding balance is $1,284.17. Please sign in at https://www.example-bank.com/account or call the number on the back of your card.",
    "如您已还款，请忽略本邮件。若对账单有疑问，可在工作日 9:00-18:00 致电客服，或前往就近网点办理。请勿向任何个人账户转账，我行不会通过短信或邮件索要验证码。",
    "If you believe this notice was sent in error, you may dispute the debt in writing within 30 days. We will never ask you to pay with gift cards, cryptocurrency or a wire transfer to a personal account.",
    "温馨提示：逾期记录将按规定报送中国人民银行征信中心。点击 https://t.cn/A6ZX5wgg 查看详情并办理延期还款，超时将移交第三方催收机构上门处理。",
    "This message was sent to you because you have an account with us. Unsubscribe | Privacy policy | Contact us at support@example-bank.com. 请勿直接回复本邮件。",
];

/// About `size` bytes of text made of the paragraphs, cut at a char boundary.
fn text_of(size: usize) -> String {
    let mut text = String::with_capacity(size + 512);
    for p in PARAGRAPHS.iter().cycle() {
        if text.len() >= size {
            break;
        }
        text.push_str(p);
        text.push('\n');
    }
    let mut end = size.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

fn bench(c: &mut Criterion) {
    let options = Options::default();
    let inputs = [
        (
            "sms",
            Message {
                text: SMS.into(),
                sender: Some("17012345678".into()),
                channel: Some(Channel::Sms),
                ..Message::default()
            },
        ),
        (
            "email_3kb",
            Message {
                text: text_of(3 * 1024),
                sender: Some("招商银行 <service@example-bank.com>".into()),
                channel: Some(Channel::Email),
                links: vec![InputLink {
                    href: Some("https://t.cn/A6ZX5wgg".into()),
                    text: Some("查看详情".into()),
                }],
                ..Message::default()
            },
        ),
        ("text_1mb", Message { text: text_of(1 << 20), ..Message::default() }),
        (
            "email_5000_links",
            Message {
                text: text_of(3 * 1024),
                channel: Some(Channel::Email),
                links: (0..5_000)
                    .map(|i| InputLink { href: Some(format!("https://shop{}.example.com/item/{i}", i % 50)), text: Some(format!("Item {i}")) })
                    .collect(),
                ..Message::default()
            },
        ),
    ];
    let mut group = c.benchmark_group("classify");
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(4));
    for (name, message) in &inputs {
        if message.text.len() > 100_000 || message.links.len() > 100 {
            group.sample_size(10);
        }
        group.throughput(Throughput::Bytes(message.text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| classify(black_box(message), &options)));
    }
    group.finish();
}

fn bench_model(c: &mut Criterion) {
    let model = TextModel::builtin();
    let links: Vec<_> = find_in_text(SMS).into_iter().filter_map(|l| l.range).collect();
    let mut group = c.benchmark_group("model");
    group.warm_up_time(Duration::from_secs(1)).measurement_time(Duration::from_secs(3));
    group.bench_function("short_sms", |b| {
        b.iter(|| {
            let text = black_box(SMS);
            (model.logit(Head::Scam, text, &links, &[]), model.logit(Head::Overdue, text, &links, &[]))
        })
    });
    group.bench_function("short_sms_explain", |b| {
        b.iter(|| model.explain(Head::Scam, black_box(SMS), &links, &[], 5))
    });
    group.finish();
}

criterion_group!(benches, bench, bench_model);
criterion_main!(benches);
