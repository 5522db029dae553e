//! The EC2 AMI cloud service: one record per AMI the account owns.

use serde_json::json;

use super::cloud_service::{CloudService, Responses};
use super::data::boto_map;
use super::held_back::account_or_held_back;
use super::index::RegionIndex;
use super::links::{cloudtrail, console_link};
use super::record::{each, Record};
use crate::model::tag_map;
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "AMI";

pub struct Ami;

impl CloudService for Ami {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[Call::OwnedImages]
    }

    fn definition(&self) -> &'static str {
        include_str!("cloud_service_types/AMI.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("metrics/AMI.json")
    }

    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        responses(snapshot, index)
    }
}

fn responses<'a>(snapshot: &'a RegionSnapshot, _index: &'a RegionIndex<'a>) -> Responses<'a> {
    let region = snapshot.region.as_str();
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.owned_images.len()) {
        Ok(account) => account,
        Err(held_back) => return Box::new(held_back.into_iter()),
    };
    each(
        CLOUD_SERVICE_TYPE,
        region,
        snapshot.owned_images.iter(),
        |i| i.image_id.as_deref(),
        move |&image| {
            // the record's id is the bare image id, as the current collector's (its match key)
            let id = image.image_id.as_deref().unwrap_or_default();
            let mut data = boto_map(image);
            // absent when DescribeImageAttribute did not answer for this image
            if let Some(permissions) = snapshot.launch_permissions.get(id) {
                data.insert("launch_permissions".into(), json!(permissions));
            }
            if image.platform.as_deref().unwrap_or_default().is_empty() {
                data.insert("Platform".into(), "Other Linux".into());
            }
            data.insert("Cloudtrail".into(), cloudtrail(region, "AWS::EC2::Ami", id));
            let link = console_link(region, &format!("Images:visibility=public-images;imageId={id};sort=name"));
            Ok(Record::new(region, account, id.to_string(), link, data)
                .named(image.name.as_deref())
                .tagged(tag_map(image.tags.as_ref()))
                .sized(Some(image.image_type.clone().unwrap_or_default()), None))
        },
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::Ami;

    #[test]
    fn an_ami_is_known_by_its_image_id_and_keeps_its_boto3_item() {
        let snapshot = json!({
            "region": "eu-west-1", "account_id": "111122223333",
            "owned_images": [{
                "ImageId": "ami-1", "Name": "golden-2024", "OwnerId": "444455556666", "Public": false, "State": "available",
                "ImageType": "machine", "CreationDate": "2024-05-01T12:00:00.000Z", "Tags": [{"Key": "Name", "Value": "golden"}],
                "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1", "VolumeSize": 8}}]
            }, {"ImageId": "ami-2", "Platform": "windows"}],
            "launch_permissions": {"ami-1": [{"UserId": "210987654321"}]}
        });
        let records = crate::assemble::test_records::records(&Ami, snapshot);
        let (record, data) = (&records[0], &records[0]["json_data"]);
        assert_eq!(
            (&record["name"], &record["account"], &record["reference"]["resource_id"], &record["instance_type"]),
            (&json!("golden-2024"), &json!("111122223333"), &json!("ami-1"), &json!("machine"))
        );
        assert_eq!(data["CreationDate"], "2024-05-01T12:00:00.000Z");
        assert_eq!(data["BlockDeviceMappings"][0]["DeviceName"], "/dev/xvda");
        assert_eq!(data["launch_permissions"], json!([{"UserId": "210987654321"}]));
        assert_eq!(data["Platform"], "Other Linux");
        assert_eq!(data["Cloudtrail"]["resource_type"], "AWS::EC2::Ami");
        assert_eq!(record["tags"], json!({"Name": "golden"}));
        // no attribute answer: no launch_permissions key; a platform of its own is kept
        let other: &Value = &records[1]["json_data"];
        assert_eq!((other.get("launch_permissions"), &other["Platform"]), (None, &json!("windows")));
        assert_eq!((&records[1]["name"], &records[1]["instance_type"]), (&json!(""), &json!("")));
    }
}
