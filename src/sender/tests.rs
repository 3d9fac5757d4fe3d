//! Behaviour of the sender module: every kind and flag, positive and negative,
//! numbers in text in linkify's `|marked|` style, and garbage.

use super::*;
use crate::text::marked;
use SenderFlag as F;
use SenderKind as K;

fn spoof(n: &str) -> SenderFlag {
    F::SpoofedServiceNumber(n.to_string())
}
fn cc(n: &str) -> SenderFlag {
    F::OverseasPrefix(n.to_string())
}
fn foreign(n: &str) -> SenderFlag {
    F::ForeignFormat(n.to_string())
}

#[test]
fn numbers_as_senders() {
    // (raw, kind, canonical number, flags)
    let cases: &[(&str, SenderKind, &str, Vec<SenderFlag>)] = &[
        // service numbers
        ("95588", K::BankShortCode, "95588", vec![]),
        ("９５５８８", K::BankShortCode, "95588", vec![]),
        (" 95 588 ", K::BankShortCode, "95588", vec![]),
        ("951883", K::BankShortCode, "951883", vec![]),
        ("952295", K::BankShortCode, "952295", vec![]),
        ("96138", K::BankShortCode, "96138", vec![]),
        ("10100360", K::BankShortCode, "10100360", vec![]),
        (
            "95212234",
            K::BankShortCode,
            "95212234",
            vec![F::ServiceNumberWrongLength],
        ),
        (
            "9555801",
            K::BankShortCode,
            "9555801",
            vec![F::ServiceNumberWrongLength],
        ),
        // 106 ports
        ("106980095533", K::CommercialPort, "106980095533", vec![]),
        ("1065502592053", K::CommercialPort, "1065502592053", vec![]),
        ("10657 95555", K::CommercialPort, "1065795555", vec![]),
        (
            "1068409096200000003",
            K::CommercialPort,
            "1068409096200000003",
            vec![],
        ),
        ("10690000998", K::CommercialPort, "10690000998", vec![]),
        (
            "10698000962999",
            K::CommercialPort,
            "10698000962999",
            vec![],
        ),
        // mobiles
        ("13800138000", K::PersonalMobile, "13800138000", vec![]),
        ("138-0013-8000", K::PersonalMobile, "13800138000", vec![]),
        ("138 0013 8000", K::PersonalMobile, "13800138000", vec![]),
        (
            "+86 138 0013 8000",
            K::PersonalMobile,
            "13800138000",
            vec![],
        ),
        ("+86-13800138000", K::PersonalMobile, "13800138000", vec![]),
        ("0086 13800138000", K::PersonalMobile, "13800138000", vec![]),
        ("8613800138000", K::PersonalMobile, "13800138000", vec![]),
        (
            "(+86) 138.0013.8000",
            K::PersonalMobile,
            "13800138000",
            vec![],
        ),
        (
            "１３８００１３８０００",
            K::PersonalMobile,
            "13800138000",
            vec![],
        ),
        ("19912345678", K::PersonalMobile, "19912345678", vec![]),
        (
            "19212345678",
            K::PersonalMobile,
            "19212345678",
            vec![F::Broadnet192],
        ),
        (
            "17012345678",
            K::VirtualOperator,
            "17012345678",
            vec![F::VirtualOperator],
        ),
        (
            "171 2345 6789",
            K::VirtualOperator,
            "17123456789",
            vec![F::VirtualOperator],
        ),
        (
            "16212345678",
            K::VirtualOperator,
            "16212345678",
            vec![F::VirtualOperatorWeak],
        ),
        (
            "16512345678",
            K::VirtualOperator,
            "16512345678",
            vec![F::VirtualOperatorWeak],
        ),
        (
            "16712345678",
            K::VirtualOperator,
            "16712345678",
            vec![F::VirtualOperatorWeak],
        ),
        ("16612345678", K::PersonalMobile, "16612345678", vec![]),
        // landlines, 400/800
        ("020-89851216", K::Landline, "02089851216", vec![]),
        ("(010)12345678", K::Landline, "01012345678", vec![]),
        ("0755 8888 1234", K::Landline, "075588881234", vec![]),
        ("+86-21-61295599", K::Landline, "02161295599", vec![]),
        ("+86 10 1234 5678", K::Landline, "01012345678", vec![]),
        ("+86 (0)10 1234 5678", K::Landline, "01012345678", vec![]),
        ("0086 755 8888 1234", K::Landline, "075588881234", vec![]),
        (
            "+86 400 810 8866",
            K::Landline,
            "4008108866",
            vec![F::Toll400],
        ),
        (
            "+86 106980095533",
            K::CommercialPort,
            "106980095533",
            vec![],
        ),
        (
            "+86 20 95588",
            K::Landline,
            "02095588",
            vec![spoof("95588")],
        ),
        ("400-818-9199", K::Landline, "4008189199", vec![F::Toll400]),
        ("4008108866", K::Landline, "4008108866", vec![F::Toll400]),
        ("4000095555", K::Landline, "4000095555", vec![F::Toll400]),
        ("4006695599", K::Landline, "4006695599", vec![F::Toll400]),
        ("800-820-0588", K::Landline, "8008200588", vec![F::Toll400]),
        // spoofed service numbers
        (
            "00095588",
            K::Overseas,
            "+095588",
            vec![cc("0"), spoof("95588")],
        ),
        ("+8695588", K::BankShortCode, "95588", vec![spoof("95588")]),
        ("+86 95588", K::BankShortCode, "95588", vec![spoof("95588")]),
        ("008695533", K::BankShortCode, "95533", vec![spoof("95533")]),
        ("8695588", K::BankShortCode, "95588", vec![spoof("95588")]),
        (
            "40095588",
            K::Landline,
            "40095588",
            vec![F::Toll400, spoof("95588")],
        ),
        ("02095588", K::Landline, "02095588", vec![spoof("95588")]),
        ("020-95588", K::Landline, "02095588", vec![spoof("95588")]),
        ("0755-95588", K::Landline, "075595588", vec![spoof("95588")]),
        ("010-95580", K::Landline, "01095580", vec![spoof("95580")]),
        ("021-95561", K::Landline, "02195561", vec![spoof("95561")]),
        ("+8612381", K::BankShortCode, "12381", vec![spoof("12381")]),
        // overseas
        (
            "+852 1234 5678",
            K::Overseas,
            "+85212345678",
            vec![cc("852")],
        ),
        ("85212345678", K::Overseas, "+85212345678", vec![cc("852")]),
        ("0060123456789", K::Overseas, "+60123456789", vec![cc("60")]),
        (
            "0066 81 234 5678",
            K::Overseas,
            "+66812345678",
            vec![cc("66")],
        ),
        (
            "+58 212 1234567",
            K::Overseas,
            "+582121234567",
            vec![cc("58")],
        ),
        ("+87012345678", K::Overseas, "+87012345678", vec![cc("870")]),
        // Taiwan: a mobile (+886 9, nine digits) is a personal mobile from abroad; a landline stays overseas
        ("+886912345678", K::PersonalMobile, "+886912345678", vec![cc("886")]),
        ("00886912345678", K::PersonalMobile, "+886912345678", vec![cc("886")]),
        ("+886227208889", K::Overseas, "+886227208889", vec![cc("886")]),
        // written the Taiwan way (0 + nine digits: no mainland number has ten digits after its 0)
        ("0912-345-678", K::PersonalMobile, "+886912345678", vec![foreign("886")]),
        ("0912345678", K::PersonalMobile, "+886912345678", vec![foreign("886")]),
        (
            "+897 1234 5678",
            K::Overseas,
            "+89712345678",
            vec![cc("897")],
        ),
        (
            "+1 866 257 2117",
            K::Overseas,
            "+18662572117",
            vec![cc("1"), F::Toll400],
        ),
        (
            "+1 (212) 555-0100",
            K::Overseas,
            "+12125550100",
            vec![cc("1")],
        ),
        (
            "+44 20 7946 0958",
            K::Overseas,
            "+442079460958",
            vec![cc("44")],
        ),
        (
            "+7 495 123 4567",
            K::Overseas,
            "+74951234567",
            vec![cc("7")],
        ),
        (
            "+00019 1234 5678",
            K::Overseas,
            "+01912345678",
            vec![cc("0")],
        ),
        // written in another country's national format
        (
            "(800) 123-4567",
            K::Landline,
            "+18001234567",
            vec![foreign("1"), F::Toll400],
        ),
        (
            "866.257.2117",
            K::Landline,
            "+18662572117",
            vec![foreign("1"), F::Toll400],
        ),
        (
            "1-800-123-4567",
            K::Landline,
            "+18001234567",
            vec![foreign("1"), F::Toll400],
        ),
        (
            "(212) 555-0100",
            K::Landline,
            "+12125550100",
            vec![foreign("1")],
        ),
        (
            "0800 195 6669",
            K::Landline,
            "+448001956669",
            vec![foreign("44"), F::Toll400],
        ),
        ("08717111821", K::Landline, "08717111821", vec![]),
        // an Indian mobile, written as one run; grouped, or a US toll-free
        // number, it stays American
        ("7679046492", K::Landline, "+917679046492", vec![foreign("91")]),
        ("767-904-6492", K::Landline, "+17679046492", vec![foreign("1")]),
        ("8662572117", K::Landline, "+18662572117", vec![foreign("1"), F::Toll400]),
    ];
    for (raw, kind, number, flags) in cases {
        let info = parse_sender(raw);
        assert_eq!(info.raw, *raw);
        assert_eq!(
            (info.kind, info.number.as_deref(), &info.flags),
            (*kind, Some(*number), flags),
            "{raw}"
        );
        assert!(info.email.is_none() && info.name.is_none(), "{raw}");
    }
}

