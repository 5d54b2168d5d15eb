"""Cost of relay detection per claim, the part every create, edit and imported row pays.

Builds the relay index from the demo's 16 sources and their aliases padded to N sources (five
names each, Latin and Arabic), then runs detection over the demo claims and the engine dev set
(216 texts, English and Arabic) a few times. Pure Python: no database. Prints the machine and its
load, since the figure depends on both.

    .venv/bin/python benchmarks/relay_detection.py --sources 1000 10000
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from claims.matching.normalize import normalize_text  # noqa: E402
from sources.scoring import RelayIndex  # noqa: E402

TEXTS = [
    ROOT / "claims" / "demo_data" / "claims.jsonl",
    ROOT / "benchmarks" / "engine_devset" / "claims.jsonl",
]


def names_for(count: int) -> list[tuple[int, str]]:
    demo = json.loads((ROOT / "claims" / "demo_data" / "sources.json").read_text(encoding="utf-8"))
    names = [(i, name) for i, entry in enumerate(demo) for name in [entry["name"], *entry["aliases"]]]
    for i in range(len(demo), count):
        names += [
            (i, f"Outlet {i}"),
            (i, f"Outlet {i} News"),
            (i, f"منفذ {i}"),
            (i, f"O{i}"),
            (i, f"Outlet {i} Agency"),
        ]
    return names


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    texts = [
        json.loads(line)["text"]
        for path in TEXTS
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    print(
        f"machine: {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    print(f"{'sources':>8} {'names':>7} {'build ms':>9} {'claims':>7} {'µs/claim':>9} {'relays':>7}")
    for count in args.sources:
        # As stored: SourceAlias.normalized holds normalize_text(alias), so building does not normalise.
        names = [(source_id, normalize_text(name)) for source_id, name in names_for(count)]
        start = time.perf_counter()
        index = RelayIndex.build(names, normalized=True)
        build = time.perf_counter() - start
        found = 0
        start = time.perf_counter()
        for _ in range(args.rounds):
            found = sum(index.detect(text) is not None for text in texts)
        elapsed = time.perf_counter() - start
        runs = args.rounds * len(texts)
        per_claim = elapsed / runs * 1e6
        print(f"{count:>8,} {len(names):>7,} {build * 1000:>9.1f} {runs:>7,} {per_claim:>9.0f} {found:>7}")


if __name__ == "__main__":
    main()
