//! The EC2 EIP cloud service: one record per Elastic IP address.

use super::cloud_service::{CloudService, Responses};
use super::data::boto_map;
use super::held_back::account_or_held_back;
use super::index::RegionIndex;
use super::links::{cloudtrail, console_link};
use super::record::{each, Record};
use crate::model::{tag_map, tag_value_containing};
use crate::snapshot::{Call, RegionSnapshot};

const CLOUD_SERVICE_TYPE: &str = "EIP";

pub struct Eip;

impl CloudService for Eip {
    fn name(&self) -> &'static str {
        CLOUD_SERVICE_TYPE
    }

    fn owns(&self) -> &'static [Call] {
        &[Call::Addresses, Call::NatGateways]
    }

    fn also_reads(&self) -> &'static [Call] {
        &[Call::Reservations]
    }

    fn definition(&self) -> &'static str {
        include_str!("cloud_service_types/EIP.json")
    }

    fn metrics(&self) -> &'static str {
        include_str!("metrics/EIP.json")
    }

    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a> {
        responses(snapshot, index)
    }
}

fn responses<'a>(snapshot: &'a RegionSnapshot, _index: &'a RegionIndex<'a>) -> Responses<'a> {
    let region = snapshot.region.as_str();
    let account = match account_or_held_back(snapshot, CLOUD_SERVICE_TYPE, snapshot.addresses.len()) {
        Ok(account) => account,
        Err(held_back) => return Box::new(held_back.into_iter()),
    };
    each(
        CLOUD_SERVICE_TYPE,
        region,
        snapshot.addresses.iter(),
        |a| a.allocation_id.as_deref(),
        move |&address| {
            let id = address.allocation_id.as_deref().unwrap_or_default();
            let mut data = boto_map(address);
            if let Some(ip) = address.public_ip.as_deref() {
                if let Some(nat) = nat_gateway_of(snapshot, ip) {
                    data.insert("nat_gateway_id".into(), nat.into());
                }
                // absent when no interface names it (an address on nothing)
                if let Some(dns) = public_dns_of(snapshot, ip) {
                    data.insert("public_dns".into(), dns.into());
                }
            }
            // the current collector says "In-use" for every VPC address, associated or not;
            // an address on nothing is "Unused" here (docs/compatibility.md)
            let status = if address.association_id.is_some() { "In-use" } else { "Unused" };
            data.insert("allocation_status".into(), status.into());
            let name = tag_value_containing(address.tags.as_ref(), "Name").unwrap_or_default();
            data.insert("name".into(), name.into());
            data.insert("cloudtrail".into(), cloudtrail(region, "AWS::EC2::EIP", id));
            let link = console_link(region, &format!("ElasticIpDetails:AllocationId={id}"));
            Ok(Record::new(region, account, id.to_string(), link, data)
                .named(Some(name))
                .tagged(tag_map(address.tags.as_ref())))
        },
    )
}

/// The public DNS name of the first interface whose (primary) association is this address.
fn public_dns_of<'a>(snapshot: &'a RegionSnapshot, ip: &str) -> Option<&'a str> {
    let association = snapshot
        .address_interfaces
        .iter()
        .filter_map(|n| n.association.as_ref())
        .find(|a| a.public_ip.as_deref() == Some(ip))?;
    association.public_dns_name.as_deref().filter(|dns| !dns.is_empty())
}

/// The NAT gateway holding this public IP (on any of its addresses; the current collector looks
/// at each gateway's first address only).
fn nat_gateway_of<'a>(snapshot: &'a RegionSnapshot, ip: &str) -> Option<&'a str> {
    let holds = |g: &&crate::model::ec2::NatGateway| {
        g.nat_gateway_addresses.iter().flatten().any(|a| a.public_ip.as_deref() == Some(ip))
    };
    snapshot.nat_gateways.iter().find(holds)?.nat_gateway_id.as_deref()
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::Eip;

    #[test]
    fn status_public_dns_name_and_nat_gateway_as_the_current_collector_derives_them() {
        let records = crate::assemble::test_records::records(
            &Eip,
            json!({
                "region": "eu-west-1", "account_id": "111122223333",
                "addresses": [
                    {"AllocationId": "eipalloc-1", "AssociationId": "eipassoc-1", "PublicIp": "203.0.113.9",
                     "NetworkInterfaceId": "eni-1", "Tags": [{"Key": "ProjectName", "Value": "atlas"}, {"Key": "Name", "Value": "x"}]},
                    {"AllocationId": "eipalloc-2", "PublicIp": "203.0.113.10", "Tags": [{"Key": "name", "Value": "lower"}]},
                    {"AllocationId": "eipalloc-3", "AssociationId": "eipassoc-3", "PublicIp": "203.0.113.11"}
                ],
                "address_interfaces": [
                    {"NetworkInterfaceId": "eni-1", "Association": {"PublicIp": "203.0.113.9", "PublicDnsName": "ec2-203-0-113-9.example"}}
                ],
                "nat_gateways": [{"NatGatewayId": "nat-1", "NatGatewayAddresses": [
                    {"PublicIp": "198.51.100.1"}, {"PublicIp": "203.0.113.11"}
                ]}]
            }),
        );
        let data: Vec<&Value> = records.iter().map(|r| &r["json_data"]).collect();
        assert_eq!(
            (&data[0]["allocation_status"], &data[0]["public_dns"]),
            (&json!("In-use"), &json!("ec2-203-0-113-9.example"))
        );
        // the first tag whose key contains "Name" names it; "name" does not count, and data.name is always there
        assert_eq!((&records[0]["name"], &data[0]["name"]), (&json!("atlas"), &json!("atlas")));
        assert_eq!((&records[1]["name"], &data[1]["name"]), (&json!(""), &json!("")));
        // not associated: "Unused" (the current collector writes "In-use")
        assert_eq!((&data[1]["allocation_status"], data[1].get("public_dns")), (&json!("Unused"), None));
        assert_eq!(records[1]["account"], "111122223333");
        assert_eq!(records[1]["reference"]["resource_id"], "eipalloc-2");
        // a NAT gateway's secondary address is found too
        assert_eq!((data[0].get("nat_gateway_id"), &data[2]["nat_gateway_id"]), (None, &json!("nat-1")));
        let keys: Vec<&String> = data[2].as_object().unwrap().keys().collect();
        assert_eq!(keys[keys.len() - 4..], ["nat_gateway_id", "allocation_status", "name", "cloudtrail"]);
    }
}
