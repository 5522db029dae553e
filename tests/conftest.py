"""Shared by every test: the repo root on sys.path, so that tests can import the demo harness
(demo.servers, demo.fleet, demo.grpc_client) that `make run` uses as well; and the session
fixtures of the end-to-end tests (tests/e2e, tests/tester): one moto server seeded with the demo
fleet (demo/fleet.py) with credential checking switched on, one real plugin server
(`spaceone run plugin-server plugin`) pointed at it, and a gRPC client. Each server runs in its
own process group on a free loopback port and is stopped (SIGTERM, then SIGKILL) at session end;
nothing starts unless a test asks for it.

`recording_aws` is a third, in-process endpoint: it records every request an AWS client sends it
and refuses each with AWS's answer to unknown credentials, at once (the tests of bad input show
with it that nothing reached AWS; the fuzz tests use it so that a valid input fails fast).
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

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


class RecordingAws:
    """An HTTP endpoint standing in for every AWS service: each request is recorded (service and
    action, headers, body) and refused at once with HTTP 403 and AWS's InvalidClientTokenId, in
    the JSON layout for JSON-protocol services (SSM) and in the query layout for the others,
    neither of which the SDK retries. Thread-safe; `clear()` forgets what it saw."""

    REFUSAL = "The security token included in the request is invalid."

    def __init__(self):
        self._lock = threading.Lock()
        self._requests = []
        recorder = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # no access log
                pass

            def _answer(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                target = self.headers.get("X-Amz-Target")
                fields = parse_qs(body.decode("utf-8", "replace"))
                action = target.rsplit(".", 1)[-1] if target else (fields.get("Action") or [None])[0]
                recorder._record({"method": self.command, "path": self.path, "action": action,
                                  "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body})
                if target:
                    payload = json.dumps({"__type": "UnrecognizedClientException", "message": recorder.REFUSAL})
                    kind = "application/x-amz-json-1.1"
                else:
                    payload = ("<ErrorResponse><Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                               f"<Message>{recorder.REFUSAL}</Message></Error>"
                               "<RequestId>recording-aws</RequestId></ErrorResponse>")
                    kind = "text/xml"
                data = payload.encode()
                self.send_response(403)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _answer

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.endpoint = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="recording-aws", daemon=True)

    def _record(self, request):
        with self._lock:
            self._requests.append(request)

    @property
    def requests(self):
        with self._lock:
            return list(self._requests)

    def actions(self):
        return [r["action"] for r in self.requests]

    def clear(self):
        with self._lock:
            self._requests.clear()

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)


@pytest.fixture(scope="session")
def recording_aws():
    with RecordingAws() as server:
        yield server
