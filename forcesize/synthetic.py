"""Seeded synthetic mandates for property tests and the benchmark.

Not a model of any real mission: random but well-formed mandates whose size
and mix of caveats, pools, share caps and money limits can be dialled. The
same arguments always give the same mandate.
"""

from __future__ import annotations

import random
from typing import Any

FUNCTIONS = ("capacity-building", "supervision", "enforcement")
COMPONENTS = ("military", "police", "civilian")
PARTIES = ("party-a", "party-b")


def synthetic_mandate(
    contributors: int = 150,
    capabilities: int = 40,
    tasks: int = 40,
    phases: int = 3,
    *,
    seed: int = 0,
    max_share: float = 0.3,
    needs_per_task: int = 4,
    capabilities_per_contributor: int = 12,
    financing: str = "national",
    budget_fraction: float | None = 0.8,
    pledge_rate: float = 0.3,
) -> dict[str, Any]:
    """A mandate document (the dict TOML would give) with the given dimensions.

    ``budget_fraction`` sets the budget to that fraction of the cost of filling
    every requirement at average rates, so the budget binds on purpose.
    """
    rng = random.Random(seed)
    doc: dict[str, Any] = {
        "mission": {"name": f"synthetic-{contributors}x{capabilities}x{tasks}x{phases}-s{seed}",
                    "parties": list(PARTIES)},
        "objective": {"financing": financing, "max_share": max_share},
        "phase": {f"p{i}": {"months": rng.choice([6, 12, 18, 24])} for i in range(phases)},
        "theatre": {
            f"th{i}": {"population": rng.randrange(100_000, 3_000_000),
                       "area_km2": rng.randrange(300, 6000),
                       "border_km": rng.randrange(0, 300),
                       "coastline_km": rng.randrange(0, 60),
                       "crossings": rng.randrange(0, 8)}
            for i in range(3)
        },
        "capability": {
            f"k{i}": {"component": rng.choice(COMPONENTS),
                      "cost_per_month": float(rng.randrange(3000, 15000, 500))}
            for i in range(capabilities)
        },
    }
    caps = list(doc["capability"])
    phase_ids = list(doc["phase"])
    doc["task"] = {}
    full_cost = 0.0
    for i in range(tasks):
        task: dict[str, Any] = {
            "function": rng.choice(FUNCTIONS),
            "theatre": f"th{rng.randrange(3)}",
            "priority": rng.choice(["essential", "important", "important", "desirable"]),
            "need": {},
        }
        if rng.random() < 0.4:
            task["phases"] = sorted(rng.sample(phase_ids, rng.randint(1, phases)),
                                    key=phase_ids.index)
        if rng.random() < 0.3:
            task["consent_of"] = [rng.choice(PARTIES)]
        for cap in rng.sample(caps, min(needs_per_task, len(caps))):
            rule = {"fixed": rng.randrange(5, 120)}
            if rng.random() < 0.3:
                rule["per_100_km2"] = round(rng.uniform(0.1, 2.0), 2)
            task["need"][cap] = rule
            months = sum(doc["phase"][p]["months"] for p in task.get("phases", phase_ids))
            full_cost += rule["fixed"] * doc["capability"][cap]["cost_per_month"] * months
        doc["task"][f"t{i}"] = task
    doc["contributor"] = {}
    for i in range(contributors):
        c: dict[str, Any] = {
            "available": {cap: rng.randrange(5, 200) for cap in
                          rng.sample(caps, min(capabilities_per_contributor, len(caps)))},
        }
        if rng.random() < 0.25:
            c["acceptable_to"] = [rng.choice(PARTIES)]
        if rng.random() < 0.4:
            c["excluded_functions"] = ["enforcement"]
        if rng.random() < 0.15:
            c["excluded_theatres"] = [f"th{rng.randrange(3)}"]
        if rng.random() < pledge_rate:
            c["pledge"] = float(rng.randrange(1, 50)) * 1e6
        if rng.random() < 0.2:
            c["cost_per_month"] = {cap: float(rng.randrange(2000, 20000, 500))
                                   for cap in list(c["available"])[:2]}
        doc["contributor"][f"c{i:03d}"] = c
    if budget_fraction is not None:
        doc["objective"]["budget"] = round(full_cost * budget_fraction, 2)
    return doc
