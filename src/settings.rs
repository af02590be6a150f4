//! The workspace settings (`botctl config`): their names, defaults, valid values, and
//! how a stored text value applies to [`Settings`].

use crate::status::Settings;

pub struct Key {
    pub name: &'static str,
    pub default: &'static str,
    /// The valid values, for help and error messages.
    pub valid: &'static str,
    /// Parses a value (as typed or as stored) into `Settings`.
    pub apply: fn(&mut Settings, &str) -> Result<(), String>,
    /// The canonical text of this key's value in `Settings`.
    pub show: fn(&Settings) -> String,
}

fn on_off(v: &str) -> Result<bool, String> {
    match v.trim().to_ascii_lowercase().as_str() {
        "on" | "true" | "yes" | "1" => Ok(true),
        "off" | "false" | "no" | "0" => Ok(false),
        _ => Err(format!(
            "`{}` is not `on` or `off`",
            crate::escape::shown(v)
        )),
    }
}

fn show_on_off(b: bool) -> String {
    if b { "on" } else { "off" }.to_string()
}

pub const KEYS: &[Key] = &[
    Key {
        name: "max-bot-messages",
        default: "25",
        valid: "a number from 1 to 10000, or `none`",
        apply: |s, v| {
            let v = v.trim();
            s.max_bot_messages = if v.eq_ignore_ascii_case("none") {
                None
            } else {
                match v.parse::<u32>() {
                    Ok(n @ 1..=10_000) => Some(n),
                    _ => {
                        return Err(format!(
                            "`{}` is not a number from 1 to 10000 or `none`",
                            crate::escape::shown(v)
                        ));
                    }
                }
            };
            Ok(())
        },
        show: |s| s.max_bot_messages.map_or("none".into(), |n| n.to_string()),
    },
    Key {
        name: "sleep-time",
        default: "2h",
        valid: "a duration such as `2h`, `90m` or `1day` (up to 10 years), or `none` (until woken)",
        apply: |s, v| {
            let v = v.trim();
            s.sleep_time = if v.eq_ignore_ascii_case("none") {
                None
            } else {
                let secs = crate::time::parse_duration(v).map_err(|e| e.to_string())?;
                if !(1..=crate::time::MAX_TIMER_SECS).contains(&secs) {
                    return Err(format!(
                        "`{}` must be at least 1s and at most 10 years",
                        crate::escape::shown(v)
                    ));
                }
                Some(secs)
            };
            Ok(())
        },
        show: |s| {
            s.sleep_time
                .map_or("none".into(), crate::time::format_duration)
        },
    },
    Key {
        name: "sleep-on-agent-message",
        default: "on",
        valid: "`on` or `off`",
        apply: |s, v| {
            s.sleep_on_agent_message = on_off(v)?;
            Ok(())
        },
        show: |s| show_on_off(s.sleep_on_agent_message),
    },
    Key {
        name: "sleep-on-workflow-message",
        default: "on",
        valid: "`on` or `off`",
        apply: |s, v| {
            s.sleep_on_workflow_message = on_off(v)?;
            Ok(())
        },
        show: |s| show_on_off(s.sleep_on_workflow_message),
    },
    Key {
        name: "day-start",
        default: "09:00",
        valid: "a local time of day `HH:MM`, from `00:00` to `23:59`",
        apply: |s, v| {
            let t = crate::time::parse_clock(v).map_err(|e| e.to_string())?;
            s.day_start = crate::time::clock_minutes(t);
            Ok(())
        },
        show: |s| {
            crate::time::clock_of(s.day_start)
                .format("%H:%M")
                .to_string()
        },
    },
];

/// The key named `name`, or an error listing the valid keys.
pub fn find(name: &str) -> Result<&'static Key, String> {
    KEYS.iter().find(|k| k.name == name.trim()).ok_or_else(|| {
        let names: Vec<_> = KEYS.iter().map(|k| format!("`{}`", k.name)).collect();
        format!(
            "unknown setting `{}`; the settings are {}",
            crate::escape::shown(name),
            names.join(", ")
        )
    })
}

/// Validates `value` for `key` and returns its canonical text, to store.
pub fn normalize(key: &Key, value: &str) -> Result<String, String> {
    let mut s = Settings::default();
    (key.apply)(&mut s, value)
        .map_err(|e| format!("bad value for `{}`: {e}; valid: {}", key.name, key.valid))?;
    Ok((key.show)(&s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_match_settings_default() {
        let d = Settings::default();
        for k in KEYS {
            assert_eq!((k.show)(&d), k.default, "{}", k.name);
        }
    }

    #[test]
    fn values_are_validated_and_normalized() {
        let max = find("max-bot-messages").unwrap();
        assert_eq!(normalize(max, "10").unwrap(), "10");
        assert_eq!(normalize(max, "NONE").unwrap(), "none");
        for bad in ["0", "10001", "-1", "ten", ""] {
            assert!(normalize(max, bad).is_err(), "{bad}");
        }
        let sleep = find("sleep-time").unwrap();
        assert_eq!(normalize(sleep, "90m").unwrap(), "1h 30m");
        assert_eq!(normalize(sleep, "none").unwrap(), "none");
        assert!(normalize(sleep, "0s").is_err());
        assert!(normalize(sleep, "20y").is_err());
        assert_eq!(normalize(sleep, "10y").unwrap(), "3652days 12h");
        assert_eq!(normalize(sleep, "3650days").unwrap(), "3650days");
        assert!(normalize(sleep, "10years 1s").is_err());
        let agent = find("sleep-on-agent-message").unwrap();
        assert_eq!(normalize(agent, "OFF").unwrap(), "off");
        assert!(normalize(agent, "maybe").is_err());
        let start = find("day-start").unwrap();
        assert_eq!(normalize(start, "8:30").unwrap(), "08:30");
        assert_eq!(normalize(start, " 23:59 ").unwrap(), "23:59");
        for bad in ["24:00", "9", "09:60", "9:5", "nine", "", "-1:00"] {
            assert!(normalize(start, bad).is_err(), "{bad}");
        }
        let err = find("max-messages").err().unwrap();
        assert!(err.contains("`sleep-time`"), "{err}");
    }
}
