//! `data.disks`: the EBS volumes of the instance, in block-device-mapping order.

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::model::ec2::Instance;

#[derive(Debug, Serialize)]
pub struct Disk<'a> {
    pub device_index: usize,
    pub device: &'a str,
    pub size: Option<i32>,
    pub tags: DiskTags<'a>,
}

#[derive(Debug, Serialize)]
pub struct DiskTags<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub volume_type: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<i32>,
}

pub fn disks<'a>(instance: &'a Instance, index: &RegionIndex<'a>) -> Vec<Disk<'a>> {
    let instance_id = instance.instance_id.as_deref();
    instance
        .block_device_mappings
        .iter()
        .flatten()
        .filter_map(|mapping| {
            let volume = index.volumes.get(mapping.ebs.as_ref()?.volume_id.as_deref()?)?;
            Some((mapping, volume))
        })
        .enumerate()
        .map(|(device_index, (mapping, volume))| {
            // the attachment to this instance: a multi-attach volume has one per instance
            let attachment = volume.attachments.iter().flatten().find(|a| a.instance_id.as_deref() == instance_id);
            let device = attachment.and_then(|a| a.device.as_deref()).or(mapping.device_name.as_deref());
            Disk {
                device_index,
                device: device.unwrap_or_default(),
                size: volume.size,
                tags: DiskTags {
                    volume_id: volume.volume_id.as_deref(),
                    volume_type: volume.volume_type.as_deref(),
                    encrypted: volume.encrypted,
                    iops: volume.iops,
                },
            }
        })
        .collect()
}
