//! `secret_data`: parsed and validated once, never printed.

use std::fmt;

use serde_json::Value;

use crate::error::{Error, Result};

/// The credentials of one collect. `Debug` shows no value.
#[derive(Clone, PartialEq)]
pub struct Secret {
    pub access_key_id: String,
    pub secret_access_key: String,
    pub session_token: Option<String>,
    /// A role to assume once per collect, with these keys.
    pub role_arn: Option<String>,
    pub external_id: Option<String>,
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Secret")
            .field("role_arn", &self.role_arn)
            .field("has_session_token", &self.session_token.is_some())
            .field("has_external_id", &self.external_id.is_some())
            .finish_non_exhaustive()
    }
}

impl Secret {
    /// Validates `secret_data`; errors name the field and never echo a value.
    pub fn from_value(secret_data: &Value) -> Result<Self> {
        let object = secret_data.as_object().ok_or_else(|| Error::invalid("secret_data", "must be an object"))?;
        let text = |key: &str, max: usize| -> Result<Option<String>> {
            let field = format!("secret_data.{key}");
            match object.get(key) {
                None | Some(Value::Null) => Ok(None),
                Some(Value::String(s)) if s.is_empty() => Ok(None),
                Some(Value::String(s)) if s.trim().is_empty() => Err(Error::invalid(field, "is only whitespace")),
                Some(Value::String(s)) if s.len() > max => {
                    Err(Error::invalid(field, format!("longer than {max} characters")))
                }
                Some(Value::String(s)) if s.trim() != s => {
                    Err(Error::invalid(field, "has leading or trailing whitespace"))
                }
                Some(Value::String(s)) => Ok(Some(s.clone())),
                Some(_) => Err(Error::invalid(field, "must be a string")),
            }
        };
        let required = |key: &str, max: usize| -> Result<String> {
            text(key, max)?.ok_or_else(|| Error::invalid(format!("secret_data.{key}"), "is required"))
        };
        // the keys and the token travel in HTTP headers (and are signed): printable ASCII without
        // spaces, as AWS issues them; anything else is refused here, before any request is built
        let key = |key: &str, value: Option<String>| -> Result<Option<String>> {
            match value {
                Some(v) if !v.bytes().all(|b| b.is_ascii_graphic()) => Err(Error::invalid(
                    format!("secret_data.{key}"),
                    "must be printable ASCII without spaces (it has a control, space or non-ASCII character)",
                )),
                value => Ok(value),
            }
        };
        let secret = Secret {
            access_key_id: key("aws_access_key_id", Some(required("aws_access_key_id", 128)?))?.unwrap_or_default(),
            secret_access_key: key("aws_secret_access_key", Some(required("aws_secret_access_key", 256)?))?
                .unwrap_or_default(),
            session_token: key("aws_session_token", text("aws_session_token", 8192)?)?,
            role_arn: text("role_arn", 2048)?,
            external_id: text("external_id", 1224)?,
        };
        if let Some(arn) = &secret.role_arn {
            check_role_arn(arn)?;
        }
        if secret.external_id.is_some() && secret.role_arn.is_none() {
            return Err(Error::invalid("secret_data.external_id", "is only used with secret_data.role_arn"));
        }
        if let Some(external_id) = &secret.external_id {
            check_external_id(external_id)?;
        }
        Ok(secret)
    }

    /// Removes every secret value from a text that came back from AWS or the network stack.
    pub fn scrubber(&self) -> Scrubber {
        let values = [
            Some(&self.access_key_id),
            Some(&self.secret_access_key),
            self.session_token.as_ref(),
            self.external_id.as_ref(),
        ];
        let mut secrets: Vec<String> =
            values.into_iter().flatten().filter(|v| v.len() >= 4).flat_map(|v| encodings(v)).collect();
        // the longest first: a value that contains another is replaced whole
        secrets.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
        secrets.dedup();
        Scrubber { secrets }
    }
}

