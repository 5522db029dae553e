//! The EC2 Instance cloud service: one record per instance, joined with everything the region
//! snapshot knows about it.

mod auto_scaling;
mod aws_info;
mod compute;
mod disks;
mod hardware;
mod load_balancers;
mod monitoring;
mod network;
mod nics;
mod os;
mod security_groups;

pub use auto_scaling::auto_scaling_group;
pub use aws_info::aws_info;
pub use compute::compute;
pub use disks::{disks, root_volume_type};
pub use hardware::hardware;
pub use load_balancers::load_balancers;
pub use network::{subnet, vpc};
pub use nics::{ip_addresses, nics};
pub use os::os;
pub use security_groups::{security_group_json, security_group_rules};

use serde::Serialize;

use crate::assemble::cloud_service::{CloudService, Responses};
use crate::assemble::index::RegionIndex;
use crate::assemble::record::{each, json_metadata};
use crate::assemble::response::{CloudServiceRecord, Reference, GROUP, PROVIDER};
use crate::assemble::rules::SecurityGroupRule;
use crate::error::{Error, Result};
use crate::model::ec2;
use crate::model::{tag_map, tag_value};
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "Instance";

pub struct Instance;

impl CloudService for Instance {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[
            Call::Reservations,
            Call::InstanceTypes,
            Call::Images,
            Call::TerminationProtection,
            Call::Vpcs,
            Call::Subnets,
            Call::LoadBalancers,
            Call::TargetGroups,
            Call::InstanceInformation,
        ]
    }

    fn also_reads(&self) -> &'static [Call] {
        &[Call::Volumes, Call::SecurityGroups, Call::AutoScalingGroups, Call::LaunchConfigurations]
    }

    fn per_record(&self) -> Option<Call> {
        Some(Call::TerminationProtection)
    }

    fn definition(&self) -> &'static str {
        include_str!("../cloud_service_types/Instance.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("../metrics/Instance.json")
    }

    /// One record per instance, each with the account of its reservation.
    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        let due = index.due;
        let instances = snapshot.reservations.iter().flat_map(move |reservation| {
            let account = reservation.owner_id.as_deref().unwrap_or_default();
            let instances = reservation.instances.iter().flatten();
            let due = move |i: &&ec2::Instance| {
                due.has(Call::TerminationProtection, i.instance_id.as_deref().unwrap_or_default())
            };
            instances.filter(due).map(move |instance| (account, instance))
        });
        each(
            CLOUD_SERVICE_TYPE,
            &snapshot.region,
            instances,
            |(_, instance)| instance.instance_id.as_deref(),
            move |(account, instance)| instance_record(instance, account, index),
        )
    }
}

/// `data` of an instance; its `security_group` entries typed (the migration API) or as their JSON
/// text (the record).
#[derive(Debug, Serialize)]
pub struct InstanceData<'a, Rules = Vec<&'a SecurityGroupRule<'a>>> {
    pub os: os::Os,
    pub aws: aws_info::AwsInfo<'a>,
    pub hardware: hardware::Hardware,
    pub compute: compute::Compute<'a>,
    pub primary_ip_address: Option<&'a str>,
    pub nics: Vec<nics::Nic<'a>>,
    pub disks: Vec<disks::Disk<'a>>,
    pub load_balancer: Vec<load_balancers::LoadBalancerRef<'a>>,
    pub security_group: Rules,
    pub vpc: network::VpcRef<'a>,
    pub subnet: network::SubnetRef<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group: Option<auto_scaling::AutoScalingGroupRef<'a>>,
    pub cloudwatch: monitoring::CloudWatch<'a>,
    pub cloudtrail: monitoring::CloudTrail<'a>,
}

/// Bytes an instance's `json_data` usually takes: the buffer starts there rather than growing
/// to it by doubling.
const JSON_DATA_CAPACITY: usize = 16 << 10;

/// `data` of one instance, its security group entries typed.
pub fn instance_data<'a>(
    instance: &'a ec2::Instance,
    account: &'a str,
    index: &'a RegionIndex<'a>,
) -> Result<InstanceData<'a>> {
    data_with(instance, account, index, security_group_rules)
}

/// `data` of one instance, its security group entries made by `security_group`.
fn data_with<'a, Rules>(
    instance: &'a ec2::Instance,
    account: &'a str,
    index: &'a RegionIndex<'a>,
    security_group: impl FnOnce(&'a ec2::Instance, &'a RegionIndex<'a>) -> Rules,
) -> Result<InstanceData<'a, Rules>> {
    let instance_id = instance.instance_id.as_deref().ok_or_else(|| Error::invalid("InstanceId", "missing"))?;
    let name = tag_value(instance.tags.as_ref(), "Name").unwrap_or_default();
    let image = instance.image_id.as_deref().and_then(|id| index.images.get(id).copied());
    let disks = disks(instance, index);
    let root_volume_type = root_volume_type(instance, &disks);
    Ok(InstanceData {
        os: os(instance, image, index.instance_information.get(instance_id).copied()),
        aws: aws_info(instance, index.termination_protection(instance_id), root_volume_type),
        hardware: hardware(instance.instance_type.as_deref().and_then(|t| index.instance_types.get(t).copied())),
        compute: compute(instance, name, image, account),
        primary_ip_address: instance.private_ip_address.as_deref(),
        nics: nics(instance, index),
        disks,
        load_balancer: load_balancers(instance, index),
        security_group: security_group(instance, index),
        vpc: vpc(instance, index),
        subnet: subnet(instance, index),
        auto_scaling_group: auto_scaling_group(instance, index),
        cloudwatch: monitoring::cloudwatch(index.region, instance_id),
        cloudtrail: monitoring::cloudtrail(index.region, instance_id),
    })
}

/// The CloudService record of one instance.
pub fn instance_record(instance: &ec2::Instance, account: &str, index: &RegionIndex<'_>) -> Result<CloudServiceRecord> {
    let data = data_with(instance, account, index, security_group_json)?;
    let instance_id = data.compute.instance_id;
    let mut json_data = Vec::with_capacity(JSON_DATA_CAPACITY);
    serde_json::to_writer(&mut json_data, &data)
        .map_err(|e| Error::Internal(format!("instance {instance_id}: {e}")))?;
    // serde_json writes UTF-8 only
    let json_data =
        String::from_utf8(json_data).map_err(|e| Error::Internal(format!("instance {instance_id}: {e}")))?;
    let region = index.region;
    Ok(CloudServiceRecord {
        name: data.compute.instance_name.to_string(),
        account: account.to_string(),
        instance_type: instance.instance_type.clone(),
        instance_size: None,
        region_code: region.to_string(),
        ip_addresses: ip_addresses(&data.nics),
        tags: tag_map(instance.tags.as_ref()),
        reference: Reference {
            resource_id: instance_id.to_string(),
            external_link: format!(
                "https://{region}.console.aws.amazon.com/ec2/v2/home?region={region}#Instances:instanceId={instance_id}"
            ),
        },
        json_data,
        json_metadata: json_metadata(CLOUD_SERVICE_TYPE),
        cloud_service_type: CLOUD_SERVICE_TYPE,
        cloud_service_group: GROUP,
        provider: PROVIDER,
    })
}
