//! `data.hardware`: vCPUs and memory (GiB) of the instance type.

use serde::Serialize;

use crate::model::ec2::InstanceTypeInfo;

#[derive(Debug, Serialize)]
pub struct Hardware {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub core: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub memory: Option<f64>,
}

/// `{}` for a type DescribeInstanceTypes does not know, as the current collector writes it.
pub fn hardware(instance_type: Option<&InstanceTypeInfo>) -> Hardware {
    let Some(t) = instance_type else { return Hardware { core: None, memory: None } };
    let core = t.v_cpu_info.as_ref().and_then(|v| v.default_v_cpus).unwrap_or(0);
    let mib = t.memory_info.as_ref().and_then(|m| m.size_in_mib).unwrap_or(0);
    Hardware { core: Some(core), memory: Some((mib as f64 / 1024.0 * 100.0).round() / 100.0) }
}
