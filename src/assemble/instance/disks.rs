//! `data.disks`: the EBS volumes of the instance, in DescribeVolumes order (as the current
//! collector lists them).

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::model::ec2::{Instance, Volume};

#[derive(Debug, Serialize)]
pub struct Disk<'a> {
    pub device_index: usize,
    pub device: &'a str,
    pub size: Option<i32>,
    pub tags: DiskTags<'a>,
}

#[derive(Debug, Serialize)]
pub struct DiskTags<'a> {
    pub volume_id: Option<&'a str>,
    pub volume_type: Option<&'a str>,
    pub encrypted: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub iops: Option<i32>,
}

pub fn disks<'a>(instance: &'a Instance, index: &RegionIndex<'a>) -> Vec<Disk<'a>> {
    let instance_id = instance.instance_id.as_deref();
    let mut volumes: Vec<(usize, &Volume)> = instance
        .block_device_mappings
        .iter()
        .flatten()
        .filter_map(|mapping| index.volumes.get(mapping.ebs.as_ref()?.volume_id.as_deref()?).copied())
        .collect();
    volumes.sort_by_key(|(position, _)| *position);
    volumes.dedup_by_key(|(position, _)| *position);
    volumes
        .into_iter()
        .enumerate()
        .map(|(device_index, (_, volume))| {
            // the attachment to this instance: a multi-attach volume has one per instance
            let attachments = volume.attachments.iter().flatten();
            let attachment = attachments.clone().find(|a| a.instance_id.as_deref() == instance_id);
            let device = attachment.or(attachments.clone().next()).and_then(|a| a.device.as_deref());
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

/// The volume type of the instance's root device (the current collector takes the first volume
/// DescribeVolumes lists, which need not be the root: docs/compatibility.md).
pub fn root_volume_type<'a>(instance: &Instance, disks: &[Disk<'a>]) -> Option<&'a str> {
    let root = instance.root_device_name.as_deref();
    let disk = disks.iter().find(|d| Some(d.device) == root).or(disks.first());
    disk.and_then(|d| d.tags.volume_type)
}
