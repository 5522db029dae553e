//! The EC2 LaunchTemplate cloud service: one record per launch template.

use serde_json::{json, Map, Value};

use super::cloud_service::{CloudService, Responses};
use super::data::boto_map;
use super::held_back::account_or_held_back;
use super::index::RegionIndex;
use super::links::cloudtrail;
use super::record::{each, Record};
use crate::error::{AwsFailure, Error, Result};
use crate::model::ec2;
use crate::model::tag_map;
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "LaunchTemplate";

pub struct LaunchTemplate;

impl CloudService for LaunchTemplate {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[Call::LaunchTemplates]
    }

    fn definition(&self) -> &'static str {
        include_str!("cloud_service_types/LaunchTemplate.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("metrics/LaunchTemplate.json")
    }

    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        responses(snapshot, index)
    }
}

fn responses<'a>(snapshot: &'a RegionSnapshot, _index: &'a RegionIndex<'a>) -> Responses<'a> {
    let region = snapshot.region.as_str();
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.launch_templates.len()) {
        Ok(account) => account,
        Err(held_back) => return Box::new(held_back.into_iter()),
    };
    // a template whose DescribeLaunchTemplateVersions failed is in that call's gap (a FAILURE
    // naming it); only one whose versions answered with none is a FAILURE of its own
    let answered = snapshot
        .launch_templates
        .iter()
        .filter(|t| t.launch_template_id.as_ref().is_some_and(|id| snapshot.launch_template_versions.contains_key(id)));
    each(
        CLOUD_SERVICE_TYPE,
        region,
        answered,
        |t| t.launch_template_id.as_deref(),
        move |&template| {
            let id = template.launch_template_id.as_deref().unwrap_or_default();
            let data = record_data(snapshot, template)?;
            let arn = data.get("arn").and_then(Value::as_str).unwrap_or_default().to_string();
            let link = format!("https://console.aws.amazon.com/ec2autoscaling/home?region={region}#/details?id={id}");
            Ok(Record::new(region, account, arn, link, data)
                .named(template.launch_template_name.as_deref())
                .tagged(tag_map(template.tags.as_ref())))
        },
    )
}

/// The template's record data, which an Auto Scaling group launched from it carries too: the
/// DescribeLaunchTemplates item with the first version DescribeLaunchTemplateVersions lists
/// (unfiltered: the current collector's record id names that version, so it is the match key).
pub fn record_data(snapshot: &RegionSnapshot, template: &ec2::LaunchTemplate) -> Result<Map<String, Value>> {
    let id = template.launch_template_id.as_deref().unwrap_or_default();
    let version = snapshot.launch_template_versions.get(id).and_then(|versions| versions.first()).ok_or_else(|| {
        Error::Aws(AwsFailure {
            operation: "ec2:DescribeLaunchTemplateVersions".into(),
            region: Some(snapshot.region.clone()),
            code: Some("NoVersion".into()),
            message: format!("no version of launch template {id} was listed in {}", snapshot.region),
        })
    })?;
    let launch_data = version.launch_template_data.as_ref().map(boto_map).unwrap_or_default();
    let number = version.version_number.map_or("None".to_string(), |n| n.to_string());
    let mut data = boto_map(template);
    data.insert("version".into(), json!(version.version_number));
    data.insert("version_description".into(), json!(version.version_description));
    data.insert("ami_id".into(), launch_data.get("ImageId").cloned().unwrap_or_else(|| "".into()));
    data.insert("default_version".into(), json!(version.default_version));
    data.insert("launch_template_data".into(), Value::Object(launch_data));
    data.insert("arn".into(), format!("arn:aws:ec2:::launch_template/{id}/v{number}").into());
    let name = template.launch_template_name.as_deref().unwrap_or_default();
    data.insert("cloudtrail".into(), cloudtrail(&snapshot.region, "AWS::AutoScaling::LaunchTemplate", name));
    Ok(data)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::LaunchTemplate;

    /// The cloud_service of the region's only record, its json_data decoded.
    fn record(snapshot: Value) -> Value {
        crate::assemble::test_records::records(&LaunchTemplate, snapshot).remove(0)
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
    fn the_record_describes_the_first_listed_version_and_is_named_by_it() {
        let record = record(template(json!([
            {"VersionNumber": 1, "DefaultVersion": false, "VersionDescription": "first",
             "LaunchTemplateData": {"ImageId": "ami-old", "InstanceType": "m5.large", "SecurityGroupIds": ["sg-1"],
                                    "NetworkInterfaces": [{"DeviceIndex": 0, "Ipv6Addresses": [{"Ipv6Address": "2001:db8::1"}]}]}},
            {"VersionNumber": 2, "DefaultVersion": true, "LaunchTemplateData": {"ImageId": "ami-new"}}
        ])));
        let data = &record["json_data"];
        assert_eq!(
            (&data["version"], &data["default_version"], &data["version_description"]),
            (&json!(1), &json!(false), &json!("first"))
        );
        assert_eq!(data["ami_id"], "ami-old");
        assert_eq!(data["launch_template_data"]["InstanceType"], "m5.large");
        assert_eq!(
            data["launch_template_data"]["NetworkInterfaces"][0]["Ipv6Addresses"][0]["Ipv6Address"],
            "2001:db8::1"
        );
        assert_eq!(data["CreateTime"], "2024-05-01T12:00:00");
        let arn = "arn:aws:ec2:::launch_template/lt-1/v1";
        assert_eq!(
            (&record["name"], &record["account"], &record["reference"]["resource_id"], &data["arn"]),
            (&json!("web"), &json!("111122223333"), &json!(arn), &json!(arn))
        );
        assert_eq!(data["cloudtrail"]["resource_type"], "AWS::AutoScaling::LaunchTemplate");
        assert_eq!(data["cloudtrail"]["LookupAttributes"][0]["AttributeValue"], "web");
        assert_eq!(record["tags"], json!({"team": "a"}));
    }

    #[test]
    fn without_an_image_the_ami_id_is_empty_and_without_versions_the_template_fails() {
        let data = &record(template(json!([{"VersionNumber": 4, "LaunchTemplateData": {}}])))["json_data"];
        assert_eq!((&data["ami_id"], &data["version_description"]), (&json!(""), &json!(null)));
        let failed = crate::assemble::test_records::responses(&LaunchTemplate, template(json!([])));
        assert!(failed[0].is_failure());
    }
}