#[test]
fn flags_stay_off_where_they_do_not_apply() {
    // (raw, a flag code that must not be raised)
    let cases = [
        ("17312345678", "virtual_operator"),
        ("17312345678", "virtual_operator_weak"),
        ("16612345678", "virtual_operator_weak"),
        ("17012345678", "virtual_operator_weak"),
        ("16212345678", "virtual_operator"),
        ("19112345678", "broadnet_192"),
        ("1921234567", "broadnet_192"),
        ("4006695599", "spoofed_service_number"),
        ("4008895580", "spoofed_service_number"),
        ("1069095599", "spoofed_service_number"),
        ("106980095533", "spoofed_service_number"),
        ("02089851216", "spoofed_service_number"),
        ("95588", "spoofed_service_number"),
        ("95588", "service_number_wrong_length"),
        ("951883", "service_number_wrong_length"),
        ("13800138000", "toll_400"),
        ("02089851216", "toll_400"),
        ("+8613800138000", "overseas_prefix"),
        ("008613800138000", "overseas_prefix"),
        ("+86 21 61295599", "foreign_format"),
        ("4008189199", "foreign_format"),
        ("800-820-0588", "foreign_format"),
        ("info@hsb.com", "free_mail"),
        ("x@gmail.com.evil.top", "free_mail"),
        ("Bank <x@y.com>", "hidden_characters"),
        ("Bank <x@y.com>", "display_name_address"),
    ];
    for (raw, code) in cases {
        let info = parse_sender(raw);
        assert!(
            info.flags.iter().all(|f| f.code() != code),
            "{raw}: {:?}",
            info.flags
        );
    }
}

