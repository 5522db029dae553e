//! The `metadata` Collector.init returns: the resource types this collector emits and the options
//! schema the console shows.

use serde_json::{json, Value};

use super::options::options_schema;

/// The `metadata` Collector.init returns.
pub fn plugin_metadata() -> Value {
    json!({
        "supported_resource_type": [
            "inventory.CloudService", "inventory.CloudServiceType", "inventory.Region", "inventory.Namespace",
            "inventory.Metric", "inventory.ErrorResource"
        ],
        "supported_schedules": ["hours"],
        "supported_features": ["garbage_collection"],
        "filter_format": [],
        "options_schema": options_schema(),
    })
}
