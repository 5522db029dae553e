//! The EC2 AutoScalingGroup cloud service: one record per group, with its members, scaling
//! policies, notifications, scheduled actions and lifecycle hooks.

use std::collections::HashMap;

use serde::Serialize;
use serde_json::{json, Map, Value};

use super::cloud_service::{CloudService, Responses};
use super::data::boto_map;
use super::held_back::account_or_held_back;
use super::index::RegionIndex;
use super::launch_template;
use super::links::{cloudtrail, cloudwatch};
use super::record::{each, Record};
use crate::model::autoscaling;
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "AutoScalingGroup";

pub struct AutoScalingGroup;

impl CloudService for AutoScalingGroup {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[
            Call::AutoScalingGroups,
            Call::LaunchConfigurations,
            Call::LifecycleHooks,
            Call::ScalingPolicies,
            Call::NotificationConfigurations,
            Call::ScheduledActions,
        ]
    }

    fn also_reads(&self) -> &'static [Call] {
        &[Call::Reservations, Call::TargetGroups, Call::LaunchTemplates]
    }

    fn definition(&self) -> &'static str {
        include_str!("cloud_service_types/AutoScalingGroup.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("metrics/AutoScalingGroup.json")
    }

    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        responses(snapshot, index)
    }
}

fn responses<'a>(snapshot: &'a RegionSnapshot, _index: &'a RegionIndex<'a>) -> Responses<'a> {
    let region = snapshot.region.as_str();
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.auto_scaling_groups.len()) {
        Ok(account) => account,
        Err(held_back) => return Box::new(held_back.into_iter()),
    };
    let policies = by_group(&snapshot.scaling_policies, |p| p.auto_scaling_group_name.as_deref());
    let notifications = by_group(&snapshot.notification_configurations, |n| n.auto_scaling_group_name.as_deref());
    let scheduled_actions = by_group(&snapshot.scheduled_actions, |a| a.auto_scaling_group_name.as_deref());
    // a member's purchase option is its EC2 InstanceLifecycle ("spot", ...); on-demand ones have none
    let lifecycles: HashMap<&str, &str> = snapshot
        .reservations
        .iter()
        .flat_map(|r| r.instances.iter().flatten())
        .filter_map(|i| Some((i.instance_id.as_deref()?, i.instance_lifecycle.as_deref()?)))
        .collect();
    each(
        CLOUD_SERVICE_TYPE,
        region,
        snapshot.auto_scaling_groups.iter(),
        |g| g.auto_scaling_group_name.as_deref(),
        move |&group| {
            let name = group.auto_scaling_group_name.as_deref().unwrap_or_default();
            let instances: Vec<Value> = group
                .instances
                .iter()
                .flatten()
                .map(|member| {
                    let lifecycle = member.instance_id.as_deref().and_then(|id| lifecycles.get(id)).copied();
                    let mut entry = boto_map(member);
                    entry.insert("lifecycle".into(), lifecycle.unwrap_or("scheduled").into());
                    Value::Object(entry)
                })
                .collect();
            let mut data = boto_map(group);
            // every member, each with its EC2 purchase option (the current collector shows only the last
            // 20 and annotates only those: docs/compatibility.md); the boto3 members carry it too
            data.insert("Instances".into(), json!(instances));
            data.insert("instances".into(), json!(instances));
            // the current collector stores "" here, whatever the group's launch configuration
            data.insert("launch_configuration".into(), "".into());
            data.insert("policies".into(), dicts(policies.get(name).into_iter().flatten().copied()));
            data.insert(
                "notification_configurations".into(),
                dicts(notifications.get(name).into_iter().flatten().copied()),
            );
            let actions = scheduled_actions.get(name).into_iter().flatten().map(|a| {
                let mut action = boto_map(*a);
                for key in ["Time", "StartTime", "EndTime"] {
                    action.entry(key).or_insert(Value::Null);
                }
                Value::Object(action)
            });
            data.insert("scheduled_actions".into(), Value::Array(actions.collect()));
            data.insert("lifecycle_hooks".into(), dicts(snapshot.lifecycle_hooks.get(name).into_iter().flatten()));
            data.insert("autoscaling_tags".into(), dicts(group.tags.iter().flatten()));
            data.insert("cloudwatch".into(), cloudwatch(region, "AWS/AutoScaling", "AutoScalingGroupName", name));
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::AutoScaling::AutoScalingGroup", name));
            launch_keys(snapshot, group, &mut data);
            if group.target_group_arns.as_ref().is_some_and(|arns| !arns.is_empty()) {
                // the current collector's list of load balancers is always empty; the ARNs of the
                // group's target groups' load balancers keep their repeats
                data.insert("load_balancers".into(), json!([]));
                data.insert("load_balancer_arns".into(), json!(load_balancer_arns(snapshot, group)));
            }
            let tags: Map<String, Value> = group
                .tags
                .iter()
                .flatten()
                .filter_map(|t| Some((t.key.clone()?, t.value.clone().unwrap_or_default().into())))
                .collect();
            Ok(Record::new(
                region,
                account,
                group.auto_scaling_group_arn.clone().unwrap_or_default(),
                format!(
                    "https://console.aws.amazon.com/ec2/autoscaling/home?region={region}#AutoScalingGroups:id={name}"
                ),
                data,
            )
            .named(Some(name))
            .tagged(tags))
        },
    )
}

