//! `data.load_balancer`: the ELBv2 load balancers whose target groups register the instance.

use serde::Serialize;

use crate::assemble::index::RegionIndex;
use crate::model::ec2::Instance;

#[derive(Debug, Serialize)]
pub struct LoadBalancerRef<'a> {
    pub endpoint: &'a str,
    #[serde(rename = "type")]
    pub lb_type: Option<&'a str>,
    pub scheme: Option<&'a str>,
    pub name: &'a str,
    /// Protocols and ports of every listener of the load balancer, in listener order.
    pub protocol: Vec<&'a str>,
    pub port: Vec<PortText>,
    pub tags: LoadBalancerTags<'a>,
}

/// A listener's port written as a string (as the current collector writes it), without a String.
#[derive(Debug)]
pub struct PortText(i32);

impl Serialize for PortText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[derive(Debug, Serialize)]
pub struct LoadBalancerTags<'a> {
    pub arn: &'a str,
}

pub fn load_balancers<'a>(instance: &'a Instance, index: &RegionIndex<'a>) -> Vec<LoadBalancerRef<'a>> {
    let Some(instance_id) = instance.instance_id.as_deref() else { return Vec::new() };
    index
        .load_balancers_of(instance_id, instance.private_ip_address.as_deref())
        .into_iter()
        .map(|lb| {
            let arn = lb.load_balancer_arn.as_deref().unwrap_or_default();
            let listeners = index.listeners_of(arn);
            LoadBalancerRef {
                endpoint: lb.dns_name.as_deref().unwrap_or_default(),
                lb_type: lb.r#type.as_deref(),
                scheme: lb.scheme.as_deref(),
                name: lb.load_balancer_name.as_deref().unwrap_or_default(),
                protocol: listeners.iter().filter_map(|l| l.protocol.as_deref()).collect(),
                port: listeners.iter().filter_map(|l| l.port.map(PortText)).collect(),
                tags: LoadBalancerTags { arn },
            }
        })
        .collect()
}
