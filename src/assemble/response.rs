//! The responses a collect yields, in the shape the plugin server's `collect` accepts
//! (`ResourceResponse`): state, resource_type, match_keys and one payload.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::error::{neutralise, AwsFailure, Error};

pub const PROVIDER: &str = "aws";
pub const GROUP: &str = "EC2";

const CLOUD_SERVICE_MATCH_KEYS: &[&[&str]] =
    &[&["reference.resource_id", "provider", "cloud_service_type", "cloud_service_group", "account"]];
const CLOUD_SERVICE_TYPE_MATCH_KEYS: &[&[&str]] = &[&["name", "group", "provider"]];
const REGION_MATCH_KEYS: &[&[&str]] = &[&["provider", "region_code"]];

#[derive(Debug, Clone, Serialize)]
pub struct Response {
    pub state: &'static str,
    pub resource_type: &'static str,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub match_keys: &'static [&'static [&'static str]],
    #[serde(flatten)]
    pub payload: Payload,
}

#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum Payload {
    CloudService { cloud_service: CloudServiceRecord },
    CloudServiceType { cloud_service_type: Value },
    Region { region: Value },
    Namespace { namespace: Value },
    Metric { metric: Value },
    Failure { error_message: String, error_data: ErrorData },
}

/// A CloudService record; the fields the plugin server's model has and we set (it fills the
/// others with its defaults, as it does for the current collector).
#[derive(Debug, Clone, Serialize)]
pub struct CloudServiceRecord {
    pub name: String,
    pub account: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance_size: Option<f64>,
    pub region_code: String,
    pub ip_addresses: Vec<String>,
    pub tags: Map<String, Value>,
    pub reference: Reference,
    /// `data` as a JSON string: a protobuf Struct would turn every integer into a double.
    pub json_data: String,
    pub json_metadata: &'static str,
    pub cloud_service_type: &'static str,
    pub cloud_service_group: &'static str,
    pub provider: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct Reference {
    pub resource_id: String,
    pub external_link: String,
}

/// What a FAILURE response is about, so the job error in Inventory says where to look.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ErrorData {
    pub provider: &'static str,
    pub cloud_service_group: &'static str,
    pub cloud_service_type: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub region_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub operation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
}

impl Response {
    pub fn cloud_service(cloud_service: CloudServiceRecord) -> Self {
        Self::success("inventory.CloudService", CLOUD_SERVICE_MATCH_KEYS, Payload::CloudService { cloud_service })
    }

    pub fn cloud_service_type(cloud_service_type: Value) -> Self {
        Self::success(
            "inventory.CloudServiceType",
            CLOUD_SERVICE_TYPE_MATCH_KEYS,
            Payload::CloudServiceType { cloud_service_type },
        )
    }

    pub fn namespace(namespace: Value) -> Self {
        Self::success("inventory.Namespace", &[], Payload::Namespace { namespace })
    }

    pub fn metric(metric: Value) -> Self {
        Self::success("inventory.Metric", &[], Payload::Metric { metric })
    }

    pub fn region(region: Value) -> Self {
        Self::success("inventory.Region", REGION_MATCH_KEYS, Payload::Region { region })
    }

    /// A failure about one cloud service type, optionally one resource of it.
    pub fn failure(
        cloud_service_type: &'static str,
        region: Option<&str>,
        resource_id: Option<&str>,
        error: &Error,
    ) -> Self {
        // every FAILURE has a code: AWS's, the cause's (aws::errors), or the plugin's own
        let (operation, code) = match error {
            Error::Aws(AwsFailure { operation, code, .. }) => (Some(operation.clone()), code.clone()),
            Error::InvalidArgument { .. } => (None, Some("InvalidArgument".to_string())),
            Error::Internal(_) => (None, Some("Internal".to_string())),
        };
        // the id and the error may quote AWS's answers: one printable line, whatever they hold
        let error_message = neutralise(&match resource_id {
            Some(id) => format!("{cloud_service_type} {id}: {error}"),
            None => error.to_string(),
        });
        Response {
            state: "FAILURE",
            resource_type: "inventory.ErrorResource",
            match_keys: &[],
            payload: Payload::Failure {
                error_message,
                error_data: ErrorData {
                    provider: PROVIDER,
                    cloud_service_group: GROUP,
                    cloud_service_type,
                    region_code: region.map(str::to_string),
                    resource_id: resource_id.map(str::to_string),
                    operation,
                    code,
                },
            },
        }
    }

    fn success(resource_type: &'static str, match_keys: &'static [&'static [&'static str]], payload: Payload) -> Self {
        Response { state: "SUCCESS", resource_type, match_keys, payload }
    }

    pub fn is_failure(&self) -> bool {
        matches!(self.payload, Payload::Failure { .. })
    }
}
