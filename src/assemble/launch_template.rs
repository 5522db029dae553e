//! The EC2 LaunchTemplate cloud service: one record per launch template.

use serde_json::json;

use super::index::RegionIndex;
use super::record::{boto_map, cloudtrail, console_link, each, ec2_arn, Record};
use super::response::Response;
use crate::model::{tag_map, tag_value};
use crate::snapshot::RegionSnapshot;

pub const CLOUD_SERVICE_TYPE: &str = "LaunchTemplate";

pub fn responses(snapshot: &RegionSnapshot, _index: &RegionIndex<'_>) -> Vec<Response> {
    let (region, account) = (snapshot.region.as_str(), snapshot.account());
    each(
        &snapshot.launch_templates,
        CLOUD_SERVICE_TYPE,
        region,
        |t| t.launch_template_id.as_deref(),
        |template| {
            let id = template.launch_template_id.as_deref().unwrap_or_default();
            let arn = ec2_arn(region, account, "launch-template", id);
            let name = template.launch_template_name.as_deref().or_else(|| tag_value(template.tags.as_ref(), "Name"));
            let mut data = boto_map(template);
            // One record per template, showing its $Default version: the record stands for the template
            // (its ARN), and $Default is what a launch naming no version uses ($Latest may be a draft).
            let mut versions = snapshot.launch_template_versions.get(id).into_iter().flatten();
            if let Some(version) = versions.find(|v| v.default_version == Some(true)) {
                let launch_data = version.launch_template_data.as_ref();
                data.insert("version".into(), json!(version.version_number));
                data.insert("default_version".into(), json!(version.default_version));
                data.insert("version_description".into(), json!(version.version_description));
                data.insert("ami_id".into(), json!(launch_data.and_then(|d| d.image_id.as_deref())));
                data.insert("launch_template_data".into(), json!(launch_data.map(boto_map)));
            }
            data.insert("arn".into(), arn.clone().into());
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::EC2::LaunchTemplate", id));
            Ok(Record::new(
                region,
                account,
                arn,
                console_link(region, &format!("LaunchTemplateDetails:launchTemplateId={id}")),
                data,
            )
            .named(name)
            .tagged(tag_map(template.tags.as_ref())))
        },
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::responses;

    /// The cloud_service of the region's only record, its json_data decoded.
    fn record(snapshot: Value) -> Value {
        crate::assemble::test_records::records(responses, snapshot).remove(0)
    }

    fn template(versions: Value) -> Value {
        json!({
            "region": "eu-west-1",
            "reservations": [{"OwnerId": "111122223333"}],
            "launch_templates": [{"LaunchTemplateId": "lt-1", "LaunchTemplateName": "web", "CreateTime": "2024-05-01T12:00:00.000Z",
                                  "DefaultVersionNumber": 2, "LatestVersionNumber": 3, "Tags": [{"Key": "team", "Value": "a"}]}],
            "launch_template_versions": {"lt-1": versions},
        })
    }

    #[test]
    fn the_record_shows_the_default_version_not_the_latest() {
        let record = record(template(json!([
            {"VersionNumber": 3, "DefaultVersion": false, "LaunchTemplateData": {"ImageId": "ami-new"}},
            {"VersionNumber": 2, "DefaultVersion": true, "VersionDescription": "prod",
             "LaunchTemplateData": {"ImageId": "ami-old", "InstanceType": "m5.large", "SecurityGroupIds": ["sg-1"],
                                    "NetworkInterfaces": [{"DeviceIndex": 0, "Ipv6Addresses": [{"Ipv6Address": "2001:db8::1"}]}]}}
        ])));
        let data = &record["json_data"];
        assert_eq!(
            (&data["version"], &data["default_version"], &data["version_description"]),
            (&json!(2), &json!(true), &json!("prod"))
        );
        assert_eq!(data["ami_id"], "ami-old");
        assert_eq!(data["launch_template_data"]["InstanceType"], "m5.large");
        assert_eq!(
            data["launch_template_data"]["NetworkInterfaces"][0]["Ipv6Addresses"][0]["Ipv6Address"],
            "2001:db8::1"
        );
        assert_eq!(data["CreateTime"], "2024-05-01T12:00:00");
    }

    #[test]
    fn identity_comes_from_the_template_and_the_region_account() {
        let record = record(template(json!([])));
        let arn = "arn:aws:ec2:eu-west-1:111122223333:launch-template/lt-1";
        assert_eq!(
            (&record["name"], &record["account"], &record["reference"]["resource_id"]),
            (&json!("web"), &json!("111122223333"), &json!(arn))
        );
        assert_eq!(record["json_data"]["arn"], arn);
        assert_eq!(record["json_data"]["LaunchTemplateId"], "lt-1");
        assert_eq!(record["json_data"]["cloudtrail"]["resource_type"], "AWS::EC2::LaunchTemplate");
        assert_eq!(record["tags"], json!({"team": "a"}));
        assert!(record["json_data"].get("launch_template_data").is_none());
    }
}
