"""Shared by every test: the repo root on sys.path, so that tests can import the demo harness
(demo.servers, demo.fleet, demo.grpc_client) that `make run` uses as well; and the session
fixtures of the end-to-end tests (tests/e2e, tests/tester): one moto server seeded with the demo
fleet (demo/fleet.py) with credential checking switched on, one real plugin server
(`spaceone run plugin-server plugin`) pointed at it, and a gRPC client. Each server runs in its
own process group on a free loopback port and is stopped (SIGTERM, then SIGKILL) at session end;
nothing starts unless a test asks for it.
"""
import json
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from demo import fleet  # noqa: E402
from demo.grpc_client import PluginClient  # noqa: E402
from demo.servers import MotoServer, PluginServer  # noqa: E402

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


@pytest.fixture(scope="session")
def no_elb_secret(aws):
    """A user allowed everything but Elastic Load Balancing."""
    iam = aws("iam", "us-east-1")
    iam.create_user(UserName="no-elb")
    iam.put_user_policy(UserName="no-elb", PolicyName="all-but-elb", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"},
                      {"Effect": "Deny", "Action": "elasticloadbalancing:*", "Resource": "*"}]}))
    key = iam.create_access_key(UserName="no-elb")["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
