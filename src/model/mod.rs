//! boto3-shaped AWS data: what boto3 returns for each describe call, key for key, so that a
//! snapshot recorded with boto3 and one fetched by the Rust SDK are the same JSON, and an existing
//! Python collector can hand its boto3 dicts to the assembly functions unchanged.
//! Every field is optional (absent keys stay absent); timestamps are ISO 8601 strings.

/// Declares a boto3 shape: every field becomes `Option<T>`, PascalCase on the wire unless renamed,
/// omitted when absent, defaulted when missing from the input.
macro_rules! shape {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<$ty>,
            )*
        }
    };
}

pub mod autoscaling;
pub mod ec2;
pub mod elbv2;
pub mod ssm;

shape! {
    pub struct Tag { key: String, value: String }
}

/// `[{Key, Value}]` as a map in AWS order; later duplicates win, as in a Python dict.
pub fn tag_map(tags: Option<&Vec<Tag>>) -> serde_json::Map<String, serde_json::Value> {
    tags.into_iter()
        .flatten()
        .filter_map(|t| Some((t.key.clone()?, serde_json::Value::String(t.value.clone().unwrap_or_default()))))
        .collect()
}

/// The value of the first tag whose key contains `part` (case-sensitive: `DisplayName` and
/// `ProjectName` contain `Name`, `name` does not), in tag order: the current collector's name
/// rule for EIP, Volume and Snapshot records.
pub fn tag_value_containing<'a>(tags: Option<&'a Vec<Tag>>, part: &str) -> Option<&'a str> {
    let tag = tags?.iter().find(|t| t.key.as_deref().is_some_and(|k| k.contains(part)))?;
    Some(tag.value.as_deref().unwrap_or_default())
}

/// The value of tag `key` (case-sensitive, first match).
pub fn tag_value<'a>(tags: Option<&'a Vec<Tag>>, key: &str) -> Option<&'a str> {
    tags?.iter().find(|t| t.key.as_deref() == Some(key))?.value.as_deref()
}
