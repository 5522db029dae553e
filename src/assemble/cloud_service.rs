//! The EC2 cloud service types: one trait, one list. Each type says once its name, the calls of a
//! region snapshot it owns (a failed one is reported as its FAILURE) and those of other types its
//! records read too, its definition files and how a snapshot becomes its records. What else lists the types is derived from
//! `CLOUD_SERVICES`: the calls a collect makes, the CloudServiceType, Namespace and Metric
//! responses, the options schema's enum, the parsing of `cloud_service_types`, `json_metadata`,
//! the Python-visible `_core.CLOUD_SERVICE_TYPES`.

use super::auto_scaling_group::AutoScalingGroup;
use super::eip::Eip;
use super::image::Ami;
use super::index::RegionIndex;
use super::instance::Instance;
use super::launch_template::LaunchTemplate;
use super::response::Response;
use super::security_group::SecurityGroup;
use super::snapshot::Snapshot;
use super::volume::Volume;
use crate::error::{Error, Result};
use crate::snapshot::{Call, RegionSnapshot};

/// A type's responses in a region, built one at a time as the stream reaches them.
pub type Responses<'a> = Box<dyn Iterator<Item = Response> + 'a>;

/// One EC2 cloud service type.
pub trait CloudService: Sync {
    /// Its `cloud_service_type`, e.g. "Volume".
    fn name(&self) -> &'static str;
    /// The calls of a region snapshot that mainly feed its records: a failed one is reported as
    /// its FAILURE. Every call has one owner.
    fn owns(&self) -> &'static [Call];
    /// The calls owned by other types that its records read too (a call two types read is made
    /// once); when their owner is not collected, the first collected type that reads a failed one
    /// reports it.
    fn also_reads(&self) -> &'static [Call] {
        &[]
    }
    /// The call made once per record of the type, if there is one (Instance: its termination
    /// protection; Volume: its product codes): the slowest part of a region, so a collect
    /// streams the type's records as that call's answers arrive (`RegionIndex::due`).
    fn per_record(&self) -> Option<Call> {
        None
    }
    /// Its CloudServiceType (definition and console layout), as JSON.
    fn definition(&self) -> &'static str;
    /// Its Namespace and Metrics, as JSON.
    fn metrics(&self) -> &'static str;
    /// Its responses in a region: a record per resource, or a FAILURE naming the resource that
    /// cannot be assembled (the others go on), or one FAILURE when its records are held back;
    /// of a type with a per-record call, only the records `index.due`.
    fn responses<'a>(&self, snapshot: &'a RegionSnapshot, index: &'a RegionIndex<'a>) -> Responses<'a>;
}

/// Every type, in the order the current collector emits its CloudServiceTypes; records stream
/// in this order too.
pub static CLOUD_SERVICES: &[&dyn CloudService] =
    &[&Ami, &LaunchTemplate, &AutoScalingGroup, &Eip, &Instance, &SecurityGroup, &Volume, &Snapshot];

/// Every type's name, in `CLOUD_SERVICES` order.
pub fn names() -> Vec<&'static str> {
    CLOUD_SERVICES.iter().map(|t| t.name()).collect()
}

/// The types named, in `CLOUD_SERVICES` order.
pub fn selected<'a>(names: &'a [&str]) -> impl Iterator<Item = &'static dyn CloudService> + 'a {
    CLOUD_SERVICES.iter().copied().filter(move |t| names.contains(&t.name()))
}

/// The calls the named types read.
pub fn reads(names: &[&str]) -> Vec<Call> {
    selected(names).flat_map(|t| t.owns().iter().chain(t.also_reads())).copied().collect()
}

/// The type a failed `call` is reported under in a collect of the named types.
pub fn reported_under(call: Call, names: &[&str]) -> &'static str {
    let owner = CLOUD_SERVICES.iter().find(|t| t.owns().contains(&call)).map_or(Instance.name(), |t| t.name());
    if names.contains(&owner) {
        return owner;
    }
    selected(names).find(|t| t.also_reads().contains(&call)).map_or(owner, |t| t.name())
}

/// `given` as type names, each once, in the order given; `field` names the list in the error
/// (`options.cloud_service_types` gives `options.cloud_service_types[1]`).
pub fn parse(given: &[String], field: &str) -> Result<Vec<&'static str>> {
    let mut types: Vec<&'static str> = Vec::new();
    for (i, name) in given.iter().enumerate() {
        let known = CLOUD_SERVICES.iter().map(|t| t.name()).find(|t| t == name).ok_or_else(|| {
            let known = names().join(", ");
            Error::invalid(format!("{field}[{i}]"), format!("unknown type {name:?}; known: {known}"))
        })?;
        if !types.contains(&known) {
            types.push(known);
        }
    }
    Ok(types)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_call_read_has_one_owner() {
        let owned: Vec<Call> = CLOUD_SERVICES.iter().flat_map(|t| t.owns().iter().copied()).collect();
        for call in reads(&names()) {
            assert_eq!(owned.iter().filter(|c| **c == call).count(), 1, "{call:?} needs exactly one owner");
        }
        for t in CLOUD_SERVICES {
            assert!(t.also_reads().iter().all(|c| !t.owns().contains(c)), "{} lists a call twice", t.name());
        }
    }

    #[test]
    fn a_failed_call_is_reported_under_its_owner_or_the_collected_type_that_reads_it() {
        // DescribeImages(Owners=self) feeds the AMI records, not the instances'
        assert_eq!(reported_under(Call::OwnedImages, &names()), "AMI");
        assert_eq!(reported_under(Call::Vpcs, &names()), "Instance");
        assert_eq!(reported_under(Call::Vpcs, &["Volume", "SecurityGroup"]), "SecurityGroup");
        assert_eq!(reported_under(Call::Addresses, &["EIP"]), "EIP");
    }

    #[test]
    fn types_are_parsed_once_each_naming_the_unknown_one() {
        let given = ["Volume".to_string(), "Instance".to_string(), "Volume".to_string()];
        assert_eq!(parse(&given, "options.cloud_service_types").unwrap(), ["Volume", "Instance"]);
        let err = parse(&["Instance".into(), "EBS".into()], "cloud_service_types").unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { ref field, .. } if field == "cloud_service_types[1]"));
    }
}
