"""`make bench`: the collector's benchmark, scenario by scenario.

For each scenario (bench/fleet.py): starts the fake AWS (bench/fake_aws.py) with it, starts the
plugin server from the release wheel of `make wheel` installed in its own venv (.venv-bench,
leaving .venv's dev build alone), calls Job.get_tasks and then Collector.collect for every task
at once over gRPC, and measures the wall time, the plugin server's CPU time and peak RSS, the
records per second, and from the fake's call log the calls, throttles, retries and the floor
(bench/report.py), and from the plugin log the per-item answers served from memory. A scenario
with `warm` then runs the same job again on the same servers (<scenario>_warm); one with
`upstream`, when UPSTREAM_CMD is set (a command serving the upstream plugin on `{port}`, run by
bash in the repository's root, as the parity kit's PLUGIN_CMD), runs the upstream's job on a
fake of the same scenario, bounded by --upstream-timeout. Prints one `bench:` line per job;
`--markdown BENCHMARKS.md` also writes the report, and the charts of the scenarios with `chart`
(bench/charts.py) into docs/bench/ beside it. Without --scenario it first runs the assembly's
cargo bench (benches/assemble.rs). Logs, call logs, results and timelines of each scenario go to
out/bench/<scenario>/ (the upstream's to out/bench/<scenario>/upstream/).

    python bench/run.py --scenario small [--scenario huge --time-scale 0.05] [--markdown BENCHMARKS.md]
    UPSTREAM_CMD='... -p {port}' python bench/run.py --scenario small80 --scenario medium
"""
import argparse
import contextlib
import hashlib
import http.client
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import threading
import time
import tomllib
import urllib.parse
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import grpc

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import fake_aws, profile, report  # noqa: E402
from bench.fleet import SCENARIOS, region_fleet  # noqa: E402
from demo.grpc_client import PluginClient  # noqa: E402
from demo.servers import FakeAwsServer, PluginServer, Process, aws_env, interpreter  # noqa: E402

VENV = ROOT / ".venv-bench"
SECRET = {"aws_access_key_id": "AKIABENCHMARK", "aws_secret_access_key": "benchmark"}
# the upstream's get_tasks makes tasks of every AWS service it knows without it
OPTIONS = {"service_filter": ["EC2"]}
FAILURE = 5  # ResourceInfo.State.FAILURE


