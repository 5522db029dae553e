//! EC2 shapes (DescribeInstances, DescribeInstanceTypes, DescribeImages, DescribeVolumes,
//! DescribeSecurityGroups, DescribeVpcs, DescribeSubnets).

use super::Tag;

shape! {
    pub struct Reservation {
        reservation_id: String,
        owner_id: String,
        requester_id: String,
        groups: Vec<GroupIdentifier>,
        instances: Vec<Instance>,
    }
}

shape! {
    pub struct Instance {
        ami_launch_index: i32,
        image_id: String,
        instance_id: String,
        instance_type: String,
        kernel_id: String,
        key_name: String,
        launch_time: String,
        monitoring: Monitoring,
        placement: Placement,
        platform: String,
        private_dns_name: String,
        private_ip_address: String,
        public_dns_name: String,
        public_ip_address: String,
        ramdisk_id: String,
        state: InstanceState,
        state_transition_reason: String,
        subnet_id: String,
        vpc_id: String,
        architecture: String,
        block_device_mappings: Vec<InstanceBlockDeviceMapping>,
        client_token: String,
        ebs_optimized: bool,
        ena_support: bool,
        hypervisor: String,
        iam_instance_profile: IamInstanceProfile,
        instance_lifecycle: String,
        elastic_gpu_associations: Vec<ElasticGpuAssociation>,
        elastic_inference_accelerator_associations: Vec<ElasticInferenceAcceleratorAssociation>,
        network_interfaces: Vec<InstanceNetworkInterface>,
        outpost_arn: String,
        root_device_name: String,
        root_device_type: String,
        security_groups: Vec<GroupIdentifier>,
        source_dest_check: bool,
        spot_instance_request_id: String,
        sriov_net_support: String,
        state_reason: StateReason,
        tags: Vec<Tag>,
        virtualization_type: String,
        cpu_options: CpuOptions,
        capacity_reservation_id: String,
        capacity_reservation_specification: CapacityReservationSpecificationResponse,
        hibernation_options: HibernationOptions,
        enclave_options: EnclaveOptions,
        boot_mode: String,
        platform_details: String,
        usage_operation: String,
        usage_operation_update_time: String,
        ipv6_address: String,
        tpm_support: String,
        maintenance_options: InstanceMaintenanceOptions,
        current_instance_boot_mode: String,
    }
}

shape! { pub struct Monitoring { state: String } }
shape! { pub struct InstanceState { code: i32, name: String } }
shape! { pub struct StateReason { code: String, message: String } }
shape! { pub struct GroupIdentifier { group_name: String, group_id: String } }
shape! { pub struct IamInstanceProfile { arn: String, id: String } }
shape! { pub struct CpuOptions { core_count: i32, threads_per_core: i32 } }
shape! { pub struct HibernationOptions { configured: bool } }
shape! { pub struct EnclaveOptions { enabled: bool } }
shape! { pub struct InstanceMaintenanceOptions { auto_recovery: String } }

shape! {
    pub struct Placement {
        availability_zone: String,
        affinity: String,
        group_name: String,
        partition_number: i32,
        host_id: String,
        tenancy: String,
        spread_domain: String,
        host_resource_group_arn: String,
        group_id: String,
        availability_zone_id: String,
    }
}

shape! {
    pub struct CapacityReservationSpecificationResponse {
        capacity_reservation_preference: String,
        capacity_reservation_target: CapacityReservationTargetResponse,
    }
}
shape! {
    pub struct CapacityReservationTargetResponse {
        capacity_reservation_id: String,
        capacity_reservation_resource_group_arn: String,
    }
}
shape! {
    pub struct ElasticGpuAssociation {
        elastic_gpu_id: String,
        elastic_gpu_association_id: String,
        elastic_gpu_association_state: String,
        elastic_gpu_association_time: String,
    }
}
shape! {
    pub struct ElasticInferenceAcceleratorAssociation {
        elastic_inference_accelerator_arn: String,
        elastic_inference_accelerator_association_id: String,
        elastic_inference_accelerator_association_state: String,
        elastic_inference_accelerator_association_time: String,
    }
}