#[test]
fn known_service_numbers_carry_their_id() {
    let cases = [
        ("12381", "anti_fraud_warning"),
        ("96110", "anti_fraud_hotline"),
        ("12321", "spam_report"),
        ("12378", "financial_consumer_complaints"),
        ("12363", "pboc_complaints"),
        ("12368", "court_service"),
        ("10086109", "china_mobile_anti_fraud"),
        ("10086", "china_mobile"),
        ("10010", "china_unicom"),
        ("10000", "china_telecom"),
        ("12329", "housing_fund"),
        ("12122", "expressway"),
        ("12345", "government_hotline"),
    ];
    for (number, id) in cases {
        let info = parse_sender(number);
        assert_eq!(info.kind, K::BankShortCode, "{number}");
        assert_eq!(
            info.service,
            Some(ServiceNumber {
                number: number.into(),
                id: id.into()
            }),
            "{number}"
        );
        assert!(info.flags.is_empty(), "{number}");
    }
    // Not service numbers, or not exactly.
    for number in ["95588", "12306", "100861", "1008610", "123810", "96111"] {
        assert_eq!(parse_sender(number).service, None, "{number}");
    }
}

#[test]
fn digit_strings_that_are_no_number() {
    // kind unknown; the digits are kept when there are a reasonable number of them
    let cases = [
        ("55498", Some("55498")),
        ("25616127061782", Some("25616127061782")),
        ("1234", Some("1234")),
        ("138001380001", Some("138001380001")),
        ("1380013800", Some("1380013800")),
        ("9558", Some("9558")),
        ("0123", Some("0123")),
        ("+", None),
        ("+0100", Some("0100")),
        ("12", None),
        ("1111111111111111111111111111111", None),
    ];
    for (raw, number) in cases {
        let info = parse_sender(raw);
        assert_eq!(
            (info.kind, info.number.as_deref()),
            (K::Unknown, number),
            "{raw}"
        );
        assert!(info.flags.is_empty() && info.service.is_none(), "{raw}");
    }
}

