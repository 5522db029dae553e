"""Session fixtures of the end-to-end tests: one moto server seeded with the demo fleet
(demo/fleet.py) with credential checking switched on, one real plugin server
(`spaceone run plugin-server plugin`) pointed at it, and a gRPC client. Each server runs in its
own process group on a free loopback port and is stopped (SIGTERM, then SIGKILL) at session end.
"""
import json

import pytest

from demo import fleet
from demo.grpc_client import PluginClient
from demo.servers import MotoServer, PluginServer

REGIONS = list(fleet.REGIONS)  # the tests import these from demo.fleet too
OPTIONS = {"region_filter": REGIONS}
LIVE_STATES = ["pending", "running", "shutting-down", "stopping", "stopped"]


def _require_native_module():
    try:
        import aws_ec2_collector._core  # noqa: F401
    except ImportError as e:
        pytest.fail(f"the native module is not built ({e}); run `make build`", pytrace=False)


@pytest.fixture(scope="session")
def log_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("servers")


@pytest.fixture(scope="session")
def moto(log_dir):
    with MotoServer(log_dir) as server:
        # after seeding, moto rejects unknown access keys and bad signatures
        server.fleet = fleet.seed(server.endpoint, regions=REGIONS, auth=True)
        yield server


@pytest.fixture(scope="session")
def plugin(moto, log_dir):
    _require_native_module()
    with PluginServer(log_dir, moto.endpoint) as server:
        yield server


@pytest.fixture(scope="session")
def client(plugin):
    with PluginClient(plugin.target) as c:
        c.wait_ready()
        yield c


@pytest.fixture(scope="session")
def secret(moto):
    """The seeded IAM user's access key."""
    return dict(moto.fleet["credentials"])


@pytest.fixture(scope="session")
def aws(moto, secret):
    """boto3 client factory on moto, with the same credentials as the plugin gets."""
    return lambda service, region: fleet.client(moto.endpoint, service, region, secret)


@pytest.fixture(scope="session")
def tasks(client, secret):
    return [t["task_options"] for t in client.get_tasks(OPTIONS, secret)["tasks"]]


@pytest.fixture(scope="session")
def collect_all(client, secret):
    """Responses of one collect, all of them; json_data/json_metadata decoded into
    resource["_data"] / resource["_metadata"] for convenience."""
    def run(task_options=None, options=OPTIONS, secret_data=None):
        out = []
        for r in client.collect(options, secret if secret_data is None else secret_data, task_options):
            res = r.get("resource", {})
            for key in ("json_data", "json_metadata"):
                if isinstance(res.get(key), str):
                    res["_" + key[5:]] = json.loads(res[key])
            out.append(r)
        return out
    return run


@pytest.fixture(scope="session")
def described(aws):
    """DescribeInstances on moto per region: {region: {instance_id: (instance, owner_id)}}."""
    out = {}
    for region in REGIONS:
        found = {}
        pages = aws("ec2", region).get_paginator("describe_instances").paginate(
            Filters=[{"Name": "instance-state-name", "Values": LIVE_STATES}])
        for page in pages:
            for reservation in page["Reservations"]:
                for instance in reservation["Instances"]:
                    found[instance["InstanceId"]] = (instance, reservation["OwnerId"])
        out[region] = found
    return out
