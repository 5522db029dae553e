//! The EC2 EIP cloud service: one record per Elastic IP address.

use std::collections::HashMap;

use super::index::RegionIndex;
use super::record::{cloudtrail, console_link, each, named_data, Record};
use super::response::Response;
use crate::model::tag_map;
use crate::snapshot::RegionSnapshot;

pub const CLOUD_SERVICE_TYPE: &str = "EIP";

pub fn responses(snapshot: &RegionSnapshot, _index: &RegionIndex<'_>) -> Vec<Response> {
    let (region, account) = (snapshot.region.as_str(), snapshot.account());
    let public_dns = public_dns_names(snapshot);
    let nat_gateways = nat_gateways_by_allocation(snapshot);
    each(
        &snapshot.addresses,
        CLOUD_SERVICE_TYPE,
        region,
        |a| a.allocation_id.as_deref(),
        |address| {
            let id = address.allocation_id.as_deref().unwrap_or_default();
            let (name, mut data) = named_data(address, address.tags.as_ref());
            // absent unless on an instance's interface, as the current collector's nat_gateway_id is
            if let Some(dns) = address.public_ip.as_deref().and_then(|ip| public_dns.get(ip)) {
                data.insert("public_dns".into(), (*dns).into());
            }
            if let Some(nat) = address.allocation_id.as_deref().and_then(|a| nat_gateways.get(a)) {
                data.insert("nat_gateway_id".into(), (*nat).into());
            }
            let status = if address.association_id.is_some() { "In-use" } else { "Available" };
            data.insert("allocation_status".into(), status.into());
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::EC2::EIP", id));
            let link = console_link(region, &format!("ElasticIpDetails:AllocationId={id}"));
            Ok(Record::new(region, account, id.to_string(), link, data)
                .named(name)
                .tagged(tag_map(address.tags.as_ref())))
        },
    )
}

/// The public DNS name of each public IP associated with an instance's interface (its primary
/// or a secondary private IP).
fn public_dns_names(snapshot: &RegionSnapshot) -> HashMap<&str, &str> {
    let instances = snapshot.reservations.iter().flat_map(|r| r.instances.iter().flatten());
    let interfaces = instances.flat_map(|i| i.network_interfaces.iter().flatten());
    let associations = interfaces.flat_map(|n| {
        let secondary = n.private_ip_addresses.iter().flatten().filter_map(|p| p.association.as_ref());
        n.association.iter().chain(secondary)
    });
    associations.filter_map(|a| Some((a.public_ip.as_deref()?, a.public_dns_name.as_deref()?))).collect()
}

/// The NAT gateway that holds each Elastic IP allocation.
fn nat_gateways_by_allocation(snapshot: &RegionSnapshot) -> HashMap<&str, &str> {
    let held = snapshot.nat_gateways.iter().flat_map(|g| {
        g.nat_gateway_addresses
            .iter()
            .flatten()
            .filter_map(|a| Some((a.allocation_id.as_deref()?, g.nat_gateway_id.as_deref()?)))
    });
    held.collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::responses;

    #[test]
    fn status_public_dns_and_nat_gateway_come_from_the_associations() {
        let records = crate::assemble::test_records::records(
            responses,
            json!({
                "region": "eu-west-1", "account_id": "111122223333",
                "addresses": [
                    {"AllocationId": "eipalloc-1", "AssociationId": "eipassoc-1", "PublicIp": "203.0.113.9"},
                    {"AllocationId": "eipalloc-2", "PublicIp": "203.0.113.10", "Tags": [{"Key": "Name", "Value": "spare"}]}
                ],
                "reservations": [{"Instances": [{"InstanceId": "i-1", "NetworkInterfaces": [{"PrivateIpAddresses": [
                    {"PrivateIpAddress": "10.0.0.5"},
                    {"PrivateIpAddress": "10.0.0.6",
                     "Association": {"PublicIp": "203.0.113.9", "PublicDnsName": "ec2-203-0-113-9.example"}}
                ]}]}]}],
                "nat_gateways": [{"NatGatewayId": "nat-1", "NatGatewayAddresses": [{"AllocationId": "eipalloc-2"}]}]
            }),
        );
        let data: Vec<&Value> = records.iter().map(|r| &r["json_data"]).collect();
        assert_eq!(
            (&data[0]["allocation_status"], &data[0]["public_dns"]),
            (&json!("In-use"), &json!("ec2-203-0-113-9.example"))
        );
        assert_eq!((&data[1]["allocation_status"], data[1].get("public_dns")), (&json!("Available"), None));
        assert_eq!(
            (&records[1]["name"], &data[1]["name"], &records[1]["account"]),
            (&json!("spare"), &json!("spare"), &json!("111122223333"))
        );
        assert_eq!(records[1]["reference"]["resource_id"], "eipalloc-2");
        assert_eq!((data[0].get("nat_gateway_id"), &data[1]["nat_gateway_id"]), (None, &json!("nat-1")));
    }
}
