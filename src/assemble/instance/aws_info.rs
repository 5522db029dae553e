//! `data.aws`: the EC2 attributes of the instance, under the key names the console knows
//! (including the historical `source_desk_check` and `current_instance_boost`).

use serde::Serialize;

use crate::assemble::time::cloudforet_time;
use crate::model::ec2::{
    CapacityReservationSpecificationResponse, ElasticGpuAssociation, ElasticInferenceAcceleratorAssociation,
    IamInstanceProfile, Instance, Placement,
};

#[derive(Debug, Serialize)]
pub struct AwsInfo<'a> {
    pub ami_id: Option<&'a str>,
    pub ami_launch_index: Option<i32>,
    pub kernel_id: Option<&'a str>,
    pub monitoring_state: &'a str,
    pub ebs_optimized: Option<bool>,
    pub ena_support: Option<bool>,
    pub hypervisor: Option<&'a str>,
    pub placement: Option<&'a Placement>,
    pub iam_instance_profile: Option<&'a IamInstanceProfile>,
    /// None when DescribeInstanceAttribute could not be read (reported as a failure).
    pub termination_protection: Option<bool>,
    pub lifecycle: &'a str,
    pub auto_recovery: Option<&'a str>,
    pub boot_mode: Option<&'a str>,
    pub current_instance_boost: Option<&'a str>,
    pub tpm_support: Option<&'a str>,
    pub platform_details: Option<&'a str>,
    pub usage_operation: Option<&'a str>,
    pub usage_operation_update_time: Option<String>,
    pub enclave_options: Option<bool>,
    pub hibernation_options: Option<bool>,
    pub state_transition_reason: Option<&'a str>,
    pub source_desk_check: Option<bool>,
    pub sriov_net_support: Option<&'a str>,
    pub elastic_gpu_associations: Option<&'a Vec<ElasticGpuAssociation>>,
    pub elastic_inference_accelerator_associations: Option<&'a Vec<ElasticInferenceAcceleratorAssociation>>,
    pub capacity_reservation_id: Option<&'a str>,
    pub capacity_reservation_specification: Option<&'a CapacityReservationSpecificationResponse>,
    pub root_volume_type: Option<&'a str>,
}

pub fn aws_info<'a>(
    i: &'a Instance,
    termination_protection: Option<bool>,
    root_volume_type: Option<&'a str>,
) -> AwsInfo<'a> {
    AwsInfo {
        ami_id: i.image_id.as_deref(),
        ami_launch_index: i.ami_launch_index,
        kernel_id: i.kernel_id.as_deref(),
        monitoring_state: i.monitoring.as_ref().and_then(|m| m.state.as_deref()).unwrap_or_default(),
        ebs_optimized: i.ebs_optimized,
        ena_support: i.ena_support,
        hypervisor: i.hypervisor.as_deref(),
        placement: i.placement.as_deref(),
        iam_instance_profile: i.iam_instance_profile.as_deref(),
        termination_protection,
        // on-demand instances have no InstanceLifecycle; the console has always shown them so
        lifecycle: i.instance_lifecycle.as_deref().unwrap_or("scheduled"),
        auto_recovery: i.maintenance_options.as_ref().and_then(|m| m.auto_recovery.as_deref()),
        boot_mode: i.boot_mode.as_deref(),
        current_instance_boost: i.current_instance_boot_mode.as_deref(),
        tpm_support: i.tpm_support.as_deref(),
        platform_details: i.platform_details.as_deref(),
        usage_operation: i.usage_operation.as_deref(),
        usage_operation_update_time: i.usage_operation_update_time.as_deref().map(cloudforet_time),
        enclave_options: i.enclave_options.as_ref().and_then(|e| e.enabled),
        hibernation_options: i.hibernation_options.as_ref().and_then(|h| h.configured),
        state_transition_reason: i.state_transition_reason.as_deref(),
        source_desk_check: i.source_dest_check,
        sriov_net_support: i.sriov_net_support.as_deref(),
        elastic_gpu_associations: i.elastic_gpu_associations.as_ref(),
        elastic_inference_accelerator_associations: i.elastic_inference_accelerator_associations.as_ref(),
        capacity_reservation_id: i.capacity_reservation_id.as_deref(),
        capacity_reservation_specification: i.capacity_reservation_specification.as_deref(),
        root_volume_type,
    }
}