shape! {
    pub struct InstanceBlockDeviceMapping { device_name: String, ebs: EbsInstanceBlockDevice }
}
shape! {
    pub struct EbsInstanceBlockDevice {
        attach_time: String,
        delete_on_termination: bool,
        status: String,
        volume_id: String,
    }
}

shape! {
    pub struct InstanceNetworkInterface {
        association: InstanceNetworkInterfaceAssociation,
        attachment: InstanceNetworkInterfaceAttachment,
        description: String,
        groups: Vec<GroupIdentifier>,
        ipv6_addresses: Vec<InstanceIpv6Address>,
        mac_address: String,
        network_interface_id: String,
        owner_id: String,
        private_dns_name: String,
        private_ip_address: String,
        private_ip_addresses: Vec<InstancePrivateIpAddress>,
        source_dest_check: bool,
        status: String,
        subnet_id: String,
        vpc_id: String,
        interface_type: String,
    }
}
shape! {
    pub struct InstanceNetworkInterfaceAssociation {
        carrier_ip: String,
        customer_owned_ip: String,
        ip_owner_id: String,
        public_dns_name: String,
        public_ip: String,
    }
}
shape! {
    pub struct InstanceNetworkInterfaceAttachment {
        attach_time: String,
        attachment_id: String,
        delete_on_termination: bool,
        device_index: i32,
        status: String,
        network_card_index: i32,
    }
}
shape! { pub struct InstanceIpv6Address { ipv6_address: String } }
shape! {
    pub struct InstancePrivateIpAddress {
        association: InstanceNetworkInterfaceAssociation,
        primary: bool,
        private_dns_name: String,
        private_ip_address: String,
    }
}

shape! {
    pub struct InstanceTypeInfo {
        instance_type: String,
        v_cpu_info: VCpuInfo,
        memory_info: MemoryInfo,
    }
}
shape! {
    pub struct VCpuInfo {
        default_v_cpus: i32,
        default_cores: i32,
        default_threads_per_core: i32,
    }
}
shape! {
    pub struct MemoryInfo {
        #[serde(rename = "SizeInMiB")]
        size_in_mib: i64,
    }
}

shape! {
    pub struct Image {
        architecture: String,
        creation_date: String,
        image_id: String,
        image_location: String,
        image_type: String,
        public: bool,
        owner_id: String,
        platform: String,
        platform_details: String,
        usage_operation: String,
        state: String,
        description: String,
        ena_support: bool,
        hypervisor: String,
        name: String,
        root_device_name: String,
        root_device_type: String,
        sriov_net_support: String,
        tags: Vec<Tag>,
        virtualization_type: String,
        block_device_mappings: Vec<BlockDeviceMapping>,
        state_reason: StateReason,
        image_owner_alias: String,
        boot_mode: String,
        tpm_support: String,
        deprecation_time: String,
        imds_support: String,
        kernel_id: String,
        ramdisk_id: String,
    }
}
shape! {
    pub struct BlockDeviceMapping { device_name: String, virtual_name: String, ebs: EbsBlockDevice, no_device: String }
}
shape! {
    pub struct EbsBlockDevice {
        delete_on_termination: bool,
        iops: i32,
        snapshot_id: String,
        volume_size: i32,
        volume_type: String,
        kms_key_id: String,
        throughput: i32,
        encrypted: bool,
    }
}

shape! {
    pub struct Volume {
        attachments: Vec<VolumeAttachment>,
        availability_zone: String,
        create_time: String,
        encrypted: bool,
        kms_key_id: String,
        outpost_arn: String,
        size: i32,
        snapshot_id: String,
        state: String,
        volume_id: String,
        iops: i32,
        tags: Vec<Tag>,
        volume_type: String,
        fast_restored: bool,
        multi_attach_enabled: bool,
        throughput: i32,
    }
}
shape! {
    pub struct VolumeAttachment {
        attach_time: String,
        device: String,
        instance_id: String,
        state: String,
        volume_id: String,
        delete_on_termination: bool,
    }
}

