"""What a benchmark run means, from the fake's call log and its parameters: calls, throttles and
retries by action, and the floor (the least time the job can take against this fake).

The floor of a region is the longer of
* its chain: the round trips that must follow one another, i.e. the longest paginated list in
  pages, plus one for the calls that need its ids (DescribeInstances pages, then
  DescribeInstanceAttribute/Types/Images; DescribeVolumes, then DescribeVolumeAttribute; ...),
  plus the GetCallerIdentity that opens every collect;
* for each token bucket that throttles: the round trip of the first page of the list whose ids
  its calls need (DescribeVolumes' for DescribeVolumeAttribute; none for a list's own pages), then
  (calls needed - burst) / refill to spend them, then one round trip for the last one's answer;
  the calls needed are the distinct requests (parameters) made, whether they succeeded or not,
  and burst and refill the collector's share of them (options.api_bucket_share, default 1);
  another client's calls (the neighbour's) are not the collector's. The GetCallerIdentity and
  DescribeRegions of a collect need nothing, so they are not before a bucket's calls.
The job's floor is the largest region's, plus the DescribeRegions round trip of get_tasks.
All of it in the fake's scaled clock: times the time scale for real seconds.
"""
import json
from collections import Counter, defaultdict

DEPENDENTS = {
    "DescribeInstances": ("DescribeInstanceAttribute", "DescribeInstanceTypes", "DescribeImages"),
    "DescribeVolumes": ("DescribeVolumeAttribute",),
    "DescribeAutoScalingGroups": ("DescribeLifecycleHooks",),
    "DescribeLaunchTemplates": ("DescribeLaunchTemplateVersions",),
    "DescribeLoadBalancers": ("DescribeListeners",),
    "DescribeTargetGroups": ("DescribeTargetHealth",),
}
PROLOGUE = ("DescribeRegions", "GetCallerIdentity")


def read_log(path, skip=0):
    """The calls of the log after its first `skip` lines (those of earlier jobs), by start."""
    with open(path) as f:
        return sorted((json.loads(line) for n, line in enumerate(f) if n >= skip), key=lambda e: e["start"])


def by_action(calls):
    """{action: Counter(calls, throttled, errors, retries)}. A retry is a call whose (region,
    action, parameters) failed (throttled or any error) the last time it was made."""
    actions, failed = defaultdict(Counter), set()
    for c in calls:
        key = (c["region"], c["action"], c["params"])
        row = actions[c["action"]]
        row["calls"] += 1
        row["throttled"] += c["throttled"]
        row["errors"] += c["status"] >= 400 and not c["throttled"]
        row["retries"] += key in failed
        (failed.add if c["status"] >= 400 else failed.discard)(key)
    return dict(sorted(actions.items()))


def floor(calls, buckets, latency_ms, share=1.0):
    """(job floor, {region: {floor, chain, bucket, bucket_s, calls, throttled}}), scaled seconds;
    `share`: the part of every bucket the collector may use (options.api_bucket_share)."""
    rtt = latency_ms / 1000
    pages, needed, made = defaultdict(Counter), defaultdict(set), defaultdict(Counter)
    actions = defaultdict(lambda: defaultdict(set))  # {region: {bucket: its actions}}
    for c in calls:
        made[c["region"]]["calls"] += 1
        made[c["region"]]["throttled"] += c["throttled"]
        if c["status"] == 200:
            pages[c["region"]][c["action"]] = max(pages[c["region"]][c["action"]], c["page"] + 1)
        if c["bucket"]:
            needed[c["region"]].add((c["bucket"], c["params"]))
        actions[c["region"]][c["bucket"]].add(c["action"])
    accepted = {region: Counter(bucket for bucket, _ in keys) for region, keys in needed.items()}
    dependent = {d for dependents in DEPENDENTS.values() for d in dependents}
    regions = {}
    for region, done in pages.items():
        chain = max((n + max((done[d] for d in DEPENDENTS.get(a, ()) if d in done), default=0)
                     for a, n in done.items() if a not in PROLOGUE), default=0)
        chain += done["GetCallerIdentity"] > 0
        throttle = {b: max(0.0, (n - share * buckets[b][0]) / (share * buckets[b][1]))
                    for b, n in accepted.get(region, {}).items()}
        slowest = max(throttle, key=throttle.get, default="-")
        slowest = slowest if throttle.get(slowest) else "-"
        # the first page of their list names the first ids: a round trip, then the bucket's time,
        # then the last call's round trip
        spent = max(((any(a in dependent for a in actions[region][b]) + 1) * rtt + t
                     for b, t in throttle.items() if t), default=0.0)
        regions[region] = {"floor": max(chain * rtt, spent), "chain": chain,
                           "bucket": slowest, "bucket_s": throttle.get(slowest, 0.0), **made[region]}
    job = max((r["floor"] for r in regions.values()), default=0.0)
    return job + rtt * any(c["action"] == "DescribeRegions" for c in calls), regions


