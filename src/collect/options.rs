//! `options` of the collector (what the operator sets on the collector in Cloudforet), validated
//! with errors that name the field; a key it does not know is a warning naming the closest one.

use std::time::Duration;

use serde_json::{json, Map, Value};

use crate::assemble::cloud_service;
use crate::error::{cut, neutralise, Error, Result};

/// The one service this collector knows (`service_filter`, the tasks' `service`).
pub const SERVICE: &str = "EC2";
/// The schema's suggested value for `vulnerable_ports` (the option itself has no default: without
/// it, SecurityGroup records carry no vulnerable-port keys, as with the current collector).
const SUGGESTED_VULNERABLE_PORTS: &str = "22,3306";

#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// Regions to collect, each once, in the given order; empty: every enabled region.
    pub region_filter: Vec<String>,
    /// Cloud service types to collect; every type unless `cloud_service_types` narrows it.
    pub cloud_service_types: Vec<&'static str>,
    /// Only these instances (DescribeInstances' instance-id filter); empty: all of them.
    pub instance_ids: Vec<String>,
    /// The `vulnerable_ports` pieces, verbatim (`"22, 3389"` keeps `" 3389"`: the current
    /// collector writes them so); None when the option is absent, null or "".
    pub vulnerable_ports: Option<Vec<String>>,
    pub timeouts: Timeouts,
    /// How old a remembered termination protection may be when served; None (0 s): always asked.
    pub termination_protection_max_age: Option<Duration>,
    /// The share of each of AWS's per-action token buckets a collect may use (0.01 to 1).
    pub api_bucket_share: f64,
    /// What the plugin logs at WARNING for these options (unknown keys, still accepted as the
    /// upstream accepts them); None when there is nothing to say.
    pub warning: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            region_filter: Vec::new(),
            cloud_service_types: Vec::new(),
            instance_ids: Vec::new(),
            vulnerable_ports: None,
            timeouts: Timeouts::default(),
            termination_protection_max_age: None,
            api_bucket_share: API_BUCKET_SHARE.1,
            warning: None,
        }
    }
}

/// How long AWS may take: one attempt of one call, and one whole region.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Timeouts {
    pub call: Duration,
    pub region: Duration,
}

/// (option, default, smallest and largest accepted).
type Number = (&'static str, f64, f64, f64);
/// A `Number` in seconds.
type Seconds = Number;
const CALL_TIMEOUT: Seconds = ("call_timeout_seconds", 30.0, MIN_TIMEOUT, 600.0);
const REGION_TIMEOUT: Seconds = ("region_timeout_seconds", 1800.0, MIN_TIMEOUT, 86400.0);
/// The smallest timeout accepted: below it no AWS call can answer (1e-300 would be 0 ns).
const MIN_TIMEOUT: f64 = 0.1;
/// How old a remembered termination protection may be when served (fetch::memory); 0 is off.
const TERMINATION_PROTECTION_MAX_AGE: Seconds = ("termination_protection_max_age_seconds", 0.0, 0.0, 86400.0);

/// (option, default, smallest and largest accepted) of the share of each token bucket a collect
/// may use: the whole by default, as before the option; below 1 %, a region would take hours.
const API_BUCKET_SHARE: Number = ("api_bucket_share", 1.0, 0.01, 1.0);

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts { call: Duration::from_secs_f64(CALL_TIMEOUT.1), region: Duration::from_secs_f64(REGION_TIMEOUT.1) }
    }
}

impl Timeouts {
    fn from_options(object: &Map<String, Value>) -> Result<Self> {
        Ok(Timeouts { call: seconds(object, CALL_TIMEOUT)?, region: seconds(object, REGION_TIMEOUT)? })
    }
}

fn seconds(object: &Map<String, Value>, option: Seconds) -> Result<Duration> {
    number(object, option, "a number of seconds").map(Duration::from_secs_f64)
}

