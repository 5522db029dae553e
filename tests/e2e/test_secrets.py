"""No credential, session token or external id in any log line, error message, record or
snapshot file, after runs with distinctive secrets through every door: the real plugin server
over gRPC, the `ec2-collector snapshot` command and `_core.fetch_snapshot`.

The runs (module fixture `evidence`) cover successes and failures: a moto user's own keys; the
temporary keys and session token of an assumed role; a role with an external id; made-up keys
and token that moto rejects (unknown key, wrong secret key, bad token); AssumeRole and API calls
refused with AccessDenied; bad input that carries the secrets; and an AWS endpoint nobody
listens on. Logging is at its most verbose: the plugin servers log every logger at DEBUG to
stderr (root included) with RUST_LOG=trace, and the command runs with --log-level DEBUG.

Then every text a run produced is searched for every secret value, as is, URL-encoded and
JSON-escaped, and for its last 12 characters (a cut or partly masked value): the gRPC error
messages, every response (records and FAILUREs), the servers' whole stdout/stderr, the
command's output and every file it wrote, and the snapshot texts. Each run's outcome is checked
too, so that a run that did nothing cannot pass for a clean one.
"""
import json
import os
import random
import string
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, quote_plus

import grpc
import pytest

from demo import fleet
from demo.grpc_client import PluginClient
from demo.servers import PluginServer, aws_env, free_port, venv_bin

US = fleet.REGIONS[0]
REGION_TASK = {"resource_type": "inventory.CloudService", "service": "EC2", "region": US}
OPTIONS = {"region_filter": [US]}
SECRET_KEYS = ("aws_access_key_id", "aws_secret_access_key", "aws_session_token", "external_id")
TIMEOUT = 600  # the unreachable endpoint: every call retried to the end of its budget

# plugin server with every logger at DEBUG on stderr (the spaceone logger already is)
DEBUG_SERVER = """
import logging, sys
logging.basicConfig(level=logging.DEBUG, stream=sys.stderr, format="ROOT %(levelname)s %(name)s %(message)s")
from spaceone.core.command import cli
sys.argv = ["spaceone", "run", "plugin-server", "plugin", "-p", sys.argv[1]]
cli()
"""
VERBOSE = {"RUST_LOG": "trace", "RUST_BACKTRACE": "full"}


def distinctive(prefix, length, alphabet=string.ascii_letters + string.digits + "/+="):
    rng = random.SystemRandom()
    return prefix + "".join(rng.choice(alphabet) for _ in range(length - len(prefix)))


FAKE = {
    "aws_access_key_id": distinctive("AKIALEAK", 20, string.ascii_uppercase + string.digits),
    "aws_secret_access_key": distinctive("LeakCheck/Secret+", 40),
    "aws_session_token": distinctive("LeakCheckToken/", 356),
}
FAKE_EXTERNAL_ID = distinctive("LeakCheck-External-", 40, string.ascii_letters + string.digits + "-_=,.@")


class DebugPluginServer(PluginServer):
    """The plugin server of the image, with all logging at DEBUG (see DEBUG_SERVER)."""

    def command(self):
        return [sys.executable, "-c", DEBUG_SERVER, str(self.port)]

    def env(self):
        return dict(aws_env(self.aws_endpoint), **VERBOSE)


@dataclass
class Evidence:
    """What the runs produced: (where, text) for every text, and the outcome of each run."""
    texts: list = field(default_factory=list)
    outcomes: dict = field(default_factory=dict)
    secrets: dict = field(default_factory=dict)  # name: value of every secret used
    logs: list = field(default_factory=list)

    def add(self, where, text):
        self.texts.append((where, text if isinstance(text, str) else json.dumps(text, default=str)))

    def remember(self, name, secret_data):
        for key in SECRET_KEYS:
            if isinstance(secret_data.get(key), str):
                self.secrets[f"{name}.{key}"] = secret_data[key]


def forms(value):
    """The ways a value can show: as is, URL-encoded, JSON-escaped, and its last 12 characters."""
    out = {value, quote(value, safe=""), quote_plus(value), json.dumps(value)[1:-1]}
    if len(value) >= 16:
        out.add(value[-12:])
    return out