def ratio(s):
    return f"{s['ratio']:.2f}" if s["floor_s"] else "n/a"


WALL, HUGE_RSS_MB, WARM, UPSTREAM = 1.10, 250, 10, 20  # the targets of the speed issues
UPSTREAM_SCENARIO = "small80"  # where the upstream target is measured


def targets(results, assembled):
    """The targets of the speed issues, each with what was measured and whether it holds."""
    rows = []
    for r in results:
        s = r["summary"]
        if s["floor_s"] >= 1:  # below a second the floor is set-up noise, not AWS
            rows.append((f"wall <= {WALL:.2f} x floor ({r['scenario']})", ratio(s), s["ratio"] <= WALL))
        rows.append((f"0 throttled at the documented buckets ({r['scenario']})", str(s["throttled"]),
                     s["throttled"] == 0))
        if r.get("neighbour"):
            rows.append((f"0 throttled for the neighbour ({r['scenario']})", str(r["neighbour"]["throttled"]),
                         r["neighbour"]["throttled"] == 0))
        if r["scenario"] == "huge":
            rows.append((f"peak RSS <= {HUGE_RSS_MB} MB (huge)", f"{s['peak_rss_mb']:.0f} MB",
                         s["peak_rss_mb"] <= HUGE_RSS_MB))
        if "speedup_vs_cold" in s:
            rows.append((f"warm >= {WARM}x faster than cold ({r['scenario']})", f"{s['speedup_vs_cold']:.1f}x",
                         s["speedup_vs_cold"] >= WARM))
        if r["scenario"] == UPSTREAM_SCENARIO:
            name = (f">= {UPSTREAM}x the upstream per region task ({UPSTREAM_SCENARIO}: small at 80 ms; the "
                    f"smallest of its regions' ratios)")
            up = r.get("upstream")
            if up is None:
                rows.append((name, "not run (UPSTREAM_CMD unset)", None))
            elif up["speedup"] is None:
                rows.append((name, f"the upstream did not end within {up['timeout_s']:g} s", None))
            else:
                rows.append((name, f"{up['speedup']:.1f}x", up["speedup"] >= UPSTREAM))
    if assembled:
        us = float(assembled["us_per_instance"])
        rows.append((f"assembly <= {assembled['target_us']} us CPU per instance", f"{us:.1f} us",
                     us <= float(assembled["target_us"])))
    holds = {True: "yes", False: "**no**", None: "-"}
    out = ["## targets", "", "| target | measured | holds |", "| --- | --- | --- |",
           *[f"| {name} | {measured} | {holds[ok]} |" for name, measured, ok in rows], ""]
    by_name = {r["scenario"]: r for r in results}
    stream = by_name.get("stream")
    for r in results:
        s = r["summary"]
        if s["floor_s"] >= 1 and s["ratio"] > WALL:
            tail = s["wall_s"] - r["aws_span_s"]
            out.append(f"- {r['scenario']}: the AWS calls took {r['aws_span_s']:.0f} s against a floor of "
                       f"{s['floor_s']:.0f} s; after the last one, {tail:.0f} s went to records still on their way "
                       f"through the plugin server, which streams them at the rate of its Python path"
                       + (f" ({stream['summary']['records_per_s']:.0f} records/s in the stream scenario, whose "
                          f"breakdown shows where it goes)" if stream else "") + ".")
    return out + [""] if out[-1] else out