/// The option's number, its default when absent or null; `what` it must be names the range.
fn number(object: &Map<String, Value>, (name, default, min, max): Number, what: &str) -> Result<f64> {
    match object.get(name) {
        None | Some(Value::Null) => Ok(default),
        Some(value) => match value.as_f64() {
            Some(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(Error::invalid(
                format!("options.{name}"),
                format!("must be {what} from {min} to {max}, not {value}"),
            )),
        },
    }
}

impl Options {
    pub fn from_value(options: &Value) -> Result<Self> {
        let object = options.as_object().ok_or_else(|| Error::invalid("options", "must be an object"))?;
        let region_filter = match object.get("region_filter") {
            None | Some(Value::Null) => Vec::new(),
            Some(value) => regions(value, "options.region_filter")?,
        };
        if let Some(services) = object.get("service_filter").filter(|v| !v.is_null()) {
            for (i, service) in strings(services, "options.service_filter")?.iter().enumerate() {
                if service != SERVICE {
                    return Err(Error::invalid(
                        format!("options.service_filter[{i}]"),
                        format!("unknown service {service:?}; this collector knows {SERVICE}"),
                    ));
                }
            }
        }
        let cloud_service_types = match object.get("cloud_service_types").filter(|v| !v.is_null()) {
            // as the options schema says: an empty list is every type
            None => cloud_service::names(),
            Some(Value::Array(items)) if items.is_empty() => cloud_service::names(),
            Some(value) => {
                cloud_service::parse(&strings(value, "options.cloud_service_types")?, "options.cloud_service_types")?
            }
        };
        let instance_ids = match object.get("instance_ids").filter(|v| !v.is_null()) {
            None => Vec::new(),
            Some(value) => {
                let ids = strings(value, "options.instance_ids")?;
                for (i, id) in ids.iter().enumerate() {
                    let valid = id
                        .strip_prefix("i-")
                        .is_some_and(|hex| matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| b.is_ascii_hexdigit()));
                    if !valid {
                        return Err(Error::invalid(
                            format!("options.instance_ids[{i}]"),
                            format!("{id:?} is not an instance id (i- and 8 or 17 hex digits)"),
                        ));
                    }
                }
                ids
            }
        };
        let vulnerable_ports = match object.get("vulnerable_ports") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) if text.is_empty() => None,
            Some(Value::String(text)) => Some(ports(text)?),
            Some(_) => return Err(Error::invalid("options.vulnerable_ports", "must be a string like \"22,3306\"")),
        };
        let timeouts = Timeouts::from_options(object)?;
        let termination_protection_max_age =
            Some(seconds(object, TERMINATION_PROTECTION_MAX_AGE)?).filter(|age| !age.is_zero());
        let api_bucket_share = number(object, API_BUCKET_SHARE, "a number")?;
        let warning = unknown_keys(object);
        Ok(Options {
            region_filter,
            cloud_service_types,
            instance_ids,
            vulnerable_ports,
            timeouts,
            termination_protection_max_age,
            api_bucket_share,
            warning,
        })
    }
}

/// Most unknown keys one warning names.
const NAMED_UNKNOWN: usize = 10;

/// "unknown options ignored: region_filtr (did you mean region_filter?), ..." for the keys of
/// `options` that are not in the options schema, or None.
fn unknown_keys(object: &Map<String, Value>) -> Option<String> {
    let schema = options_schema();
    let known: Vec<&str> = schema["properties"]
        .as_object()
        .map(|properties| properties.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let unknown: Vec<&String> = object.keys().filter(|key| !known.contains(&key.as_str())).collect();
    if unknown.is_empty() {
        return None;
    }
    let named: Vec<String> = unknown
        .iter()
        .take(NAMED_UNKNOWN)
        .map(|key| {
            // the key is the caller's text: one short printable line
            let shown = neutralise(&cut(key.to_string(), 100));
            match closest(key, &known) {
                Some(hint) => format!("{shown} (did you mean {hint}?)"),
                None => shown,
            }
        })
        .collect();
    let more = if unknown.len() > NAMED_UNKNOWN {
        format!(" and {} more", unknown.len() - NAMED_UNKNOWN)
    } else {
        String::new()
    };
    Some(format!("options: unknown keys ignored: {}{more}; known: {}", named.join(", "), known.join(", ")))
}

/// The known key nearest `key` (edit distance at most a third of its length, at least 2), if any.
fn closest<'k>(key: &str, known: &[&'k str]) -> Option<&'k str> {
    if key.len() > 100 {
        return None;
    }
    let key = key.to_ascii_lowercase();
    let limit = (key.chars().count() / 3).max(2);
    known.iter().map(|k| (edit_distance(&key, k), *k)).filter(|(d, _)| *d <= limit).min().map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