/// `display_launch_configuration_template` and `launch_template` (the template's record data
/// with its CreateTime null, as the current collector leaves it), from the first of: the launch
/// configuration, the mixed instances policy's template, the group's template, its members'.
fn launch_keys(snapshot: &RegionSnapshot, group: &autoscaling::AutoScalingGroup, data: &mut Map<String, Value>) {
    let mixed = group.mixed_instances_policy.as_ref().and_then(|p| p.launch_template.as_ref());
    let mixed = mixed.and_then(|t| t.launch_template_specification.as_ref());
    let members = group.instances.iter().flatten();
    let (display, template) = if let Some(configuration) = group.launch_configuration_name.as_deref() {
        (Some(configuration), None)
    } else if let Some(spec) = mixed.or(group.launch_template.as_ref()) {
        (Some(spec.launch_template_name.as_deref().unwrap_or_default()), Some(spec))
    } else {
        // as the current collector scans the members: the last one with a template or a
        // configuration names it; any member's template (the last one's) is the group's
        let mut display = None;
        for member in members.clone() {
            if let Some(spec) = member.launch_template.as_ref() {
                display = Some(spec.launch_template_name.as_deref().unwrap_or_default());
            } else if let Some(configuration) = member.launch_configuration_name.as_deref() {
                data.insert("LaunchConfigurationName".into(), configuration.into());
                display = Some(configuration);
            }
        }
        (display, members.rev().find_map(|m| m.launch_template.as_ref()))
    };
    if let Some(spec) = template {
        let id = group
            .launch_template
            .as_ref()
            .or(mixed)
            .and_then(|t| t.launch_template_id.as_deref())
            .or(spec.launch_template_id.as_deref());
        let matched = snapshot.launch_templates.iter().find(|t| t.launch_template_id.as_deref() == id);
        let record = matched.and_then(|t| launch_template::record_data(snapshot, t).ok()).map(|mut record| {
            record.insert("CreateTime".into(), Value::Null);
            Value::Object(record)
        });
        data.insert("launch_template".into(), record.unwrap_or(Value::Null));
    }
    if let Some(display) = display {
        data.insert("display_launch_configuration_template".into(), display.into());
    }
}

