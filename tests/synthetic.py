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
    units: bool = False,
    standing: bool = False,
    groups: int = 0,
    multinational: bool = False,
    phased: bool = False,
    threat: bool = False,
    throughput: bool = False,
    commitments: bool = False,
    corners: bool = False,
    sizing: bool = False,
    schemes: bool = False,
    slices: bool = False,
    presence: bool = False,
    overrides: bool = False,
    readiness: bool = False,
    scopes: bool = False,
) -> dict[str, Any]:
    """A mandate document (the dict TOML would give) with the given dimensions.

    ``budget_fraction`` sets the budget to that fraction of the cost of filling
    every requirement at average rates, so the budget binds on purpose.

    The force-generation options add keys to the same base mandate (each draws
    from its own random stream, so turning one on leaves the rest as it was, and
    with all of them off a seed gives the mandate it always gave):

    - ``units``: some capabilities come in units of 5–50, some contributors
      override the size for a capability they have;
    - ``standing``: some contributors give a capability as ``standing`` (with a
      sustainment ratio of 2–4 on some capabilities) instead of ``available``, and
      some give ``available_by_phase`` for a phase;
    - ``groups``: that many groups of 1–3 contributors with a min and/or max share;
    - ``multinational``: some tasks need ``min_contributors = 2``;
    - ``phased``: some tasks scale their needs by phase, some contributors pledge
      by phase;
    - ``threat``: theatres get threat levels (enforcement tasks there scale up);
    - ``throughput``: some need rules train ``trainees`` at a rate per instructor-month;
    - ``commitments``: one or two contributors commit a ``min_personnel`` (some above what
      they can send, so some of these mandates have no plan);
    - ``corners``: what broke solvers and checkers before (issues 10 and 18): costs in
      odd cents, phases of 1.5 and 0.5 months, unit sizes larger than a contributor's
      pool, and pledges for some phases only beside a flat pledge;
    - ``schemes`` (national financing only): payers that send nobody, and financing schemes
      of every kind for some phases (a scale over payers and contributors, reimbursement by
      component or capability, own costs, common costs, fixed payments, a budget), phase
      budgets, and caps on what payers pay and on contributors' net burdens;
    - ``slices``: some capabilities have a minimum slice of 2–30 persons, some contributors
      override it, and some multinational tasks set a meaningful contribution of 5–60;
    - ``presence``: some contributors take part in some phases only;
    - ``overrides``: terms that change by phase: theatres' threat levels, contributors'
      caveats, costs, share caps and commitments, groups' shares (floors up to 0.2 and
      caps from 0.3, so a group's floor never exceeds its cap);
    - ``readiness``: two readiness levels, contributors holding part of some pools at them,
      and the first phase (sometimes another) requiring a share of its persons, or of some
      tasks', from forces ready in time;
    - ``scopes`` (with ``units``): some capabilities that come in units count them per
      theatre or per mission, and some contributors override that.
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
    streams = {"units": units, "standing": standing, "groups": groups > 0,
               "multinational": multinational, "phased": phased, "threat": threat,
               "throughput": throughput, "commitments": commitments, "corners": corners,
               "sizing": sizing, "slices": slices, "presence": presence,
               "overrides": overrides, "readiness": readiness, "scopes": scopes}
    for name, on in streams.items():
        if on:
            _REALISM[name](doc, random.Random(f"{name}-{seed}"), groups)
    if schemes and financing == "national":
        _add_schemes(doc, random.Random(f"schemes-{seed}"), round(full_cost))
    return doc


SCALES = ([1.0], [0.5, 0.5], [0.5, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25])
"""Keys that add up to 1 exactly in binary floating point."""


def _add_schemes(doc: dict[str, Any], rng: random.Random, full_cost: int) -> None:
    """Payers, schemes for some phases, phase budgets and payers' caps (see the docstring of
    :func:`synthetic_mandate`); money drawn around ``full_cost``, the cost of every need."""
    contributors = sorted(doc["contributor"])
    doc["payer"] = {f"y{i}": ({"weight": rng.choice([0.1, 0.3])} if rng.random() < 0.5 else {})
                    for i in range(rng.randint(1, 3))}
    payers = [*doc["payer"], *contributors]
    doc["financing"] = {}
    for i, kind in enumerate(rng.sample(["common-fund", "assessed", "fixed-shares", "mixed"],
                                        rng.randint(1, 2))):
        scheme: dict[str, Any] = {"kind": kind}
        if kind == "common-fund":
            scheme["pledges"] = {j: float(rng.randrange(1, 40)) * 1e6
                                 for j in rng.sample(payers, min(len(payers), 2))}
        else:
            shares = rng.choice(SCALES)
            scheme["scale"] = dict(zip(rng.sample(payers, len(shares)) if len(shares) <= len(
                payers) else payers, shares, strict=False))
            if sum(scheme["scale"].values()) != 1:
                scheme["scale"] = {payers[0]: 1.0}
        if kind == "mixed":
            scheme["common_costs"] = rng.sample([*doc["capability"], *doc["task"]], 2)
        if rng.random() < 0.5:
            scheme["reimbursement"] = {rng.choice(COMPONENTS): float(rng.randrange(500, 4000))}
        if rng.random() < 0.3:
            cap = rng.choice(sorted(doc["capability"]))
            scheme["reimbursement_by_capability"] = {cap: float(rng.randrange(0, 9000))}
        if rng.random() < 0.3:
            scheme["own_costs"] = rng.sample(contributors, 1)
        if rng.random() < 0.3:
            scheme["payments"] = {rng.choice(payers): float(rng.randrange(1, 20)) * 1e6}
        if rng.random() < 0.4:
            scheme["budget"] = round(full_cost * rng.choice([0.05, 0.2, 0.5]), 2)
        doc["financing"][f"f{i}"] = scheme
    for phase in doc["phase"].values():
        pick = rng.choice([*doc["financing"], "national"])
        if pick != "national":
            phase["financing"] = pick
        if rng.random() < 0.2:
            phase["budget"] = round(full_cost * rng.choice([0.1, 0.3]), 2)
    for pid in doc["payer"]:
        if rng.random() < 0.4:
            doc["payer"][pid]["max_payment"] = float(rng.randrange(1, 30)) * 1e6
    for cid in rng.sample(contributors, min(2, len(contributors))):
        c = doc["contributor"][cid]
        if rng.random() < 0.5:
            c["max_net_burden"] = float(rng.randrange(1, 40)) * 1e6
        if rng.random() < 0.3:
            c["max_payment"] = float(rng.randrange(1, 30)) * 1e6
        if rng.random() < 0.3:
            c["weight"] = rng.choice([0.05, 0.2])


def _add_units(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for cap in doc["capability"].values():
        if rng.random() < 0.5:
            cap["unit_size"] = rng.randrange(5, 51)
            if rng.random() < 0.5:
                cap["unit_name"] = "unit"
    for c in doc["contributor"].values():
        if c["available"] and rng.random() < 0.25:
            cap = rng.choice(sorted(c["available"]))
            c["unit_size"] = {cap: rng.randrange(5, 51)}


def _add_standing(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for cap in doc["capability"].values():
        if rng.random() < 0.3:
            cap["sustainment_ratio"] = rng.choice([2.0, 2.5, 4.0])
    phases = list(doc["phase"])
    for c in doc["contributor"].values():
        caps = sorted(c["available"])
        if caps and rng.random() < 0.3:
            moved = rng.sample(caps, rng.randint(1, len(caps)))
            ratio = {k: doc["capability"][k].get("sustainment_ratio", 3.0) for k in moved}
            c["standing"] = {k: int(c["available"].pop(k) * ratio[k]) + rng.randrange(3)
                             for k in moved}
        if caps and rng.random() < 0.25:
            phase = rng.choice(phases)
            c["available_by_phase"] = {phase: {rng.choice(caps): rng.randrange(0, 150)}}


def _add_groups(doc: dict[str, Any], rng: random.Random, groups: int) -> None:
    members = sorted(doc["contributor"])
    doc["group"] = {}
    for i in range(groups):
        size = rng.randint(1, min(3, len(members)))
        group: dict[str, Any] = {"members": rng.sample(members, size)}
        low = rng.choice([None, 0.05, 0.1, 0.2])
        high = rng.choice([None, 0.5, 0.7]) if low is not None else rng.choice([0.3, 0.5, 0.7])
        if low is not None:
            group["min_share"] = low
        if high is not None:
            group["max_share"] = high
        doc["group"][f"g{i}"] = group


def _add_slices(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for cap in doc["capability"].values():
        if rng.random() < 0.5:
            cap["min_slice"] = rng.randrange(2, 31)
    for c in doc["contributor"].values():
        if c.get("available") and rng.random() < 0.2:
            c["min_slice"] = {rng.choice(sorted(c["available"])): rng.randrange(1, 21)}
    for task in doc["task"].values():
        if task.get("min_contributors") and rng.random() < 0.5:
            task["meaningful_contribution"] = rng.randrange(5, 61)


def _add_multinational(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for task in doc["task"].values():
        if rng.random() < 0.3:
            task["min_contributors"] = 2


def _add_phased(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    phases = list(doc["phase"])
    for task in doc["task"].values():
        if rng.random() < 0.3:
            runs = task.get("phases", phases)
            task["phase_scale"] = {p: rng.choice([0.5, 1.0, 1.5]) for p in
                                   rng.sample(runs, rng.randint(1, len(runs)))}
    for c in doc["contributor"].values():
        if rng.random() < 0.3:
            c["pledge_by_phase"] = {p: float(rng.randrange(1, 20)) * 1e6 for p in
                                    rng.sample(phases, rng.randint(1, len(phases)))}


def _add_presence(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    phases = list(doc["phase"])
    for c in doc["contributor"].values():
        if rng.random() < 0.25:
            c["phases"] = sorted(rng.sample(phases, rng.randint(1, len(phases))),
                                 key=phases.index)


def _add_overrides(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    phases = list(doc["phase"])
    for theatre in doc["theatre"].values():
        if rng.random() < 0.4:
            theatre["threat_by_phase"] = {rng.choice(phases): rng.choice(
                ["low", "medium", "high"])}
    for c in doc["contributor"].values():
        p = rng.choice(phases)
        if rng.random() < 0.2:
            c["excluded_functions_by_phase"] = {p: rng.choice([[], ["enforcement"],
                                                               ["supervision"]])}
        if rng.random() < 0.1:
            c["excluded_theatres_by_phase"] = {p: [f"th{rng.randrange(3)}"]}
        if rng.random() < 0.2:
            c["max_share_by_phase"] = {p: rng.choice([0.2, 0.5, 1.0])}
        if c.get("available") and rng.random() < 0.2:
            c["cost_per_month_by_phase"] = {p: {rng.choice(sorted(c["available"])):
                                                float(rng.randrange(2000, 20000, 500))}}
        if rng.random() < 0.1 or (c.get("min_personnel") and rng.random() < 0.5):
            c["min_personnel_by_phase"] = {p: rng.choice([0, 5, 20])}
    for g in doc.get("group", {}).values():
        if rng.random() < 0.5:
            g["min_share_by_phase"] = {rng.choice(phases): rng.choice([0.0, 0.1, 0.2])}
        if rng.random() < 0.5:
            g["max_share_by_phase"] = {rng.choice(phases): rng.choice([0.3, 0.6, 1.0])}


def _add_scopes(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for cap in doc["capability"].values():
        if cap.get("unit_size") and rng.random() < 0.5:
            cap["unit_scope"] = rng.choice(["theatre", "theatre", "mission"])
    for c in doc["contributor"].values():
        if c.get("available") and rng.random() < 0.15:
            c["unit_scope"] = {rng.choice(sorted(c["available"])): rng.choice(
                ["task", "theatre", "mission"])}


def _add_readiness(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    doc["readiness"] = {"rapid": {"days": rng.choice([7, 30])}, "standard": {"days": 90}}
    for c in doc["contributor"].values():
        pools = c.get("available", {})
        if pools and rng.random() < 0.6:
            c["ready"] = {level: {cap: rng.randrange(0, pools[cap] + 2) for cap in
                                  rng.sample(sorted(pools), rng.randint(1, len(pools)))}
                          for level in rng.sample(["rapid", "standard"], rng.randint(1, 2))}
    phases = list(doc["phase"])
    for p in [phases[0], *([rng.choice(phases)] if rng.random() < 0.3 else [])]:
        ready: dict[str, Any] = {"within": rng.choice(["rapid", "standard"])}
        if rng.random() < 0.5:
            ready["share"] = rng.choice([0.25, 0.5, 0.8])
        if rng.random() < 0.3:
            ready["tasks"] = sorted(rng.sample(sorted(doc["task"]),
                                               rng.randint(1, len(doc["task"]))))
        doc["phase"][p]["ready"] = ready


def _add_threat(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for theatre in doc["theatre"].values():
        level = rng.choice([None, "low", "medium", "high"])
        if level is not None:
            theatre["threat"] = level
    if rng.random() < 0.3:
        doc["threat"] = {"multipliers": {"high": 4.0}}


def _add_throughput(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for task in doc["task"].values():
        for rule in task["need"].values():
            if rng.random() < 0.3:
                rule["trainees"] = rng.randrange(100, 3000)
                rule["trainees_per_instructor_month"] = float(rng.choice([5, 10, 20]))


def _add_commitments(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    ids = sorted(doc["contributor"])
    for cid in rng.sample(ids, min(len(ids), rng.randint(1, 2))):
        c = doc["contributor"][cid]
        pool = sum(c.get("available", {}).values())
        c["min_personnel"] = rng.randrange(1, max(2, int(pool * 1.2)))


def _add_corners(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    for cap in doc["capability"].values():
        if rng.random() < 0.5:
            cap["cost_per_month"] = round(rng.uniform(1000, 5000), 2)  # odd cents
    for phase in doc["phase"].values():
        if rng.random() < 0.4:
            phase["months"] = rng.choice([0.5, 1.5, 2.5])
    phases = list(doc["phase"])
    for c in doc["contributor"].values():
        caps = sorted(c.get("available", {}))
        if caps and rng.random() < 0.3:  # a unit larger than the pool: cannot be fielded
            cap = rng.choice(caps)
            c.setdefault("unit_size", {})[cap] = c["available"][cap] + rng.randrange(1, 40)
        if rng.random() < 0.3:  # a flat pledge with pledges for some phases only
            c["pledge"] = float(rng.randrange(1, 30)) * 1e6
            c["pledge_by_phase"] = {p: float(rng.randrange(1, 10)) * 1e6
                                    for p in rng.sample(phases, rng.randint(1, len(phases)))}


def _add_sizing(doc: dict[str, Any], rng: random.Random, _: int) -> None:
    from forcesize.library import rules

    fixed = sorted((r.central, r.id) for r in rules().values() if r.term == "fixed")[:3]
    for theatre in doc["theatre"].values():
        theatre["quantities"] = {"posts": rng.randrange(0, 30),
                                 "sea_area_km2": float(rng.randrange(0, 20_000))}
    doc["mission"]["scenario"] = rng.choice(["low", "central", "high"])
    for task in doc["task"].values():
        caps = sorted(task["need"])
        for i, cap in enumerate(caps):
            rule = task["need"][cap]
            if rng.random() < 0.3:
                rule["per"] = {"posts": rng.choice([1, 2, 4.5])}
            if rng.random() < 0.15 and fixed:
                rule["fixed"] = rng.choice(fixed)[1]
            if i and rng.random() < 0.3:  # a share of needs before it: never a cycle
                rule["share"] = {"rate": rng.choice([0.1, 0.2, 0.25]),
                                 "of": rng.sample(caps[:i], rng.randint(1, i))}
    phases = list(doc["phase"])
    for name, theatre in doc["theatre"].items():
        if rng.random() < 0.4:  # host forces of a capability some task there needs
            needed = sorted({k for t in doc["task"].values() if t["theatre"] == name
                             for k in t["need"]})
            if needed:
                host: dict[str, Any] = {"persons": float(rng.randrange(0, 200)),
                                        "effectiveness": rng.choice([0.25, 0.5, 1.0])}
                if rng.random() < 0.5:
                    host["by_phase"] = {p: rng.choice([0.0, 0.5, 1.0])
                                        for p in rng.sample(phases, rng.randint(1, len(phases)))}
                else:
                    host["trained_per_month"] = float(rng.randrange(1, 30))
                    host["initial"] = float(rng.randrange(0, 50))
                theatre["host"] = {rng.choice(needed): host}
    if rng.random() < 0.5:  # civilian staff on the whole uniformed force of each phase
        doc["capability"]["staff"] = {"component": "civilian", "cost_per_month": 6000.0}
        doc["task"]["staff"] = {"function": "supervision", "theatre": "th0",
                                "priority": "desirable",
                                "need": {"staff": {"share": {
                                    "rate": 0.05, "of_components": ["military", "police"],
                                    "scope": "phase"}}}}
        first = sorted(doc["contributor"])[0]
        doc["contributor"][first].setdefault("available", {})["staff"] = rng.randrange(5, 100)


_REALISM = {"units": _add_units, "standing": _add_standing, "groups": _add_groups,
            "multinational": _add_multinational, "phased": _add_phased, "threat": _add_threat,
            "throughput": _add_throughput, "commitments": _add_commitments,
            "corners": _add_corners, "sizing": _add_sizing, "slices": _add_slices,
            "presence": _add_presence, "overrides": _add_overrides,
            "readiness": _add_readiness, "scopes": _add_scopes}