/// The options schema the console shows (Collector.init's `metadata.options_schema`).
pub fn options_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "region_filter": {
                "title": "Region Filter", "type": "array", "items": {"type": "string"},
                "description": "Region codes to collect, e.g. [\"us-east-1\"]; empty: every region enabled for the account"
            },
            "cloud_service_types": {
                "title": "Cloud Service Types", "type": "array", "items": {"type": "string", "enum": cloud_service::names()},
                "description": "EC2 cloud service types to collect; empty: all of them"
            },
            "instance_ids": {
                "title": "Instance IDs", "type": "array", "items": {"type": "string"},
                "description": "Collect only these EC2 instances; empty: all of them"
            },
            "service_filter": {
                "title": "Service Filter", "type": "array", "items": {"type": "string", "enum": [SERVICE]},
                "description": "Services to collect; this collector knows EC2"
            },
            "vulnerable_ports": {
                "title": "Vulnerable Ports", "type": "string", "examples": [SUGGESTED_VULNERABLE_PORTS],
                "description": "Comma-separated ports, e.g. 22,8080,3306"
            },
            CALL_TIMEOUT.0: {
                "title": "Call Timeout (s)", "type": "number", "default": CALL_TIMEOUT.1, "maximum": CALL_TIMEOUT.3,
                "description": "How long one attempt of one AWS call may take before it is retried"
            },
            REGION_TIMEOUT.0: {
                "title": "Region Timeout (s)", "type": "number", "default": REGION_TIMEOUT.1,
                "maximum": REGION_TIMEOUT.3,
                "description": "How long one region may take; past it the region is reported as not collected"
            },
            TERMINATION_PROTECTION_MAX_AGE.0: {
                "title": "Termination Protection Max Age (s)", "type": "number",
                "default": TERMINATION_PROTECTION_MAX_AGE.1, "maximum": TERMINATION_PROTECTION_MAX_AGE.3,
                "description": "How old a remembered termination protection may be when an instance is collected \
                                again (the plugin remembers it between collects); 0: asked on every collect"
            },
            API_BUCKET_SHARE.0: {
                "title": "API Bucket Share", "type": "number", "default": API_BUCKET_SHARE.1,
                "minimum": API_BUCKET_SHARE.2, "maximum": API_BUCKET_SHARE.3,
                "description": "The share of each of AWS's per-action request buckets (burst and refill) a collect \
                                may use, leaving the rest to the account's other tools; 1: all of it"
            }
        }
    })
}

fn strings(value: &Value, field: &str) -> Result<Vec<String>> {
    let items = value.as_array().ok_or_else(|| Error::invalid(field, "must be a list of strings"))?;
    if items.len() > 1000 {
        return Err(Error::invalid(field, "has more than 1000 items"));
    }
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            item.as_str().map(str::to_string).ok_or_else(|| Error::invalid(format!("{field}[{i}]"), "must be a string"))
        })
        .collect()
}

/// Validated region codes, each once, in the given order.
pub(super) fn regions(value: &Value, field: &str) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for (i, region) in strings(value, field)?.into_iter().enumerate() {
        check_region(&region, &format!("{field}[{i}]"))?;
        if !out.contains(&region) {
            out.push(region);
        }
    }
    Ok(out)
}

/// `xx-name-N` or `xx-name-name-N` (us-east-1, us-gov-west-1, ap-southeast-7).
pub fn check_region(region: &str, field: &str) -> Result<()> {
    let parts: Vec<&str> = region.split('-').collect();
    let valid = region.len() <= 32
        && parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1].iter().all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].len() <= 2
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(field, format!("{region:?} is not an AWS region code (like us-east-1)")))
    }
}

