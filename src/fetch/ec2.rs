//! EC2 describe calls of a region, and their SDK types as model types.

use aws_sdk_ec2::types as sdk;
use aws_sdk_ec2::Client;
use futures::{stream, StreamExt, TryStreamExt};

use super::convert::boto;
use super::{all_pages, Answers, Fetcher};
use crate::error::AwsFailure;
use crate::model::{ec2 as m, Tag};

/// States the collector reports; terminated instances are gone from the inventory.
const STATES: &[&str] = &["pending", "running", "shutting-down", "stopping", "stopped"];
/// Items per request where the API takes a list of ids or filter values.
const IDS_PER_CALL: usize = 100;

impl Fetcher {
    /// The live instances, or only those of `instance_ids` when it is not empty.
    pub async fn reservations(&self, ec2: &Client, instance_ids: &[String]) -> Result<Vec<m::Reservation>, AwsFailure> {
        let states = sdk::Filter::builder()
            .name("instance-state-name")
            .set_values(Some(STATES.iter().map(|s| s.to_string()).collect()))
            .build();
        let mut request = ec2.describe_instances().filters(states).max_results(1000);
        if !instance_ids.is_empty() {
            let ids = sdk::Filter::builder().name("instance-id").set_values(Some(instance_ids.to_vec())).build();
            request = request.filters(ids);
        }
        Ok(all_pages!(self, "ec2:DescribeInstances", request, reservations))
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
            virtualization_type: str, block_device_mappings: each, state_reason: one, image_owner_alias,
            boot_mode: str, tpm_support: str, deprecation_time, imds_support: str, kernel_id, ramdisk_id,
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

impl Fetcher {
    pub async fn volume_attribute(
        &self,
        ec2: &Client,
        volume_id: String,
    ) -> Result<(String, m::VolumeAttribute), AwsFailure> {
        let request =
            ec2.describe_volume_attribute().volume_id(&volume_id).attribute(sdk::VolumeAttributeName::ProductCodes);
        let output = self.call("ec2:DescribeVolumeAttribute", request.send()).await?;
        let attribute = m::VolumeAttribute {
            product_codes: output.product_codes.as_ref().map(|v| v.iter().map(Into::into).collect()),
            volume_id: output.volume_id.clone(),
        };
        Ok((volume_id, attribute))
    }

    pub async fn snapshots(&self, ec2: &Client) -> Result<Vec<m::Snapshot>, AwsFailure> {
        Ok(all_pages!(
            self,
            "ec2:DescribeSnapshots",
            ec2.describe_snapshots().owner_ids("self").max_results(1000),
            snapshots
        ))
    }

    pub async fn addresses(&self, ec2: &Client) -> Result<Vec<m::Address>, AwsFailure> {
        let output = self.call("ec2:DescribeAddresses", ec2.describe_addresses().send()).await?;
        Ok(output.addresses().iter().map(Into::into).collect())
    }

    /// The network interfaces the addresses sit on (instances', detached ones, NAT gateways' and
    /// load balancers'): their association names the address's public DNS name.
    pub async fn address_interfaces(
        &self,
        ec2: &Client,
        addresses: &[m::Address],
    ) -> Result<Vec<m::NetworkInterface>, AwsFailure> {
        let ids: Vec<String> = addresses.iter().filter_map(|a| a.network_interface_id.clone()).filter(|id| !id.is_empty()).collect();
        let mut interfaces = Vec::new();
        for chunk in ids.chunks(200) {
            let request = ec2.describe_network_interfaces().set_network_interface_ids(Some(chunk.to_vec()));
            let output = self.call("ec2:DescribeNetworkInterfaces", request.send()).await?;
            interfaces.extend(output.network_interfaces().iter().map(|n| m::NetworkInterface {
                network_interface_id: n.network_interface_id.clone(),
                association: n.association.as_ref().map(|a| m::NetworkInterfaceAssociation {
                    public_ip: a.public_ip.clone(),
                    public_dns_name: a.public_dns_name.clone(),
                }),
            }));
        }
        Ok(interfaces)
    }

    pub async fn nat_gateways(&self, ec2: &Client) -> Result<Vec<m::NatGateway>, AwsFailure> {
        Ok(all_pages!(self, "ec2:DescribeNatGateways", ec2.describe_nat_gateways().max_results(1000), nat_gateways))
    }

    pub async fn security_group_rules(&self, ec2: &Client) -> Result<Vec<m::SecurityGroupRule>, AwsFailure> {
        let request = ec2.describe_security_group_rules().max_results(1000);
        Ok(all_pages!(self, "ec2:DescribeSecurityGroupRules", request, security_group_rules))
    }

    pub async fn owned_images(&self, ec2: &Client) -> Result<Vec<m::Image>, AwsFailure> {
        let request = ec2.describe_images().owners("self").include_deprecated(true).include_disabled(true);
        Ok(all_pages!(self, "ec2:DescribeImages", request, images))
    }

    /// DescribeImageAttribute(launchPermission) of each of the account's AMIs: who may launch it.
    pub async fn launch_permissions(&self, ec2: &Client, images: &[m::Image]) -> Answers<Vec<m::LaunchPermission>> {
        let ids: Vec<String> = images.iter().filter_map(|i| i.image_id.clone()).collect();
        self.per_item(ids, |id| async move {
            let request =
                ec2.describe_image_attribute().image_id(&id).attribute(sdk::ImageAttributeName::LaunchPermission);
            let output = self.call("ec2:DescribeImageAttribute", request.send()).await?;
            let permissions = output
                .launch_permissions()
                .iter()
                .map(|p| m::LaunchPermission {
                    group: p.group.as_ref().map(|g| g.as_str().to_string()),
                    user_id: p.user_id.clone(),
                    organization_arn: p.organization_arn.clone(),
                    organizational_unit_arn: p.organizational_unit_arn.clone(),
                })
                .collect();
            Ok::<_, AwsFailure>((id, permissions))
        })
        .await
    }

    /// Launch templates, and the first page of each one's versions without a version filter: the
    /// current collector describes a template by the first version listed (its record id names it).
    pub async fn launch_templates(
        &self,
        ec2: &Client,
    ) -> Result<(Vec<m::LaunchTemplate>, Answers<Vec<m::LaunchTemplateVersion>>), AwsFailure> {
        let templates: Vec<m::LaunchTemplate> = all_pages!(
            self,
            "ec2:DescribeLaunchTemplates",
            ec2.describe_launch_templates().max_results(200),
            launch_templates
        );
        let ids: Vec<String> = templates.iter().filter_map(|t| t.launch_template_id.clone()).collect();
        let versions = self
            .per_item(ids, |id| async move {
                let request = ec2.describe_launch_template_versions().launch_template_id(&id);
                let output = self.call("ec2:DescribeLaunchTemplateVersions", request.send()).await?;
                Ok::<_, AwsFailure>((id, output.launch_template_versions().iter().map(Into::into).collect()))
            })
            .await;
        Ok((templates, versions))
    }
}

impl From<&sdk::ProductCode> for m::ProductCode {
    fn from(v: &sdk::ProductCode) -> Self {
        boto!(v => m::ProductCode { product_code_id, product_code_type: str })
    }
}
impl From<&sdk::Snapshot> for m::Snapshot {
    fn from(v: &sdk::Snapshot) -> Self {
        boto!(v => m::Snapshot {
            data_encryption_key_id, description, encrypted, kms_key_id, owner_id, progress, snapshot_id,
            start_time: time, state: str, state_message, volume_id, volume_size, owner_alias, outpost_arn, tags: each,
            storage_tier: str, restore_expiry_time: time, sse_type: str, availability_zone, completion_time: time,
        })
    }
}
impl From<&sdk::Address> for m::Address {
    fn from(v: &sdk::Address) -> Self {
        boto!(v => m::Address {
            instance_id, public_ip, allocation_id, association_id, domain: str, network_interface_id,
            network_interface_owner_id, private_ip_address, tags: each, public_ipv4_pool, network_border_group,
            customer_owned_ip, customer_owned_ipv4_pool, carrier_ip,
        })
    }
}
impl From<&sdk::SecurityGroupRule> for m::SecurityGroupRule {
    fn from(v: &sdk::SecurityGroupRule) -> Self {
        boto!(v => m::SecurityGroupRule {
            security_group_rule_id, group_id, group_owner_id, is_egress, ip_protocol, from_port, to_port, cidr_ipv4,
            cidr_ipv6, prefix_list_id, referenced_group_info: one, description, tags: each, security_group_rule_arn,
        })
    }
}
impl From<&sdk::ReferencedSecurityGroup> for m::ReferencedSecurityGroup {
    fn from(v: &sdk::ReferencedSecurityGroup) -> Self {
        boto!(v => m::ReferencedSecurityGroup { group_id, peering_status, user_id, vpc_id, vpc_peering_connection_id })
    }
}
impl From<&sdk::BlockDeviceMapping> for m::BlockDeviceMapping {
    fn from(v: &sdk::BlockDeviceMapping) -> Self {
        boto!(v => m::BlockDeviceMapping { device_name, virtual_name, ebs: one, no_device })
    }
}
impl From<&sdk::EbsBlockDevice> for m::EbsBlockDevice {
    fn from(v: &sdk::EbsBlockDevice) -> Self {
        boto!(v => m::EbsBlockDevice {
            delete_on_termination, iops, snapshot_id, volume_size, volume_type: str, kms_key_id, throughput, encrypted,
        })
    }
}
impl From<&sdk::LaunchTemplate> for m::LaunchTemplate {
    fn from(v: &sdk::LaunchTemplate) -> Self {
        boto!(v => m::LaunchTemplate {
            create_time: time, created_by, default_version_number, latest_version_number, launch_template_id,
            launch_template_name, tags: each,
        })
    }
}
impl From<&sdk::LaunchTemplateVersion> for m::LaunchTemplateVersion {
    fn from(v: &sdk::LaunchTemplateVersion) -> Self {
        boto!(v => m::LaunchTemplateVersion {
            create_time: time, created_by, default_version, launch_template_data: one, launch_template_id,
            launch_template_name, version_description, version_number,
        })
    }
}
impl From<&sdk::ResponseLaunchTemplateData> for m::ResponseLaunchTemplateData {
    fn from(v: &sdk::ResponseLaunchTemplateData) -> Self {
        boto!(v => m::ResponseLaunchTemplateData {
            kernel_id, ebs_optimized, iam_instance_profile: one, block_device_mappings: each, network_interfaces: each,
            image_id, instance_type: str, key_name, monitoring: one, placement: one, ram_disk_id, disable_api_termination,
            instance_initiated_shutdown_behavior: str, user_data, tag_specifications: each, security_group_ids,
            security_groups, license_specifications: each,
        })
    }
}
impl From<&sdk::LaunchTemplateIamInstanceProfileSpecification> for m::LaunchTemplateIamInstanceProfileSpecification {
    fn from(v: &sdk::LaunchTemplateIamInstanceProfileSpecification) -> Self {
        boto!(v => m::LaunchTemplateIamInstanceProfileSpecification { arn, name })
    }
}
impl From<&sdk::LaunchTemplateBlockDeviceMapping> for m::LaunchTemplateBlockDeviceMapping {
    fn from(v: &sdk::LaunchTemplateBlockDeviceMapping) -> Self {
        boto!(v => m::LaunchTemplateBlockDeviceMapping { device_name, virtual_name, ebs: one, no_device })
    }
}
impl From<&sdk::LaunchTemplateEbsBlockDevice> for m::LaunchTemplateEbsBlockDevice {
    fn from(v: &sdk::LaunchTemplateEbsBlockDevice) -> Self {
        boto!(v => m::LaunchTemplateEbsBlockDevice {
            encrypted, delete_on_termination, iops, kms_key_id, snapshot_id, volume_size, volume_type: str, throughput,
        })
    }
}
impl From<&sdk::LaunchTemplateInstanceNetworkInterfaceSpecification>
    for m::LaunchTemplateInstanceNetworkInterfaceSpecification
{
    fn from(v: &sdk::LaunchTemplateInstanceNetworkInterfaceSpecification) -> Self {
        boto!(v => m::LaunchTemplateInstanceNetworkInterfaceSpecification {
            associate_public_ip_address, delete_on_termination, description, device_index, groups, ipv6_address_count,
            network_interface_id, private_ip_address, secondary_private_ip_address_count, subnet_id, interface_type,
            ipv6_addresses: each,
        })
    }
}
impl From<&sdk::LaunchTemplatesMonitoring> for m::LaunchTemplatesMonitoring {
    fn from(v: &sdk::LaunchTemplatesMonitoring) -> Self {
        boto!(v => m::LaunchTemplatesMonitoring { enabled })
    }
}
impl From<&sdk::LaunchTemplatePlacement> for m::LaunchTemplatePlacement {
    fn from(v: &sdk::LaunchTemplatePlacement) -> Self {
        boto!(v => m::LaunchTemplatePlacement {
            availability_zone, affinity, group_name, host_id, tenancy: str, spread_domain, host_resource_group_arn,
            partition_number,
        })
    }
}
impl From<&sdk::LaunchTemplateTagSpecification> for m::LaunchTemplateTagSpecification {
    fn from(v: &sdk::LaunchTemplateTagSpecification) -> Self {
        boto!(v => m::LaunchTemplateTagSpecification { resource_type: str, tags: each })
    }
}
impl From<&sdk::LaunchTemplateLicenseConfiguration> for m::LaunchTemplateLicenseConfiguration {
    fn from(v: &sdk::LaunchTemplateLicenseConfiguration) -> Self {
        boto!(v => m::LaunchTemplateLicenseConfiguration { license_configuration_arn })
    }
}
impl From<&sdk::NatGateway> for m::NatGateway {
    fn from(v: &sdk::NatGateway) -> Self {
        boto!(v => m::NatGateway { nat_gateway_id, nat_gateway_addresses: each, state: str, subnet_id, vpc_id })
    }
}
impl From<&sdk::NatGatewayAddress> for m::NatGatewayAddress {
    fn from(v: &sdk::NatGatewayAddress) -> Self {
        boto!(v => m::NatGatewayAddress { allocation_id, network_interface_id, private_ip, public_ip })
    }
}
