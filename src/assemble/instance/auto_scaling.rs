//! `data.auto_scaling_group`: the Auto Scaling group the instance belongs to, if any.

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::model::autoscaling::LaunchTemplateSpecification;
use crate::model::ec2::Instance;

#[derive(Debug, Serialize)]
pub struct AutoScalingGroupRef<'a> {
    pub name: &'a str,
    pub arn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_configuration: Option<LaunchConfigurationRef<'a>>,
    /// The group's own `LaunchTemplate` item, boto3's keys (`LaunchTemplateId`, ...), as the
    /// current collector passes it; absent for groups launched otherwise (mixed instances too).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<&'a LaunchTemplateSpecification>,
}

#[derive(Debug, Serialize)]
pub struct LaunchConfigurationRef<'a> {
    pub name: &'a str,
    pub arn: &'a str,
}

pub fn auto_scaling_group<'a>(instance: &'a Instance, index: &RegionIndex<'a>) -> Option<AutoScalingGroupRef<'a>> {
    let group = index.auto_scaling_groups.get(instance.instance_id.as_deref()?)?;
    let launch_configuration =
        group.launch_configuration_name.as_deref().and_then(|name| index.launch_configurations.get(name)).map(|lc| {
            LaunchConfigurationRef {
                name: lc.launch_configuration_name.as_deref().unwrap_or_default(),
                arn: lc.launch_configuration_arn.as_deref().unwrap_or_default(),
            }
        });
    Some(AutoScalingGroupRef {
        name: group.auto_scaling_group_name.as_deref().unwrap_or_default(),
        arn: group.auto_scaling_group_arn.as_deref().unwrap_or_default(),
        launch_configuration,
        launch_template: group.launch_template.as_deref(),
    })
}
