"""Cancellation and load, through the real plugin server and the benchmark's fake AWS
(bench/fake_aws.py): a client that goes away stops its collect's AWS calls, and 50 collects at
once from the server's worker threads give complete, identical output, leave the server
answering, and leave its memory where it was."""
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc
import pytest

from spaceone.api.inventory.plugin import collector_pb2

from demo.grpc_client import PluginClient, struct, to_dict
from demo.servers import FakeAwsServer, PluginServer

SECRET = {"aws_access_key_id": "AKIALOADTEST00000000", "aws_secret_access_key": "load-test-secret"}
BIG, SMALL = "us-east-1", "ap-northeast-2"
# as many collects as the plugin server has worker threads by default (100), with the worker
# count raised so that Collector.init and the health check still find a free thread
CONCURRENT = 100
WORKERS = CONCURRENT + 10
OPEN_FILES = 1024  # a common container limit


def rss_mb(pid):
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:"))) / 1024


def records(client, task_options):
    """The records of one collect: {(type, resource id): json_data} and the FAILURE messages."""
    out, failures = {}, []
    for r in client.collect({}, SECRET, task_options):
        if r.get("state") == "FAILURE":
            failures.append(r.get("message"))
        elif r["resource_type"] == "inventory.CloudService":
            resource = r["resource"]
            out[resource["cloud_service_type"], resource["reference"]["resource_id"]] = resource["json_data"]
    return out, failures


def region_task(region):
    return {"resource_type": "inventory.CloudService", "service": "EC2", "region": region}


@pytest.fixture(scope="module")
def slow_aws(tmp_path_factory):
    """A region whose collect takes tens of seconds: AWS's buckets and a 40 ms round trip."""
    with FakeAwsServer(tmp_path_factory.mktemp("slow-aws"), regions={BIG: 600, SMALL: 5}, latency_ms=40) as fake:
        yield fake


def test_a_client_that_goes_away_stops_its_aws_calls_within_a_second(slow_aws, tmp_path):
    with PluginServer(tmp_path, slow_aws.endpoint) as plugin, PluginClient(plugin.target) as client:
        client.wait_ready()
        records(client, region_task(SMALL))  # warm: clients, runtime, connection pool
        for attempt in range(3):
            stream = client.collect_call({}, SECRET, region_task(BIG))
            reader = threading.Thread(target=drain, args=(stream,), daemon=True)
            reader.start()
            started = len(slow_aws.call_log())
            while len(slow_aws.call_log()) < started + 150:  # well into the per-instance calls
                time.sleep(0.2)
            stream.cancel()
            cancelled_at = slow_aws.report()["now"]
            reader.join(timeout=10)
            assert not reader.is_alive(), "the stream did not end after its cancellation"
            time.sleep(3)
            late = [c for c in slow_aws.call_log() if c["start"] > cancelled_at + 1.0]
            assert not late, f"{len(late)} AWS calls started more than 1 s after the client went away: {late[:3]}"
            if attempt == 0:
                after_first = rss_mb(plugin.proc.pid)
        # the cancelled collects' memory went back: three of them cost no more than the first
        assert rss_mb(plugin.proc.pid) <= after_first + 25
        # and the server still collects
        got, failures = records(client, region_task(SMALL))
        assert len([k for k in got if k[0] == "Instance"]) == 5 and not failures


def drain(stream):
    try:
        for _ in stream:
            pass
    except grpc.RpcError as e:
        assert e.code() == grpc.StatusCode.CANCELLED, e


@pytest.fixture(scope="module")
def fast_aws(tmp_path_factory):
    """Every call answered after 100 ms, no throttling: 50 collects wait on AWS together."""
    with FakeAwsServer(tmp_path_factory.mktemp("fast-aws"), regions={BIG: 20, SMALL: 5}, latency_ms=100,
                       throttle=False) as fake:
        yield fake


def test_a_hundred_concurrent_collects_within_1024_open_files_are_complete_identical_and_leak_nothing(
        fast_aws, tmp_path):
    # the buckets are shared by every collect of the account: a hundred at once would wait on them
    env = {"AWS_EC2_COLLECTOR_RATE_SCALE": "1000", "SPACEONE_WORKER": str(WORKERS)}
    with PluginServer(tmp_path, fast_aws.endpoint, env, open_files=OPEN_FILES) as plugin, \
            PluginClient(plugin.target) as client:
        client.wait_ready()
        want = {region: records(client, region_task(region)) for region in (BIG, SMALL)}
        assert not want[BIG][1] and len([k for k in want[BIG][0] if k[0] == "Instance"]) == 20
        rss = []
        for _round in range(3):
            tasks = [region_task(BIG if i % 2 else SMALL) for i in range(CONCURRENT)]
            answered = []
            with ThreadPoolExecutor(CONCURRENT + 1) as pool:
                collects = [pool.submit(records, client, task) for task in tasks]
                # the server's other RPCs are served while a hundred collects wait on AWS: no GIL held
                while not all(c.done() for c in collects):
                    answered.append(init_within(client, 5))
                    time.sleep(0.2)
                got = [c.result() for c in collects]
            for task, result in zip(tasks, got, strict=True):
                assert result == want[task["region"]], f"a concurrent collect of {task['region']} differs"
            assert answered and all(answered)
            time.sleep(1)
            rss.append(rss_mb(plugin.proc.pid))
            open_now = len(list(Path(f"/proc/{plugin.proc.pid}/fd").iterdir()))
            assert open_now < OPEN_FILES // 2, f"{open_now} files open after round {_round + 1}"
        # the first round grows the allocator's arenas; later rounds reuse them (not a leak)
        assert rss[2] <= rss[0] + 25, f"RSS after each round of {CONCURRENT} collects: {rss} MB"


def init_within(client, seconds):
    """Collector.init answered within `seconds` (a deadline, not a speed goal: it fails only when
    the server is stuck)."""
    answer = client.collector.init(collector_pb2.InitRequest(options=struct({})), timeout=seconds)
    return "options_schema" in to_dict(answer)["metadata"]