/// `arn:<partition>:iam::<12-digit account>:role/<path/><name>`, with IAM's characters: a name
/// of 1 to 64 of `[A-Za-z0-9+=,.@_-]`, a path of printable ASCII.
fn check_role_arn(arn: &str) -> Result<()> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let role = |path_and_name: &str| {
        let (path, name) = path_and_name.rsplit_once('/').unwrap_or(("", path_and_name));
        (1..=64).contains(&name.len())
            && name.bytes().all(|b| b.is_ascii_alphanumeric() || b"+=,.@_-".contains(&b))
            && path.bytes().all(|b| b.is_ascii_graphic())
    };
    let valid = parts.len() == 6
        && parts[0] == "arn"
        && parts[1].starts_with("aws")
        && parts[2] == "iam"
        && parts[3].is_empty()
        && parts[4].len() == 12
        && parts[4].bytes().all(|b| b.is_ascii_digit())
        && parts[5].strip_prefix("role/").is_some_and(role);
    if valid {
        Ok(())
    } else {
        Err(Error::invalid(
            "secret_data.role_arn",
            "must look like arn:aws:iam::123456789012:role/NAME (a NAME of 1 to 64 letters, digits and +=,.@_-)",
        ))
    }
}

/// STS's external id: 2 to 1224 of `[A-Za-z0-9+=,.@:/_-]`.
fn check_external_id(external_id: &str) -> Result<()> {
    let valid = (2..=1224).contains(&external_id.len())
        && external_id.bytes().all(|b| b.is_ascii_alphanumeric() || b"+=,.@:/_-".contains(&b));
    if valid {
        Ok(())
    } else {
        Err(Error::invalid("secret_data.external_id", "must be 2 to 1224 letters, digits and +=,.@:/_-"))
    }
}

/// `value` as a text that came back could carry it: raw, URL-encoded (as the AssumeRole body
/// carries the external id, a WAF or proxy echoing the request would show it; upper- and
/// lower-case hex, `/` encoded or kept), JSON-escaped (`"`, `\\`, `/` as `\\/` or kept) and
/// XML-escaped (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;`, and `/` as `&#x2F;` or kept).
fn encodings(value: &str) -> Vec<String> {
    let url = |upper: bool, keep_slash: bool| -> String {
        value
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => (b as char).to_string(),
                b'/' if keep_slash => "/".to_string(),
                b if upper => format!("%{b:02X}"),
                b => format!("%{b:02x}"),
            })
            .collect()
    };
    let json: String = value
        .chars()
        .map(|c| match c {
            '"' => "\\\"".to_string(),
            '\\' => "\\\\".to_string(),
            c => c.to_string(),
        })
        .collect();
    let xml: String = value
        .chars()
        .map(|c| match c {
            '&' => "&amp;".to_string(),
            '<' => "&lt;".to_string(),
            '>' => "&gt;".to_string(),
            '"' => "&quot;".to_string(),
            '\'' => "&apos;".to_string(),
            c => c.to_string(),
        })
        .collect();
    vec![
        value.to_string(),
        url(true, false),
        url(false, false),
        url(true, true),
        url(false, true),
        json.replace('/', "\\/"),
        json,
        xml.replace('/', "&#x2F;"),
        xml,
    ]
}

/// Replaces secret values in texts before they reach a log line or an error message.
#[derive(Clone, Default)]
pub struct Scrubber {
    secrets: Vec<String>,
}

