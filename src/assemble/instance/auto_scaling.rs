//! `data.auto_scaling_group`: the Auto Scaling group the instance belongs to, if any.

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::model::ec2::Instance;

#[derive(Debug, Serialize)]
pub struct AutoScalingGroupRef<'a> {
    pub name: &'a str,
    pub arn: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_configuration: Option<LaunchConfigurationRef<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub launch_template: Option<LaunchTemplateRef<'a>>,
}

#[derive(Debug, Serialize)]
pub struct LaunchConfigurationRef<'a> {
    pub name: &'a str,
    pub arn: &'a str,
}

#[derive(Debug, Serialize)]
pub struct LaunchTemplateRef<'a> {
    pub launch_template_id: Option<&'a str>,
    pub name: Option<&'a str>,
    pub version: Option<&'a str>,
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
    let launch_template = group.launch_template.as_ref().map(|t| LaunchTemplateRef {
        launch_template_id: t.launch_template_id.as_deref(),
        name: t.launch_template_name.as_deref(),
        version: t.version.as_deref(),
    });
    Some(AutoScalingGroupRef {
        name: group.auto_scaling_group_name.as_deref().unwrap_or_default(),
        arn: group.auto_scaling_group_arn.as_deref().unwrap_or_default(),
        launch_configuration,
        launch_template,
    })
}
