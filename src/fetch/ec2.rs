//! EC2 describe calls of a region, and their SDK types as model types.

use aws_sdk_ec2::types as sdk;
use aws_sdk_ec2::Client;
use futures::{stream, StreamExt, TryStreamExt};

use super::convert::boto;
use super::{all_pages, Fetcher};
use crate::error::AwsFailure;
use crate::model::{ec2 as m, Tag};

/// States the collector reports; terminated instances are gone from the inventory.
const STATES: &[&str] = &["pending", "running", "shutting-down", "stopping", "stopped"];
/// Items per request where the API takes a list of ids or filter values.
const IDS_PER_CALL: usize = 100;

impl Fetcher {
    pub async fn reservations(&self, ec2: &Client) -> Result<Vec<m::Reservation>, AwsFailure> {
        let filter = sdk::Filter::builder()
            .name("instance-state-name")
            .set_values(Some(STATES.iter().map(|s| s.to_string()).collect()))
            .build();
        Ok(all_pages!(
            self,
            "ec2:DescribeInstances",
            ec2.describe_instances().filters(filter).max_results(1000),
            reservations
        ))
    }

    pub async fn instance_types(
        &self,
        ec2: &Client,
        types: Vec<String>,
    ) -> Result<Vec<m::InstanceTypeInfo>, AwsFailure> {
        let requests = chunks(types).into_iter().map(|chunk| {
            let request = ec2
                .describe_instance_types()
                .set_instance_types(Some(chunk.iter().map(|t| t.as_str().into()).collect()));
            self.call("ec2:DescribeInstanceTypes", request.into_paginator().send().try_collect())
        });
        let pages: Vec<Vec<_>> =
            stream::iter(requests.collect::<Vec<_>>()).buffered(self.fan_out).try_collect().await?;
        Ok(pages.iter().flatten().flat_map(|p| p.instance_types()).map(Into::into).collect())
    }

    /// By filter rather than by ImageIds: a deregistered AMI is then simply absent instead of
    /// failing the whole call with InvalidAMIID.NotFound.
    pub async fn images(&self, ec2: &Client, image_ids: Vec<String>) -> Result<Vec<m::Image>, AwsFailure> {
        let requests = chunks(image_ids).into_iter().map(|chunk| {
            let filter = sdk::Filter::builder().name("image-id").set_values(Some(chunk)).build();
            let request = ec2.describe_images().filters(filter).include_deprecated(true).include_disabled(true);
            self.call("ec2:DescribeImages", request.send())
        });
        let outputs: Vec<_> = stream::iter(requests.collect::<Vec<_>>()).buffered(self.fan_out).try_collect().await?;
        Ok(outputs.iter().flat_map(|o| o.images()).map(Into::into).collect())
    }

    pub async fn termination_protection(
        &self,
        ec2: &Client,
        instance_id: String,
    ) -> Result<(String, bool), AwsFailure> {
        let request = ec2
            .describe_instance_attribute()
            .instance_id(&instance_id)
            .attribute(sdk::InstanceAttributeName::DisableApiTermination);
        let output = self.call("ec2:DescribeInstanceAttribute", request.send()).await?;
        let protected = output.disable_api_termination().and_then(|v| v.value).unwrap_or(false);
        Ok((instance_id, protected))
    }

    pub async fn volumes(&self, ec2: &Client) -> Result<Vec<m::Volume>, AwsFailure> {
        Ok(all_pages!(self, "ec2:DescribeVolumes", ec2.describe_volumes().max_results(500), volumes))
    }

    pub async fn security_groups(&self, ec2: &Client) -> Result<Vec<m::SecurityGroup>, AwsFailure> {
        Ok(all_pages!(
            self,
            "ec2:DescribeSecurityGroups",
            ec2.describe_security_groups().max_results(1000),
            security_groups
        ))
    }

    pub async fn vpcs(&self, ec2: &Client) -> Result<Vec<m::Vpc>, AwsFailure> {
        Ok(all_pages!(self, "ec2:DescribeVpcs", ec2.describe_vpcs().max_results(1000), vpcs))
    }

