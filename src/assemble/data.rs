//! A record's `data` from a boto3 item: the item as JSON, its timestamps in the collector's form,
//! and the derived keys several types add (the name, the KMS key).

use serde::Serialize;
use serde_json::{Map, Value};

use super::time::cloudforet_time;
use crate::model::{autoscaling, ec2, tag_value_containing, Tag};

/// Whether `key` is a boto3 member of timestamp type in the EC2 or Auto Scaling items the records
/// pass through (boto3 returns datetimes for them; the current collector writes them as
/// `cloudforet_time` does). Only these, as botocore types them (the lists are generated): a tag
/// value that looks like a date stays as it is.
fn is_timestamp_key(key: &str) -> bool {
    ec2::TIMESTAMP_KEYS.contains(&key) || autoscaling::TIMESTAMP_KEYS.contains(&key)
}

/// `kms_key_arn` (KmsKeyId as given) and `kms_key_id`: the current collector takes the second
/// "/"-separated piece, so a key ARN gives the key id, an alias ARN `alias/aws/ebs` gives "aws"
/// and a bare key id (no "/") gives "".
pub fn insert_kms_key(data: &mut Map<String, Value>, kms_key_id: Option<&str>) {
    if let Some(key) = kms_key_id {
        data.insert("kms_key_arn".into(), key.into());
        data.insert("kms_key_id".into(), key.split('/').nth(1).unwrap_or_default().into());
    }
}

/// The boto3 item as a JSON object, to which a type adds its derived keys; its timestamps in the
/// collector's form.
pub fn boto_map<T: Serialize>(item: &T) -> Map<String, Value> {
    match serde_json::to_value(item) {
        Ok(Value::Object(mut map)) => {
            times_in_object(&mut map);
            map
        }
        _ => Map::new(),
    }
}

fn times_in_object(map: &mut Map<String, Value>) {
    for (key, value) in map.iter_mut() {
        match value {
            Value::String(text) if is_timestamp_key(key) => *text = cloudforet_time(text),
            Value::Object(inner) => times_in_object(inner),
            Value::Array(items) => items.iter_mut().filter_map(Value::as_object_mut).for_each(times_in_object),
            _ => {}
        }
    }
}

/// The boto3 item as data with its name (Volume and Snapshot rule) added as `name`, and that name.
pub fn named_data<'a, T: Serialize>(item: &T, tags: Option<&'a Vec<Tag>>) -> (Option<&'a str>, Map<String, Value>) {
    // the first tag whose key contains "Name"; `data.name` only when its value is not empty
    let name = tag_value_containing(tags, "Name").filter(|n| !n.is_empty());
    let mut data = boto_map(item);
    if let Some(name) = name {
        data.insert("name".into(), name.into());
    }
    (name, data)
}