def upstream_section(r):
    """Our job beside the upstream's on the same fleet, round trip and buckets."""
    up = r.get("upstream")
    if up is None:
        return ["Side by side with the upstream: not run (UPSTREAM_CMD unset).", ""]
    ours = r["cloud_services"]
    out = [f"Side by side with the upstream (UPSTREAM_CMD, on a fake of the same fleet, round trip and buckets, "
           f"its job bounded by {up['timeout_s']:g} s"
           + (", which it exceeded: it was stopped there" if up["timed_out"] else "") + "):", "",
           "| | ours | upstream |", "| --- | ---: | ---: |",
           f"| wall (Job.get_tasks and every collect) | {r['summary']['wall_s']:.2f} s | {up['wall_s']:.2f} s |",
           f"| API calls | {r['calls']} ({r['summary']['throttled']} throttled) | {up['calls']} "
           f"({up['throttled']} throttled) |",
           f"| records through gRPC | {r['records']} ({r['failures']} FAILURE) | {up['records']} "
           f"({up['failures']} FAILURE) |"]
    out += [f"| {kind} records | {ours.get(kind, 0)} | {up['cloud_services'].get(kind, 0)} |"
            for kind in sorted(set(ours) | set(up["cloud_services"]))]
    out += [f"| region task {region} | {o:.2f} s | {t:.2f} s ({t / o:.1f}x) |"
            for region, (o, t) in sorted(up["regions"].items())]
    out += ["", "speedup_vs_upstream (the `bench:` line) is the smallest of the region tasks' ratios, upstream "
            "seconds over ours; a region task is one Collector.collect, from its call to its stream's end."]
    if up["failure_kinds"]:
        out += ["", "The upstream's FAILURE records and gRPC errors by message:", ""]
        out += [f"- {n} x `{m}`" for m, n in list(up["failure_kinds"].items())[:5]]
    return out + [""]