class ReleasePlugin(PluginServer):
    """The plugin server of .venv-bench, run as the image runs it: from a directory holding only
    the plugin entry (python/plugin), so that the release wheel's package is the one imported."""

    def __init__(self, log_dir, aws_endpoint, bin_dir, extra_env):
        super().__init__(log_dir, aws_endpoint, extra_env)
        self.bin_dir = bin_dir

    def command(self):
        return [str(self.bin_dir / "spaceone"), "run", "plugin-server", "plugin", "-p", str(self.port)]

    def cwd(self):
        entry = VENV / "entry"
        shutil.copytree(ROOT / "python" / "plugin", entry / "plugin", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
        return str(entry)

    def env(self):
        env = {k: v for k, v in super().env().items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
        env["PATH"] = f"{self.bin_dir}{os.pathsep}{env.get('PATH', '')}"
        return env


def release_venv(wheel=None):
    """.venv-bench with the pinned runtime and the wheel (default: the one of dist/), reinstalled
    when it changes."""
    wheels = [Path(wheel)] if wheel else sorted((ROOT / "dist").glob("*.whl"))
    if len(wheels) != 1:
        sys.exit(f"bench: expected the one wheel of `make wheel` in dist/, found {wheels}")
    wheel, runtime, tools = wheels[0].resolve(), ROOT / "requirements" / "runtime.txt", ROOT / "requirements" / "bench.txt"
    inventory = next(d for d in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
                     if d.startswith("spaceone-inventory"))
    pip = [str(VENV / "bin" / "pip"), "install", "-q", "--disable-pip-version-check"]
    stamp_path = VENV / ".bench-stamp"
    stamp = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    want = {"runtime": runtime.read_text() + inventory + tools.read_text(),
            "wheel": [str(wheel), wheel.stat().st_mtime_ns]}
    # the image's Python: there protobuf 3.20 runs its C++ implementation, on 3.11 its pure Python one
    python = os.environ.get("BENCH_PYTHON") or interpreter("3.10")
    if python is None:
        sys.exit("bench: no Python 3.10 (the plugin image's) found; set BENCH_PYTHON or PYTHON310")
    want["python"] = subprocess.run([python, "-c", "import sys; print(sys.version)"], capture_output=True,
                                    text=True, check=True).stdout.strip()
    if stamp.get("python") != want["python"]:
        shutil.rmtree(VENV, ignore_errors=True)
        stamp = {}
    if not (VENV / "bin" / "python").exists():
        subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    if stamp.get("runtime") != want["runtime"]:
        subprocess.run(pip + ["-r", str(runtime)], check=True)
        subprocess.run(pip + ["--no-deps", inventory], check=True)
        subprocess.run(pip + ["-r", str(tools)], check=True)
    if stamp.get("wheel") != want["wheel"]:
        subprocess.run(pip + ["--no-deps", "--force-reinstall", str(wheel)], check=True)
    stamp_path.write_text(json.dumps(want))
    return wheel, VENV / "bin"


def usage(pid):
    """(CPU seconds including waited-for children, peak RSS in MB) of a live process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")
    status = Path(f"/proc/{pid}/status").read_text()
    hwm = next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM:"))
    return cpu, int(hwm) / 1024


def collect(client, options, task_options, arrivals):
    """Counts of one collect's records: CloudService records by type, FAILURE messages by kind
    (resource ids blanked); each record's arrival time (time.monotonic()) appended to `arrivals`."""
    counts = Counter()

    def failed(message):
        counts["failures"] += 1
        counts["failure: " + re.sub(r"\b[a-z]+-[0-9a-f]{8,}\b", "<id>", message)[:300]] += 1

    try:
        for msg in client.collect(options, SECRET, task_options, raw=True):
            arrivals.append(time.monotonic())
            counts["records"] += 1
            if msg.state == FAILURE:
                failed(msg.message)
                continue
            kind = msg.resource.fields.get("cloud_service_type")
            if msg.resource_type == "inventory.CloudService" and kind is not None:
                counts["type: " + kind.string_value] += 1
    except grpc.RpcError as e:  # the collect's stream ended with an error status (or its deadline passed)
        failed(f"gRPC {e.code().name}: {e.details()}")
    return counts


def job(client, options, timeout=None):
    """Job.get_tasks, then Collector.collect of every task at once, as Inventory runs a job; with
    `timeout`, every RPC's deadline is that many seconds after the job's start. {started
    (time.monotonic()), wall_s, counts, tasks: [(task_options, seconds)], arrivals: [seconds after
    the start of each record]}."""
    started = time.monotonic()
    if timeout:
        client.timeout = timeout
    tasks = [t.get("task_options", {}) for t in client.get_tasks(options, SECRET).get("tasks", [])]
    if timeout:
        client.timeout = max(1.0, started + timeout - time.monotonic())
    arrivals = []

    def timed(task):
        t = time.monotonic()
        return collect(client, options, task, arrivals), time.monotonic() - t

    with ThreadPoolExecutor(max(1, len(tasks))) as pool:
        done = list(pool.map(timed, tasks))
    return {"started": started, "wall_s": time.monotonic() - started, "counts": sum((c for c, _ in done), Counter()),
            "tasks": [(t, seconds) for t, (_, seconds) in zip(tasks, done, strict=True)],
            "arrivals": sorted(a - started for a in arrivals)}


def totals(before, after):
    """The fake's own time between two of its reports."""
    return {k: after[k] - before[k] for k in ("service_s", "cpu_s")}


def remembered(log_text):
    """(regions done, per-item answers served from memory) from the plugin log's region summaries
    ("region R: N instances, ... 0 retries, M answers from memory, S s"; collect/events.rs)."""
    done = [line for line in log_text.splitlines() if re.search(r"region \S+: \d+ instances, ", line)]
    return len(done), sum(int(m.group(1)) for line in done if (m := re.search(r"(\d+) answers from memory", line)))


def measure(scenario, time_scale, out, fake, plugin, client, options, spy, warm=False):
    """One job of a scenario on running servers (`warm`: its second), with what it cost and what
    the fake saw."""
    name = scenario.name + "_warm" if warm else scenario.name
    cpu_before, _ = usage(plugin.proc.pid)
    fake_before = fake.report()
    log_mark = plugin.log_path.stat().st_size
    client_cpu = time.process_time()
    sampler = profile.start(plugin.proc.pid, out / "py-spy.txt", spy) if scenario.profile and spy else None
    done = job(client, options)
    wall = done["wall_s"]
    if sampler:
        profile.stop(sampler)
    client_cpu = time.process_time() - client_cpu
    cpu_after, peak_rss = usage(plugin.proc.pid)
    fake_report = fake.report()
    served = totals(fake_before, fake_report)
    # a region's summary is logged once its last record is sent, maybe after the client has it
    region_tasks = sum(t.get("resource_type") == "inventory.CloudService" for t, _ in done["tasks"])
    deadline = time.monotonic() + 10
    while True:
        with open(plugin.log_path, errors="replace") as log:
            log.seek(log_mark)
            regions_done, from_memory = remembered(log.read())
        if regions_done >= region_tasks or time.monotonic() > deadline:
            break
        time.sleep(0.1)
    calls = report.read_log(fake.calls, skip=fake_before["calls"])
    neighbour = [c for c in calls if c["client"]]
    calls = [c for c in calls if not c["client"]]
    actions = report.by_action(calls)
    floor, regions = report.floor(calls, fake_report["buckets"], fake_report["latency_ms"],
                                  options.get("api_bucket_share", 1.0))
    floor_s = floor * time_scale
    counts = done["counts"]
    summary = {"wall_s": wall, "floor_s": floor_s, "ratio": wall / floor_s if floor_s else 0.0,
               "throttled": sum(c["throttled"] for c in calls), "retries": sum(a["retries"] for a in actions.values()),
               "peak_rss_mb": peak_rss, "records_per_s": counts["records"] / wall}
    first = min((c["start"] for c in calls), default=0.0)
    result = {"scenario": name, "description": scenario.description, "time_scale": time_scale,
              "latency_ms": fake_report["latency_ms"], "options": options, "summary": summary,
              "tasks": len(done["tasks"]), "task_seconds": done["tasks"],
              "records": counts["records"], "failures": counts["failures"], "instances": counts["type: Instance"],
              "cloud_services": {k[6:]: n for k, n in sorted(counts.items()) if k.startswith("type: ")},
              "instances_expected": sum(scenario.regions.values()), "calls": len(calls),
              "errors": sum(c["status"] >= 400 and not c["throttled"] for c in calls),
              "plugin_cpu_s": cpu_after - cpu_before,
              "fake_service_s": served["service_s"], "fake_cpu_s": served["cpu_s"], "client_cpu_s": client_cpu,
              "region_tasks": region_tasks, "regions_done": regions_done, "remembered": from_memory,
              "aws_span_s": (max(c["end"] for c in calls) - first) * time_scale if calls else 0.0,
              "failure_kinds": {k[9:]: n for k, n in counts.most_common() if k.startswith("failure: ")},
              "regions": regions, "actions": {a: dict(c) for a, c in actions.items()},
              "profile": profile.breakdown(out / "py-spy.txt", counts["records"]) if sampler else None,
              "neighbour": {"calls": len(neighbour), "throttled": sum(c["throttled"] for c in neighbour),
                            "errors": sum(c["status"] >= 400 and not c["throttled"] for c in neighbour)}
              if scenario.neighbour else None}
    # the calls and the records on the job's clock, for bench/charts.py
    origin = fake_report["t0_monotonic"] - done["started"]
    busiest = max(regions, key=lambda r: regions[r]["calls"], default=None)
    title = f"the job of {scenario.name} again, per-item answers from memory" if warm else scenario.description
    timeline = {"title": f"{name}: {title}", "wall_s": wall, "floor_s": floor_s,
                "region": busiest, "refill_per_s": fake_aws.REFILL / time_scale,
                "calls": [[round(origin + c["start"] * time_scale, 4), c["action"]] for c in calls
                          if c["region"] == busiest],
                "arrivals": [round(a, 4) for a in done["arrivals"]]}
    (out / f"{name}.timeline.json").write_text(json.dumps(timeline))
    return result


def run(scenario, time_scale, out, bin_dir):
    """A scenario's job (and its warm job): [result]; bin_dir None: the dev build of .venv (`make
    build`) instead of the release one."""
    out.mkdir(parents=True, exist_ok=True)
    for old in [*out.glob("*.log"), *out.glob("py-spy.txt")]:
        old.unlink()
    spy = profile.py_spy(bin_dir)
    # the fake's buckets refill 1/time_scale times faster: so may the collector's
    rates = {"AWS_EC2_COLLECTOR_RATE_SCALE": str(1 / time_scale)}
    options = {**OPTIONS, **scenario.options}
    with FakeAwsServer(out, scenario.name, time_scale) as fake, \
            (ReleasePlugin(out, fake.endpoint, bin_dir, rates) if bin_dir else PluginServer(out, fake.endpoint, rates)) \
            as plugin, \
            PluginClient(plugin.target) as client:
        client.wait_ready()
        neighbour = contextlib.nullcontext()
        if scenario.neighbour:  # at the part of the refill the collector leaves
            region = next(iter(scenario.regions))
            volumes = [v["VolumeId"] for v in region_fleet(region, scenario.regions[region]).volumes]
            rate = (1 - options.get("api_bucket_share", 1.0)) * fake_aws.REFILL / time_scale
            neighbour = Neighbour(fake.endpoint, region, volumes, rate)
        with neighbour:
            results = [measure(scenario, time_scale, out, fake, plugin, client, options, spy)]
        if scenario.warm:
            # every bucket full again, as after a pause between two jobs; the warm job's own peak RSS
            time.sleep(max(burst / refill for burst, refill in fake.report()["buckets"].values()) * time_scale)
            Path(f"/proc/{plugin.proc.pid}/clear_refs").write_text("5")
            warm = measure(scenario, time_scale, out, fake, plugin, client, options, spy, warm=True)
            warm["cold_wall_s"] = results[0]["summary"]["wall_s"]
            warm["summary"]["speedup_vs_cold"] = warm["cold_wall_s"] / warm["summary"]["wall_s"]
            results.append(warm)
    return results


class Neighbour:
    """Another client of the account beside the collect: DescribeVolumeAttribute of the region's
    volumes at `rate` calls per second, on a few keep-alive connections, each call marked with
    x-bench-client so that the call log tells them from the collector's."""
    CONNECTIONS = 4

    def __init__(self, endpoint, region, volume_ids, rate):
        self.address = urllib.parse.urlsplit(endpoint).netloc
        self.region, self.volume_ids, self.rate = region, volume_ids, rate
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.send, args=(k,)) for k in range(self.CONNECTIONS)]

    def send(self, k):
        """Calls k, k + CONNECTIONS, ... of the schedule, each at its time (at once when late)."""
        connection = http.client.HTTPConnection(self.address, timeout=60)
        headers = {"Content-Type": "application/x-www-form-urlencoded", "x-bench-client": "neighbour",
                   "Authorization": f"AWS4-HMAC-SHA256 Credential=AKIABENCHMARK/20240501/{self.region}/ec2/"
                                    f"aws4_request, SignedHeaders=host, Signature=0"}
        n = k
        while not self.stopping.wait(max(0.0, self.started + n / self.rate - time.monotonic())):
            body = urllib.parse.urlencode({"Action": "DescribeVolumeAttribute", "Version": "2016-11-15",
                                           "Attribute": "productCodes",
                                           "VolumeId": self.volume_ids[n % len(self.volume_ids)]})
            connection.request("POST", "/", body, headers)
            connection.getresponse().read()
            n += self.CONNECTIONS
        connection.close()

    def __enter__(self):
        self.started = time.monotonic()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()