#[test]
fn names_as_senders() {
    let cases = [
        ("【微众银行】", "微众银行"),
        ("建设银行", "建设银行"),
        ("CommBank", "CommBank"),
        ("中国移动 (claimed)", "中国移动"),
        ("[蘑菇宝]", "蘑菇宝"),
        ("【CANA金融】 (subject: 信韵融-逾期提醒)", "CANA金融"),
        ("Shree Ganesh Finance", "Shree Ganesh Finance"),
        ("广东华兴银行", "广东华兴银行"),
        ("The Toll Roads (claimed)", "The Toll Roads"),
        ("ICBC 95588", "ICBC 95588"),
        ("(claimed)", "(claimed)"),
    ];
    for (raw, name) in cases {
        let info = parse_sender(raw);
        assert_eq!(
            (info.kind, info.name.as_deref()),
            (K::Unknown, Some(name)),
            "{raw}"
        );
        assert!(info.flags.is_empty() && info.number.is_none(), "{raw}");
    }
    let hidden = parse_sender("工\u{200b}商\u{200d}银行");
    assert_eq!(hidden.name.as_deref(), Some("工商银行"));
    assert_eq!(hidden.flags, vec![F::HiddenCharacters]);
    // A number is read through invisible characters, and flagged.
    let number = parse_sender("955\u{200b}88\u{202c}");
    assert_eq!((number.kind, number.number.as_deref()), (K::BankShortCode, Some("95588")));
    assert!(number.flags.contains(&F::HiddenCharacters));
    assert!(!parse_sender("95588").flags.contains(&F::HiddenCharacters));
    // A remark after a number is dropped too.
    assert_eq!(
        parse_sender("95533 (spoofed via fake base station)")
            .number
            .as_deref(),
        Some("95533")
    );
}

