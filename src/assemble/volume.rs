//! The EC2 Volume cloud service: one record per EBS volume.

use serde_json::{json, Value};

use super::index::RegionIndex;
use super::record::{
    boto_map, cloudtrail, cloudwatch, console_link, each, ec2_arn, insert_kms_key, named_data, Record,
};
use super::response::Response;
use super::time::cloudforet_time;
use crate::model::tag_map;
use crate::snapshot::RegionSnapshot;

pub const CLOUD_SERVICE_TYPE: &str = "Volume";
const GIB: i64 = 1 << 30;

pub fn responses(snapshot: &RegionSnapshot, _index: &RegionIndex<'_>) -> Vec<Response> {
    let (region, account) = (snapshot.region.as_str(), snapshot.account());
    each(
        &snapshot.volumes,
        CLOUD_SERVICE_TYPE,
        region,
        |v| v.volume_id.as_deref(),
        |volume| {
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
            responses,
            json!({
                "region": "eu-west-1", "account_id": "111122223333",
                "volumes": [{"VolumeId": "vol-1", "Size": 2, "VolumeType": "gp3", "KmsKeyId": "arn:aws:kms:eu-west-1:111122223333:key/k-1"}],
                "volume_attributes": {"vol-1": {"VolumeId": "vol-1", "ProductCodes": []}}
            }),
        );
        let data = &records[0]["json_data"];
        assert_eq!(data["attribute"], json!({"VolumeId": "vol-1", "ProductCodes": []}));
        assert_eq!(data["size"], 2 * GIB);
        assert_eq!(data["kms_key_id"], "k-1");
        assert_eq!(records[0]["instance_size"], 2.0 * GIB as f64);
    }
}
