//! Systems Manager shapes (DescribeInstanceInformation).

shape! {
    pub struct InstanceInformation {
        instance_id: String,
        ping_status: String,
        agent_version: String,
        platform_type: String,
        platform_name: String,
        platform_version: String,
        resource_type: String,
        computer_name: String,
        #[serde(rename = "IPAddress")]
        ip_address: String,
    }
}