/// Every comma-separated piece must be a port number (spaces around it allowed); the current
/// collector fails each SecurityGroup record on a bad piece, this refuses the option up front.
fn ports(text: &str) -> Result<Vec<String>> {
    text.split(',')
        .map(|p| match p.trim().parse::<i64>() {
            Ok(_) => Ok(p.to_string()),
            Err(_) => Err(Error::invalid("options.vulnerable_ports", format!("{p:?} is not a whole number"))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_are_validated_and_deduplicated() {
        let options =
            Options::from_value(&json!({"region_filter": ["us-east-1", "ap-northeast-2", "us-east-1"]})).unwrap();
        assert_eq!(options.region_filter, ["us-east-1", "ap-northeast-2"]);
        assert_eq!(options.vulnerable_ports, None);
        let options = Options::from_value(&json!({"vulnerable_ports": "22, 3389"})).unwrap();
        assert_eq!(options.vulnerable_ports, Some(vec!["22".to_string(), " 3389".to_string()]));
        assert!(Options::from_value(&json!({"vulnerable_ports": "22,"})).is_err());
        let err = Options::from_value(&json!({"region_filter": ["us-east-1", "Mars"]})).unwrap_err();
        assert!(
            matches!(err, Error::InvalidArgument { ref field, .. } if field == "options.region_filter[1]"),
            "{err}"
        );
        let err = Options::from_value(&json!({"region_filter": "us-east-1"})).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { ref field, .. } if field == "options.region_filter"));
        assert!(Options::from_value(&json!({"vulnerable_ports": "22,x"})).is_err());
        assert!(Options::from_value(&json!({"service_filter": ["EC2"]})).is_ok());
        assert!(Options::from_value(&json!({"service_filter": ["S3"]})).is_err());
        let options = Options::from_value(&json!({"cloud_service_types": ["Volume", "Instance", "Volume"]})).unwrap();
        assert_eq!(options.cloud_service_types, ["Volume", "Instance"]);
        let err = Options::from_value(&json!({"cloud_service_types": ["Instance", "EBS"]})).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { ref field, .. } if field == "options.cloud_service_types[1]"));
        assert!(Options::from_value(&json!({"instance_ids": ["i-0abc1234", "vol-1"]})).is_err());
        assert_eq!(Options::from_value(&json!({"instance_ids": ["i-0abc1234"]})).unwrap().instance_ids, ["i-0abc1234"]);
        assert!(Options::from_value(&json!({"instance_ids": ["i-0abc"]})).is_err(), "too short");
        assert_eq!(Options::from_value(&json!({"cloud_service_types": []})).unwrap().cloud_service_types.len(), 8);
        let timeouts =
            Options::from_value(&json!({"call_timeout_seconds": 1.5, "region_timeout_seconds": 60})).unwrap();
        assert_eq!(timeouts.timeouts.call, Duration::from_millis(1500));
        assert_eq!(timeouts.timeouts.region, Duration::from_secs(60));
        assert_eq!(Options::from_value(&json!({})).unwrap().timeouts, Timeouts::default());
        for bad in [
            json!(0),
            json!(-1),
            json!("30"),
            json!(601),
            json!(true),
            json!(1e-300),
            json!(1e308),
            json!(-0.0),
            json!(0.09),
            json!("NaN"),
            json!("inf"),
            json!(u64::MAX),
            json!(i64::MIN),
        ] {
            let err = Options::from_value(&json!({"call_timeout_seconds": bad})).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { ref field, .. } if field == "options.call_timeout_seconds"));
        }
        check_region("us-gov-west-1", "r").unwrap();
        check_region("ap-southeast-7", "r").unwrap();
        assert!(check_region("us-east", "r").is_err());
    }

    #[test]
    fn the_bucket_share_is_a_number_from_a_hundredth_to_one_and_the_whole_by_default() {
        assert_eq!(Options::from_value(&json!({})).unwrap().api_bucket_share, 1.0);
        assert_eq!(Options::from_value(&json!({"api_bucket_share": null})).unwrap().api_bucket_share, 1.0);
        assert_eq!(Options::from_value(&json!({"api_bucket_share": 0.25})).unwrap().api_bucket_share, 0.25);
        assert_eq!(Options::from_value(&json!({"api_bucket_share": 1})).unwrap().api_bucket_share, 1.0);
        for bad in [json!(0), json!(0.009), json!(1.01), json!(-0.5), json!("0.5"), json!(true), json!([0.5])] {
            let err = Options::from_value(&json!({ "api_bucket_share": bad })).unwrap_err();
            assert!(matches!(err, Error::InvalidArgument { ref field, .. } if field == "options.api_bucket_share"));
            assert!(err.to_string().contains("must be a number from 0.01 to 1"), "{err}");
        }
    }

    #[test]
    fn unknown_keys_are_accepted_with_a_warning_naming_the_closest_known_key() {
        assert_eq!(Options::from_value(&json!({"region_filter": ["us-east-1"]})).unwrap().warning, None);
        let options =
            Options::from_value(&json!({"region_filtr": ["x"], "call_timeout": 5, "zzz\nforged": 1})).unwrap();
        let warning = options.warning.unwrap();
        assert!(warning.contains("region_filtr (did you mean region_filter?)"), "{warning}");
        assert!(
            warning.contains("call_timeout (did you mean call_timeout_seconds?)") || warning.contains("call_timeout,")
        );
        assert!(warning.contains("zzz\\nforged") && !warning.contains('\n'), "{warning}");
        assert_eq!(edit_distance("region_filtr", "region_filter"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(closest("Region_Filter", &["region_filter", "instance_ids"]), Some("region_filter"));
        assert_eq!(closest("database", &["region_filter", "instance_ids"]), None);
    }
}
