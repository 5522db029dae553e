"""The plugin server's four routes, as thin adapters over the native core.

Each takes the params dict the plugin server passes (options, secret_data, task_options,
domain_id), checks that the mappings it needs are there, calls `_core`, and turns the core's
exceptions into spaceone errors, so that a client gets "ERROR_...: message" and never a traceback.
No AWS logic lives here.
"""
import contextlib
import logging
import sys
from types import FrameType
from typing import Any
from collections.abc import Iterator, Mapping

from spaceone.core.error import (
    ERROR_BASE,
    ERROR_INVALID_ARGUMENT,
    ERROR_INVALID_PARAMETER,
    ERROR_INVALID_PARAMETER_TYPE,
    ERROR_REQUIRED_PARAMETER,
)

from . import _core
from ._core import LOGGER_NAME, MAX_REASON
from .errors import AwsError, CollectorError, CredentialsRejected, InvalidArgument
from .types import Response


class ERROR_AWS_CREDENTIALS(ERROR_INVALID_ARGUMENT):
    _message = (
        "AWS rejected the credentials of secret_data. "
        "(operation = {operation}, code = {code}, reason = {reason})"
    )


class ERROR_AWS_REQUEST(ERROR_BASE):
    _status_code = "INTERNAL"
    _message = (
        "AWS request failed. "
        "(operation = {operation}, region = {region}, code = {code}, reason = {reason})"
    )


class ERROR_COLLECTOR(ERROR_BASE):
    _status_code = "INTERNAL"
    _message = "Collector failed. (reason = {reason})"


def _logger() -> logging.Logger:
    # Looked up at call time: loggers created before the plugin server configures logging
    # are disabled by it.
    return logging.getLogger(LOGGER_NAME)


def _short(text: object) -> str:
    """`text` cut to MAX_REASON characters (an input echoed in a message can be megabytes; a gRPC
    status message longer than some KB is refused by clients)."""
    text = str(text)
    if len(text) <= MAX_REASON:
        return text
    return f"{text[:MAX_REASON]} ... ({len(text)} characters)"


def _translate(e: CollectorError) -> ERROR_BASE:
    reason = _short(e)
    if isinstance(e, InvalidArgument):
        return ERROR_INVALID_PARAMETER(key=_short(e.field), reason=reason)
    if isinstance(e, CredentialsRejected):
        return ERROR_AWS_CREDENTIALS(operation=e.operation, code=e.code, reason=reason)
    if isinstance(e, AwsError):
        return ERROR_AWS_REQUEST(operation=e.operation, region=e.region or "-", code=e.code or "-", reason=reason)
    return ERROR_COLLECTOR(reason=reason)


@contextlib.contextmanager
def _core_errors() -> Iterator[None]:
    try:
        yield
    except CollectorError as e:
        raise _translate(e) from None
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except Exception:
        raise
    except BaseException as e:
        # a Rust panic arrives as pyo3's PanicException, a BaseException: the server only turns
        # Exceptions into a gRPC status, anything else would leave the call hanging
        _logger().error("native core failed: %r", e)
        raise ERROR_COLLECTOR(reason=_short(f"internal error in the native core ({type(e).__name__}: {e})")) from None


def _mapping(params: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = params.get(key)
    if value is None:
        raise ERROR_REQUIRED_PARAMETER(key=key)
    if not isinstance(value, Mapping):
        raise ERROR_INVALID_PARAMETER_TYPE(key=key, type="object")
    return value


def _optional_mapping(params: Mapping[str, Any], key: str) -> Mapping[str, Any] | None:
    if params.get(key) is None:
        return None
    return _mapping(params, key)


def _grpc_context() -> Any:
    """The gRPC ServicerContext of the call being served, or None outside the plugin server.

    The plugin server hands a route its params only; the context is a local of its interface
    method, a caller of this generator.
    """
    frame: FrameType | None = sys._getframe(1)
    while frame is not None:
        context = frame.f_locals.get("context")
        if context is not None and callable(getattr(context, "add_callback", None)):
            return context
        frame = frame.f_back
    return None


def init(params: Mapping[str, Any]) -> dict[str, Any]:
    _mapping(params, "options")
    with _core_errors():
        return {"metadata": _core.plugin_metadata()}


def verify(params: Mapping[str, Any]) -> None:
    options = _mapping(params, "options")
    secret_data = _mapping(params, "secret_data")
    with _core_errors():
        account_id = _core.verify(secret_data, options)
    _logger().info("verify: credentials accepted (account %s)", account_id)


def get_tasks(params: Mapping[str, Any]) -> dict[str, Any]:
    options = _mapping(params, "options")
    secret_data = _mapping(params, "secret_data")
    with _core_errors():
        tasks = _core.get_tasks(secret_data, options)
    return {"tasks": tasks}


def collect(params: Mapping[str, Any]) -> Iterator[Response]:
    """Yields the core's responses; closing the stream (also when the client goes away and
    the generator is closed) cancels the AWS calls still running."""
    options = _mapping(params, "options")
    secret_data = _mapping(params, "secret_data")
    task_options = _optional_mapping(params, "task_options")
    with _core_errors():
        stream = _core.collect(secret_data, options, task_options or None)
    context = _grpc_context()
    if context is not None:
        # while the core is fetching nothing is yielded, so the server would only notice a client
        # gone at the next record: its end of the call stops the collect at once
        context.add_callback(stream.close)
    try:
        while True:
            with _core_errors():
                try:
                    response = next(stream)
                except StopIteration:
                    return
            yield response
    finally:
        stream.close()
