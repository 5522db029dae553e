"""Starts and stops the two real servers the demo and the tests use, each in its own process group:

* moto's ThreadedMotoServer (a fake AWS) on a free loopback port, with the small AMI set of
  demo/amis.json (`python demo/servers.py moto PORT` is its process);
* the real plugin server, `spaceone run plugin-server plugin -p PORT` run from python/, with every
  AWS call pointed at moto through AWS_ENDPOINT_URL.

Both are context managers; `stop()` sends SIGTERM to the whole process group, then SIGKILL if it
has not exited after `grace` seconds.
"""
import contextlib
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AMIS = ROOT / "demo" / "amis.json"
START_TIMEOUT = float(os.environ.get("SERVER_START_TIMEOUT", 300))


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def venv_bin(name):
    """The executable `name` next to the running interpreter (the project's .venv/bin)."""
    candidate = Path(sys.executable).parent / name
    return str(candidate if candidate.exists() else ROOT / ".venv" / "bin" / name)


def _tail(path, lines=40):
    try:
        return "".join(Path(path).read_text(errors="replace").splitlines(True)[-lines:])
    except OSError:
        return ""


class Process:
    """A child process in its own session/process group, its output in `log_path`."""

    name = "process"

    def __init__(self, log_dir):
        self.log_dir = Path(log_dir)
        self.log_dir.mkdir(parents=True, exist_ok=True)
        self.log_path = self.log_dir / f"{self.name}.log"
        self.port = free_port()
        self.proc = None

    def command(self):
        raise NotImplementedError

    def env(self):
        return dict(os.environ)

    def cwd(self):
        return str(ROOT)

    def ready(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=2):
            return True

    def limit(self, pid):
        """Resource limits of a test for the started process (none here). Set from outside with
        prlimit: a preexec_fn is not safe in a process with threads."""

    def start(self):
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                self.command(), cwd=self.cwd(), env=self.env(), stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
        self.limit(self.proc.pid)
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; "
                                   f"tail of {self.log_path}:\n{_tail(self.log_path)}")
            try:
                if self.ready():
                    return self
            except OSError:
                pass
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"{self.name} did not listen on port {self.port}; "
                                   f"tail of {self.log_path}:\n{_tail(self.log_path)}")
            time.sleep(0.2)

    def stop(self, grace=15):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.proc.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