shape! {
    pub struct SecurityGroup {
        description: String,
        group_name: String,
        ip_permissions: Vec<IpPermission>,
        owner_id: String,
        group_id: String,
        ip_permissions_egress: Vec<IpPermission>,
        tags: Vec<Tag>,
        vpc_id: String,
        security_group_arn: String,
    }
}
shape! {
    pub struct IpPermission {
        from_port: i32,
        ip_protocol: String,
        ip_ranges: Vec<IpRange>,
        ipv6_ranges: Vec<Ipv6Range>,
        prefix_list_ids: Vec<PrefixListId>,
        to_port: i32,
        user_id_group_pairs: Vec<UserIdGroupPair>,
    }
}
shape! { pub struct IpRange { cidr_ip: String, description: String } }
shape! { pub struct Ipv6Range { cidr_ipv6: String, description: String } }
shape! { pub struct PrefixListId { description: String, prefix_list_id: String } }
shape! {
    pub struct UserIdGroupPair {
        description: String,
        group_id: String,
        group_name: String,
        peering_status: String,
        user_id: String,
        vpc_id: String,
        vpc_peering_connection_id: String,
    }
}

shape! {
    pub struct Vpc {
        cidr_block: String,
        dhcp_options_id: String,
        state: String,
        vpc_id: String,
        owner_id: String,
        instance_tenancy: String,
        is_default: bool,
        tags: Vec<Tag>,
    }
}

shape! {
    pub struct Subnet {
        availability_zone: String,
        availability_zone_id: String,
        available_ip_address_count: i32,
        cidr_block: String,
        default_for_az: bool,
        map_public_ip_on_launch: bool,
        state: String,
        subnet_id: String,
        vpc_id: String,
        owner_id: String,
        subnet_arn: String,
        tags: Vec<Tag>,
    }
}

shape! {
    pub struct Snapshot {
        data_encryption_key_id: String,
        description: String,
        encrypted: bool,
        kms_key_id: String,
        owner_id: String,
        progress: String,
        snapshot_id: String,
        start_time: String,
        state: String,
        state_message: String,
        volume_id: String,
        volume_size: i32,
        owner_alias: String,
        outpost_arn: String,
        tags: Vec<Tag>,
        storage_tier: String,
        restore_expiry_time: String,
        sse_type: String,
        availability_zone: String,
        completion_time: String,
    }
}

shape! {
    /// DescribeVolumeAttribute(productCodes).
    pub struct VolumeAttribute { product_codes: Vec<ProductCode>, volume_id: String }
}
shape! { pub struct ProductCode { product_code_id: String, product_code_type: String } }

shape! {
    pub struct Address {
        instance_id: String,
        public_ip: String,
        allocation_id: String,
        association_id: String,
        domain: String,
        network_interface_id: String,
        network_interface_owner_id: String,
        private_ip_address: String,
        tags: Vec<Tag>,
        public_ipv4_pool: String,
        network_border_group: String,
        customer_owned_ip: String,
        customer_owned_ipv4_pool: String,
        carrier_ip: String,
    }
}

shape! {
    pub struct SecurityGroupRule {
        security_group_rule_id: String,
        group_id: String,
        group_owner_id: String,
        is_egress: bool,
        ip_protocol: String,
        from_port: i32,
        to_port: i32,
        cidr_ipv4: String,
        cidr_ipv6: String,
        prefix_list_id: String,
        referenced_group_info: ReferencedSecurityGroup,
        description: String,
        tags: Vec<Tag>,
        security_group_rule_arn: String,
    }
}
shape! {
    pub struct ReferencedSecurityGroup {
        group_id: String,
        peering_status: String,
        user_id: String,
        vpc_id: String,
        vpc_peering_connection_id: String,
    }
}

