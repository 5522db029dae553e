//! `task_options`: what get_tasks hands out (the plan of a job: its types, its regions, its
//! metrics, one task per region) and what each collect call is then asked to do.

use serde_json::{json, Value};

use super::options::{check_region, regions, Options, SERVICE};
use crate::error::{Error, Result};

/// What one collect call is asked to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Task {
    /// No task_options: everything, as Inventory asks when get_tasks failed.
    Everything,
    CloudServiceTypes,
    /// The Namespace and Metric records, once per job.
    Metrics,
    Regions(Vec<String>),
    Region(String),
}

impl Task {
    pub fn from_value(task_options: Option<&Value>) -> Result<Self> {
        let object = match task_options {
            None | Some(Value::Null) => return Ok(Task::Everything),
            Some(Value::Object(object)) if object.is_empty() => return Ok(Task::Everything),
            Some(Value::Object(object)) => object,
            Some(_) => return Err(Error::invalid("task_options", "must be an object")),
        };
        let text = |key: &str| object.get(key).and_then(Value::as_str);
        match text("resource_type") {
            Some("inventory.CloudServiceType") => Ok(Task::CloudServiceTypes),
            Some("inventory.Metric") => Ok(Task::Metrics),
            Some("inventory.Region") => {
                let value =
                    object.get("regions").ok_or_else(|| Error::invalid("task_options.regions", "is required"))?;
                Ok(Task::Regions(regions(value, "task_options.regions")?))
            }
            Some("inventory.CloudService") => {
                if let Some(service) = object.get("service").filter(|s| s.as_str() != Some(SERVICE)) {
                    return Err(Error::invalid("task_options.service", format!("must be {SERVICE:?}, not {service}")));
                }
                let region = text("region")
                    .ok_or_else(|| Error::invalid("task_options.region", "is required (a region code)"))?;
                check_region(region, "task_options.region")?;
                Ok(Task::Region(region.to_string()))
            }
            _ => Err(Error::invalid(
                "task_options.resource_type",
                "must be inventory.CloudServiceType, inventory.Metric, inventory.Region or inventory.CloudService",
            )),
        }
    }

    /// A region task must be one get_tasks could have planned: with a region filter, one of its
    /// regions (a task outside it would collect what the operator excluded).
    pub fn check_within(&self, options: &Options) -> Result<()> {
        match self {
            Task::Region(region) if !options.region_filter.is_empty() && !options.region_filter.contains(region) => {
                Err(Error::invalid(
                    "task_options.region",
                    format!("{region:?} is not in options.region_filter ({})", options.region_filter.join(", ")),
                ))
            }
            _ => Ok(()),
        }
    }

    /// The task_options of this task, as get_tasks hands them out.
    pub fn to_value(&self) -> Value {
        match self {
            Task::Everything => json!({}),
            Task::CloudServiceTypes => json!({"resource_type": "inventory.CloudServiceType", "services": [SERVICE]}),
            Task::Metrics => json!({"resource_type": "inventory.Metric", "services": [SERVICE]}),
            Task::Regions(regions) => json!({"resource_type": "inventory.Region", "regions": regions}),
            Task::Region(region) => {
                json!({"resource_type": "inventory.CloudService", "service": SERVICE, "region": region})
            }
        }
    }
}

/// get_tasks: the types, the regions, the metrics, then one task per region.
pub fn plan(regions: &[String]) -> Vec<Value> {
    let tasks = [Task::CloudServiceTypes, Task::Regions(regions.to_vec()), Task::Metrics].into_iter();
    tasks.chain(regions.iter().cloned().map(Task::Region)).map(|t| json!({"task_options": t.to_value()})).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tasks_round_trip_through_their_options() {
        let regions = vec!["us-east-1".to_string(), "ap-northeast-2".to_string()];
        let planned = plan(&regions);
        assert_eq!(planned.len(), 5);
        let tasks: Vec<Task> = planned.iter().map(|t| Task::from_value(Some(&t["task_options"])).unwrap()).collect();
        assert_eq!(tasks[0], Task::CloudServiceTypes);
        assert_eq!(tasks[1], Task::Regions(regions.clone()));
        assert_eq!(tasks[2], Task::Metrics);
        assert_eq!(tasks[3], Task::Region("us-east-1".into()));
        assert_eq!(Task::from_value(None).unwrap(), Task::Everything);
        assert!(Task::from_value(Some(&json!({"resource_type": "inventory.CloudService"}))).is_err());
        assert!(Task::from_value(Some(&json!({"resource_type": "inventory.Namespace"}))).is_err());
        let filtered = Options::from_value(&json!({"region_filter": ["us-east-1"]})).unwrap();
        assert!(Task::Region("us-east-1".into()).check_within(&filtered).is_ok());
        let err = Task::Region("eu-west-1".into()).check_within(&filtered).unwrap_err();
        assert!(matches!(err, Error::InvalidArgument { ref field, .. } if field == "task_options.region"), "{err}");
        assert!(Task::Region("eu-west-1".into()).check_within(&Options::default()).is_ok(), "no filter: any region");
    }
}