/// The LoadBalancerArns of the group's target groups, in DescribeTargetGroups order, repeats kept.
fn load_balancer_arns<'a>(snapshot: &'a RegionSnapshot, group: &autoscaling::AutoScalingGroup) -> Vec<&'a str> {
    let arns = group.target_group_arns.as_deref().unwrap_or_default();
    snapshot
        .target_groups
        .iter()
        .filter(|t| t.target_group_arn.as_ref().is_some_and(|arn| arns.contains(arn)))
        .flat_map(|t| t.load_balancer_arns.iter().flatten().map(String::as_str))
        .collect()
}

/// The items of each group, in API order.
fn by_group<'a, T>(items: &'a [T], group: impl Fn(&'a T) -> Option<&'a str>) -> HashMap<&'a str, Vec<&'a T>> {
    let mut groups: HashMap<&str, Vec<&T>> = HashMap::new();
    for item in items {
        if let Some(name) = group(item) {
            groups.entry(name).or_default().push(item);
        }
    }
    groups
}

/// boto3 items as a list of dicts.
fn dicts<'a, T: Serialize + 'a>(items: impl IntoIterator<Item = &'a T>) -> Value {
    Value::Array(items.into_iter().map(|item| Value::Object(boto_map(item))).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::AutoScalingGroup;

    fn records(snapshot: Value) -> Vec<Value> {
        crate::assemble::test_records::records(&AutoScalingGroup, snapshot)
    }

    fn two_groups(extra: Value) -> Value {
        let mut snapshot = json!({
            "region": "eu-west-1",
            "account_id": "111122223333",
            "auto_scaling_groups": [
                {"AutoScalingGroupName": "web", "AutoScalingGroupARN": "arn:web", "LaunchConfigurationName": "web-lc",
                 "Instances": [{"InstanceId": "i-spot"}, {"InstanceId": "i-od"}]},
                {"AutoScalingGroupName": "api", "AutoScalingGroupARN": "arn:api",
                 "MixedInstancesPolicy": {"LaunchTemplate": {"LaunchTemplateSpecification":
                    {"LaunchTemplateId": "lt-1", "LaunchTemplateName": "api-lt", "Version": "$Default"}}}}
            ],
            "reservations": [{"Instances": [{"InstanceId": "i-spot", "InstanceLifecycle": "spot"}, {"InstanceId": "i-od"}]}],
        });
        snapshot.as_object_mut().unwrap().extend(extra.as_object().cloned().unwrap());
        snapshot
    }

    #[test]
    fn each_group_gets_only_its_own_policies_hooks_notifications_and_actions() {
        let records = records(two_groups(json!({
            "scaling_policies": [{"AutoScalingGroupName": "api", "PolicyName": "p-api"}, {"AutoScalingGroupName": "web", "PolicyName": "p-web"}],
            "notification_configurations": [{"AutoScalingGroupName": "web", "TopicARN": "arn:topic"}],
            "scheduled_actions": [{"AutoScalingGroupName": "api", "ScheduledActionName": "night", "StartTime": "2024-05-01T21:00:00+09:00"}],
            "lifecycle_hooks": {"web": [{"LifecycleHookName": "drain"}]},
        })));
        let (web, api) = (&records[0]["json_data"], &records[1]["json_data"]);
        assert_eq!(web["policies"], json!([{"AutoScalingGroupName": "web", "PolicyName": "p-web"}]));
        assert_eq!(web["notification_configurations"][0]["TopicARN"], "arn:topic");
        assert_eq!(web["lifecycle_hooks"], json!([{"LifecycleHookName": "drain"}]));
        assert_eq!(web["scheduled_actions"], json!([]));
        assert_eq!(api["scheduled_actions"][0]["StartTime"], "2024-05-01T12:00:00");
        assert_eq!(
            (api["notification_configurations"].clone(), api["lifecycle_hooks"].clone()),
            (json!([]), json!([]))
        );
    }

    #[test]
    fn members_carry_their_ec2_lifecycle() {
        let web = &records(two_groups(json!({})))[0]["json_data"];
        let lifecycles: Vec<&Value> = web["instances"].as_array().unwrap().iter().map(|i| &i["lifecycle"]).collect();
        assert_eq!(lifecycles, [&json!("spot"), &json!("scheduled")]);
        assert_eq!(web["Instances"], web["instances"]);
    }

    #[test]
    fn a_mixed_instances_group_carries_its_launch_templates_record_data() {
        let records = records(two_groups(json!({
            "launch_templates": [{"LaunchTemplateId": "lt-1", "LaunchTemplateName": "api-lt", "CreateTime": "2024-05-01T12:00:00Z"}],
            "launch_template_versions": {"lt-1": [{"VersionNumber": 1, "LaunchTemplateData": {"ImageId": "ami-1"}}]}
        })));
        let (web, api) = (&records[0]["json_data"], &records[1]["json_data"]);
        assert_eq!(web["display_launch_configuration_template"], "web-lc");
        assert!(web.get("launch_template").is_none());
        assert_eq!(api["display_launch_configuration_template"], "api-lt");
        let template = &api["launch_template"];
        assert_eq!(
            (&template["arn"], &template["ami_id"], &template["CreateTime"]),
            (&json!("arn:aws:ec2:::launch_template/lt-1/v1"), &json!("ami-1"), &json!(null))
        );
        // a template no longer listed is null
        let api = &super::tests::records(two_groups(json!({})))[1]["json_data"];
        assert_eq!(api["launch_template"], json!(null));
        assert_eq!(records[1]["reference"]["resource_id"], "arn:api");
        assert_eq!(records[1]["account"], "111122223333");
    }

    #[test]
    fn load_balancer_arns_keep_repeats_and_skip_gone_target_groups() {
        let mut snapshot = two_groups(json!({
            "target_groups": [
                {"TargetGroupArn": "arn:tg-2", "LoadBalancerArns": ["arn:lb-1"]},
                {"TargetGroupArn": "arn:tg-1", "LoadBalancerArns": ["arn:lb-1"]},
                {"TargetGroupArn": "arn:tg-other", "LoadBalancerArns": ["arn:lb-9"]}
            ]
        }));
        snapshot["auto_scaling_groups"][0]["TargetGroupARNs"] = json!(["arn:tg-1", "arn:tg-2", "arn:tg-gone"]);
        let records = records(snapshot);
        let (web, api) = (&records[0]["json_data"], &records[1]["json_data"]);
        // DescribeTargetGroups order, each group's load balancers, repeats kept; the list of
        // load balancers is always empty, as the current collector's
        assert_eq!(web["load_balancer_arns"], json!(["arn:lb-1", "arn:lb-1"]));
        assert_eq!(web["load_balancers"], json!([]));
        // no target groups: neither key
        assert!(api.get("load_balancer_arns").is_none() && api.get("load_balancers").is_none());
    }

    #[test]
    fn a_group_without_launch_settings_takes_them_from_its_members() {
        let snapshot = json!({
            "region": "eu-west-1", "account_id": "111122223333",
            "auto_scaling_groups": [{"AutoScalingGroupName": "adopted", "AutoScalingGroupARN": "arn:adopted", "Instances": [
                {"InstanceId": "i-1", "LaunchTemplate": {"LaunchTemplateId": "lt-1", "LaunchTemplateName": "node-lt"}},
                {"InstanceId": "i-2", "LaunchConfigurationName": "old-lc"}
            ]}],
            "launch_templates": [{"LaunchTemplateId": "lt-1", "LaunchTemplateName": "node-lt"}],
            "launch_template_versions": {"lt-1": [{"VersionNumber": 1, "LaunchTemplateData": {}}]}
        });
        let data = &records(snapshot)[0]["json_data"];
        // the last member with either names it; any member's template is the group's
        assert_eq!(data["display_launch_configuration_template"], "old-lc");
        assert_eq!(data["LaunchConfigurationName"], "old-lc");
        assert_eq!(data["launch_template"]["arn"], "arn:aws:ec2:::launch_template/lt-1/v1");
    }
}
