"""`make run`: the plugin end to end against a fake AWS.

Starts moto on a free loopback port, seeds the demo fleet (demo/fleet.py), starts the real plugin
server, then calls Collector.init, Collector.verify, Job.get_tasks and Collector.collect for every
task over gRPC. Every response goes as one JSON line into responses.jsonl in a fresh directory
(with moto.log and plugin.log); a per-task summary is printed; both servers are stopped.
"""
import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from demo import fleet  # noqa: E402
from demo.grpc_client import PluginClient  # noqa: E402
from demo.servers import MotoServer, PluginServer  # noqa: E402


def task_label(task_options):
    kind = task_options.get("resource_type", "?").split(".")[-1]
    return task_options.get("region") or kind


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out-dir", help="where to write responses.jsonl and the logs (default: a new temp dir)")
    ap.add_argument("--regions", default=",".join(fleet.REGIONS), help="options.region_filter")
    a = ap.parse_args()
    out = Path(a.out_dir or tempfile.mkdtemp(prefix="ec2-collector-demo-"))
    out.mkdir(parents=True, exist_ok=True)
    jsonl = out / "responses.jsonl"
    options = {"region_filter": [r for r in a.regions.split(",") if r]}

    rows, failed = [], False
    with MotoServer(out) as moto:
        print(f"moto listening on {moto.endpoint}; seeding the demo fleet", flush=True)
        secret = fleet.seed(moto.endpoint)["credentials"]
        with PluginServer(out, moto.endpoint) as plugin, PluginClient(plugin.target) as client, \
                open(jsonl, "w") as f:
            print(f"plugin server listening on {plugin.target}", flush=True)

            def write(call, response, task_options=None):
                line = {"call": call, "response": response}
                if task_options is not None:
                    line["task_options"] = task_options
                f.write(json.dumps(line, sort_keys=True) + "\n")

            client.wait_ready()
            write("Collector.init", client.init(options))
            write("Collector.verify", client.verify(options, secret))
            tasks = client.get_tasks(options, secret)
            write("Job.get_tasks", tasks)
            for task in tasks.get("tasks", []):
                task_options = task.get("task_options", {})
                row = {"task": task_label(task_options), "instances": 0, "records": 0, "errors": 0}
                start = time.monotonic()
                try:
                    for response in client.collect(options, secret, task_options):
                        write("Collector.collect", response, task_options)
                        row["records"] += 1
                        resource = response.get("resource", {})
                        if response.get("state") != "SUCCESS":
                            row["errors"] += 1
                        elif resource.get("cloud_service_type") == "Instance" and \
                                response.get("resource_type") == "inventory.CloudService":
                            row["instances"] += 1
                except grpc.RpcError as e:
                    row["errors"] += 1
                    failed = True
                    print(f"collect {row['task']}: {e.code().name} {e.details()}", file=sys.stderr)
                row["seconds"] = time.monotonic() - start
                rows.append(row)

    print(f"\n{'region / task':<20} {'instances':>9} {'records':>8} {'errors':>7} {'seconds':>8}")
    for r in rows:
        print(f"{r['task']:<20} {r['instances']:>9} {r['records']:>8} {r['errors']:>7} {r['seconds']:>8.2f}")
    print(f"\nresponses: {jsonl}\nlogs: {out / 'moto.log'} {out / 'plugin.log'}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