shape! {
    pub struct LaunchTemplate {
        create_time: String,
        created_by: String,
        default_version_number: i64,
        latest_version_number: i64,
        launch_template_id: String,
        launch_template_name: String,
        tags: Vec<Tag>,
    }
}
shape! {
    pub struct LaunchTemplateVersion {
        create_time: String,
        created_by: String,
        default_version: bool,
        launch_template_data: ResponseLaunchTemplateData,
        launch_template_id: String,
        launch_template_name: String,
        version_description: String,
        version_number: i64,
    }
}
shape! {
    /// The parts of a template's data the console shows.
    pub struct ResponseLaunchTemplateData {
        kernel_id: String,
        ebs_optimized: bool,
        iam_instance_profile: LaunchTemplateIamInstanceProfileSpecification,
        block_device_mappings: Vec<LaunchTemplateBlockDeviceMapping>,
        network_interfaces: Vec<LaunchTemplateInstanceNetworkInterfaceSpecification>,
        image_id: String,
        instance_type: String,
        key_name: String,
        monitoring: LaunchTemplatesMonitoring,
        placement: LaunchTemplatePlacement,
        ram_disk_id: String,
        disable_api_termination: bool,
        instance_initiated_shutdown_behavior: String,
        user_data: String,
        tag_specifications: Vec<LaunchTemplateTagSpecification>,
        security_group_ids: Vec<String>,
        security_groups: Vec<String>,
        license_specifications: Vec<LaunchTemplateLicenseConfiguration>,
    }
}
shape! { pub struct LaunchTemplateIamInstanceProfileSpecification { arn: String, name: String } }
shape! {
    pub struct LaunchTemplateBlockDeviceMapping {
        device_name: String,
        virtual_name: String,
        ebs: LaunchTemplateEbsBlockDevice,
        no_device: String,
    }
}
shape! {
    pub struct LaunchTemplateEbsBlockDevice {
        encrypted: bool,
        delete_on_termination: bool,
        iops: i32,
        kms_key_id: String,
        snapshot_id: String,
        volume_size: i32,
        volume_type: String,
        throughput: i32,
    }
}
shape! {
    pub struct LaunchTemplateInstanceNetworkInterfaceSpecification {
        associate_public_ip_address: bool,
        delete_on_termination: bool,
        description: String,
        device_index: i32,
        groups: Vec<String>,
        ipv6_address_count: i32,
        network_interface_id: String,
        private_ip_address: String,
        secondary_private_ip_address_count: i32,
        subnet_id: String,
        interface_type: String,
        ipv6_addresses: Vec<InstanceIpv6Address>,
    }
}
shape! { pub struct LaunchTemplatesMonitoring { enabled: bool } }
shape! {
    pub struct LaunchTemplatePlacement {
        availability_zone: String,
        affinity: String,
        group_name: String,
        host_id: String,
        tenancy: String,
        spread_domain: String,
        #[serde(rename = "HostResourceGroupArn")]
        host_resource_group_arn: String,
        partition_number: i32,
    }
}
shape! { pub struct LaunchTemplateTagSpecification { resource_type: String, tags: Vec<Tag> } }
shape! { pub struct LaunchTemplateLicenseConfiguration { license_configuration_arn: String } }

shape! {
    pub struct NatGateway {
        nat_gateway_id: String,
        nat_gateway_addresses: Vec<NatGatewayAddress>,
        state: String,
        subnet_id: String,
        vpc_id: String,
    }
}
shape! {
    pub struct NatGatewayAddress {
        allocation_id: String,
        network_interface_id: String,
        private_ip: String,
        public_ip: String,
    }
}

shape! {
    pub struct LaunchPermission { group: String, user_id: String, organization_arn: String, organizational_unit_arn: String }
}

// The part of DescribeNetworkInterfaces the EIP records read.
shape! {
    pub struct NetworkInterface { network_interface_id: String, association: NetworkInterfaceAssociation }
}
shape! { pub struct NetworkInterfaceAssociation { public_ip: String, public_dns_name: String } }