class MotoServer(Process):
    name = "moto"

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        return [sys.executable, str(Path(__file__).resolve()), "moto", str(self.port)]

    def env(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env["MOTO_AMIS_PATH"] = str(AMIS)
        return env

    def ready(self):
        with urllib.request.urlopen(f"{self.endpoint}/moto-api/data.json", timeout=5) as r:
            return r.status == 200


class FakeAwsServer(Process):
    """bench/fake_aws.py: the fleet of a scenario (or of `regions`, {region: instances}), its round
    trip and token buckets (`throttle`), faults injected at run time, every call logged."""
    name = "fake-aws"

    def __init__(self, log_dir, scenario="small", time_scale=1.0, latency_ms=None, regions=None, throttle=True,
                 faults=None):
        super().__init__(log_dir)
        self.scenario, self.time_scale, self.latency_ms = scenario, time_scale, latency_ms
        self.regions, self.throttle, self.faults = regions, throttle, faults
        self.calls = self.log_dir / "calls.jsonl"

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    def command(self):
        command = [sys.executable, str(ROOT / "bench" / "fake_aws.py"), "--scenario", self.scenario,
                   "--port", str(self.port), "--time-scale", str(self.time_scale), "--log", str(self.calls)]
        if self.latency_ms is not None:
            command += ["--latency-ms", str(self.latency_ms)]
        if self.regions:
            command += ["--regions", ",".join(f"{r}={n}" for r, n in self.regions.items())]
        if self.faults:
            command += ["--faults", json.dumps(self.faults)]
        return command + ([] if self.throttle else ["--no-throttle"])

    def ready(self):
        return self.control("GET", "ready")["ready"]

    def control(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(f"{self.endpoint}/__bench/{path}", data=data, method=method)
        with urllib.request.urlopen(request, timeout=timeout) as r:
            return json.load(r)

    def report(self):
        """The fake's totals; flushes its call log."""
        return self.control("GET", "report")

    def inject(self, rules):
        return self.control("POST", "faults", rules)["rules"]

    def call_log(self):
        self.report()
        return [json.loads(line) for line in self.calls.read_text().splitlines()]


class PluginServer(Process):
    name = "plugin"

    def __init__(self, log_dir, aws_endpoint, extra_env=None, open_files=None):
        super().__init__(log_dir)
        self.aws_endpoint, self.extra_env = aws_endpoint, extra_env or {}
        self.open_files = open_files  # RLIMIT_NOFILE of the server, as `ulimit -n` would set it

    @property
    def target(self):
        return f"127.0.0.1:{self.port}"

    def command(self):
        return [venv_bin("spaceone"), "run", "plugin-server", "plugin", "-p", str(self.port)]

    def cwd(self):
        return str(ROOT / "python")

    def env(self):
        return {**aws_env(self.aws_endpoint), **self.extra_env}

    def limit(self, pid):
        if self.open_files:
            import resource
            resource.prlimit(pid, resource.RLIMIT_NOFILE, (self.open_files, self.open_files))


@contextlib.contextmanager
def serving(log_dir, aws_endpoint, timeout):
    """A plugin server pointed at `aws_endpoint` and a ready gRPC client of it: (server, client)."""
    from demo.grpc_client import PluginClient

    with PluginServer(log_dir, aws_endpoint) as plugin, PluginClient(plugin.target, timeout=timeout) as client:
        client.wait_ready()
        yield plugin, client


def interpreter(version):
    """A CPython of that version ("3.10"): $PYTHON310, pyenv's, or on PATH; None without one."""
    named = os.environ.get("PYTHON" + version.replace(".", ""))
    found = [named] if named else sorted(glob.glob(os.path.expanduser(f"~/.pyenv/versions/{version}.*/bin/python{version}")))
    found.append(shutil.which(f"python{version}"))
    for candidate in filter(None, found):
        probe = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                               capture_output=True, text=True)
        if probe.returncode == 0 and probe.stdout.strip() == version:
            return candidate
    return None


def aws_env(aws_endpoint):
    """This process's environment without its AWS_* variables, every AWS call pointed at
    `aws_endpoint` and no local AWS configuration (for the plugin server and the CLI)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        "AWS_ENDPOINT_URL": aws_endpoint,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_CONFIG_FILE": "/dev/null",
        "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
    })
    return env


def _install_shims():
    """moto 5.2.5 answers these read-only actions with HTTP 500 (not implemented); answer them
    as an account without such settings would: no notifications, no product codes, no SSM."""
    from moto.autoscaling.responses import AutoScalingResponse
    from moto.core.responses import ActionResult
    from moto.ec2.responses.elastic_block_store import ElasticBlockStore
    from moto.ssm.responses import SimpleSystemManagerResponse

    def describe_notification_configurations(self):
        return ActionResult({"NotificationConfigurations": []})

    def describe_volume_attribute(self):
        volume_id = self._get_param("VolumeId")
        self.ec2_backend.get_volume(volume_id)  # InvalidVolume.NotFound like AWS
        result = {"VolumeId": volume_id}
        if self._get_param("Attribute") == "productCodes":
            result["ProductCodes"] = []
        else:
            result["AutoEnableIO"] = {"Value": False}
        return ActionResult(result)

    def describe_instance_information(self):
        return ActionResult({"InstanceInformationList": []})

    AutoScalingResponse.describe_notification_configurations = describe_notification_configurations
    ElasticBlockStore.describe_volume_attribute = describe_volume_attribute
    SimpleSystemManagerResponse.describe_instance_information = describe_instance_information


def _serve_moto(port):
    """Body of the moto process: serve until SIGTERM/SIGINT."""
    import logging

    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # no access log line per request
    _install_shims()

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    signal.sigwait({signal.SIGTERM, signal.SIGINT})
    server.stop()


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] != "moto":
        sys.exit("usage: servers.py moto PORT")
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    _serve_moto(int(sys.argv[2]))
