//! The EC2 Volume cloud service: one record per EBS volume.

use serde_json::{json, Value};

use super::cloud_service::{CloudService, Responses};
use super::data::{boto_map, insert_kms_key, named_data};
use super::held_back::account_or_held_back;
use super::index::RegionIndex;
use super::links::{cloudtrail, cloudwatch, console_link, ec2_arn};
use super::record::{each, Record};
use super::time::cloudforet_time;
use crate::model::tag_map;
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "Volume";

pub struct Volume;

impl CloudService for Volume {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[Call::Volumes, Call::VolumeAttributes]
    }

    fn per_record(&self) -> Option<Call> {
        Some(Call::VolumeAttributes)
    }

    fn definition(&self) -> &'static str {
        include_str!("cloud_service_types/Volume.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("metrics/Volume.json")
    }

    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        responses(snapshot, index)
    }
}
const GIB: i64 = 1 << 30;

fn responses<'a>(snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
    let region = snapshot.region.as_str();
    let due = index.due;
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.volumes.len()) {
        Ok(account) => account,
        Err(held_back) => return Box::new(held_back.into_iter().filter(move |_| due.whole())),
    };
    let volumes = snapshot.volumes.iter();
    each(
        CLOUD_SERVICE_TYPE,
        region,
        volumes.filter(move |v| due.has(Call::VolumeAttributes, v.volume_id.as_deref().unwrap_or_default())),
        |v| v.volume_id.as_deref(),
        move |&volume| {
            let id = volume.volume_id.as_deref().unwrap_or_default();
            let arn = ec2_arn(region, account, "volume", id);
            let bytes = volume.size.map(|gib| i64::from(gib) * GIB);
            let (name, mut data) = named_data(volume, volume.tags.as_ref());
            // the productCodes attribute as DescribeVolumeAttribute returns it (without transport metadata)
            if let Some(attribute) = snapshot.volume_attributes.get(id) {
                data.insert("attribute".into(), Value::Object(boto_map(attribute)));
            }
            data.insert("cloudwatch".into(), cloudwatch(region, "AWS/EBS", "VolumeId", id));
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::EC2::Volume", id));
            data.insert("size".into(), json!(bytes));
            data.insert("arn".into(), arn.clone().into());
            data.insert("launched_at".into(), json!(volume.create_time.as_deref().map(cloudforet_time)));
            insert_kms_key(&mut data, volume.kms_key_id.as_deref());
            Ok(Record::new(
                region,
                account,
                arn,
                console_link(region, &format!("Volumes:search={id};sort=state")),
                data,
            )
            .named(name)
            .tagged(tag_map(volume.tags.as_ref()))
            .sized(volume.volume_type.clone(), bytes.map(|b| b as f64)))
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_carries_no_transport_metadata() {
        let records = crate::assemble::test_records::records(
            &Volume,
            json!({
                "region": "eu-west-1", "account_id": "111122223333",
                "volumes": [{"VolumeId": "vol-1", "Size": 2, "VolumeType": "gp3", "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/k-1"}],
                // as a boto3 recording holds it: the transport metadata must not reach the record
                "volume_attributes": {"vol-1": {"VolumeId": "vol-1", "ProductCodes": [],
                    "ResponseMetadata": {"RequestId": "r-1", "HTTPStatusCode": 200, "RetryAttempts": 0}}}
            }),
        );
        let data = &records[0]["json_data"];
        assert_eq!(data["attribute"], json!({"VolumeId": "vol-1", "ProductCodes": []}));
        assert_eq!(data["size"], 2 * GIB);
        assert_eq!(data["kms_key_id"], "k-1");
        assert_eq!(records[0]["instance_size"], 2.0 * GIB as f64);
    }

    #[test]
    fn without_the_account_the_records_are_held_back_not_re_identified() {
        let volumes = json!([{"VolumeId": "vol-1", "Size": 1}]);
        let held =
            crate::assemble::test_records::responses(&Volume, json!({"region": "eu-west-1", "volumes": volumes}));
        assert_eq!(held.len(), 1, "one FAILURE for the type, no record with another ARN");
        let failure = serde_json::to_value(&held[0]).unwrap();
        assert_eq!((&failure["state"], &failure["error_data"]["code"]), (&json!("FAILURE"), &json!("AccountUnknown")));
        // an answer naming the owner of the account's own resources is enough
        let records = crate::assemble::test_records::records(
            &Volume,
            json!({"region": "eu-west-1", "volumes": volumes, "security_groups": [{"GroupId": "sg-1", "OwnerId": "111122223333"}]}),
        );
        assert_eq!(records[0]["reference"]["resource_id"], "arn:aws:ec2:eu-west-1:111122223333:volume/vol-1");
    }
}
