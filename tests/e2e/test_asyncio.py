"""The asyncio API (aws_ec2_collector.aio over _core's *_async) from real asyncio programs, in this
process: against the session's moto its answers equal the sync API's, also for collects run
concurrently; against the benchmark's fake AWS (bench/fake_aws.py), whose round trips and held
calls make a collect slow, the event loop keeps running while collects wait, and a collect whose
consumer stops (its task cancelled, or `aclose()`) makes no further AWS call. Every AWS endpoint
points at the server of the test, as the plugin server's do (demo.servers.aws_env)."""
import asyncio
import itertools
import json
import logging
import os
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from aws_ec2_collector import _core, aio, errors
from demo.servers import FakeAwsServer, aws_env

from demo.fleet import REGIONS

OPTIONS = {"region_filter": REGIONS}
FAKE_SECRET = {"aws_access_key_id": "AKIAASYNCIOTEST00001", "aws_secret_access_key": "asyncio-test-secret-7f3a9c"}
US = "us-east-1"
REGION_TASK = {"resource_type": "inventory.CloudService", "service": "EC2", "region": US}
LATENCY_MS = 200  # the fake's round trip: a region's collect takes many of them


@contextmanager
def aws_at(endpoint):
    with pytest.MonkeyPatch.context() as env:
        for name in list(os.environ):
            if name.startswith("AWS_"):
                env.delenv(name)
        for name, value in aws_env(endpoint).items():
            if name.startswith("AWS_"):
                env.setenv(name, value)
        yield


@pytest.fixture
def on_moto(moto):
    with aws_at(moto.endpoint):
        yield


@pytest.fixture(scope="module")
def fake(tmp_path_factory):
    with FakeAwsServer(tmp_path_factory.mktemp("fake-aws"), regions={US: 20}, latency_ms=LATENCY_MS,
                       throttle=False) as server:
        with aws_at(server.endpoint):
            yield server


def calls(fake):
    return fake.report()["calls"]


def canonical(responses):
    """Responses in an order that does not depend on which region finished first."""
    return sorted(json.dumps(r, sort_keys=True) for r in responses)


async def drain(stream):
    return [response async for response in stream]


def test_awaitables_answer_as_the_sync_calls(on_moto, secret):
    async def main():
        return await asyncio.gather(aio.verify(secret, OPTIONS), aio.get_tasks(secret, OPTIONS),
                                    aio.get_tasks(secret, {}), aio.fetch_snapshot(secret, OPTIONS, US))

    account, tasks, all_tasks, snapshot = asyncio.run(main())
    assert account == _core.verify(secret, OPTIONS) == "123456789012"
    assert tasks == _core.get_tasks(secret, OPTIONS)
    assert all_tasks == _core.get_tasks(secret, {})
    assert json.loads(snapshot) == json.loads(_core.fetch_snapshot(secret, OPTIONS, US))


def test_concurrent_collects_give_what_the_sync_collects_give(on_moto, secret, caplog):
    tasks = [t["task_options"] for t in _core.get_tasks(secret, OPTIONS)] + [None]

    async def main():
        # every task twice, all at once on one loop
        return await asyncio.gather(*(drain(aio.collect(secret, OPTIONS, t)) for t in tasks + tasks))

    with caplog.at_level(logging.INFO, logger="spaceone.aws_ec2_collector"):
        outputs = asyncio.run(main())
    expected = [canonical(_core.collect(secret, OPTIONS, t)) for t in tasks]
    assert [canonical(o) for o in outputs] == expected + expected
    assert all(o for o in outputs)
    assert not [r for o in outputs for r in o if r["state"] != "SUCCESS"]
    # the collects' lines reach the plugin's logger, as the sync stream's do
    lines = [r.getMessage() for r in caplog.records if r.name == "spaceone.aws_ec2_collector"]
    assert sum(line == f"region {US}: collecting" for line in lines) >= 4


def test_the_asyncio_calls_share_the_one_runtime(on_moto, secret):
    """No second tokio runtime: its threads would have tokio's default name
    ("tokio-runtime-worker"), the core's are "ec2-collector"."""
    async def main():
        await aio.verify(secret, OPTIONS)
        return await drain(aio.collect(secret, OPTIONS, REGION_TASK))

    assert asyncio.run(main())
    names = {(Path("/proc/self/task") / task / "comm").read_text().strip() for task in os.listdir("/proc/self/task")}
    assert "ec2-collector" in names
    assert not [n for n in names if n.startswith("tokio-runtime")]


