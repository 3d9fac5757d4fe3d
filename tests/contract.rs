//! The report's JSON shape is the contract of brief §3: names and types that
//! the extension, the CLI and other tools read.

use overdue_guard::{classify, Message, Options};
use serde_json::Value;

fn report_json(input: &str) -> Value {
    let msg: Message = serde_json::from_str(input).expect("valid input");
    serde_json::to_value(classify(&msg, &Options::default())).expect("serialises")
}

#[test]
fn report_has_the_contract_fields() {
    let r = report_json(r#"{"id": 7, "text": "您的借款已逾期3天，请尽快还款", "sender": "13800138000", "channel": "sms"}"#);
    assert_eq!(r["id"], 7);
    assert!(r["overdue"].is_boolean());
    assert!(matches!(r["verdict"].as_str(), Some("benign" | "suspicious" | "scam")));
    assert!(r["score"].is_i64());
    assert!(r["institution"].is_null() || r["institution"].is_object());
    assert!(r["sender"]["raw"].is_string() && r["sender"]["kind"].is_string());
    assert!(r["sender"]["official"].is_boolean());
    for key in ["signals", "links", "advice"] {
        assert!(r[key].is_array(), "{key}");
    }
    let signals = r["signals"].as_array().expect("array");
    let s = signals.iter().find(|s| s["id"] == "overdue_stated").expect("the text raised overdue_stated");
    assert!(s["id"].is_string() && s["weight"].is_i64() && s["evidence"].is_string());
    let span = s["span"].as_array().expect("a text signal has a [start, end] span");
    assert_eq!(span.len(), 2);
}

#[test]
fn public_service_numbers_are_named() {
    let r = report_json(r#"{"text": "您的银行卡可能被冒用，请警惕诈骗", "sender": "12381"}"#);
    assert_eq!(r["sender"]["service"], "anti_fraud_warning");
    let r = report_json(r#"{"text": "hi", "sender": "13800138000"}"#);
    assert!(r["sender"].get("service").is_none());
}

#[test]
fn id_is_echoed_whatever_its_type_and_omitted_when_absent() {
    assert_eq!(report_json(r#"{"id": "abc", "text": "hi"}"#)["id"], "abc");
    assert!(report_json(r#"{"text": "hi"}"#).get("id").is_none());
}

#[test]
fn unknown_input_fields_are_ignored() {
    let r = report_json(r#"{"text": "hi", "lang": "en", "whatever": [1, 2]}"#);
    assert_eq!(r["verdict"], "benign");
}

#[test]
fn invalid_input_is_a_clear_error() {
    for (input, needle) in [
        (r#"{"sender": "95588"}"#, "text"),
        (r#"{"text": 5}"#, "string"),
        (r#"{"text": "x", "channel": "fax"}"#, "fax"),
        (r#"{"text": "x", "links": "http://a.b"}"#, "sequence"),
    ] {
        let err = serde_json::from_str::<Message>(input).expect_err(input).to_string();
        assert!(err.contains(needle), "{input}: {err}");
    }
}
