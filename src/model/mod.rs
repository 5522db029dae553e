//! boto3-shaped AWS data: what boto3 returns for each describe call, key for key, so that a
//! snapshot recorded with boto3 and one fetched by the Rust SDK are the same JSON, and an existing
//! Python collector can hand its boto3 dicts to the assembly functions unchanged.
//! Every field is optional (absent keys stay absent); timestamps are ISO 8601 strings.
//!
//! The service modules are generated from botocore's service models by tools/model_gen.py (every
//! member of every structure the snapshot's items reach); what is written here by hand is what
//! is not a botocore item: the macro, the ordered map, DescribeVolumeAttribute's answer, the tag
//! helpers.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a boto3 shape: every field becomes `Option<T>` held as `Held` says, PascalCase on the
/// wire unless renamed, omitted when absent, defaulted when missing from the input.
macro_rules! shape {
    ($(#[$meta:meta])* pub struct $name:ident { $($(#[$fmeta:meta])* $field:ident : $ty:ty),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(rename_all = "PascalCase")]
        pub struct $name {
            $(
                $(#[$fmeta])*
                #[serde(default, skip_serializing_if = "Option::is_none")]
                pub $field: Option<<$ty as $crate::model::Held>::As>,
            )*
        }

        impl $crate::model::Held for $name {
            type As = Box<$name>;
        }
    };
}

/// How a shape's member is held. A nested shape is boxed: the snapshot holds tens of thousands
/// of items whose nested shapes are often absent, and an absent one then costs a pointer instead
/// of its size (an Instance went from 1,848 bytes to 1,160, the huge scenario's snapshot from
/// 124 MB to 96 MB). The rest is held as itself. The model's source names the type boto3 reads,
/// not its storage: readers of the source (../shared/real-aws/check.py among them) see the shape.
pub trait Held {
    type As;
}

macro_rules! held_as_itself {
    ($($ty:ty),*) => { $(impl Held for $ty { type As = $ty; })* };
}

held_as_itself!(String, i32, i64, bool, f64);

impl<T> Held for Vec<T> {
    type As = Vec<T>;
}

impl<V> Held for OrderedMap<V> {
    type As = OrderedMap<V>;
}

pub mod autoscaling;
pub mod ec2;
pub mod elbv2;
pub mod ssm;

use ec2::ProductCode;
pub use ec2::Tag;

shape! {
    /// DescribeVolumeAttribute(productCodes): the answer less its transport metadata and the
    /// attributes not asked for.
    pub struct VolumeAttribute { product_codes: Vec<ProductCode>, volume_id: String }
}

/// A botocore map (a JSON object) with its keys in the order read: boto3's dicts keep the
/// answer's order, and the SDK's HashMaps arrive sorted by key (fetch::convert::ordered). Pairs
/// in a Vec rather than another map crate: the maps are small, and the build keeps its features.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderedMap<V>(pub Vec<(String, V)>);

impl<V> Default for OrderedMap<V> {
    fn default() -> Self {
        OrderedMap(Vec::new())
    }
}

impl<V> OrderedMap<V> {
    /// The value of `key`, as a dict lookup gives it.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Sets `key` where it stands, or appends it: a later duplicate wins, as in a Python dict.
    fn insert(&mut self, key: String, value: V) {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(pair) => pair.1 = value,
            None => self.0.push((key, value)),
        }
    }
}

impl<V> FromIterator<(String, V)> for OrderedMap<V> {
    fn from_iter<I: IntoIterator<Item = (String, V)>>(pairs: I) -> Self {
        let mut map = OrderedMap::default();
        pairs.into_iter().for_each(|(k, v)| map.insert(k, v));
        map
    }
}

impl<V: Serialize> Serialize for OrderedMap<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de, V: Deserialize<'de>> Deserialize<'de> for OrderedMap<V> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Pairs<V>(std::marker::PhantomData<V>);
        impl<'de, V: Deserialize<'de>> Visitor<'de> for Pairs<V> {
            type Value = OrderedMap<V>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
                let mut map = OrderedMap::default();
                while let Some((k, v)) = access.next_entry()? {
                    map.insert(k, v);
                }
                Ok(map)
            }
        }
        deserializer.deserialize_map(Pairs(std::marker::PhantomData))
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordered_map_keeps_the_order_read_and_lets_a_later_duplicate_win() {
        let map: OrderedMap<i32> = serde_json::from_str(r#"{"b": 1, "a": 2, "b": 3}"#).unwrap();
        assert_eq!(map.0, vec![("b".to_string(), 3), ("a".to_string(), 2)]);
        assert_eq!(map.get("a"), Some(&2));
        assert_eq!(serde_json::to_string(&map).unwrap(), r#"{"b":3,"a":2}"#);
    }
}
