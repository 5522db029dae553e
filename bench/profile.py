"""Where the plugin server's Python time goes per record: py-spy samples of the thread holding
the GIL (`--gil`) during a collect, each stack put in the first category whose frame it holds
(nearest the leaf first), so that the shares add up to 100 %.

Only the GIL holder is sampled: threads waiting with the GIL released (our stream's `__next__`
while the core works, grpc's idle workers) are not, and neither are the core's own threads
(fetching and assembly, which never take the GIL); the Python side of a record is serial, so
this is its cost per record.
"""
import re
import shutil
import signal
import subprocess
from collections import Counter
from pathlib import Path

RATE = 250  # samples per second

# (category, predicate on one frame "function (file:line)"), checked from the leaf to the root
CATEGORIES = [
    ("inspect.stack() in spaceone-core's dict_to_message (once per message)",
     lambda f: f.startswith("stack (") and "inspect.py" in f),
    ("protobuf ParseDict in dict_to_message", lambda f: "json_format.py" in f),
    ("pydantic ResourceResponse validation (spaceone-inventory's CollectorService)",
     lambda f: "pydantic" in f or "collector_service.py" in f),
    ("match rules and resource_type mapping (spaceone-inventory's interface)",
     lambda f: "interface/grpc/collector.py" in f),
    ("our core: next() on the record stream (Rust to Python dicts) and the route",
     lambda f: "aws_ec2_collector" in f),
    ("logging", lambda f: "logging/" in f),
    ("protobuf serialising the message", lambda f: "google/protobuf" in f),
    ("grpc: handing the message to the transport", lambda f: "grpc" in f),
]
# a leaf in one of these is a thread waiting inside a C call that py-spy still sees as running
WAITING = ("grpc waiting (completion-queue poll, flow control): no CPU of its own",
           lambda f: f.startswith(("wait (", "_serve (", "_wait_once (", "_worker (")) and (
               "threading.py" in f or "grpc" in f or "concurrent/futures" in f))
OTHER = "other Python"


def py_spy(bin_dir):
    """The py-spy of the bench's venv (requirements/bench.txt), or on PATH; None without one."""
    return shutil.which("py-spy", path=str(bin_dir)) if bin_dir else shutil.which("py-spy")


def start(pid, out: Path, py_spy_path):
    return subprocess.Popen([py_spy_path, "record", "--pid", str(pid), "--rate", str(RATE), "--format", "raw",
                             "--output", str(out), "--gil", "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop(proc):
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)


def category(stack):
    frames = stack.split(";")
    if WAITING[1](frames[-1]):
        return WAITING[0]
    for frame in reversed(frames):
        for name, matches in CATEGORIES:
            if matches(frame):
                return name
    return OTHER


def breakdown(raw: Path, records: int):
    """[(category, share, microseconds per record)], largest first, from py-spy's raw output."""
    samples = Counter()
    for line in raw.read_text().splitlines():
        m = re.match(r"^(.*) (\d+)$", line)
        if m:
            samples[category(m.group(1))] += int(m.group(2))
    total = sum(samples.values()) or 1
    per_record_us = 1e6 / RATE / max(records, 1)
    return [(name, n / total, n * per_record_us) for name, n in samples.most_common()]
