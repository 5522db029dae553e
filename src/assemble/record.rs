//! A record: what one resource becomes (a Record, then a CloudService response), and the one
//! way a type builds its records, one per item, lazily, each on its own (one that fails or panics
//! is one FAILURE naming it, the others go on).

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::OnceLock;

use serde_json::{json, Map, Value};

use super::cloud_service::{Responses, CLOUD_SERVICES};
use super::panic_message;
use super::response::{CloudServiceRecord, Reference, Response, GROUP, PROVIDER};
use crate::error::{Error, Result};

/// One resource's record, before it becomes a CloudServiceRecord: the shape every type but
/// Instance builds.
pub struct Record {
    pub name: String,
    pub account: String,
    pub region: String,
    pub resource_id: String,
    pub external_link: String,
    pub instance_type: Option<String>,
    pub instance_size: Option<f64>,
    pub tags: Map<String, Value>,
    pub data: Map<String, Value>,
}

impl Record {
    /// A record without a name, tags or size, which the type adds when it has them.
    pub fn new(
        region: &str,
        account: &str,
        resource_id: String,
        external_link: String,
        data: Map<String, Value>,
    ) -> Self {
        Record {
            name: String::new(),
            account: account.to_string(),
            region: region.to_string(),
            resource_id,
            external_link,
            instance_type: None,
            instance_size: None,
            tags: Map::new(),
            data,
        }
    }

    pub fn named(mut self, name: Option<&str>) -> Self {
        self.name = name.unwrap_or_default().to_string();
        self
    }

    pub fn tagged(mut self, tags: Map<String, Value>) -> Self {
        self.tags = tags;
        self
    }

    pub fn sized(mut self, instance_type: Option<String>, instance_size: Option<f64>) -> Self {
        (self.instance_type, self.instance_size) = (instance_type, instance_size);
        self
    }
}

/// What a type's build makes of one item: a Record, or (Instance) the whole CloudServiceRecord.
pub trait IntoRecord {
    fn into_record(self, cloud_service_type: &'static str) -> Result<CloudServiceRecord>;
}

impl IntoRecord for CloudServiceRecord {
    fn into_record(self, _: &'static str) -> Result<CloudServiceRecord> {
        Ok(self)
    }
}

impl IntoRecord for Record {
    fn into_record(self, cloud_service_type: &'static str) -> Result<CloudServiceRecord> {
        let json_data = serde_json::to_string(&self.data)
            .map_err(|e| Error::Internal(format!("{cloud_service_type} {}: {e}", self.resource_id)))?;
        Ok(CloudServiceRecord {
            name: self.name,
            account: self.account,
            instance_type: self.instance_type,
            instance_size: self.instance_size,
            region_code: self.region,
            ip_addresses: Vec::new(),
            tags: self.tags,
            reference: Reference { resource_id: self.resource_id, external_link: self.external_link },
            json_data,
            json_metadata: json_metadata(cloud_service_type),
            cloud_service_type,
            cloud_service_group: GROUP,
            provider: PROVIDER,
        })
    }
}

/// One response per item, built when the stream reaches it: its record, or a FAILURE naming it
/// (`id`) when it cannot be built or its build panics.
pub fn each<'a, T: 'a, R: IntoRecord>(
    cloud_service_type: &'static str,
    region: &'a str,
    items: impl Iterator<Item = T> + 'a,
    id: impl Fn(&T) -> Option<&str> + 'a,
    build: impl Fn(&T) -> Result<R> + 'a,
) -> Responses<'a> {
    Box::new(items.map(move |item| {
        let built = catch_unwind(AssertUnwindSafe(|| build(&item)?.into_record(cloud_service_type)))
            .unwrap_or_else(|panic| Err(Error::Internal(panic_message(&panic))));
        built
            .map(Response::cloud_service)
            .unwrap_or_else(|error| Response::failure(cloud_service_type, Some(region), id(&item), &error))
    }))
}

/// `json_metadata` of a type's records: the layout lives in its CloudServiceType.
pub fn json_metadata(cloud_service_type: &'static str) -> &'static str {
    static METADATA: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    let all = METADATA.get_or_init(|| {
        CLOUD_SERVICES
            .iter()
            .map(|t| t.name())
            .map(|t| {
                let reference = json!({"view": {"sub_data": {"reference": {
                    "resource_type": "inventory.CloudServiceType",
                    "options": {"provider": PROVIDER, "cloud_service_group": GROUP, "cloud_service_type": t},
                }}}});
                (t, &*Box::leak(reference.to_string().into_boxed_str()))
            })
            .collect()
    });
    all.get(cloud_service_type).copied().unwrap_or("{}")
}
