"""Type stub of the native core (Rust, PyO3). Every function validates its inputs and raises
aws_ec2_collector.errors.InvalidArgument naming the offending field (AwsError, CredentialsRejected
when AWS refuses, CollectorError on a bug); AWS I/O runs with the GIL released."""
from typing import Any, final
from collections.abc import AsyncIterator, Awaitable, Iterator, Mapping, Sequence

from .types import CloudService, Metadata, Options, Response, SecretData, Task, TaskOptions

# PyO3 fills the module's __all__ with every name it registers
__all__ = [
    "__version__", "CLOUD_SERVICE_TYPES", "INSTANCE_STEPS", "LOGGER_NAME", "MAX_REASON", "RecordStream",
    "plugin_metadata", "verify", "get_tasks", "collect", "fetch_snapshot", "AsyncRecordStream", "verify_async",
    "get_tasks_async", "collect_async", "fetch_snapshot_async", "replay", "instance_data_of",
    "instance_cloud_service", "instance_os", "instance_aws", "instance_hardware", "instance_compute",
    "instance_nics", "instance_disks", "instance_load_balancers", "instance_security_group_rules",
    "instance_vpc", "instance_subnet", "instance_auto_scaling_group",
]

__version__: str
# every EC2 cloud service type the core collects, in its stream order
CLOUD_SERVICE_TYPES: list[str]
# the logger of every line the plugin writes; a collect's records carry `event` (types.Event)
LOGGER_NAME: str
# the most characters of an error's texts (a gRPC status message must stay short)
MAX_REASON: int

@final
class RecordStream(Iterator[Response]):
    """Responses of one collect, in the shape the plugin server's collect yields
    (state, resource_type, match_keys, cloud_service | cloud_service_type | region |
    error_data, error_message), delivered as soon as each is assembled. Log events of
    the collect are written to the LOGGER_NAME logger by the thread that iterates, each
    with its typed dict as the record's `event` (types.Event). Dropping or closing the
    stream cancels its AWS calls."""

    def __iter__(self) -> RecordStream: ...
    def __next__(self) -> Response: ...
    def close(self) -> None: ...

def plugin_metadata() -> Metadata:
    """The `metadata` that Collector.init returns (options schema included)."""

def verify(secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any]) -> str:
    """Checks the credentials with one cheap call (STS GetCallerIdentity, after AssumeRole when
    `role_arn` is set) and returns the AWS account id."""

def get_tasks(secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any]) -> list[Task]:
    """Job.get_tasks: one CloudServiceType task, one Region task and one task per region
    (options.region_filter, else the account's enabled regions), as [{"task_options": ...}]."""

def collect(
    secret_data: SecretData | Mapping[str, Any],
    options: Options | Mapping[str, Any],
    task_options: TaskOptions | Mapping[str, Any] | None = None,
) -> RecordStream:
    """Collector.collect for one task of get_tasks, or for everything when task_options is
    None or empty (what Inventory does when get_tasks failed)."""

def fetch_snapshot(
    secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any], region: str
) -> str:
    """What AWS returned for one region, as the JSON text of a region snapshot (boto3-shaped
    lists under RegionSnapshot's field names, the failed calls under "gaps"). AWS data only,
    never a credential. Honours options.cloud_service_types and options.instance_ids."""

# The asyncio face (aws_ec2_collector.aio wraps it in coroutines): the same inputs, read when the
# function is called (a bad one raises then, as the blocking function does), and the same work,
# as a future of the running event loop. Cancelling the future cancels its AWS calls.

@final
class AsyncRecordStream(AsyncIterator[Response]):
    """RecordStream's asyncio twin: each `__anext__` a future of the next response; the
    collect's log events are written to the LOGGER_NAME logger as they come, from a thread of
    the runtime. Closing or dropping the stream, or cancelling an awaited `__anext__` (the task
    awaiting it cancelled, a timeout around it), stops the collect."""

    def __aiter__(self) -> AsyncRecordStream: ...
    def __anext__(self) -> Awaitable[Response]: ...
    def aclose(self) -> Awaitable[None]: ...

def verify_async(secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any]) -> Awaitable[str]: ...
def get_tasks_async(
    secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any]
) -> Awaitable[list[Task]]: ...
def fetch_snapshot_async(
    secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any], region: str
) -> Awaitable[str]: ...
def collect_async(
    secret_data: SecretData | Mapping[str, Any],
    options: Options | Mapping[str, Any],
    task_options: TaskOptions | Mapping[str, Any] | None = None,
) -> AsyncRecordStream: ...

def replay(snapshot: str | Mapping[str, Any], cloud_service_types: Sequence[str] | None = None) -> list[Response]:
    """Every response the collector makes of a region snapshot (the JSON text of
    fetch_snapshot, or a dict of its fields), without AWS."""

# The migration API: each step of an instance's assembly on boto3-shaped dicts. `instance` is
# one item of DescribeInstances' Reservations[].Instances; the keyword arguments are the other
# boto3 lists, under the snapshot's names: images, instance_types, volumes, security_groups,
# vpcs, subnets, auto_scaling_groups, launch_configurations, load_balancers, listeners (by load
# balancer ARN), target_groups, target_health (by target group ARN), instance_information (SSM),
# termination_protection ({instance id: bool}). Each returns what the full collect emits.

INSTANCE_STEPS: list[str]

def instance_os(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> dict[str, Any]: ...
def instance_aws(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> dict[str, Any]: ...
def instance_hardware(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> dict[str, Any]: ...
def instance_compute(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> dict[str, Any]: ...
def instance_nics(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> list[dict[str, Any]]: ...
def instance_disks(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> list[dict[str, Any]]: ...
def instance_load_balancers(
    instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any
) -> list[dict[str, Any]]: ...
def instance_security_group_rules(
    instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any
) -> list[dict[str, Any]]: ...
def instance_vpc(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> dict[str, Any]: ...
def instance_subnet(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> dict[str, Any]: ...
def instance_auto_scaling_group(
    instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any
) -> dict[str, Any] | None: ...
def instance_data_of(instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any) -> dict[str, Any]:
    """The whole `data` of an instance (every step above)."""

def instance_cloud_service(
    instance: Mapping[str, Any], region: str = "", account: str = "", **related: Any
) -> CloudService:
    """The instance's CloudService record, as the plugin server's collect takes it."""
