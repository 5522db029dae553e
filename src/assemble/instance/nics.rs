//! `data.nics`: one entry per network interface, in the instance's order.

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::model::ec2::Instance;

#[derive(Debug, Serialize)]
pub struct Nic<'a> {
    pub ip_addresses: Vec<&'a str>,
    pub device: &'static str,
    pub nic_type: &'a str,
    /// The CIDR of the interface's own subnet (an ENI can sit in another subnet than the
    /// instance's primary one).
    pub cidr: Option<&'a str>,
    pub mac_address: Option<&'a str>,
    pub public_ip_address: &'a str,
    pub tags: NicTags<'a>,
    pub device_index: Option<i32>,
}

#[derive(Debug, Serialize)]
pub struct NicTags<'a> {
    pub public_dns: &'a str,
    pub eni_id: &'a str,
}

pub fn nics<'a>(instance: &'a Instance, index: &RegionIndex<'a>) -> Vec<Nic<'a>> {
    instance
        .network_interfaces
        .iter()
        .flatten()
        .map(|eni| {
            let association = eni.association.as_ref();
            let subnet_id = eni.subnet_id.as_ref().or(instance.subnet_id.as_ref());
            Nic {
                ip_addresses: eni
                    .private_ip_addresses
                    .iter()
                    .flatten()
                    .filter_map(|p| p.private_ip_address.as_deref())
                    .collect(),
                device: "",
                nic_type: eni.interface_type.as_deref().unwrap_or_default(),
                cidr: subnet_id.and_then(|id| index.subnets.get(id.as_str())?.cidr_block.as_deref()),
                mac_address: eni.mac_address.as_deref(),
                public_ip_address: association.and_then(|a| a.public_ip.as_deref()).unwrap_or_default(),
                tags: NicTags {
                    public_dns: association.and_then(|a| a.public_dns_name.as_deref()).unwrap_or_default(),
                    eni_id: eni.network_interface_id.as_deref().unwrap_or_default(),
                },
                device_index: eni.attachment.as_ref().and_then(|a| a.device_index),
            }
        })
        .collect()
}

/// Every private IP of every interface, each once, in interface order.
pub fn ip_addresses(nics: &[Nic<'_>]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for ip in nics.iter().flat_map(|n| &n.ip_addresses) {
        if !out.iter().any(|seen| seen == ip) {
            out.push(ip.to_string());
        }
    }
    out
}
