"""Build the linear program of a mandate: the recipe, read top to bottom.

Variables family by family, then constraints family by family, then the
preemptive stages. The result, :class:`BuiltModel`, holds the PuLP problem,
the registry that maps mandate keys to named variables and rows, and the
stage objectives. Nothing here solves.
"""

from __future__ import annotations

from dataclasses import dataclass

import pulp

from ..mandate.derive import Derived
from . import constraints as con
from . import financing as fin
from . import variables as var
from .naming import Family, Key, Registry, Tokens
from .objective import Stage, cost_stage, shortfall_stages

__all__ = ["BuiltModel", "Family", "Key", "Stage", "build_model"]


@dataclass
class BuiltModel:
    """A built model: the problem, its registry and its stages, in solve order."""

    derived: Derived
    prob: pulp.LpProblem
    registry: Registry
    stages: list[Stage]
    assigned: dict[tuple[str, str, str, str], pulp.LpVariable]
    shortfall: dict[tuple[str, str, str], pulp.LpVariable]
    excess: dict[tuple[str, str, str], pulp.LpVariable]
    units: dict[tuple[str, str, str, str], tuple[pulp.LpVariable, int]]
    slices: dict[tuple[str, str, str, str], tuple[pulp.LpVariable, int]]
    deployed: dict[str, pulp.LpVariable]
    serves: dict[tuple[str, str, str], pulp.LpVariable]
    staffed: dict[tuple[str, str], pulp.LpVariable]
    tok: dict[str, Tokens]
    """LP name tokens of the mandate's ids, by entity kind."""
    pooled: dict[tuple[str, str, str, str], tuple[pulp.LpVariable, int]]
    """Whole units counted per theatre or mission, and their size (``Context.pooled``)."""
    pooled_of: dict[tuple[str, str, str, str], tuple[str, str, str, str]]
    """The pooled units each assignment belongs to."""


def build_model(derived: Derived) -> BuiltModel:
    """The mandate's model, family by family, in a fixed order."""
    prob = pulp.LpProblem("forcesize", pulp.LpMinimize)
    ctx = var.Context(derived, prob)

    var.add_assigned_vars(ctx)
    var.add_pooled_units(ctx)
    var.add_excess_vars(ctx)
    var.add_shortfall_vars(ctx)
    var.add_deployed_vars(ctx)
    var.add_serves_vars(ctx)
    var.add_late_vars(ctx)

    con.add_need_cover_eq(ctx)
    con.add_pool_max(ctx)
    con.add_phase_total_eq(ctx)
    con.add_share_max(ctx)
    con.add_pledge_max(ctx)
    con.add_pledge_phase_max(ctx)
    con.add_fund_max(ctx)
    con.add_fund_phase_max(ctx)
    con.add_budget_max(ctx)
    fin.add_scheme_limits(ctx)
    fin.add_phase_budget_max(ctx)
    fin.add_payer_limits(ctx)
    con.add_commitment_min(ctx)
    con.add_unit_eq(ctx)
    con.add_pooled_unit_eq(ctx)
    con.add_slices(ctx)
    con.add_group_share(ctx)
    con.add_readiness(ctx)
    con.add_multinational(ctx)
    con.add_whole_shares(ctx)

    stages = [*shortfall_stages(ctx), cost_stage(ctx)]
    return BuiltModel(derived, prob, ctx.registry, stages, ctx.assigned, ctx.shortfall,
                      ctx.excess, ctx.units, ctx.slices, ctx.deployed, ctx.serves, ctx.staffed,
                      ctx.tok, ctx.pooled, ctx.pooled_of)