#[test]
fn email_senders() {
    struct Case {
        raw: &'static str,
        name: Option<&'static str>,
        address: &'static str,
        domain: &'static str,
        flags: Vec<SenderFlag>,
    }
    let cases = [
        Case {
            raw: "Paolo Reggiani <Paol.Reggiani@moss.it>",
            name: Some("Paolo Reggiani"),
            address: "paol.reggiani@moss.it",
            domain: "moss.it",
            flags: vec![],
        },
        Case {
            raw: "\"Cathy D. Brinsfield\" <info@hsb.com>",
            name: Some("Cathy D. Brinsfield"),
            address: "info@hsb.com",
            domain: "hsb.com",
            flags: vec![],
        },
        Case { raw: "service@mail.alipay.com", name: None, address: "service@mail.alipay.com", domain: "mail.alipay.com", flags: vec![] },
        Case { raw: "<ccsvc@message.cmbchina.com>", name: None, address: "ccsvc@message.cmbchina.com", domain: "message.cmbchina.com", flags: vec![] },
        Case {
            raw: "martin trf <martintrf8643@gmail.com>",
            name: Some("martin trf"),
            address: "martintrf8643@gmail.com",
            domain: "gmail.com",
            flags: vec![F::FreeMail],
        },
        Case { raw: "12345678@QQ.com", name: None, address: "12345678@qq.com", domain: "qq.com", flags: vec![F::FreeMail] },
        Case { raw: "招商银行 <cmb@163.com>", name: Some("招商银行"), address: "cmb@163.com", domain: "163.com", flags: vec![F::FreeMail] },
        Case { raw: "x <y@gmx.de>", name: Some("x"), address: "y@gmx.de", domain: "gmx.de", flags: vec![F::FreeMail] },
        Case {
            raw: "P\u{200d}\u{200d}r\u{200d}\u{200d}i\u{200d}\u{200d}\u{200d}m\u{200d}e \u{200d}\u{200d} \u{200d}\u{200d}\u{200d} \u{200d} <emailnoreplymaiasa1d8427@fortexmanufacturing.com>",
            name: Some("Prime"),
            address: "emailnoreplymaiasa1d8427@fortexmanufacturing.com",
            domain: "fortexmanufacturing.com",
            flags: vec![F::HiddenCharacters],
        },
        Case {
            raw: "\"service@icbc.com.cn\" <refund@icbc-cn.top>",
            name: Some("service@icbc.com.cn"),
            address: "refund@icbc-cn.top",
            domain: "icbc-cn.top",
            flags: vec![F::DisplayNameAddress("service@icbc.com.cn".into())],
        },
        Case {
            raw: "Amazon (support@Amazon.com) <amz@gmail.com>",
            name: Some("Amazon (support@Amazon.com)"),
            address: "amz@gmail.com",
            domain: "gmail.com",
            flags: vec![F::DisplayNameAddress("support@amazon.com".into()), F::FreeMail],
        },
        Case {
            raw: "a@b.com <A@b.com>",
            name: Some("a@b.com"),
            address: "a@b.com",
            domain: "b.com",
            flags: vec![],
        },
        Case { raw: "McAfee_RENEWAL NOTICE <noreply@customer>", name: Some("McAfee_RENEWAL NOTICE"), address: "noreply@customer", domain: "customer", flags: vec![] },
        Case { raw: "\"Bittrex (Refund)\" <infa@rickieleejones.com>", name: Some("Bittrex (Refund)"), address: "infa@rickieleejones.com", domain: "rickieleejones.com", flags: vec![] },
        Case { raw: "  <x@y.cn>  ", name: None, address: "x@y.cn", domain: "y.cn", flags: vec![] },
    ];
    for c in cases {
        let info = parse_sender(c.raw);
        assert_eq!(info.kind, K::Email, "{}", c.raw);
        let e = info.email.as_ref().unwrap();
        assert_eq!(
            (
                e.display_name.as_deref(),
                e.address.as_str(),
                e.domain.as_str()
            ),
            (c.name, c.address, c.domain),
            "{}",
            c.raw
        );
        assert_eq!(info.flags, c.flags, "{}", c.raw);
        assert!(info.number.is_none() && info.name.is_none());
    }
    assert_eq!(
        parse_sender("a@b.com <A@b.com>")
            .email
            .unwrap()
            .display_address
            .as_deref(),
        Some("a@b.com")
    );
}

#[test]
fn broken_email_senders_are_unknown() {
    for raw in [
        "Name <addr@x.com",
        "Name addr@x.com>",
        "<>",
        "Name <>",
        "Name <not an address>",
        "@",
        "a@",
        "@b.com",
        "foo bar@",
        "foo @baz.com",
        "<<<@>>>",
        "x <a@b..com>",
    ] {
        let info = parse_sender(raw);
        assert_eq!(info.kind, K::Unknown, "{raw}");
        assert!(info.email.is_none() && info.flags.is_empty(), "{raw}");
    }
}

#[test]
fn garbage_senders_are_unknown() {
    let long_digits = "1".repeat(10_000);
    let long_text = "某".repeat(10_000);
    for raw in [
        "",
        "   ",
        "!!!",
        "【】",
        "——",
        "()",
        "+++",
        "\u{200b}",
        &long_digits,
        &long_text,
    ] {
        let info = parse_sender(raw);
        assert_eq!(info.kind, K::Unknown, "{}", raw.len());
        assert!(
            info.name.is_none() && info.number.is_none(),
            "{}",
            raw.len()
        );
    }
}