    pub async fn subnets(&self, ec2: &Client) -> Result<Vec<m::Subnet>, AwsFailure> {
        Ok(all_pages!(self, "ec2:DescribeSubnets", ec2.describe_subnets().max_results(1000), subnets))
    }
}

fn chunks(ids: Vec<String>) -> Vec<Vec<String>> {
    ids.chunks(IDS_PER_CALL).map(<[String]>::to_vec).collect()
}

impl From<&sdk::Tag> for Tag {
    fn from(t: &sdk::Tag) -> Self {
        boto!(t => Tag { key, value })
    }
}

impl From<&sdk::Reservation> for m::Reservation {
    fn from(r: &sdk::Reservation) -> Self {
        boto!(r => m::Reservation { reservation_id, owner_id, requester_id, groups: each, instances: each })
    }
}

impl From<&sdk::Instance> for m::Instance {
    fn from(i: &sdk::Instance) -> Self {
        boto!(i => m::Instance {
            ami_launch_index, image_id, instance_id, instance_type: str, kernel_id, key_name, launch_time: time,
            monitoring: one, placement: one, platform: str, private_dns_name, private_ip_address, public_dns_name,
            public_ip_address, ramdisk_id, state: one, state_transition_reason, subnet_id, vpc_id, architecture: str,
            block_device_mappings: each, client_token, ebs_optimized, ena_support, hypervisor: str,
            iam_instance_profile: one, instance_lifecycle: str, elastic_gpu_associations: each,
            elastic_inference_accelerator_associations: each, network_interfaces: each, outpost_arn, root_device_name,
            root_device_type: str, security_groups: each, source_dest_check, spot_instance_request_id, sriov_net_support,
            state_reason: one, tags: each, virtualization_type: str, cpu_options: one, capacity_reservation_id,
            capacity_reservation_specification: one, hibernation_options: one, enclave_options: one, boot_mode: str,
            platform_details, usage_operation, usage_operation_update_time: time, ipv6_address, tpm_support,
            maintenance_options: one, current_instance_boot_mode: str,
        })
    }
}