def test_the_event_loop_runs_while_collects_wait_on_aws(fake):
    """Two collects of a region, each of whose DescribeInstances the fake holds for 2 s: while
    they wait, a ticker on the same loop keeps its 10 ms beat."""
    fake.inject([{"kind": "timeout", "service": "ec2", "action": "DescribeInstances", "delay_s": 2}])
    try:
        async def main():
            ticks = []

            async def ticker():
                while True:
                    ticks.append(time.monotonic())
                    await asyncio.sleep(0.01)

            beat = asyncio.create_task(ticker())
            outputs = await asyncio.gather(*(drain(aio.collect(FAKE_SECRET, {}, REGION_TASK)) for _ in range(2)))
            beat.cancel()
            return outputs, ticks

        outputs, ticks = asyncio.run(main())
    finally:
        fake.inject([])
    instances = [[r for r in o if r.get("cloud_service", {}).get("cloud_service_type") == "Instance"] for o in outputs]
    assert [len(i) for i in instances] == [20, 20]
    elapsed = ticks[-1] - ticks[0]
    assert elapsed >= 2  # the collects did wait for the held calls, with the ticker running
    assert len(ticks) >= elapsed / 0.01 / 4
    assert max(b - a for a, b in itertools.pairwise(ticks)) < 0.5


def settled(fake):
    """The fake's call count once no call has come for a few round trips."""
    before = calls(fake)
    while True:
        time.sleep(LATENCY_MS / 1000 * 5)
        now = calls(fake)
        if now == before:
            return now
        before = now


def calls_of_a_whole_collect(fake, task_options):
    start = calls(fake)
    assert asyncio.run(drain(aio.collect(FAKE_SECRET, {}, task_options)))
    return settled(fake) - start


def test_cancelling_the_consuming_task_stops_the_collect(fake):
    full = calls_of_a_whole_collect(fake, REGION_TASK)

    async def main():
        stream = aio.collect(FAKE_SECRET, {}, REGION_TASK)
        consumer = asyncio.create_task(drain(stream))
        while calls(fake) - begun < 3:  # the collect is under way, far from done
            await asyncio.sleep(0.01)
        consumer.cancel()
        with pytest.raises(asyncio.CancelledError):
            await consumer
        # the stream is still referenced here: the cancelled __anext__ itself stopped the collect
        with pytest.raises(StopAsyncIteration):
            await stream.__anext__()
        return stream

    begun = calls(fake)
    stream = asyncio.run(main())
    made = settled(fake) - begun
    assert 3 <= made < full / 2
    del stream


def test_aclose_stops_the_collect_and_ends_the_stream(fake):
    full = calls_of_a_whole_collect(fake, None)

    async def main():
        stream = aio.collect(FAKE_SECRET, {}, None)
        async for response in stream:  # the CloudServiceType responses come before the regions'
            assert response["resource_type"] == "inventory.CloudServiceType"
            break
        await stream.aclose()
        await stream.aclose()  # closing twice is harmless
        assert await drain(stream) == []

    begun = calls(fake)
    asyncio.run(main())
    assert settled(fake) - begun < full / 2


EXIT_RIGHT_AFTER = """
import asyncio
from aws_ec2_collector import aio, errors

async def main(secret):
    try:
        await aio.verify(secret, {{}})
    except errors.CredentialsRejected:
        pass

asyncio.run(main({secret!r}))
"""


def test_the_interpreter_exits_cleanly_right_after_an_answer(recording_aws):
    """The answer is handed over by a runtime thread holding the GIL; the interpreter finalising
    right after must not find it still inside Python (which crashed a third of these exits with
    pyo3-async-runtimes' future_into_py)."""
    script = EXIT_RIGHT_AFTER.format(secret=FAKE_SECRET)
    env = aws_env(recording_aws.endpoint)
    for _ in range(12):
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
        assert (done.returncode, done.stderr) == (0, "")


def test_bad_input_names_the_field(recording_aws):
    """A coroutine of aio raises when awaited; the native functions, and aio.collect, when called
    (before any event loop is needed). Nothing reaches AWS."""
    recording_aws.clear()
    with aws_at(recording_aws.endpoint):
        bad_secret = dict(FAKE_SECRET, aws_access_key_id=5)
        for call in (aio.verify(bad_secret, {}), aio.get_tasks(bad_secret, {}), aio.fetch_snapshot(bad_secret, {}, US)):
            with pytest.raises(errors.InvalidArgument) as raised:
                asyncio.run(call)
            assert raised.value.field == "secret_data.aws_access_key_id"
        with pytest.raises(errors.InvalidArgument) as raised:
            _core.verify_async(FAKE_SECRET, {"region_filter": "us-east-1"})
        assert raised.value.field == "options.region_filter"
        with pytest.raises(errors.InvalidArgument) as raised:
            _core.fetch_snapshot_async(FAKE_SECRET, {}, "moon-1")
        assert raised.value.field == "region"
        with pytest.raises(errors.InvalidArgument) as raised:
            aio.collect(FAKE_SECRET, {}, {"resource_type": "inventory.Nothing"})
        assert raised.value.field.startswith("task_options")
    assert recording_aws.requests == []