#[test]
fn flag_codes_are_distinct_snake_case() {
    let all = [
        F::ServiceNumberWrongLength,
        spoof("95588"),
        cc("852"),
        F::VirtualOperator,
        F::VirtualOperatorWeak,
        F::Broadnet192,
        F::Toll400,
        F::FreeMail,
        F::HiddenCharacters,
        F::DisplayNameAddress("a@b.c".into()),
        foreign("1"),
        F::RegisteredHeader,
    ];
    let codes: std::collections::BTreeSet<_> = all.iter().map(SenderFlag::code).collect();
    assert_eq!(codes.len(), all.len());
    assert!(codes.iter().all(|c| c
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')));
}


fn assert_marked(cases: &[&str]) {
    for case in cases {
        let (text, want) = marked(case);
        let got: Vec<_> = find_phone_numbers(&text)
            .into_iter()
            .map(|m| m.range)
            .collect();
        assert_eq!(got, want, "{case}");
    }
}

#[test]
fn finds_numbers_in_text() {
    assert_marked(&[
        // mobiles
        "请联系|13800138000|",
        "手机|138-0013-8000|，微信同号",
        "电话 |138 0013 8000| 张先生",
        "call |+86 138 0013 8000| now",
        "|+8613800138000|",
        "联系人：李经理|１３８００１３８０００|",
        "催收员|17012345678|",
        // 400/800
        "请致电|400-818-9199|咨询",
        "征信中心客服|4008108866|。",
        "（农商贷|400-818-9199|）",
        "信用卡中心|400 820 5555|",
        // service numbers
        "|95588|",
        "拨打|95533|",
        "客服|95580|",
        "详询|95566|【中国银行】",
        "客服热线|９５５８８|。",
        "如有疑问请致电|951883|",
        "国家反诈中心|96110|提醒您",
        "请拨打|12368|核实",
        "|12381|：国家反诈中心提醒",
        "拨打|12122|进行咨询",
        // 106 ports
        "本短信由|1069095599|发送",
        // landlines
        "电话|020-89851216|",
        "|(010)12345678|",
        "|（010）12345678|",
        "工作人员|0755-12345678|",
        // US / UK forms
        "Call |866.257.2117| today",
        "call |(800) 123-4567|",
        "dial |1-800-555-0199|.",
        "Call |0800 1956669| to claim",
        "Call |0800 195 6669| now",
        "Call |0800 195 6669|.Thanks",
        "请拨打|95588|。谢谢",
        "Call |08717111821| now",
        "+ call |+1 866 257 2117|",
        "reach us on |+1 – (888) - (596) - (1028|)",
        "Tel |+7 495 123 4567|",
        // overseas
        "来电|+852 1234 5678|",
        "|0060123456789|",
        // spoof forms
        "冒充|00095588|",
        "|+8695588|",
        "|40095588|",
        "|02095588|",
        "|020-95588|",
        // parentheses around a whole number stay outside the span
        "(|95588|",
        "客服（|95588|）",
        "(|13800138000|)",
        // several in one run / message
        "请拨打|95588| |13800138000|",
        "|95588|或|020-95588|",
        "2024-12-30 |13800138000|",
        "回拨|13800138000|，或|4008108866|",
        "电话：|020-12345678|/|13800138000|",
        "info: |07946746291|/|07880867867|",
        "name to 89693. |08715500022| rpl Stop",
        "包裹異常 請來電 |0912-345-678| 確認",
        "司機 |0988 123 456| 下午送達",
        // a question mark ends the number, as a full stop does
        "can you send it back to |0722 555 017|?",
        "Is this |(800) 123-4567|? Call me",
        "是|13800138000|？",
    ]);
}

#[test]
fn leaves_out_what_is_no_phone_number() {
    assert_marked(&[
        // amounts
        "本期应还1352.29元",
        "欠款322261.60，请尽快处理",
        "Pay $299.95 now",
        "balance 1,570.44 due",
        "¥13800138000",
        "95588元",
        "金额：13800138000",
        "取貨編號0912345678",
        "序號 0912345678 已啟用",
        "13800138000 RMB",
        "95588%",
        // dates and times
        "2024-12-30到期",
        "2024年12月30日",
        "于12:20扣款",
        "2024/12/30",
        "20241230",
        // card and account tails, codes
        "您尾号1234的信用卡",
        "账户6598于",
        "卡号6222021234567890123",
        "尾号95588的卡",
        "验证码774752",
        "验证码 852537",
        "验证码：951883，5分钟内有效",
        "动态密码955881",
        "your code 95588",
        "code: 13800138000",
        // order, case, reference numbers
        "订单号13800138000",
        "订单号：4008108866",
        "Case#1380013800",
        "Case #95588",
        "Reference: 584-345",
        "TRX#345-253994",
        "合同号：95588",
        "邮编518000",
        "身份证号13800138000",
        // ids inside words and links
        "ID abc13800138000",
        "ref13800138000x",
        "http://x.cn/p?m=13800138000",
        "http://x.cn/13800138000?from=sms",
        "https://t.cn/13800138000",
        "https://t.cn/13800138000/x",
        "13800138000@qq.com",
        "点 n.95508.com/x 即可",
        "www.95588.com.cn",
        "see 4008108866.html",
        // masked
        "138****8000",
        "XXXXXXXXXXXX",
        "REDACTED",
        "******",
        "尾号****1234",
        "1380013****",
        // numbers that need a phone word nearby
        "流水955123",
        "12306",
        "95212234",
        "8662572117",
        "9876543210",
        "Your account 9876543210 was credited",
        "reference number 2156943950 at",
        "account number 13800138000",
        // plain digits that are no number
        "774752",
        "55498",
        "1234567",
        "3.1415926",
        "v1.2.3",
        "95.588",
        "选择 1 2 3 4 5 6 7 8 9",
        "1 2 3 4 5",
        "11-14-2023 11:35:54 +0100",
        "+",
        "()",
    ]);
}

#[test]
fn needs_a_phone_word_for_ambiguous_numbers() {
    assert_marked(&[
        "客服电话|955123|",
        "Call |8662572117|",
        "our phone number: |0800 195 6669|",
        "Call this number |(800) 123-4567|",
        "please contact us at |9112167708|.",
        "To Activate call customer care  |7679046492| now.",
        "COMPLETE YOUR PAYTM KYC PAYTM OFFICE PH |6200992462|",
        "Contact us |+1(845) 407-0627|",
        "接到|95212234|来电",
        "请致电|95212234|",
        "服务热线：|12306|",
        "有問題請聯絡|0912345678|",
    ]);
}

#[test]
fn mentions_are_classified_like_senders() {
    let text = "【工商银行】请拨打０２０－９５５８８或+852 1234 5678，勿信17012345678";
    let found = find_phone_numbers(text);
    let got: Vec<_> = found
        .iter()
        .map(|m| {
            (
                &text[m.range.clone()],
                m.info.raw.as_str(),
                m.info.kind,
                m.info.number.as_deref(),
                m.info.flags.clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "０２０－９５５８８",
                "０２０－９５５８８",
                K::Landline,
                Some("02095588"),
                vec![spoof("95588")]
            ),
            (
                "+852 1234 5678",
                "+852 1234 5678",
                K::Overseas,
                Some("+85212345678"),
                vec![cc("852")]
            ),
            (
                "17012345678",
                "17012345678",
                K::VirtualOperator,
                Some("17012345678"),
                vec![F::VirtualOperator]
            ),
        ]
    );
    let service = find_phone_numbers("拨打12378投诉");
    assert_eq!(
        service[0].info.service.as_ref().map(|s| s.id.as_str()),
        Some("financial_consumer_complaints")
    );
    for m in find_phone_numbers(text).iter().chain(&service) {
        let again = parse_sender(&m.info.raw);
        assert_eq!(
            (again.kind, again.number, again.flags),
            (m.info.kind, m.info.number.clone(), m.info.flags.clone())
        );
    }
}

/// Deterministic xorshift, so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn garbage_never_panics_and_ranges_are_sound() {
    const ALPHABET: &[char] = &[
        '0',
        '1',
        '3',
        '5',
        '8',
        '9',
        '9',
        '5',
        '+',
        '＋',
        '-',
        '－',
        '.',
        '．',
        ' ',
        '\u{3000}',
        '(',
        ')',
        '（',
        '）',
        '０',
        '９',
        '@',
        '<',
        '>',
        '"',
        '【',
        '】',
        '元',
        '号',
        '电',
        '话',
        'a',
        'X',
        '*',
        '\u{200d}',
        '\u{feff}',
        '\n',
        ',',
        ':',
        '/',
        '#',
        '$',
        '¥',
        'é',
        '😀',
        '\u{10ffff}',
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..3000 {
        let len = (rng.next() % 40) as usize;
        let s: String = (0..len)
            .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize])
            .collect();
        let _ = parse_sender(&s);
        let mut last_end = 0;
        for m in find_phone_numbers(&s) {
            assert!(
                m.range.start >= last_end && m.range.start < m.range.end,
                "{s:?}"
            );
            let slice = s
                .get(m.range.clone())
                .unwrap_or_else(|| panic!("not a char boundary in {s:?}"));
            assert_eq!(slice, m.info.raw);
            assert!(
                m.info.number.is_some() && m.info.kind != K::Unknown,
                "{s:?}"
            );
            last_end = m.range.end;
        }
    }
}

