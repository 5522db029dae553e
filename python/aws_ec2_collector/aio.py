"""The asyncio API: the routes of the native core as coroutines, and a collect as an async
iterator, on the core's one tokio runtime. The event loop never waits for AWS; cancelling a
coroutine cancels its AWS calls, and cancelling the task that awaits a collect's next response
(or `aclose()`, or dropping the stream) stops that collect.

Bad input raises errors.InvalidArgument naming the field: when a coroutine is awaited, and when
`collect` is called. The blocking API is `aws_ec2_collector._core` (README.md, "From Python: sync and asyncio").
"""
from collections.abc import Mapping
from typing import Any

from . import _core
from ._core import AsyncRecordStream
from .types import Options, SecretData, Task, TaskOptions

__all__ = ["AsyncRecordStream", "collect", "fetch_snapshot", "get_tasks", "verify"]


# coroutines rather than the native awaitables themselves, so that asyncio.create_task and
# friends take them, and the inputs are read once the loop runs them


async def verify(secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any]) -> str:
    """_core.verify: the AWS account id of the credentials."""
    return await _core.verify_async(secret_data, options)


async def get_tasks(secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any]) -> list[Task]:
    """_core.get_tasks: the tasks of a collect, as [{"task_options": ...}]."""
    return await _core.get_tasks_async(secret_data, options)


async def fetch_snapshot(
    secret_data: SecretData | Mapping[str, Any], options: Options | Mapping[str, Any], region: str
) -> str:
    """_core.fetch_snapshot: the JSON text of one region's snapshot."""
    return await _core.fetch_snapshot_async(secret_data, options, region)


def collect(
    secret_data: SecretData | Mapping[str, Any],
    options: Options | Mapping[str, Any],
    task_options: TaskOptions | Mapping[str, Any] | None = None,
) -> AsyncRecordStream:
    """_core.collect: `async for response in collect(...)`; the collect starts at once."""
    return _core.collect_async(secret_data, options, task_options)
