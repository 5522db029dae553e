"""Type stub of the native core (Rust, PyO3). Every function validates its inputs and raises
InvalidArgument naming the offending field; AWS I/O runs with the GIL released."""
from typing import Any, Iterator, Mapping, Optional, Sequence

__version__: str

class CollectorError(Exception):
    """Base class of every error the native core raises."""

class InvalidArgument(CollectorError):
    """A bad input. `field` is its dotted name, e.g. "secret_data.aws_access_key_id"."""

    field: str

class AwsError(CollectorError):
    """An AWS call failed after its retries. The message never contains a secret."""

    operation: str
    region: Optional[str]
    code: Optional[str]

class CredentialsRejected(AwsError):
    """AWS refused the credentials of secret_data (or the role), not one action."""

class RecordStream(Iterator[dict[str, Any]]):
    """Responses of one collect, in the shape the plugin server's collect yields
    (state, resource_type, match_keys, cloud_service | cloud_service_type | region |
    error_data, error_message), delivered as soon as each is assembled. Log events of
    the collect are written to the `spaceone.aws_ec2_collector` logger by the thread
    that iterates. Dropping or closing the stream cancels its AWS calls."""

    def __iter__(self) -> "RecordStream": ...
    def __next__(self) -> dict[str, Any]: ...
    def close(self) -> None: ...

def plugin_metadata() -> dict[str, Any]:
    """The `metadata` that Collector.init returns (options schema included)."""

def verify(secret_data: Mapping[str, Any], options: Mapping[str, Any]) -> str:
    """Checks the credentials with one cheap call (STS GetCallerIdentity, after AssumeRole when
    `role_arn` is set) and returns the AWS account id."""

def get_tasks(secret_data: Mapping[str, Any], options: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Job.get_tasks: one CloudServiceType task, one Region task and one task per region
    (options.region_filter, else the account's enabled regions), as [{"task_options": ...}]."""

def collect(
    secret_data: Mapping[str, Any],
    options: Mapping[str, Any],
    task_options: Optional[Mapping[str, Any]] = None,
) -> RecordStream:
    """Collector.collect for one task of get_tasks, or for everything when task_options is
    None or empty (what Inventory does when get_tasks failed)."""