#[test]
fn long_inputs_are_handled() {
    let digits = "1".repeat(100_000);
    assert!(find_phone_numbers(&digits).is_empty());
    let many = "请拨打95588。".repeat(10_000);
    assert_eq!(find_phone_numbers(&many).len(), 10_000);
    let groups = "1 ".repeat(50_000);
    assert!(find_phone_numbers(&groups).is_empty());
    let parens = "(".repeat(50_000) + &")".repeat(50_000);
    assert!(find_phone_numbers(&parens).is_empty());
    let _ = parse_sender(&"<".repeat(10_000));
    let _ = parse_sender(&format!("{}@{}", "a".repeat(500), "b.".repeat(200)));
}

/// Phone numbers found in the genuine (ham / not overdue) messages of the
/// shared corpora, and in UCI spam for recall, printed for a person to look at:
/// `cargo test --lib sender::tests::corpus_numbers -- --ignored --nocapture`.
#[test]
#[ignore = "reads ../shared/corpora; prints for review"]
fn corpus_numbers() {
    let mut texts = Vec::new();
    if let Ok(uci) = std::fs::read_to_string("../shared/corpora/uci-sms-spam/SMSSpamCollection") {
        texts.extend(
            uci.lines()
                .filter_map(|l| l.strip_prefix("ham\t"))
                .map(|t| ("uci-ham", t.to_string())),
        );
        // Spam, for recall: its call-back numbers should be found.
        texts.extend(
            uci.lines()
                .filter_map(|l| l.strip_prefix("spam\t"))
                .map(|t| ("uci-spam", t.to_string())),
        );
    }
    for file in [
        "../shared/corpora/dev/messages.jsonl",
        "../shared/corpora/labelled-public/messages.jsonl",
    ] {
        let Ok(data) = std::fs::read_to_string(file) else {
            continue;
        };
        for line in data.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            if v["overdue"] == serde_json::Value::Bool(false) {
                texts.push((file, v["text"].as_str().unwrap_or("").to_string()));
            }
        }
    }
    let mut counts = std::collections::BTreeMap::new();
    for (source, text) in &texts {
        for m in find_phone_numbers(text) {
            *counts.entry(*source).or_insert(0) += 1;
            println!(
                "{source}\t{}\t{}\t{:?}\t{}",
                m.info.raw,
                m.info.kind.code(),
                m.info.flags,
                text.replace('\n', " ")
            );
        }
    }
    println!("{} messages; numbers found: {counts:?}", texts.len());
}

#[test]
fn indian_business_headers_are_read_as_registered() {
    for name in ["VK-ASIANT", "JM-HDFCBK-S", "AD-EQUTAS-S", "AX-CANBNK-T", "VM-BLUDRT-G", "JX-HDBNLN"] {
        assert_eq!(parse_sender(name).flags, vec![F::RegisteredHeader], "{name}");
    }
    // Not a header: lower case, other lengths, a wrong type, a number, digits only.
    for name in ["vk-asiant", "VM-BANK-T", "JM-HDFCBK-X", "JM-HDFCBK-", "HDFCBK", "AB-1234567", "AB-123456", "VK-ASIANTS", "+919449112211"] {
        assert!(!parse_sender(name).flags.contains(&F::RegisteredHeader), "{name}");
    }
}