impl Scrubber {
    pub fn scrub(&self, text: &str) -> String {
        self.secrets.iter().fold(text.to_string(), |t, secret| t.replace(secret.as_str(), "***"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_name_the_field_and_hide_the_value() {
        let err = Secret::from_value(&json!({"aws_access_key_id": "AKIAXXXX"})).unwrap_err();
        assert_eq!(err, Error::invalid("secret_data.aws_secret_access_key", "is required"));
        let err = Secret::from_value(&json!({"aws_access_key_id": 5, "aws_secret_access_key": "s"})).unwrap_err();
        assert_eq!(err, Error::invalid("secret_data.aws_access_key_id", "must be a string"));
        let bad_role =
            json!({"aws_access_key_id": "AKIA1", "aws_secret_access_key": "topsecretvalue", "role_arn": "nope"});
        let err = Secret::from_value(&bad_role).unwrap_err().to_string();
        assert!(err.contains("secret_data.role_arn") && !err.contains("topsecretvalue"), "{err}");
        assert!(Secret::from_value(&json!([])).is_err());
    }

    #[test]
    fn keys_with_control_non_ascii_or_only_whitespace_are_named_before_any_call() {
        let base = json!({"aws_access_key_id": "AKIAVALID0000001", "aws_secret_access_key": "valid/secret+key="});
        assert!(Secret::from_value(&base).is_ok());
        for key in ["aws_access_key_id", "aws_secret_access_key", "aws_session_token"] {
            for bad in ["AKIA\u{1}X", "AKIA\nX", "AKIA\u{7f}X", "AKIA\u{0}X", "AKIAÉX", "AKIA X", "   ", "\t"] {
                let mut secret = base.clone();
                secret[key] = json!(bad);
                let err = Secret::from_value(&secret).unwrap_err();
                let field = format!("secret_data.{key}");
                assert!(
                    matches!(err, Error::InvalidArgument { field: ref f, .. } if *f == field),
                    "{key} {bad:?}: {err}"
                );
                assert!(!err.to_string().contains("AKIA"), "{err}");
            }
        }
        let mut secret = base.clone();
        secret["aws_session_token"] = json!("");
        assert_eq!(Secret::from_value(&secret).unwrap().session_token, None, "an empty token is no token");
    }

    #[test]
    fn debug_and_scrubber_never_show_secrets() {
        let secret = Secret::from_value(&json!({
            "aws_access_key_id": "AKIADISTINCT", "aws_secret_access_key": "s3cr3t/value",
            "role_arn": "arn:aws:iam::123456789012:role/reader", "external_id": "ext-9876"
        }))
        .unwrap();
        let shown = format!("{secret:?}");
        assert!(!shown.contains("s3cr3t") && !shown.contains("AKIADISTINCT") && !shown.contains("ext-9876"));
        let scrubbed = secret.scrubber().scrub("key AKIADISTINCT secret s3cr3t/value ext ext-9876");
        assert_eq!(scrubbed, "key *** secret *** ext ***");
    }

    #[test]
    fn the_scrubber_knows_the_encoded_forms_of_each_secret() {
        let secret = Secret {
            access_key_id: "AKIAENCODED".into(),
            secret_access_key: "wJal/rXUt+nFEMI=K7MD&<b>\"q'".into(),
            session_token: None,
            role_arn: None,
            external_id: Some("ext:id/with+chars=1".into()),
        };
        let scrubber = secret.scrubber();
        for shown in [
            "ExternalId=ext%3Aid%2Fwith%2Bchars%3D1&RoleArn=...",
            "externalid=ext%3aid%2fwith%2bchars%3d1",
            "ext%3Aid/with%2Bchars%3D1",
            r#"{"SecretAccessKey": "wJal\/rXUt+nFEMI=K7MD&<b>\"q'"}"#,
            r#"{"SecretAccessKey": "wJal/rXUt+nFEMI=K7MD&<b>\"q'"}"#,
            "<Key>wJal/rXUt+nFEMI=K7MD&amp;&lt;b&gt;&quot;q&apos;</Key>",
            "<Key>wJal&#x2F;rXUt+nFEMI=K7MD&amp;&lt;b&gt;&quot;q&apos;</Key>",
            "wJal%2FrXUt%2BnFEMI%3DK7MD%26%3Cb%3E%22q%27",
        ] {
            let scrubbed = scrubber.scrub(shown);
            assert!(scrubbed.contains("***"), "{shown} -> {scrubbed}");
            for part in ["ext%3Aid", "ext%3aid", "ext:id", "wJal", "K7MD"] {
                assert!(!scrubbed.contains(part), "{shown} -> {scrubbed}");
            }
        }
    }
}