def leaks(evidence, texts):
    found = []
    for name, value in evidence.secrets.items():
        for shown in forms(value):
            for where, text in texts:
                if shown in text:
                    at = text.index(shown)
                    found.append(f"{name} in {where}: ...{text[max(0, at - 60):at + len(shown) + 20]!r}...")
    return found


# -- the runs -------------------------------------------------------------------------------

def grpc_call(client, rpc, options, secret_data, task_options=None):
    """("ok", result) or (status code name, details); every response and error goes to the caller."""
    try:
        if rpc == "collect":
            return "ok", list(client.collect(options, secret_data, task_options))
        return "ok", getattr(client, rpc)(options, secret_data)
    except grpc.RpcError as e:
        return e.code().name, e.details() or ""


def run_grpc(evidence, client, label, rpc, options, secret_data, task_options=None):
    outcome, result = grpc_call(client, rpc, options, secret_data, task_options)
    evidence.outcomes[label] = (outcome, result)
    if outcome == "ok":
        for i, response in enumerate(result if isinstance(result, list) else [result]):
            evidence.add(f"{label} response {i}", response)
    else:
        evidence.add(f"{label} error", result)
    return outcome, result


def cli_command():
    """The installed console script, else the module (as tests/e2e/test_cli.py runs it)."""
    script = Path(venv_bin("ec2-collector"))
    return [str(script)] if script.exists() else [sys.executable, "-m", "aws_ec2_collector.cli"]


def run_cli(evidence, label, endpoint, out_dir, secret_file, *args):
    """`ec2-collector ARGS --secret-file FILE` at DEBUG; its stdout and stderr are evidence."""
    env = dict(aws_env(endpoint), **VERBOSE)
    proc = subprocess.run(cli_command() + list(args) + ["--log-level", "DEBUG", "--secret-file", str(secret_file)],
                          cwd=out_dir, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=TIMEOUT)
    evidence.outcomes[label] = (proc.returncode, proc.stderr)
    evidence.add(f"{label} stdout", proc.stdout)
    evidence.add(f"{label} stderr", proc.stderr)
    return proc


