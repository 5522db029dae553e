#!/usr/bin/env python3
"""Parity world "ports_spaced": the shapes of ports.py (imported, not copied), with its own seed,
collected with `vulnerable_ports` "22, 3389, 0,-1" (ports_spaced.options.json): the option's pieces
are kept verbatim after splitting on "," (" 3389", " 0"), and the edge values 0 and -1 fall inside
tcp 0-0 / tcp 0-65535 / icmp 0/0 and icmp -1/-1 / icmpv6 -1 ranges.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import world as W  # noqa: E402
import ports  # noqa: E402

SEED = 7927
WORLD = W.World("ports_spaced", SEED, W.datetime.datetime(2025, 4, 2, 8, 30, 0), ports.AMIS, ports.REGIONS, __doc__)

if __name__ == "__main__":
    WORLD.main()
