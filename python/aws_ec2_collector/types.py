"""The shapes of the values crossing the boundary of the native core, as TypedDicts: what its
functions take (SecretData, Options, TaskOptions), what they return (Metadata, Task, Response
with its ErrorData) and the typed log events of a collect (Event, the `event` of each log record
the core writes). Their sources: src/aws/credentials.rs (SecretData), src/collect/options.rs
(Options, TaskOptions, Metadata), src/assemble/response.rs (Response, ErrorData, CloudService)
and src/collect/events.rs (the events). Keys that may be absent are in the `total=False` parts.
"""
from typing import Any, Literal, TypedDict


class _SecretDataKeys(TypedDict):
    aws_access_key_id: str
    aws_secret_access_key: str


class SecretData(_SecretDataKeys, total=False):
    """secret_data: an access key, optionally temporary (the token) and optionally used to assume
    a role (role_arn, with its external_id)."""

    aws_session_token: str
    role_arn: str
    external_id: str


class Options(TypedDict, total=False):
    """options of the collector; every key is optional (unknown keys are accepted, with a
    warning, as the upstream collector accepts them)."""

    region_filter: list[str]
    cloud_service_types: list[str]
    instance_ids: list[str]
    service_filter: list[str]
    vulnerable_ports: str
    call_timeout_seconds: float
    region_timeout_seconds: float
    termination_protection_max_age_seconds: float
    api_bucket_share: float


class TaskOptions(TypedDict, total=False):
    """task_options of one task of get_tasks; `resource_type` says which keys it has."""

    resource_type: Literal[
        "inventory.CloudServiceType", "inventory.Metric", "inventory.Region", "inventory.CloudService"
    ]
    services: list[str]
    service: str
    regions: list[str]
    region: str


class Task(TypedDict):
    task_options: TaskOptions


class Metadata(TypedDict):
    """The `metadata` Collector.init returns."""

    supported_resource_type: list[str]
    supported_schedules: list[str]
    supported_features: list[str]
    filter_format: list[Any]
    options_schema: dict[str, Any]


class _ErrorDataKeys(TypedDict):
    provider: str
    cloud_service_group: str
    cloud_service_type: str


class ErrorData(_ErrorDataKeys, total=False):
    """What a FAILURE response is about; every FAILURE has a code (AWS's, the cause's or the
    plugin's own), an AWS one its operation too."""

    region_code: str
    resource_id: str
    operation: str
    code: str


class Reference(TypedDict):
    resource_id: str
    external_link: str


class _CloudServiceKeys(TypedDict):
    name: str
    account: str
    region_code: str
    ip_addresses: list[str]
    tags: dict[str, Any]
    reference: Reference
    json_data: str  # the record's `data`, as JSON text
    json_metadata: str
    cloud_service_type: str
    cloud_service_group: str
    provider: str


class CloudService(_CloudServiceKeys, total=False):
    instance_type: str
    instance_size: float


class _ResponseKeys(TypedDict):
    state: Literal["SUCCESS", "FAILURE"]
    resource_type: str


class Response(_ResponseKeys, total=False):
    """One response of a collect, as the plugin server's collect takes it: state, resource_type,
    match_keys (absent for Namespace, Metric and FAILURE responses) and one payload: cloud_service,
    cloud_service_type, region, namespace or metric; a FAILURE (resource_type
    "inventory.ErrorResource") has error_message and error_data instead."""

    match_keys: list[list[str]]
    cloud_service: CloudService
    cloud_service_type: dict[str, Any]
    region: dict[str, Any]
    namespace: dict[str, Any]
    metric: dict[str, Any]
    error_message: str
    error_data: ErrorData


class AwsFailure(TypedDict):
    """An AWS call that failed after its retries."""

    operation: str
    region: str | None
    code: str | None
    message: str


class RegionStarted(TypedDict):
    kind: Literal["region_started"]
    region: str


class RegionProgress(TypedDict):
    """Every 30 s while a region is being fetched."""

    kind: Literal["region_progress"]
    region: str
    calls: int
    throttled: int
    retries: int
    remembered: int
    seconds: float


class RegionDone(TypedDict):
    """A region's responses were all sent; `errors` of its `records` + `errors` are FAILUREs."""

    kind: Literal["region_done"]
    region: str
    instances: int
    records: int
    errors: int
    calls: int
    throttled: int
    retries: int
    remembered: int
    seconds: float


class Gap(TypedDict):
    """A call of a region failed: its data is missing."""

    kind: Literal["gap"]
    region: str
    failure: AwsFailure


class Duplicate(TypedDict):
    kind: Literal["duplicate"]
    region: str
    message: str


class RegionTimeout(TypedDict):
    kind: Literal["region_timeout"]
    failure: AwsFailure


class Refused(TypedDict):
    """The collect could not start; `error` is the message of why."""

    kind: Literal["refused"]
    error: str


class RegionsUnlisted(TypedDict):
    kind: Literal["regions_unlisted"]
    failure: AwsFailure


class AccountUnknown(TypedDict):
    kind: Literal["account_unknown"]
    failure: AwsFailure


class WarningEvent(TypedDict):
    """Any other warning (unknown options, region names skipped, ...), as one sentence."""

    kind: Literal["warning"]
    message: str


Event = (
    RegionStarted | RegionProgress | RegionDone | Gap | Duplicate | RegionTimeout | Refused | RegionsUnlisted
    | AccountUnknown | WarningEvent
)
"""The `event` of a log record of the core (`record.event`): a dict whose `kind` names it."""