class UpstreamPlugin(Process):
    """The upstream collector's plugin server: UPSTREAM_CMD, with {port} replaced, run by bash in
    the repository's root, its AWS calls pointed at the fake as the parity kit points them."""
    name = "upstream"

    def __init__(self, log_dir, aws_endpoint, command):
        super().__init__(log_dir)
        self.aws_endpoint, self.template = aws_endpoint, command

    @property
    def target(self):
        return f"127.0.0.1:{self.port}"

    def command(self):
        return ["bash", "-c", self.template.replace("{port}", str(self.port))]

    def env(self):
        return {**aws_env(self.aws_endpoint), "PYTHONUNBUFFERED": "1"}


def upstream(scenario, time_scale, out, command, timeout, ours):
    """The upstream's job on a fake of the same scenario (fleet, round trip, buckets, time scale),
    beside `ours` (our result): its wall, calls, records, and the speed-up of each region task."""
    out.mkdir(parents=True, exist_ok=True)
    with FakeAwsServer(out, scenario.name, time_scale) as fake, UpstreamPlugin(out, fake.endpoint, command) as server, \
            PluginClient(server.target) as client:
        client.wait_ready()
        started = time.monotonic()
        try:
            done = job(client, OPTIONS, timeout)
        except grpc.RpcError as e:  # get_tasks itself failed or passed the deadline
            done = {"wall_s": time.monotonic() - started, "tasks": [],
                    "counts": Counter({"failures": 1, f"failure: gRPC {e.code().name}: {e.details()}": 1})}
        served = fake.report()
    counts = done["counts"]
    timed_out = any("DEADLINE_EXCEEDED" in k for k in counts)
    theirs = {t.get("region"): s for t, s in done["tasks"] if t.get("resource_type") == "inventory.CloudService"}
    per_region = {t.get("region"): (s, theirs[t["region"]]) for t, s in ours["task_seconds"]
                  if t.get("resource_type") == "inventory.CloudService" and t.get("region") in theirs}
    return {"wall_s": done["wall_s"], "timeout_s": timeout, "timed_out": timed_out, "calls": served["calls"],
            "throttled": served["throttled"], "errors": served["errors"], "records": counts["records"],
            "failures": counts["failures"],
            "failure_kinds": {k[9:]: n for k, n in counts.most_common() if k.startswith("failure: ")},
            "cloud_services": {k[6:]: n for k, n in sorted(counts.items()) if k.startswith("type: ")},
            "regions": per_region,
            "speedup": None if timed_out or not per_region else min(t / o for o, t in per_region.values())}


