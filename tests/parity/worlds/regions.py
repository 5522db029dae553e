#!/usr/bin/env python3
"""Parity world "regions": every region the current collector's table names and moto serves,
each with nothing but moto's defaults, so the golden holds the upstream's Region record of each
(names, continents, coordinates, its oddities included) and shows that an empty region yields
no CloudService record. ap-southeast-7 is left out: the upstream has no table row for it and
fails the Region task (an empty Region dict); this plugin emits a record with its code as name.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402

SEED = 3301
REGIONS = [
    "us-east-1", "us-east-2", "us-west-1", "us-west-2", "af-south-1", "ap-east-1", "ap-south-1",
    "ap-northeast-3", "ap-northeast-2", "ap-southeast-1", "ap-southeast-2", "ap-northeast-1",
    "ca-central-1", "cn-north-1", "cn-northwest-1", "eu-central-1", "eu-west-1", "eu-west-2",
    "eu-south-1", "eu-west-3", "eu-north-1", "me-south-1", "sa-east-1", "us-gov-east-1",
    "us-gov-west-1", "ap-south-2", "ap-southeast-4", "ap-southeast-3", "ca-west-1", "eu-central-2",
    "eu-south-2", "il-central-1", "me-central-1", "ap-southeast-5", "mx-central-1",
]


def nothing(ctx):
    ctx.out["note"] = "moto defaults only"


WORLD = W.World("regions", SEED, W.datetime.datetime(2025, 6, 1, 0, 0, 0), [],
                [(region, region.replace("-", ""), nothing) for region in REGIONS], __doc__)

if __name__ == "__main__":
    WORLD.main()
