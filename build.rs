//! Turns the knowledge files in `data/*.toml` into JSON in `OUT_DIR`, so the
//! crate embeds plain data (parsed once with serde_json) and carries no TOML
//! parser into the WebAssembly module. A file that is not valid TOML stops the
//! build with the file name and the parser's message. The public suffix list
//! is copied without its comment lines (a third of its size), keeping the
//! `// ===BEGIN … DOMAINS===` markers that tell ICANN from private rules.
//! The text model `data/model.bin` is copied as is (an empty file when it is
//! missing, which gives an empty model).

use std::{env, fs, path::Path};

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
    let rules: Vec<&str> = psl.lines().map(str::trim).filter(|l| !l.is_empty() && (!l.starts_with("//") || l.starts_with("// ==="))).collect();
    fs::write(Path::new(&out).join("public_suffix_list.dat"), rules.join("\n")).expect("write OUT_DIR");
    // The text model (src/model): embedded as is; an empty file gives an empty model.
    println!("cargo:rerun-if-changed=data/model.bin");
    let model = fs::read("data/model.bin").unwrap_or_default();
    fs::write(Path::new(&out).join("model.bin"), model).expect("write OUT_DIR");
    for path in entries {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let value: toml::Value =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let json = serde_json::to_string(&value).expect("TOML values are JSON values");
        let name = path.file_stem().unwrap().to_string_lossy();
        fs::write(Path::new(&out).join(format!("{name}.json")), json).expect("write OUT_DIR");
    }
}