def markdown(machine, command, build, results, assembled=None):
    out = ["# Benchmarks", "",
           "Generated by `make bench` (bench/run.py): the plugin server against the fake AWS of "
           "bench/fake_aws.py, collecting every task of `Job.get_tasks` at once over gRPC. Definitions: "
           "bench/report.py (floor, retries), bench/fake_aws.py (round trip, token buckets), bench/fleet.py "
           "(the fleets). Times are real seconds; a time scale below 1 runs the fake's round trips and "
           "refills that much faster, and the plugin server is started with AWS_EC2_COLLECTOR_RATE_SCALE = "
           "1 / time scale so that its client-side token buckets refill as fast as the fake's; the SDK's "
           "retry backoff and timeouts keep real time. A scenario with a warm run (huge) then runs the same job "
           "again on the same plugin server and fake, once the buckets have refilled: what the server remembers "
           "between collects (src/fetch/memory.rs: volume product codes, termination protection within "
           "options.termination_protection_max_age_seconds) is not asked again. With UPSTREAM_CMD set (a command serving the "
           "upstream plugin on `{port}`), the upstream collector runs the job of the scenarios that say so on "
           "a fake of the same fleet. The charts (bench/charts.py) show the calls per second of the busiest "
           "region by action and the records the client has received, over the job's time.", "",
           f"- machine: {machine}", f"- command: `{command}`", f"- build: {build}", ""]
    out += targets(results, assembled)
    if assembled:
        out += ["## assembly", "",
                f"`cargo bench --bench assemble` (benches/assemble.rs, release profile): the Instance records of a "
                f"synthetic region of {assembled['instances']} instances, best of {assembled['runs']} runs: "
                f"**{assembled['us_per_instance']} us of CPU per instance** (target "
                f"{assembled['target_us']} us).", "",
                "## memory of per-item answers", "",
                f"`cargo bench --bench memory` (benches/memory.rs, counting its allocator's live bytes): "
                f"{assembled['memory_entries']} answers of each kind of one region, as a collect leaves them "
                f"(termination protection, volume product codes): **{assembled['memory_mb_per_100k_entries']} MB per "
                f"100,000 entries** ({assembled['memory_bytes_per_entry']} bytes each; all freed when dropped: "
                f"{assembled['memory_freed_on_drop']}). A kind keeps at most 300,000 entries "
                f"(src/fetch/memory.rs), about {3 * float(assembled['memory_mb_per_100k_entries']):.0f} MB.", ""]
    for r in results:
        s = r["summary"]
        out += [f"## {r['scenario']}", ""]
        if "cold_wall_s" in r:
            out += [f"The job of {r['scenario'][:-len('_warm')]} again, on the same plugin server and fake: "
                    f"{s['speedup_vs_cold']:.1f}x faster than its cold run ({r['cold_wall_s']:.2f} s). Its peak RSS "
                    f"is its own (VmHWM reset before it).", ""]
        else:
            out += [r["description"], ""]
        if r.get("chart"):
            out += [f"![{r['scenario']}: AWS calls per second and records received over time]({r['chart']})", ""]
        out += ["| | |", "| --- | --- |",
                f"| wall | {s['wall_s']:.2f} s (time scale {r['time_scale']:g}); AWS calls from the first to the "
                f"last: {r['aws_span_s']:.2f} s |",
                f"| floor | {s['floor_s']:.2f} s |", f"| wall / floor | {ratio(s)} |",
                f"| API calls | {r['calls']} ({s['throttled']} throttled, {s['retries']} retries, "
                f"{r['errors']} other errors) |",
                f"| plugin server CPU | {r['plugin_cpu_s']:.1f} s |",
                f"| plugin server peak RSS | {s['peak_rss_mb']:.0f} MB |",
                f"| records through gRPC | {r['records']} ({r['failures']} FAILURE), {s['records_per_s']:.0f} per s |",
                f"| instances collected | {r['instances']} of {r['instances_expected']} |",
                f"| per-item answers from memory | {r['remembered']} (the plugin log's region summaries: "
                f"{r['regions_done']} of {r['region_tasks']} regions) |",
                *([f"| the neighbour's calls | {r['neighbour']['calls']} ({r['neighbour']['throttled']} throttled, "
                   f"{r['neighbour']['errors']} other errors) |"] if r.get("neighbour") else []),
                f"| fake AWS own time | {r['fake_service_s']:.2f} s serving, {r['fake_cpu_s']:.1f} s CPU"
                f"{'' if 'cold_wall_s' in r else ' (with its start)'} |",
                f"| gRPC client CPU | {r['client_cpu_s']:.1f} s |", "",
                "| region | calls | throttled | chain (round trips) | slowest bucket (s) | floor (s) |",
                "| --- | ---: | ---: | ---: | --- | ---: |"]
        out += [f"| {name} | {g['calls']} | {g['throttled']} | {g['chain']} | "
                f"{g['bucket'] + ' ' + format(g['bucket_s'] * r['time_scale'], '.2f') if g['bucket_s'] else '-'} | "
                f"{g['floor'] * r['time_scale']:.2f} |"
                for name, g in sorted(r["regions"].items(), key=lambda kv: -kv[1]["calls"])]
        if "upstream" in r:
            out += [""] + upstream_section(r)[:-1]
        if r.get("profile"):
            out += ["", "Where the plugin server's Python time goes per record (py-spy samples of the thread holding the GIL, "
                    "bench/profile.py; the core's own threads are not in it):",
                    "", "| part | share | us per record |", "| --- | ---: | ---: |"]
            out += [f"| {name} | {share:.0%} | {us:.0f} |" for name, share, us in r["profile"]]
        if r["failure_kinds"]:
            out += ["", "FAILURE records by message:", ""]
            out += [f"- {n} x `{m}`" for m, n in list(r["failure_kinds"].items())[:5]]
        out += ["", "| action | calls | throttled | retries | errors |", "| --- | ---: | ---: | ---: | ---: |"]
        out += [f"| {a} | {c['calls']} | {c['throttled']} | {c['retries']} | {c['errors']} |"
                for a, c in r["actions"].items()]
        out.append("")
    return "\n".join(out)


def bench_line(r):
    s = r["summary"]
    line = (f"bench: {r['scenario']} wall_s={s['wall_s']:.2f} floor_s={s['floor_s']:.2f} ratio={ratio(s)} "
            f"throttled={s['throttled']} retries={s['retries']} peak_rss_mb={s['peak_rss_mb']:.0f} "
            f"records_per_s={s['records_per_s']:.0f} remembered={r['remembered']}")
    if r["regions_done"] < r["region_tasks"]:  # then `remembered` misses those regions'
        line += f" region_summaries_missing={r['region_tasks'] - r['regions_done']}"
    if r.get("neighbour"):
        line += f" neighbour_calls={r['neighbour']['calls']} neighbour_throttled={r['neighbour']['throttled']}"
    if "speedup_vs_cold" in s:
        line += f" speedup_vs_cold={s['speedup_vs_cold']:.1f}"
    if up := r.get("upstream"):
        speedup = "n/a" if up["speedup"] is None else f"{up['speedup']:.1f}"
        line += (f" speedup_vs_upstream={speedup} upstream_wall_s={up['wall_s']:.2f}"
                 f" cloud_services={sum(r['cloud_services'].values())}"
                 f" upstream_cloud_services={sum(up['cloud_services'].values())}")
    return line
