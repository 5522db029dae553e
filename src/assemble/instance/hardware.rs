//! `data.hardware`: vCPUs and memory (GiB) of the instance type.

use serde::Serialize;

use crate::model::ec2::InstanceTypeInfo;

#[derive(Debug, Serialize)]
pub struct Hardware {
    pub core: i32,
    pub memory: f64,
}

pub fn hardware(instance_type: Option<&InstanceTypeInfo>) -> Hardware {
    let core = instance_type.and_then(|t| t.v_cpu_info.as_ref()?.default_v_cpus).unwrap_or(0);
    let mib = instance_type.and_then(|t| t.memory_info.as_ref()?.size_in_mib).unwrap_or(0);
    Hardware { core, memory: (mib as f64 / 1024.0 * 100.0).round() / 100.0 }
}
