//! The WebAssembly module: a thin layer that converts JavaScript values to
//! the core's types and back. No logic lives here.

use crate::{catalog, classify as core_classify, Message, Options};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// talc in place of wasm32's default dlmalloc: 2.4 KB smaller gzipped,
/// allocates and frees in fewer instructions (a report is many small strings
/// and vectors), and grows the memory in place as dlmalloc did.
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| JsError::new(&format!("cannot convert the report: {e}")))
}

/// Classifies one message (`{text, sender?, channel?, links?, id?}`) with the
/// user's options (`{trusted_senders, blocked_senders, trusted_domains,
/// blocked_domains}`, all optional). Returns the report of brief §3, or throws
/// an `Error` naming what is wrong with the input.
#[wasm_bindgen]
pub fn classify(message: JsValue, options: JsValue) -> Result<JsValue, JsError> {
    let message: Message = serde_wasm_bindgen::from_value(message)
        .map_err(|e| JsError::new(&format!("invalid message: {e}")))?;
    let options: Options = if options.is_undefined() || options.is_null() {
        Options::default()
    } else {
        serde_wasm_bindgen::from_value(options)
            .map_err(|e| JsError::new(&format!("invalid options: {e}")))?
    };
    to_js(&core_classify(&message, &options))
}

/// Every signal and advice id with its class and weight: what the extension
/// shows for a report. The module carries no sentences (`zh` and `en` are
/// empty; the payload budget): the extension reads them from its `_locales`
/// files, which scripts/gen-locales.mjs writes from the data files.
#[wasm_bindgen(js_name = catalog)]
pub fn catalog_js() -> Result<JsValue, JsError> {
    to_js(catalog())
}

/// The crate version.
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
