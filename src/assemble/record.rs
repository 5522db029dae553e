//! What the record types other than Instance share: their `data` is the boto3 item plus a few
//! derived keys, and each resource is assembled on its own (one that fails is one FAILURE).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::panic_message;
use super::response::{CloudService, Reference, Response, GROUP, PROVIDER};
use super::time::cloudforet_time;
use crate::error::{AwsFailure, Error, Result};
use crate::model::{autoscaling, ec2, tag_value_containing, Tag};
use crate::snapshot::RegionSnapshot;

/// Every cloud service type this collector emits.
pub const CLOUD_SERVICE_TYPES: &[&str] =
    &["Instance", "Volume", "Snapshot", "SecurityGroup", "EIP", "AutoScalingGroup", "LaunchTemplate", "AMI"];

/// One resource's record, before it becomes a CloudService.
pub struct Record {
    pub name: String,
    pub account: String,
    pub region: String,
    pub resource_id: String,
    pub external_link: String,
    pub instance_type: Option<String>,
    pub instance_size: Option<f64>,
    pub tags: Map<String, Value>,
    pub data: Map<String, Value>,
}

impl Record {
    /// A record without a name, tags or size, which the type adds when it has them.
    pub fn new(
        region: &str,
        account: &str,
        resource_id: String,
        external_link: String,
        data: Map<String, Value>,
    ) -> Self {
        Record {
            name: String::new(),
            account: account.to_string(),
            region: region.to_string(),
            resource_id,
            external_link,
            instance_type: None,
            instance_size: None,
            tags: Map::new(),
            data,
        }
    }

    pub fn named(mut self, name: Option<&str>) -> Self {
        self.name = name.unwrap_or_default().to_string();
        self
    }

    pub fn tagged(mut self, tags: Map<String, Value>) -> Self {
        self.tags = tags;
        self
    }

    pub fn sized(mut self, instance_type: Option<String>, instance_size: Option<f64>) -> Self {
        (self.instance_type, self.instance_size) = (instance_type, instance_size);
        self
    }

    pub fn into_cloud_service(self, cloud_service_type: &'static str) -> Result<CloudService> {
        let json_data = serde_json::to_string(&self.data)
            .map_err(|e| Error::Internal(format!("{cloud_service_type} {}: {e}", self.resource_id)))?;
        Ok(CloudService {
            name: self.name,
            account: self.account,
            instance_type: self.instance_type,
            instance_size: self.instance_size,
            region_code: self.region,
            ip_addresses: Vec::new(),
            tags: self.tags,
            reference: Reference { resource_id: self.resource_id, external_link: self.external_link },
            json_data,
            json_metadata: json_metadata(cloud_service_type),
            cloud_service_type,
            cloud_service_group: GROUP,
            provider: PROVIDER,
        })
    }
}

/// Whether `key` is a boto3 member of timestamp type in the EC2 or Auto Scaling items the records
/// pass through (boto3 returns datetimes for them; the current collector writes them as
/// `cloudforet_time` does). Only these, as botocore types them (the lists are generated): a tag
/// value that looks like a date stays as it is.
fn is_timestamp_key(key: &str) -> bool {
    ec2::TIMESTAMP_KEYS.contains(&key) || autoscaling::TIMESTAMP_KEYS.contains(&key)
}

/// `arn:aws:ec2:<region>:<account>:<kind>/<id>`.
pub fn ec2_arn(region: &str, account: &str, kind: &str, id: &str) -> String {
    format!("arn:aws:ec2:{region}:{account}:{kind}/{id}")
}

/// The account of a region's records, or the one FAILURE that holds back a type's records when
/// neither STS nor any answer named it: emitted without it, each would be a new resource to
/// Cloudforet (the account is part of the match key) and the real one would be deleted.
pub fn account_or_held_back<'a>(
    snapshot: &'a RegionSnapshot,
    cloud_service_type: &'static str,
    items: usize,
) -> std::result::Result<&'a str, Vec<Response>> {
    snapshot.account().ok_or_else(|| {
        let why = format!(
            "the account id could not be read, so {items} {cloud_service_type} record(s) are held back \
                           (their identity needs it)"
        );
        held_back(snapshot, cloud_service_type, items, "sts:GetCallerIdentity", "AccountUnknown", why)
    })
}

