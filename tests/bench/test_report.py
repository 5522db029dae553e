"""bench/report.py's floor, on call logs written by hand: the least time a region can take is its
longest chain of round trips, or a throttling bucket's time after the round trip that names its
first ids and before the last call's answer, whichever is longer."""
from pytest import approx

from bench import report

RTT_MS = 80
BUCKETS = {"DescribeVolumes(unfiltered)": [50, 10], "DescribeVolumeAttribute": [100, 20],
           "DescribeInstances(unfiltered)": [50, 10]}


def call(action, bucket, params="", page=0, region="eu-west-1"):
    return {"region": region, "action": action, "bucket": bucket, "params": params, "page": page, "status": 200,
            "throttled": False}


def test_a_bucket_that_throttles_waits_for_its_list_and_for_its_last_answer():
    volumes = [call("DescribeVolumes", "DescribeVolumes(unfiltered)")]
    attributes = [call("DescribeVolumeAttribute", "DescribeVolumeAttribute", f"VolumeId=vol-{n}") for n in range(300)]
    job, regions = report.floor(volumes + attributes, BUCKETS, RTT_MS)
    # (300 - 100) / 20 = 10 s of refill, between the list's round trip and the last answer's
    assert regions["eu-west-1"]["floor"] == approx(0.08 + 10 + 0.08)
    assert regions["eu-west-1"]["bucket"] == "DescribeVolumeAttribute"
    assert job == regions["eu-west-1"]["floor"]  # no DescribeRegions in this log


def test_a_list_s_own_pages_throttle_from_the_start_and_a_long_chain_wins():
    pages = [call("DescribeInstances", "DescribeInstances(unfiltered)", f"NextToken={n}", page=n) for n in range(60)]
    regions = report.floor(pages + [call("DescribeRegions", None, region="us-east-1")], BUCKETS, RTT_MS)[1]
    # 60 pages one after the other (4.8 s) outlast their bucket's (60 - 50) / 10 = 1 s
    assert regions["eu-west-1"]["floor"] == approx(60 * 0.08)
    short = report.floor(pages[:5] + [call("DescribeVolumeAttribute", "DescribeVolumeAttribute", f"v{n}")
                                      for n in range(140)], BUCKETS, RTT_MS)[1]
    assert short["eu-west-1"]["floor"] == approx(0.08 + 2 + 0.08)