impl From<&sdk::Monitoring> for m::Monitoring {
    fn from(v: &sdk::Monitoring) -> Self {
        boto!(v => m::Monitoring { state: str })
    }
}
impl From<&sdk::InstanceState> for m::InstanceState {
    fn from(v: &sdk::InstanceState) -> Self {
        boto!(v => m::InstanceState { code, name: str })
    }
}
impl From<&sdk::StateReason> for m::StateReason {
    fn from(v: &sdk::StateReason) -> Self {
        boto!(v => m::StateReason { code, message })
    }
}
impl From<&sdk::GroupIdentifier> for m::GroupIdentifier {
    fn from(v: &sdk::GroupIdentifier) -> Self {
        boto!(v => m::GroupIdentifier { group_name, group_id })
    }
}
impl From<&sdk::IamInstanceProfile> for m::IamInstanceProfile {
    fn from(v: &sdk::IamInstanceProfile) -> Self {
        boto!(v => m::IamInstanceProfile { arn, id })
    }
}
impl From<&sdk::CpuOptions> for m::CpuOptions {
    fn from(v: &sdk::CpuOptions) -> Self {
        boto!(v => m::CpuOptions { core_count, threads_per_core })
    }
}
impl From<&sdk::HibernationOptions> for m::HibernationOptions {
    fn from(v: &sdk::HibernationOptions) -> Self {
        boto!(v => m::HibernationOptions { configured })
    }
}
impl From<&sdk::EnclaveOptions> for m::EnclaveOptions {
    fn from(v: &sdk::EnclaveOptions) -> Self {
        boto!(v => m::EnclaveOptions { enabled })
    }
}
impl From<&sdk::InstanceMaintenanceOptions> for m::InstanceMaintenanceOptions {
    fn from(v: &sdk::InstanceMaintenanceOptions) -> Self {
        boto!(v => m::InstanceMaintenanceOptions { auto_recovery: str })
    }
}
impl From<&sdk::Placement> for m::Placement {
    fn from(v: &sdk::Placement) -> Self {
        boto!(v => m::Placement {
            availability_zone, affinity, group_name, partition_number, host_id, tenancy: str, spread_domain,
            host_resource_group_arn, group_id, availability_zone_id,
        })
    }
}
impl From<&sdk::CapacityReservationSpecificationResponse> for m::CapacityReservationSpecificationResponse {
    fn from(v: &sdk::CapacityReservationSpecificationResponse) -> Self {
        boto!(v => m::CapacityReservationSpecificationResponse {
            capacity_reservation_preference: str, capacity_reservation_target: one,
        })
    }
}
impl From<&sdk::CapacityReservationTargetResponse> for m::CapacityReservationTargetResponse {
    fn from(v: &sdk::CapacityReservationTargetResponse) -> Self {
        boto!(v => m::CapacityReservationTargetResponse { capacity_reservation_id, capacity_reservation_resource_group_arn })
    }
}
impl From<&sdk::ElasticGpuAssociation> for m::ElasticGpuAssociation {
    fn from(v: &sdk::ElasticGpuAssociation) -> Self {
        boto!(v => m::ElasticGpuAssociation {
            elastic_gpu_id, elastic_gpu_association_id, elastic_gpu_association_state, elastic_gpu_association_time,
        })
    }
}
impl From<&sdk::ElasticInferenceAcceleratorAssociation> for m::ElasticInferenceAcceleratorAssociation {
    fn from(v: &sdk::ElasticInferenceAcceleratorAssociation) -> Self {
        boto!(v => m::ElasticInferenceAcceleratorAssociation {
            elastic_inference_accelerator_arn, elastic_inference_accelerator_association_id,
            elastic_inference_accelerator_association_state, elastic_inference_accelerator_association_time: time,
        })
    }
}
impl From<&sdk::InstanceBlockDeviceMapping> for m::InstanceBlockDeviceMapping {
    fn from(v: &sdk::InstanceBlockDeviceMapping) -> Self {
        boto!(v => m::InstanceBlockDeviceMapping { device_name, ebs: one })
    }
}
impl From<&sdk::EbsInstanceBlockDevice> for m::EbsInstanceBlockDevice {
    fn from(v: &sdk::EbsInstanceBlockDevice) -> Self {
        boto!(v => m::EbsInstanceBlockDevice { attach_time: time, delete_on_termination, status: str, volume_id })
    }
}
impl From<&sdk::InstanceNetworkInterface> for m::InstanceNetworkInterface {
    fn from(v: &sdk::InstanceNetworkInterface) -> Self {
        boto!(v => m::InstanceNetworkInterface {
            association: one, attachment: one, description, groups: each, ipv6_addresses: each, mac_address,
            network_interface_id, owner_id, private_dns_name, private_ip_address, private_ip_addresses: each,
            source_dest_check, status: str, subnet_id, vpc_id, interface_type,
        })
    }
}
impl From<&sdk::InstanceNetworkInterfaceAssociation> for m::InstanceNetworkInterfaceAssociation {
    fn from(v: &sdk::InstanceNetworkInterfaceAssociation) -> Self {
        boto!(v => m::InstanceNetworkInterfaceAssociation { carrier_ip, customer_owned_ip, ip_owner_id, public_dns_name, public_ip })
    }
}
impl From<&sdk::InstanceNetworkInterfaceAttachment> for m::InstanceNetworkInterfaceAttachment {
    fn from(v: &sdk::InstanceNetworkInterfaceAttachment) -> Self {
        boto!(v => m::InstanceNetworkInterfaceAttachment {
            attach_time: time, attachment_id, delete_on_termination, device_index, status: str, network_card_index,
        })
    }
}
impl From<&sdk::InstanceIpv6Address> for m::InstanceIpv6Address {
    fn from(v: &sdk::InstanceIpv6Address) -> Self {
        boto!(v => m::InstanceIpv6Address { ipv6_address })
    }
}
impl From<&sdk::InstancePrivateIpAddress> for m::InstancePrivateIpAddress {
    fn from(v: &sdk::InstancePrivateIpAddress) -> Self {
        boto!(v => m::InstancePrivateIpAddress { association: one, primary, private_dns_name, private_ip_address })
    }
}

