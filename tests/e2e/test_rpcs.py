"""Collector.init, Collector.verify and Job.get_tasks through the real plugin server, and the
errors a client gets for bad input (INVALID_ARGUMENT naming the field, never a traceback)."""
import grpc
import pytest

from demo.fleet import REGIONS

OPTIONS = {"region_filter": list(REGIONS)}

UNKNOWN_KEY = {"aws_access_key_id": "AKIAUNKNOWNKEY000000", "aws_secret_access_key": "unknown-secret-value-0000"}


def rpc_error(call):
    with pytest.raises(grpc.RpcError) as e:
        call()
    return e.value.code(), e.value.details()


def test_init_metadata_has_the_options_schema(client):
    metadata = client.init({})["metadata"]
    properties = metadata["options_schema"]["properties"]
    assert "region_filter" in properties
    assert "vulnerable_ports" in properties
    assert "inventory.CloudService" in metadata["supported_resource_type"]


def test_verify_accepts_the_seeded_credentials(client, secret):
    assert client.verify(OPTIONS, secret) == {}


def test_verify_rejects_an_unknown_access_key(client):
    code, details = rpc_error(lambda: client.verify(OPTIONS, UNKNOWN_KEY))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert details.startswith("ERROR_AWS_CREDENTIALS:")
    assert "InvalidClientTokenId" in details
    assert "Traceback" not in details
    assert UNKNOWN_KEY["aws_secret_access_key"] not in details


def test_verify_rejects_a_wrong_secret_key(client, secret):
    wrong = dict(secret, aws_secret_access_key="wrong-secret-value-0000")
    code, details = rpc_error(lambda: client.verify(OPTIONS, wrong))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert details.startswith("ERROR_AWS_CREDENTIALS:")
    assert "SignatureDoesNotMatch" in details
    assert "wrong-secret-value-0000" not in details


@pytest.mark.parametrize("method", ["verify", "get_tasks", "collect"])
def test_missing_access_key_id_is_named(client, secret, method):
    no_key = {k: v for k, v in secret.items() if k != "aws_access_key_id"}
    call = getattr(client, method)
    code, details = rpc_error(lambda: list(call(OPTIONS, no_key)) if method == "collect" else call(OPTIONS, no_key))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert "secret_data.aws_access_key_id" in details
    assert "Traceback" not in details


@pytest.mark.parametrize("method", ["verify", "get_tasks", "collect"])
def test_wrongly_typed_region_filter_is_named(client, secret, method):
    options = {"region_filter": 42}
    call = getattr(client, method)
    code, details = rpc_error(lambda: list(call(options, secret)) if method == "collect" else call(options, secret))
    assert code == grpc.StatusCode.INVALID_ARGUMENT
    assert "options.region_filter" in details


def by_kind(tasks):
    kinds = {}
    for t in tasks:
        kinds.setdefault(t["resource_type"], []).append(t)
    return kinds


def test_get_tasks_one_task_per_region(tasks):
    kinds = by_kind(tasks)
    assert sorted(kinds) == ["inventory.CloudService", "inventory.CloudServiceType", "inventory.Metric", "inventory.Region"]
    assert kinds["inventory.CloudServiceType"] == [{"resource_type": "inventory.CloudServiceType", "services": ["EC2"]}]
    assert kinds["inventory.Metric"] == [{"resource_type": "inventory.Metric", "services": ["EC2"]}]
    assert [sorted(t["regions"]) for t in kinds["inventory.Region"]] == [sorted(REGIONS)]
    assert sorted(kinds["inventory.CloudService"], key=lambda t: t["region"]) == [
        {"resource_type": "inventory.CloudService", "service": "EC2", "region": r} for r in sorted(REGIONS)]


def test_get_tasks_honours_region_filter(client, secret):
    tasks = [t["task_options"] for t in client.get_tasks({"region_filter": ["ap-northeast-2"]}, secret)["tasks"]]
    kinds = by_kind(tasks)
    assert [t["region"] for t in kinds["inventory.CloudService"]] == ["ap-northeast-2"]
    assert [t["regions"] for t in kinds["inventory.Region"]] == [["ap-northeast-2"]]
    assert len(kinds["inventory.CloudServiceType"]) == 1


def test_verify_with_role_arn(client, secret, moto):
    assert client.verify(OPTIONS, dict(secret, role_arn=moto.fleet["role_arn"])) == {}