/// The one FAILURE that says why a type's `items` records of the region are held back (an input
/// of their identity is missing); nothing when there are none to hold back.
pub fn held_back(
    snapshot: &RegionSnapshot,
    cloud_service_type: &'static str,
    items: usize,
    operation: &str,
    code: &str,
    message: String,
) -> Vec<Response> {
    if items == 0 {
        return Vec::new();
    }
    let region = Some(snapshot.region.clone());
    let failure = AwsFailure { operation: operation.into(), region, code: Some(code.into()), message };
    vec![Response::failure(cloud_service_type, Some(&snapshot.region), None, &Error::Aws(failure))]
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

/// A page of the EC2 console, e.g. `Volumes:search=vol-1`.
pub fn console_link(region: &str, page: &str) -> String {
    format!("https://console.aws.amazon.com/ec2/v2/home?region={region}#{page}")
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

/// One response per item: its record, or a FAILURE naming it.
pub fn each<'a, T: 'a>(
    items: impl IntoIterator<Item = &'a T>,
    cloud_service_type: &'static str,
    region: &str,
    id: impl Fn(&T) -> Option<&str>,
    build: impl Fn(&T) -> Result<Record>,
) -> Vec<Response> {
    items
        .into_iter()
        .map(|item| {
            let built = catch_unwind(AssertUnwindSafe(|| build(item)?.into_cloud_service(cloud_service_type)))
                .unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic))));
            built
                .map(Response::cloud_service)
                .unwrap_or_else(|error| Response::failure(cloud_service_type, Some(region), id(item), &error))
        })
        .collect()
}

/// `json_metadata` of a type's records: the layout lives in its CloudServiceType.
pub fn json_metadata(cloud_service_type: &'static str) -> &'static str {
    static METADATA: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let all = METADATA.get_or_init(|| {
        CLOUD_SERVICE_TYPES
            .iter()
            .map(|t| {
                let reference = json!({"view": {"sub_data": {"reference": {
                    "resource_type": "inventory.CloudServiceType",
                    "options": {"provider": PROVIDER, "cloud_service_group": GROUP, "cloud_service_type": t},
                }}}});
                (*t, &*Box::leak(reference.to_string().into_boxed_str()))
            })
            .collect()
    });
    all.get(cloud_service_type).copied().unwrap_or("{}")
}

/// Where the console looks up a resource's CloudTrail events.
pub fn cloudtrail(region: &str, resource_type: &str, resource_name: &str) -> Value {
    json!({
        "LookupAttributes": [{"AttributeKey": "ResourceName", "AttributeValue": resource_name}],
        "region_name": region,
        "resource_type": resource_type,
    })
}

/// Where the console looks up a resource's CloudWatch metrics.
pub fn cloudwatch(region: &str, namespace: &str, dimension: &str, value: &str) -> Value {
    json!({
        "region_name": region,
        "metrics_info": [{"Namespace": namespace, "Dimensions": [{"Name": dimension, "Value": value}]}],
    })
}

/// The cloud service type whose data a failed call leaves out (the one it mainly feeds).
pub fn type_of_operation(operation: &str) -> &'static str {
    match operation {
        "ec2:DescribeVolumes" | "ec2:DescribeVolumeAttribute" => "Volume",
        "ec2:DescribeSnapshots" => "Snapshot",
        "ec2:DescribeSecurityGroups" | "ec2:DescribeSecurityGroupRules" => "SecurityGroup",
        "ec2:DescribeAddresses" | "ec2:DescribeNatGateways" => "EIP",
        "ec2:DescribeLaunchTemplates" | "ec2:DescribeLaunchTemplateVersions" => "LaunchTemplate",
        op if op.starts_with("autoscaling:") => "AutoScalingGroup",
        _ => "Instance",
    }
}