impl From<&sdk::InstanceTypeInfo> for m::InstanceTypeInfo {
    fn from(v: &sdk::InstanceTypeInfo) -> Self {
        boto!(v => m::InstanceTypeInfo { instance_type: str, v_cpu_info: one, memory_info: one })
    }
}
impl From<&sdk::VCpuInfo> for m::VCpuInfo {
    fn from(v: &sdk::VCpuInfo) -> Self {
        boto!(v => m::VCpuInfo { default_v_cpus, default_cores, default_threads_per_core })
    }
}
impl From<&sdk::MemoryInfo> for m::MemoryInfo {
    fn from(v: &sdk::MemoryInfo) -> Self {
        boto!(v => m::MemoryInfo { size_in_mib })
    }
}

impl From<&sdk::Image> for m::Image {
    fn from(v: &sdk::Image) -> Self {
        boto!(v => m::Image {
            architecture: str, creation_date, image_id, image_location, image_type: str, public, owner_id,
            platform: str, platform_details, usage_operation, state: str, description, ena_support,
            hypervisor: str, name, root_device_name, root_device_type: str, sriov_net_support, tags: each,
            virtualization_type: str,
        })
    }
}

impl From<&sdk::Volume> for m::Volume {
    fn from(v: &sdk::Volume) -> Self {
        boto!(v => m::Volume {
            attachments: each, availability_zone, create_time: time, encrypted, kms_key_id, outpost_arn, size,
            snapshot_id, state: str, volume_id, iops, tags: each, volume_type: str, fast_restored,
            multi_attach_enabled, throughput,
        })
    }
}
impl From<&sdk::VolumeAttachment> for m::VolumeAttachment {
    fn from(v: &sdk::VolumeAttachment) -> Self {
        boto!(v => m::VolumeAttachment { attach_time: time, device, instance_id, state: str, volume_id, delete_on_termination })
    }
}

impl From<&sdk::SecurityGroup> for m::SecurityGroup {
    fn from(v: &sdk::SecurityGroup) -> Self {
        boto!(v => m::SecurityGroup {
            description, group_name, ip_permissions: each, owner_id, group_id, ip_permissions_egress: each,
            tags: each, vpc_id, security_group_arn,
        })
    }
}
impl From<&sdk::IpPermission> for m::IpPermission {
    fn from(v: &sdk::IpPermission) -> Self {
        boto!(v => m::IpPermission {
            from_port, ip_protocol, ip_ranges: each, ipv6_ranges: each, prefix_list_ids: each, to_port,
            user_id_group_pairs: each,
        })
    }
}
impl From<&sdk::IpRange> for m::IpRange {
    fn from(v: &sdk::IpRange) -> Self {
        boto!(v => m::IpRange { cidr_ip, description })
    }
}
impl From<&sdk::Ipv6Range> for m::Ipv6Range {
    fn from(v: &sdk::Ipv6Range) -> Self {
        boto!(v => m::Ipv6Range { cidr_ipv6, description })
    }
}
impl From<&sdk::PrefixListId> for m::PrefixListId {
    fn from(v: &sdk::PrefixListId) -> Self {
        boto!(v => m::PrefixListId { description, prefix_list_id })
    }
}
impl From<&sdk::UserIdGroupPair> for m::UserIdGroupPair {
    fn from(v: &sdk::UserIdGroupPair) -> Self {
        boto!(v => m::UserIdGroupPair {
            description, group_id, group_name, peering_status, user_id, vpc_id, vpc_peering_connection_id,
        })
    }
}

impl From<&sdk::Vpc> for m::Vpc {
    fn from(v: &sdk::Vpc) -> Self {
        boto!(v => m::Vpc { cidr_block, dhcp_options_id, state: str, vpc_id, owner_id, instance_tenancy: str, is_default, tags: each })
    }
}
impl From<&sdk::Subnet> for m::Subnet {
    fn from(v: &sdk::Subnet) -> Self {
        boto!(v => m::Subnet {
            availability_zone, availability_zone_id, available_ip_address_count, cidr_block, default_for_az,
            map_public_ip_on_launch, state: str, subnet_id, vpc_id, owner_id, subnet_arn, tags: each,
        })
    }
}
