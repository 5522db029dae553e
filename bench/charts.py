"""Where a job's time goes, as a PNG: the AWS calls per second of its busiest region by action
(the per-item DescribeInstanceAttribute and DescribeVolumeAttribute, and the sum of the others)
against the refill rate of one action's token bucket, and the records the gRPC client has
received so far, both over the job's wall time. Its input is the `<job>.timeline.json` that
bench/run.py writes; it runs in the bench's venv, which has matplotlib (requirements/bench.txt).

    python bench/charts.py out/bench/huge/huge.timeline.json docs/bench/huge.png
"""
import json
import sys
from collections import Counter

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

PER_ITEM = ("DescribeInstanceAttribute", "DescribeVolumeAttribute")
OTHERS = "every other action, summed"
BINS = 100  # of the wall time, for the calls per second


def draw(timeline, png):
    wall = timeline["wall_s"]
    width = wall / BINS
    rates = {action: Counter() for action in (*PER_ITEM, OTHERS)}
    for start, action in timeline["calls"]:
        rates[action if action in PER_ITEM else OTHERS][min(int(start / width), BINS - 1)] += 1
    x = [(b + 0.5) * width for b in range(BINS)]
    fig, (calls, records) = plt.subplots(2, 1, sharex=True, figsize=(9, 6.5), constrained_layout=True)
    fig.suptitle(timeline["title"], fontsize=10, wrap=True)
    for (action, bins), color in zip(rates.items(), ("tab:blue", "tab:orange", "tab:grey"), strict=True):
        calls.plot(x, [bins[b] / width for b in range(BINS)], label=action, color=color, linewidth=1.2)
    calls.axhline(timeline["refill_per_s"], color="black", linestyle="--", linewidth=1,
                  label=f"one action's bucket refill ({timeline['refill_per_s']:.0f}/s)")
    calls.set_ylabel(f"AWS calls per second, {timeline['region']}")
    calls.legend(fontsize=8, loc="upper right")
    arrivals = timeline["arrivals"]
    records.plot([0, *arrivals, wall], [0, *range(1, len(arrivals) + 1), len(arrivals)], color="tab:green",
                 drawstyle="steps-post", label="records received by the gRPC client")
    for ax in (calls, records):
        if timeline["floor_s"]:
            ax.axvline(timeline["floor_s"], color="grey", linestyle=":", linewidth=1)
    records.set_ylabel("records received")
    records.set_xlabel("seconds since Job.get_tasks (the dotted line: the floor of bench/report.py)")
    records.set_xlim(0, wall)
    records.legend(fontsize=8, loc="upper left")
    fig.savefig(png, dpi=110)
    plt.close(fig)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: charts.py TIMELINE.json OUT.png")
    with open(sys.argv[1]) as f:
        draw(json.load(f), sys.argv[2])