def iam_user(aws, name, policy):
    """A new IAM user with `policy`, and its access key (random values, made by moto)."""
    iam = aws("iam", "us-east-1")
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    iam.put_user_policy(UserName=name, PolicyName="policy", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return arn, {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}


def iam_role(aws, name, trusted_arns):
    """A role allowed everything, which these users may assume."""
    iam = aws("iam", "us-east-1")
    trust = {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": trusted_arns}, "Action": "sts:AssumeRole"}]}
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="all", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": [ALLOW_ALL]}))
    return arn


ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}


@pytest.fixture(scope="module")
def evidence(moto, aws, log_dir, tmp_path_factory):
    ev = Evidence()
    here = tmp_path_factory.mktemp("secrets")
    secret_files = tmp_path_factory.mktemp("secret-files")  # the only place meant to hold secrets
    out_dir = here / "out"
    out_dir.mkdir()

    # real secrets moto accepts, each distinctive (moto makes random keys and tokens)
    user_arn, user = iam_user(aws, "leak-check", {"Version": "2012-10-17", "Statement": [ALLOW_ALL]})
    denied_arn, denied = iam_user(aws, "leak-check-denied", {"Version": "2012-10-17", "Statement": [
        ALLOW_ALL, {"Effect": "Deny", "Resource": "*",
                    "Action": ["ec2:DescribeInstances", "ec2:DescribeVolumes", "sts:AssumeRole"]}]})
    role_arn = iam_role(aws, "leak-check-role", [user_arn, denied_arn])
    assumed = fleet.client(moto.endpoint, "sts", "us-east-1", user).assume_role(
        RoleArn=role_arn, RoleSessionName="leak-check")["Credentials"]
    temporary = {"aws_access_key_id": assumed["AccessKeyId"], "aws_secret_access_key": assumed["SecretAccessKey"],
                 "aws_session_token": assumed["SessionToken"]}
    role = dict(user, role_arn=role_arn,
                external_id=distinctive("LeakCheck-RoleExternal-", 40, string.ascii_letters + "-_"))
    fake_role = dict(FAKE, role_arn=role_arn, external_id=FAKE_EXTERNAL_ID)
    for name, secret_data in [("user", user), ("denied", denied), ("temporary", temporary), ("role", role),
                              ("fake", fake_role)]:
        ev.remember(name, secret_data)

    def secret_file(name, secret_data):
        path = secret_files / f"{name}.json"
        path.write_text(json.dumps(secret_data))
        return path

    with DebugPluginServer(log_dir / "secrets-moto", moto.endpoint) as debug_server, \
            DebugPluginServer(log_dir / "secrets-dead", f"http://127.0.0.1:{free_port()}") as dead_server, \
            PluginClient(debug_server.target, timeout=TIMEOUT) as client, \
            PluginClient(dead_server.target, timeout=TIMEOUT) as dead_client, \
            ThreadPoolExecutor(max_workers=5) as background:
        client.wait_ready()
        dead_client.wait_ready()
        ev.logs = [debug_server.log_path, dead_server.log_path]
        dead_endpoint = dead_server.aws_endpoint
        fake = {k: v for k, v in FAKE.items() if k != "aws_session_token"}
        wrong_secret_key = dict(user, aws_secret_access_key=FAKE["aws_secret_access_key"])

        # an endpoint nobody listens on: slow (every call retried to the end), so in the background
        unreachable = [
            background.submit(run_grpc, ev, dead_client, "unreachable verify", "verify", OPTIONS, FAKE),
            background.submit(run_grpc, ev, dead_client, "unreachable get_tasks", "get_tasks", {}, FAKE),
            # (region_timeout_seconds bounds the region where the core knows it; ignored elsewhere)
            background.submit(run_grpc, ev, dead_client, "unreachable collect", "collect",
                              {"region_filter": [US], "cloud_service_types": ["EIP"], "region_timeout_seconds": 10},
                              FAKE, REGION_TASK),
            background.submit(run_cli, ev, "unreachable snapshot", dead_endpoint, out_dir,
                              secret_file("unreachable", FAKE), "snapshot", "--region", US, "--out",
                              "unreachable.json"),
        ]

        runs = [
            # successes
            ("user verify", "verify", OPTIONS, user, None),
            ("user get_tasks", "get_tasks", {}, user, None),
            ("user collect all", "collect", OPTIONS, user, None),
            ("temporary verify", "verify", OPTIONS, temporary, None),
            ("temporary collect", "collect", OPTIONS, temporary, REGION_TASK),
            ("role verify", "verify", OPTIONS, role, None),
            ("role get_tasks", "get_tasks", {}, role, None),
            ("role collect", "collect", OPTIONS, role, REGION_TASK),
            # rejected by AWS
            ("fake verify", "verify", OPTIONS, fake, None),
            ("fake get_tasks", "get_tasks", {}, fake, None),
            ("fake collect", "collect", OPTIONS, fake, REGION_TASK),
            ("fake token verify", "verify", OPTIONS, FAKE, None),
            ("fake token collect", "collect", OPTIONS, FAKE, REGION_TASK),
            ("wrong secret key verify", "verify", OPTIONS, wrong_secret_key, None),
            ("wrong secret key collect", "collect", OPTIONS, wrong_secret_key, REGION_TASK),
            ("bad token verify", "verify", OPTIONS, dict(user, aws_session_token=FAKE["aws_session_token"]), None),
            ("fake role verify", "verify", OPTIONS, fake_role, None),
            ("fake role collect", "collect", OPTIONS, fake_role, REGION_TASK),
            # AccessDenied: on AssumeRole, and on two APIs of a collect
            ("denied role verify", "verify", OPTIONS,
             dict(denied, role_arn=role_arn, external_id=FAKE_EXTERNAL_ID), None),
            ("denied collect", "collect", OPTIONS, denied, REGION_TASK),
            # bad input that carries the secrets
            ("bad role_arn", "verify", OPTIONS, dict(fake_role, role_arn="arn:aws:iam::123:role/x"), None),
            ("padded access key", "get_tasks", OPTIONS,
             dict(FAKE, aws_access_key_id=FAKE["aws_access_key_id"] + " "), None),
            ("oversized secret key", "collect", OPTIONS,
             dict(FAKE, aws_secret_access_key=FAKE["aws_secret_access_key"] * 8), REGION_TASK),
            ("external id without role", "verify", OPTIONS, dict(FAKE, external_id=FAKE_EXTERNAL_ID), None),
            ("secret in a wrong type", "verify", OPTIONS,
             dict(FAKE, aws_session_token=[FAKE["aws_session_token"]]), None),
        ]
        for label, rpc, options, secret_data, task_options in runs:
            run_grpc(ev, client, label, rpc, options, secret_data, task_options)

        # the command: snapshots written with the secrets in a --secret-file, at DEBUG
        for name, secret_data in [("temporary", temporary), ("role", role), ("denied", denied), ("fake", fake)]:
            run_cli(ev, f"{name} snapshot", moto.endpoint, out_dir, secret_file(name, secret_data),
                    "snapshot", "--region", US, "--out", f"{name}.snapshot.json")

        # _core.fetch_snapshot in this process
        with pytest.MonkeyPatch.context() as env:
            for name in list(os.environ):
                if name.startswith("AWS_"):
                    env.delenv(name)
            for name, value in aws_env(moto.endpoint).items():
                if name.startswith("AWS_"):
                    env.setenv(name, value)
            from aws_ec2_collector import _core
            for name, secret_data in [("temporary", temporary), ("role", role), ("denied", denied)]:
                text = _core.fetch_snapshot(secret_data, {}, US)
                ev.outcomes[f"{name} fetch_snapshot"] = ("ok", json.loads(text))
                ev.add(f"{name} fetch_snapshot", text)
                ev.add(f"{name} replay", _core.replay(text))
            text = _core.fetch_snapshot(dict(fake, aws_session_token=FAKE["aws_session_token"]), {}, US)
            ev.outcomes["fake fetch_snapshot"] = ("ok", json.loads(text))  # every call refused: all gaps
            ev.add("fake fetch_snapshot", text)

        for future in unreachable:
            future.result()
    # after the servers stopped: their whole output, and every file the command wrote
    for path in ev.logs:
        ev.add(f"log {path.parent.name}/{path.name}", path.read_text(errors="replace"))
    for path in sorted(out_dir.iterdir()):
        ev.add(f"file {path.name}", path.read_text(errors="replace"))
    return ev


# -- the runs did what they should ----------------------------------------------------------

def responses(ev, label):
    outcome, result = ev.outcomes[label]
    assert outcome == "ok", (label, outcome, str(result)[:300])
    return result


def test_the_successful_runs_succeeded(evidence):
    for label in ("user verify", "temporary verify", "role verify"):
        assert responses(evidence, label) == {}, label
    for label in ("user get_tasks", "role get_tasks"):
        assert responses(evidence, label)["tasks"], label
    for label in ("user collect all", "temporary collect", "role collect"):
        got = responses(evidence, label)
        assert {r["state"] for r in got} == {"SUCCESS"}, label
        assert any(r["resource_type"] == "inventory.CloudService" for r in got), label
    for name in ("temporary", "role"):
        assert evidence.outcomes[f"{name} snapshot"][0] == 0, evidence.outcomes[f"{name} snapshot"]
        snapshot = evidence.outcomes[f"{name} fetch_snapshot"][1]
        assert snapshot["reservations"] and "gaps" not in snapshot, name


def test_the_failing_runs_failed_as_they_should(evidence):
    for label in ("fake verify", "fake get_tasks", "fake token verify", "wrong secret key verify", "bad token verify"):
        outcome, details = evidence.outcomes[label]
        assert (outcome, details.split(":")[0]) == ("INVALID_ARGUMENT", "ERROR_AWS_CREDENTIALS"), (label, details)
    for label in ("fake collect", "fake token collect", "wrong secret key collect", "fake role collect"):
        got = responses(evidence, label)
        assert got and {r["state"] for r in got} == {"FAILURE"}, label
    denied = responses(evidence, "denied collect")
    refused = sorted(r["resource"]["operation"] for r in denied if r["state"] == "FAILURE")
    assert refused == ["ec2:DescribeInstances", "ec2:DescribeVolumes"], refused
    assert all(r["resource"]["code"] == "AccessDenied" for r in denied if r["state"] == "FAILURE")
    for label in ("bad role_arn", "padded access key", "oversized secret key", "external id without role",
                  "secret in a wrong type"):
        outcome, details = evidence.outcomes[label]
        assert (outcome, details.split(":")[0]) == ("INVALID_ARGUMENT", "ERROR_INVALID_PARAMETER"), (label, details)
    assert evidence.outcomes["denied snapshot"][0] == 1  # written, with the refused calls as gaps
    assert {g["code"] for g in evidence.outcomes["denied fetch_snapshot"][1]["gaps"]} == {"AccessDenied"}
    assert evidence.outcomes["fake snapshot"][0] == 3
    refused = {g["code"] for g in evidence.outcomes["fake fetch_snapshot"][1]["gaps"]}
    assert refused and refused <= {"AuthFailure", "InvalidClientTokenId", "UnrecognizedClientException"}, refused


def test_a_refused_role_is_reported_as_rejected_credentials(evidence):
    """AssumeRole refused (unknown keys; AccessDenied for a user denied sts:AssumeRole): the
    credentials of secret_data do not work, which verify reports as ERROR_AWS_CREDENTIALS naming
    sts:AssumeRole, as it does for refused keys."""
    for label in ("fake role verify", "denied role verify"):
        outcome, details = evidence.outcomes[label]
        assert (outcome, details.split(":")[0]) == ("INVALID_ARGUMENT", "ERROR_AWS_CREDENTIALS"), (label, details)
        assert "operation = sts:AssumeRole" in details, (label, details)


def test_the_unreachable_endpoint_failed_every_run(evidence):
    for label in ("unreachable verify", "unreachable get_tasks"):
        outcome, details = evidence.outcomes[label]
        assert outcome != "ok" and "Traceback" not in details, (label, details)
    got = responses(evidence, "unreachable collect")
    assert got and {r["state"] for r in got} == {"FAILURE"}
    code, stderr = evidence.outcomes["unreachable snapshot"]
    assert code == 3 and "error: AWS refused: sts:GetCallerIdentity" in stderr, stderr[-500:]


def test_logging_was_at_debug_and_saw_the_runs(evidence):
    for path in evidence.logs:
        log = path.read_text(errors="replace")
        assert "[DEBUG]" in log and "ROOT DEBUG" in log, f"{path}: not at DEBUG"
        assert log.count("(REQUEST)") >= 3 and "Collector.collect" in log, f"{path}: the runs are not in it"


# -- no secret anywhere ---------------------------------------------------------------------

def texts_of(evidence, *prefixes, suffix=""):
    return [(w, t) for w, t in evidence.texts if w.startswith(prefixes) or (suffix and w.endswith(suffix))]


def test_no_secret_in_error_messages(evidence):
    errors = [(w, t) for w, t in evidence.texts if w.endswith(" error")]
    assert len(errors) >= 12
    assert leaks(evidence, errors) == []


def test_no_secret_in_records_or_failures(evidence):
    records = [(w, t) for w, t in evidence.texts if " response " in w or w.endswith(" replay")]
    assert len(records) > 50
    assert leaks(evidence, records) == []


def test_no_secret_in_server_logs(evidence):
    logs = texts_of(evidence, "log ")
    assert len(logs) == 2 and all(len(t) > 10_000 for _, t in logs)
    assert leaks(evidence, logs) == []


def test_no_secret_in_snapshots_or_command_output(evidence):
    outputs = [(w, t) for w, t in evidence.texts
               if w.startswith("file ") or w.endswith((" stdout", " stderr", " fetch_snapshot"))]
    assert {w for w, _ in outputs} >= {"file temporary.snapshot.json", "file role.snapshot.json",
                                       "file denied.snapshot.json", "temporary fetch_snapshot"}
    assert leaks(evidence, outputs) == []


def test_the_search_finds_a_planted_secret(evidence):
    """The search itself works: each form of a secret planted in a text is found."""
    value = evidence.secrets["fake.aws_secret_access_key"]
    for planted in (value, quote(value, safe=""), json.dumps(value)[1:-1], "masked***" + value[-12:]):
        assert leaks(evidence, [("planted", f"x {planted} y")]), planted
