#!/usr/bin/env python3
"""The benchmark's accounts, the same for every tool: N lines `name<TAB>tenant<TAB>client<TAB>secret` on stdout.

Seeded and repeatable. Each secret is shaped like a current Azure client secret: 40 characters, three from the
URL-unreserved set, `8Q~`, then 34 more. They are fakes for benchmarking, written only to pipes.
Usage: secrets.py COUNT [SEED] [--start K]   (lines K .. K+COUNT-1)
"""
import argparse
import random
import sys
import uuid

ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~"


def account(index: int, seed: int) -> tuple[str, str, str, str]:
    rng = random.Random(f"{seed}:{index}")
    body = "".join(rng.choice(ALPHABET) for _ in range(37))
    secret = body[:3] + "8Q~" + body[3:37]
    tenant = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    client = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    return f"app-{index:06d}", tenant, client, secret


def main() -> None:
    parser = argparse.ArgumentParser(description="the benchmark's accounts, one TSV line each")
    parser.add_argument("count", type=int)
    parser.add_argument("seed", type=int, nargs="?", default=8)
    parser.add_argument("--start", type=int, default=0)
    options = parser.parse_args()
    out = sys.stdout
    for index in range(options.start, options.start + options.count):
        out.write("\t".join(account(index, options.seed)) + "\n")


if __name__ == "__main__":
    main()
