"""routes.py against a stand-in for the native core (and the real, pure-Python errors.py): the
error mapping, the required params and the closing of the record stream. Runs without the Rust
module being built."""
import importlib.util
import sys
import types
from pathlib import Path

import pytest
from spaceone.core.error import ERROR_INVALID_ARGUMENT, ERROR_REQUIRED_PARAMETER

ROOT = Path(__file__).resolve().parents[2]

PACKAGE = ROOT / "python" / "aws_ec2_collector"
SECRET = {"aws_access_key_id": "AKIAFAKE", "aws_secret_access_key": "fake"}


def load(name, path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


errors = load("aws_ec2_collector.errors", PACKAGE / "errors.py")
CollectorError, InvalidArgument = errors.CollectorError, errors.InvalidArgument
AwsError, CredentialsRejected = errors.AwsError, errors.CredentialsRejected


class Stream:
    def __init__(self, items):
        self.items = list(items)
        self.closed = False

    def __iter__(self):
        return self

    def __next__(self):
        if not self.items:
            raise StopIteration
        item = self.items.pop(0)
        if isinstance(item, BaseException):
            raise item
        return item

    def close(self):
        self.closed = True


@pytest.fixture
def core():
    return types.SimpleNamespace(calls=[], streams=[], raises=None, items=[])


@pytest.fixture
def routes(core, monkeypatch):
    """routes.py loaded as aws_ec2_collector.routes with `core` as aws_ec2_collector._core."""
    fake = types.ModuleType("aws_ec2_collector._core")
    fake.LOGGER_NAME, fake.MAX_REASON = "spaceone.aws_ec2_collector", 1000

    def call(name, result):
        def fn(*args):
            core.calls.append((name, args))
            if core.raises is not None:
                raise core.raises
            return result() if callable(result) else result
        return fn

    fake.plugin_metadata = call("plugin_metadata", {"options_schema": {"type": "object"}})
    fake.verify = call("verify", "123456789012")
    fake.get_tasks = call("get_tasks", [{"task_options": {"resource_type": "inventory.Region"}}])

    def new_stream():
        s = Stream(core.items)
        core.streams.append(s)
        return s

    fake.collect = call("collect", new_stream)
    package = types.ModuleType("aws_ec2_collector")
    package.__path__ = [str(PACKAGE)]
    package._core, package.errors = fake, errors
    monkeypatch.setitem(sys.modules, "aws_ec2_collector", package)
    monkeypatch.setitem(sys.modules, "aws_ec2_collector._core", fake)
    monkeypatch.setitem(sys.modules, "aws_ec2_collector.errors", errors)
    return load("aws_ec2_collector.routes", PACKAGE / "routes.py")


def test_init_returns_core_metadata(routes):
    assert routes.init({"options": {}}) == {"metadata": {"options_schema": {"type": "object"}}}


def test_get_tasks_wraps_core_tasks(routes, core):
    out = routes.get_tasks({"options": {"region_filter": ["us-east-1"]}, "secret_data": SECRET})
    assert out == {"tasks": [{"task_options": {"resource_type": "inventory.Region"}}]}
    assert core.calls == [("get_tasks", (SECRET, {"region_filter": ["us-east-1"]}))]


@pytest.mark.parametrize("method", ["verify", "get_tasks", "collect"])
@pytest.mark.parametrize("missing", ["options", "secret_data"])
def test_missing_mapping_is_a_required_parameter(routes, core, method, missing):
    params = {"options": {}, "secret_data": SECRET, "domain_id": None}
    params[missing] = None
    with pytest.raises(ERROR_REQUIRED_PARAMETER) as e:
        list(routes.collect(params)) if method == "collect" else getattr(routes, method)(params)
    assert e.value.status_code == "INVALID_ARGUMENT"
    assert f"key = {missing}" in e.value.message
    assert core.calls == []


def test_invalid_argument_names_the_field(routes, core):
    core.raises = InvalidArgument("invalid options.region_filter: must be a list of strings", "options.region_filter",
                                  "must be a list of strings")
    with pytest.raises(ERROR_INVALID_ARGUMENT) as e:
        routes.verify({"options": {"region_filter": 3}, "secret_data": SECRET})
    assert e.value.status_code == "INVALID_ARGUMENT"
    assert "key = options.region_filter" in e.value.message
    assert "must be a list of strings" in e.value.message


def test_rejected_credentials_are_an_invalid_argument(routes, core):
    core.raises = CredentialsRejected("The security token included in the request is invalid.",
                                      "sts:GetCallerIdentity", "us-east-1", "InvalidClientTokenId")
    with pytest.raises(routes.ERROR_AWS_CREDENTIALS) as e:
        routes.verify({"options": {}, "secret_data": SECRET})
    assert e.value.status_code == "INVALID_ARGUMENT"
    assert e.value.error_code == "ERROR_AWS_CREDENTIALS"
    assert "InvalidClientTokenId" in e.value.message
    assert "GetCallerIdentity" in e.value.message


def test_other_aws_errors_keep_operation_and_region(routes, core):
    core.raises = AwsError("service unavailable", "DescribeRegions", "us-east-1", "ServiceUnavailable")
    with pytest.raises(routes.ERROR_AWS_REQUEST) as e:
        routes.get_tasks({"options": {}, "secret_data": SECRET})
    assert e.value.status_code == "INTERNAL"
    assert "operation = DescribeRegions, region = us-east-1, code = ServiceUnavailable" in e.value.message


def test_other_collector_errors(routes, core):
    core.raises = CollectorError("runtime gone")
    with pytest.raises(routes.ERROR_COLLECTOR) as e:
        routes.get_tasks({"options": {}, "secret_data": SECRET})
    assert "runtime gone" in e.value.message


def test_collect_yields_and_closes(routes, core):
    core.items = [{"state": "SUCCESS", "n": 1}, {"state": "SUCCESS", "n": 2}]
    out = list(routes.collect({"options": {}, "secret_data": SECRET, "task_options": {}}))
    assert [r["n"] for r in out] == [1, 2]
    assert core.calls == [("collect", (SECRET, {}, None))]  # empty task_options = everything
    assert core.streams[0].closed


def test_collect_passes_task_options(routes, core):
    task = {"resource_type": "inventory.CloudService", "service": "EC2", "region": "us-east-1"}
    list(routes.collect({"options": {}, "secret_data": SECRET, "task_options": task}))
    assert core.calls == [("collect", (SECRET, {}, task))]


def test_collect_closes_the_stream_when_the_client_goes_away(routes, core):
    core.items = [{"n": 1}, {"n": 2}, {"n": 3}]
    gen = routes.collect({"options": {}, "secret_data": SECRET})
    assert next(gen) == {"n": 1}
    gen.close()
    assert core.streams[0].closed
    assert len(core.streams[0].items) == 2


def test_collect_error_mid_stream_is_translated_and_closes(routes, core):
    core.items = [{"n": 1}, AwsError("boom", "DescribeInstances", "ap-northeast-2", "InternalError")]
    gen = routes.collect({"options": {}, "secret_data": SECRET})
    assert next(gen) == {"n": 1}
    with pytest.raises(routes.ERROR_AWS_REQUEST):
        next(gen)
    assert core.streams[0].closed


class PanicException(BaseException):
    """Like pyo3_runtime.PanicException: not an Exception."""


def test_a_panic_becomes_a_collector_error(routes, core):
    core.raises = PanicException("there is no reactor running")
    with pytest.raises(routes.ERROR_COLLECTOR) as e:
        routes.get_tasks({"options": {}, "secret_data": SECRET})
    assert "PanicException" in e.value.message
    assert "there is no reactor running" in e.value.message


def test_a_panic_mid_stream_becomes_a_collector_error(routes, core):
    core.items = [{"n": 1}, PanicException("boom")]
    gen = routes.collect({"options": {}, "secret_data": SECRET})
    assert next(gen) == {"n": 1}
    with pytest.raises(routes.ERROR_COLLECTOR):
        next(gen)
    assert core.streams[0].closed
