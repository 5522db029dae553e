//! `data.compute`: identity, state and placement of the instance.

use serde::Serialize;

use crate::assemble::time::cloudforet_time;
use crate::model::ec2::{Image, Instance};

#[derive(Debug, Serialize)]
pub struct Compute<'a> {
    pub keypair: &'a str,
    pub az: &'a str,
    pub instance_state: String,
    pub instance_type: &'a str,
    pub launched_at: Option<String>,
    pub instance_id: &'a str,
    pub instance_name: &'a str,
    pub security_groups: Vec<SecurityGroupRef<'a>>,
    pub image: &'a str,
    pub account: &'a str,
}

#[derive(Debug, Serialize)]
pub struct SecurityGroupRef<'a> {
    pub name: &'a str,
    pub id: &'a str,
    pub display: String,
}

pub fn compute<'a>(instance: &'a Instance, name: &'a str, image: Option<&'a Image>, account: &'a str) -> Compute<'a> {
    let security_groups = instance
        .security_groups
        .iter()
        .flatten()
        .filter_map(|g| {
            let (name, id) = (g.group_name.as_deref()?, g.group_id.as_deref().unwrap_or_default());
            Some(SecurityGroupRef { name, id, display: format!("{name} ({id})") })
        })
        .collect();
    Compute {
        keypair: instance.key_name.as_deref().unwrap_or_default(),
        az: instance.placement.as_ref().and_then(|p| p.availability_zone.as_deref()).unwrap_or_default(),
        instance_state: instance.state.as_ref().and_then(|s| s.name.as_deref()).unwrap_or_default().to_uppercase(),
        instance_type: instance.instance_type.as_deref().unwrap_or_default(),
        launched_at: instance.launch_time.as_deref().map(cloudforet_time),
        instance_id: instance.instance_id.as_deref().unwrap_or_default(),
        instance_name: name,
        security_groups,
        image: image.and_then(|i| i.name.as_deref()).unwrap_or_default(),
        account,
    }
}