def machine():
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem_kb = int(next(line.split()[1] for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal:")))
    return f"{os.cpu_count()} CPUs ({model}), {mem_kb / 1024 ** 2:.1f} GiB RAM, Linux {platform.release()}"


def build_profile(wheel):
    profile = tomllib.loads((ROOT / "Cargo.toml").read_text())["profile"]["release"]
    overrides = sorted(profile.pop("package", {}))
    settings = ", ".join(f"{k} = {v}" for k, v in profile.items())
    built = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(wheel.stat().st_mtime))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()[:12]
    # `make wheel` links with zig for manylinux2014; a wheel of `maturin build --release` alone
    # (--wheel) is the same code linked for this machine's glibc
    how = ("`make wheel`: maturin build --release --zig" if "manylinux2014" in wheel.name
           else "maturin build --release, without --zig")
    return (f"release wheel `{wheel.name}` built {built}, sha256 {digest}… ({how}); [profile.release] {settings}; "
            f"opt-level = 0 for {', '.join(overrides)}")


def assembly():
    """`cargo bench --bench assemble --bench memory` (benches/, release profile): CPU per instance
    of the assembly of a synthetic 10,000-instance region, and the bytes the memory of per-item
    answers holds per entry, as {key: value} of the assembly's `bench:` line and `memory_`key of
    the memory's."""
    # in target/release, apart from the wheel's build: sharing its directory would rebuild both each time
    cargo = ["cargo", "bench", "--quiet", "--bench", "assemble", "--bench", "memory"]
    done = subprocess.run(cargo, cwd=ROOT, check=True, capture_output=True, text=True)
    lines = [line for line in done.stdout.splitlines() if line.startswith(("bench: assembly ", "bench: memory "))]
    fields = {}
    for line in lines:
        print(line, flush=True)
        prefix = "memory_" if line.startswith("bench: memory ") else ""
        fields.update((prefix + k, v) for k, v in (field.split("=", 1) for field in line.split()[2:]))
    return fields


def chart(timeline, png):
    """bench/charts.py in the bench's venv (matplotlib); False when there is none (a --dev run
    before any `make bench`)."""
    python = VENV / "bin" / "python"
    if not python.exists():
        return False
    subprocess.run([str(python), str(ROOT / "bench" / "charts.py"), str(timeline), str(png)], check=True)
    return True


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scenario", action="append", choices=list(SCENARIOS), help="default: every scenario")
    ap.add_argument("--time-scale", type=float, help="factor on every time of the fake (default: the scenario's)")
    ap.add_argument("--out-dir", default=str(ROOT / "out" / "bench"))
    ap.add_argument("--markdown", help="write the report there (e.g. BENCHMARKS.md)")
    ap.add_argument("--wheel", help="the wheel to benchmark (default: the one of `make wheel` in dist/)")
    ap.add_argument("--dev", action="store_true",
                    help="the dev build of .venv instead (a check of the harness, not a benchmark)")
    ap.add_argument("--upstream-timeout", type=float, default=600,
                    help="seconds the upstream's job may take in a scenario (with UPSTREAM_CMD; default 600)")
    a = ap.parse_args()
    wheel, bin_dir = (None, None) if a.dev else release_venv(a.wheel)
    upstream_cmd = os.environ.get("UPSTREAM_CMD")
    # the charts go beside the report, which links them; without one, beside the scenario's logs
    charts = Path(a.markdown).resolve().parent / "docs" / "bench" if a.markdown else None
    results = []
    assembled = None if a.dev or a.scenario else assembly()
    for name in a.scenario or list(SCENARIOS):
        scenario = SCENARIOS[name]
        time_scale, out = a.time_scale or scenario.time_scale, Path(a.out_dir) / name
        print(f"bench: running {name}: {scenario.description}", flush=True)
        done = run(scenario, time_scale, out, bin_dir)
        if scenario.upstream and upstream_cmd:
            print(f"bench: running the upstream on {name} (UPSTREAM_CMD, at most {a.upstream_timeout:g} s)", flush=True)
            done[0]["upstream"] = upstream(scenario, time_scale, out / "upstream", upstream_cmd, a.upstream_timeout,
                                           done[0])
            if done[0]["upstream"]["timed_out"]:
                print(f"bench: {name}: the upstream's job did not end within {a.upstream_timeout:g} s "
                      f"(--upstream-timeout): no speed-up measured", flush=True)
        elif scenario.upstream:
            done[0]["upstream"] = None  # the report says it was not run
        for result in done:
            if scenario.chart:
                png = (charts or out) / f"{result['scenario']}.png"
                png.parent.mkdir(parents=True, exist_ok=True)
                if chart(out / f"{result['scenario']}.timeline.json", png):
                    result["chart"] = os.path.relpath(png, Path(a.markdown).resolve().parent) if a.markdown else str(png)
                else:
                    print(f"bench: no chart of {result['scenario']}: no {VENV} with matplotlib yet", flush=True)
            (out / f"{result['scenario']}.result.json").write_text(json.dumps(result, indent=1))
            print(report.bench_line(result), flush=True)
        results += done
    if a.markdown:
        command = "make bench" if os.environ.get("MAKELEVEL") else "python " + " ".join(sys.argv)
        build = build_profile(wheel) if wheel else "dev build of .venv (`make build`, profile dev)"
        server = VENV / "bin" / "python" if bin_dir else Path(sys.executable)
        server_python = subprocess.run([str(server), "-c", "import platform; print(platform.python_version())"],
                                       capture_output=True, text=True, check=True).stdout.strip()
        text = report.markdown(f"{machine()}; the plugin server on Python {server_python}", command, build, results,
                               assembled)
        Path(a.markdown).write_text(text)
        print(f"bench: wrote {a.markdown}")


if __name__ == "__main__":
    main()
