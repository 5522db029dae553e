//! The EC2 AMI cloud service: one record per AMI the account owns.

use super::index::RegionIndex;
use super::record::{boto_map, cloudtrail, console_link, each, ec2_arn, Record};
use super::response::Response;
use crate::model::{tag_map, tag_value};
use crate::snapshot::RegionSnapshot;

pub const CLOUD_SERVICE_TYPE: &str = "AMI";

pub fn responses(snapshot: &RegionSnapshot, _index: &RegionIndex<'_>) -> Vec<Response> {
    let region = snapshot.region.as_str();
    each(
        &snapshot.owned_images,
        CLOUD_SERVICE_TYPE,
        region,
        |i| i.image_id.as_deref(),
        |image| {
            let id = image.image_id.as_deref().unwrap_or_default();
            let account = image.owner_id.as_deref().unwrap_or_else(|| snapshot.account());
            let arn = ec2_arn(region, account, "image", id);
            // its own name first, as for the AutoScalingGroup records (not their Name tag)
            let name = image.name.as_deref().or_else(|| tag_value(image.tags.as_ref(), "Name"));
            let mut data = boto_map(image);
            data.insert("arn".into(), arn.clone().into());
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::EC2::Image", id));
            Ok(Record::new(region, account, arn, console_link(region, &format!("ImageDetails:imageId={id}")), data)
                .named(name)
                .tagged(tag_map(image.tags.as_ref())))
        },
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::responses;

    fn records(images: Value) -> Vec<Value> {
        let snapshot = json!({"region": "eu-west-1", "account_id": "111122223333", "owned_images": images});
        crate::assemble::test_records::records(responses, snapshot)
    }

    #[test]
    fn an_ami_keeps_its_boto3_item_and_its_owner_is_the_account() {
        let records = records(json!([{
            "ImageId": "ami-1", "Name": "golden-2024", "OwnerId": "444455556666", "Public": false, "State": "available",
            "CreationDate": "2024-05-01T12:00:00.000Z", "Tags": [{"Key": "Name", "Value": "golden"}],
            "BlockDeviceMappings": [{"DeviceName": "/dev/xvda", "Ebs": {"SnapshotId": "snap-1", "VolumeSize": 8}}]
        }]));
        let (record, data) = (&records[0], &records[0]["json_data"]);
        let arn = "arn:aws:ec2:eu-west-1:444455556666:image/ami-1";
        assert_eq!(
            (&record["name"], &record["account"], &record["reference"]["resource_id"]),
            (&json!("golden-2024"), &json!("444455556666"), &json!(arn))
        );
        assert_eq!(
            (&data["ImageId"], &data["Public"], &data["State"]),
            (&json!("ami-1"), &json!(false), &json!("available"))
        );
        assert_eq!(data["CreationDate"], "2024-05-01T12:00:00.000Z");
        assert_eq!(data["BlockDeviceMappings"][0]["DeviceName"], "/dev/xvda");
        assert_eq!(data["cloudtrail"]["resource_type"], "AWS::EC2::Image");
        assert_eq!(record["tags"], json!({"Name": "golden"}));
    }

    #[test]
    fn without_an_owner_the_account_is_the_regions() {
        let records = records(json!([{"ImageId": "ami-2", "Tags": [{"Key": "Name", "Value": "tagged"}]}]));
        assert_eq!((&records[0]["account"], &records[0]["name"]), (&json!("111122223333"), &json!("tagged")));
    }
}
