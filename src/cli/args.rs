//! Command-line arguments, parsed with the standard library: positional
//! arguments, `--flag VALUE` / `--flag=VALUE` options, switches, and `--`
//! to end the options (for a message that starts with `-`).

use std::collections::HashMap;

/// The arguments of one command.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Parsed {
    /// Arguments that are not options, in order.
    pub positional: Vec<String>,
    /// Options that take a value (the last one given wins).
    pub values: HashMap<String, String>,
    /// Switches given.
    pub switches: Vec<String>,
}

impl Parsed {
    /// The value of an option.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.values.get(name).map(String::as_str)
    }

    /// Whether a switch was given.
    pub fn switch(&self, name: &str) -> bool {
        self.switches.iter().any(|s| s == name)
    }
}

/// Parses `args` for a command that knows the options `with_value` (names
/// without `--`) and the switches `switches`. Unknown options are errors.
pub fn parse(args: &[String], with_value: &[&str], switches: &[&str]) -> Result<Parsed, String> {
    let mut parsed = Parsed::default();
    let mut iter = args.iter();
    while let Some(arg) = iter.next() {
        if arg == "--" {
            parsed.positional.extend(iter.by_ref().cloned());
            break;
        }
        let Some(name) = arg.strip_prefix("--") else {
            parsed.positional.push(arg.clone());
            continue;
        };
        let (name, inline) = match name.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (name, None),
        };
        if with_value.contains(&name) {
            let value = match inline {
                Some(v) => v,
                None => iter
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("--{name} needs a value"))?,
            };
            parsed.values.insert(name.to_string(), value);
        } else if switches.contains(&name) && inline.is_none() {
            parsed.switches.push(name.to_string());
        } else {
            return Err(format!("unknown option --{name}"));
        }
    }
    Ok(parsed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(a: &[&str]) -> Vec<String> {
        a.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn parses_values_switches_and_positionals() {
        let p = parse(
            &strings(&[
                "hello",
                "--sender",
                "95384",
                "--lang=zh",
                "--json",
                "--",
                "--not-a-flag",
            ]),
            &["sender", "lang"],
            &["json"],
        )
        .unwrap();
        assert_eq!(p.positional, strings(&["hello", "--not-a-flag"]));
        assert_eq!(p.value("sender"), Some("95384"));
        assert_eq!(p.value("lang"), Some("zh"));
        assert!(p.switch("json"));
        assert!(!p.switch("color"));
    }

    #[test]
    fn rejects_bad_options() {
        let table: [(&[&str], &str); 3] = [
            (&["--sender"], "--sender needs a value"),
            (&["--colour"], "unknown option --colour"),
            (&["--json=yes"], "unknown option --json"),
        ];
        for (args, want) in table {
            assert_eq!(
                parse(&strings(args), &["sender"], &["json"]).unwrap_err(),
                want
            );
        }
    }

    #[test]
    fn single_dash_is_positional() {
        let p = parse(&strings(&["-"]), &[], &[]).unwrap();
        assert_eq!(p.positional, strings(&["-"]));
    }
}
