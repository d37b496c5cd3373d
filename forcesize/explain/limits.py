"""Why shortfalls stay open: the limits the final plan reaches, in the planner's words.

No solver: the checked plan is read as values of the model's variables, and for
every requirement left short and every contributor that has the capability, one
more unit of it (one person, or one formed unit) is tried on paper. Consent and
caveats come first (may it serve the task at all?); then the move is applied to
every row of the model it touches, and the first limit row it would break, in
the order of :data:`~forcesize.model.families.LIMITS`, is the reason it sends no
more. The sentence comes from that row's family spec, so a new limit family is
explained as soon as it has a spec. The limits section lists the same rows once
each, with the shortfalls each keeps open.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..mandate.derive import WHOLE_MISSION, Derived
from ..model import BuiltModel, Family, Key
from ..model.families import LIMITS, SPECS, Limit, Move, Reason, Row, limit
from ..model.variables import MONEY_SCALE
from ..results import Plan
from .models import Blocker, ShortfallWhy
from .models import Limit as LimitRecord

TOLERANCE = 1e-9
"""Relative slack on a row before a move counts as breaking it (rows hold whole persons
and exact costs, so only rounding in the sums is forgiven)."""


class PlanPoint:
    """The plan as values of the model's variables (:class:`~.families.PlanValues`)."""

    def __init__(self, plan: Plan, derived: Derived) -> None:
        self._d = derived
        self._persons: dict[tuple[str, str, str, str], int] = {}
        self._units: dict[tuple[str, str, str, str], int] = {}
        self._serving: dict[tuple[str, str], set[str]] = defaultdict(set)
        self._on_task: dict[tuple[str, str, str], int] = defaultdict(int)
        self._counted: dict[tuple[str, str, str], int] = defaultdict(int)
        scopes = {p: derived.ready_scope(p) for p in derived.phases}
        for a in plan.allocations:
            key = (a.contributor, a.capability, a.task, a.phase)
            self._persons[key] = a.personnel
            self._units[key] = a.units or 0
            self._serving[a.task, a.phase].add(a.contributor)
            self._on_task[a.contributor, a.task, a.phase] += a.personnel
            if a.task in scopes.get(a.phase, ()):
                self._counted[a.contributor, a.capability, a.phase] += a.personnel
        self._short = {(r.task, r.capability, r.phase): r.shortfall for r in plan.requirements}
        self._excess = {(r.task, r.capability, r.phase): r.excess for r in plan.requirements}
        self._deployed = {p.phase: p.deployed for p in plan.phases}
        self._schemes = {s.scheme: s for s in plan.schemes}
        self._pooled = {(g.contributor, g.capability, g.theatre or WHOLE_MISSION, g.phase):
                        g.units for g in plan.unit_groups}

    def persons(self, contributor: str, capability: str, task: str, phase: str) -> int:
        return self._persons.get((contributor, capability, task, phase), 0)

    def units(self, contributor: str, capability: str, task: str, phase: str) -> int:
        return self._units.get((contributor, capability, task, phase), 0)

    def shortfall(self, task: str, capability: str, phase: str) -> int:
        return self._short.get((task, capability, phase), 0)

    def excess(self, task: str, capability: str, phase: str) -> int:
        return self._excess.get((task, capability, phase), 0)

    def deployed(self, phase: str) -> int:
        return self._deployed.get(phase, 0)

    def on_task(self, contributor: str, task: str, phase: str) -> int:
        """Persons the contributor sends to the task in the phase, all capabilities."""
        return self._on_task.get((contributor, task, phase), 0)

    def serves(self, contributor: str, task: str, phase: str) -> int:
        """Whether the contributor counts towards the task's contributors: a meaningful
        contribution (``Derived.meaningful``)."""
        return int(self.on_task(contributor, task, phase) >= self._d.meaningful(task, phase))

    def sliced(self, contributor: str, capability: str, task: str, phase: str) -> int:
        return int(self.persons(contributor, capability, task, phase) > 0)

    def staffed(self, task: str, phase: str) -> int:
        return int(bool(self._serving[task, phase]))

    def pooled_units(self, contributor: str, capability: str, where: str, phase: str) -> int:
        """Whole units counted per theatre (or the whole mission, ``where`` ``*``)."""
        return self._pooled.get((contributor, capability, where, phase), 0)

    def late(self, contributor: str, capability: str, phase: str) -> int:
        """Persons of the contributor's capability that the phase's readiness requirement
        counts beyond its ready pool (``Derived.ready_pool``)."""
        return max(0, self.counted(contributor, capability, phase)
                   - self._d.ready_pool(contributor, capability, phase))

    def counted(self, contributor: str, capability: str, phase: str) -> int:
        """Persons of the contributor's capability on the tasks the phase's readiness
        requirement counts (``Derived.ready_scope``)."""
        return self._counted.get((contributor, capability, phase), 0)

    def apportioned(self, scheme: str) -> float:
        """What the scheme's key apportions, in millions as the model has it."""
        return self._schemes[scheme].apportioned * MONEY_SCALE

    def apportioned_after(self, scheme: str, more: float) -> float:
        """:meth:`apportioned` once the scheme spends ``more`` (money) besides."""
        row = self._schemes[scheme]
        return max(0.0, row.spends + more - row.fixed_payments) * MONEY_SCALE


@dataclass
class _RowIndex:
    """Every limit row of the model with the plan's values, and the rows of each variable."""

    rows: dict[Key, Row]
    of_var: dict[Key, list[Key]]
    """The limit rows each variable appears in."""


def _index(model: BuiltModel, plan: Plan) -> _RowIndex:
    point = PlanPoint(plan, model.derived)
    key_of = {entry.name: key for key, entry in model.registry.variables.items()}
    values: dict[str, float] = {}  # only the variables of limit rows are read from a plan
    for key, entry in model.registry.constraints.items():
        if limit(key.family) is not None:
            for var in entry.obj.expr:
                if var.name not in values:
                    of = key_of[var.name]
                    values[var.name] = SPECS[of.family].read(point, of.ids)
    rows: dict[Key, Row] = {}
    of_var: dict[Key, list[Key]] = defaultdict(list)
    for key, entry in model.registry.constraints.items():
        if limit(key.family) is None:
            continue
        rows[key] = Row.read(key, entry, key_of, values)
        for term in rows[key].terms:
            of_var[term.key].append(key)
    return _RowIndex(rows, of_var)


def _broken(index: _RowIndex, delta: dict[Key, float]) -> list[Key]:
    """The limit rows a change of the variables in ``delta`` would break."""
    touched = {k for var in delta for k in index.of_var.get(var, [])}
    return [key for key in touched if index.rows[key].broken_by(delta, TOLERANCE)]


def _move_delta(model: BuiltModel, point: PlanPoint, move: Move) -> dict[Key, float]:
    """The variables one more unit changes: the assignment and its units, the shortfall (or
    the excess), the phase total, and a multinational task's binaries."""
    c, k, t, p = move.contributor, move.capability, move.task, move.phase
    closed = min(move.persons, point.shortfall(t, k, p))
    delta: dict[Key, float] = {Key(Family.ASSIGNED, (c, k, t, p)): move.persons,
                               Key(Family.SHORTFALL, (t, k, p)): -closed}
    if (c, k, t, p) in model.units:
        delta[Key(Family.UNITS, (c, k, t, p))] = 1
    group = model.pooled_of.get((c, k, t, p))
    if group is not None:
        delta[Key(Family.POOLED_UNITS, group)] = move.persons // model.pooled[group][1]
    if move.persons > closed:
        delta[Key(Family.EXCESS, (t, k, p))] = move.persons - closed
    delta[Key(Family.DEPLOYED, (p,))] = move.persons
    if (c, k, t, p) in model.slices and not point.sliced(c, k, t, p):
        delta[Key(Family.SLICE, (c, k, t, p))] = 1
    if not point.serves(c, t, p) and point.on_task(c, t, p) + move.persons >= \
            model.derived.meaningful(t, p):
        delta[Key(Family.SERVES, (c, t, p))] = 1
    if not point.staffed(t, p):
        delta[Key(Family.STAFFED, (t, p))] = 1
    late = Key(Family.LATE, (c, k, p))
    if late in model.registry.variables and t in model.derived.ready_scope(p):
        after = max(0, point.counted(c, k, p) + move.persons - model.derived.ready_pool(c, k, p))
        delta[late] = after - point.late(c, k, p)
    scheme, more = model.derived.routes.paid(c, k, t, p, move.persons)
    key = Key(Family.APPORTIONED, (scheme,))
    if scheme is not None and key in model.registry.variables:
        delta[key] = point.apportioned_after(scheme, more) - point.apportioned(scheme)
    return delta


def _unblock(reason: str) -> str:
    """The remedy for one of ``Derived.blockers``' reasons."""
    if reason.startswith("not acceptable to "):
        return f"the consent of {reason.removeprefix('not acceptable to ')}"
    return reason.replace("caveat excludes", "lifting the caveat on")


def _closing(cap: str, task: str, blockers: list[Blocker]) -> str:
    if not blockers:
        return (f"No contributor has {cap} that {task} may use: closing it needs a new "
                f"contributor, or {cap} from one that is acceptable and not caveated out.")
    grouped: dict[str, list[Blocker]] = defaultdict(list)
    for b in blockers:
        grouped[b.remedy].append(b)
    parts = []
    for remedy, group in grouped.items():
        who = ", ".join(b.contributor for b in group)
        idle = sum(b.idle for b in group)
        parts.append(remedy.replace("{who}", who) + (f" ({idle:,} idle)" if idle else ""))
    return "Would close it: " + "; or ".join(parts) + "."


class _Reader:
    """Blockers and limits of one plan."""

    def __init__(self, model: BuiltModel, plan: Plan) -> None:
        self.model = model
        self.d: Derived = model.derived
        self.point = PlanPoint(plan, model.derived)
        self.index = _index(model, plan)
        self.used: dict[tuple[str, str, str], int] = defaultdict(int)
        for a in plan.allocations:
            self.used[a.contributor, a.capability, a.phase] += a.personnel
        self.rank = {s.family: s.rank for s in LIMITS}
        self.required = {(r.task, r.capability, r.phase): r.required for r in plan.requirements}

    def blocker(self, cid: str, tid: str, cap: str, phase: str
                ) -> tuple[Blocker, Key | None] | None:
        """The first reason ``cid`` sends no more ``cap`` to ``tid`` in ``phase``, and the
        row that gives it (None for consent and caveats)."""
        d = self.d
        available = d.pool(cid, cap, phase)
        if available <= 0:
            return None
        idle = available - self.used[cid, cap, phase]
        reasons = d.blockers(cid, tid, phase)
        if reasons:
            if idle <= 0:
                return None  # excluded, and nobody left anyway: the pool is the story
            consent = [r for r in reasons if r.startswith("not acceptable")]
            path = (f"contributor.{cid}.acceptable_to" if consent else
                    d.caveat_path(cid, phase, "functions" if "function" in reasons[0]
                                  else "theatres"))
            return Blocker(contributor=cid, reason="consent" if consent else "caveat",
                           idle=idle, path=path,
                           text=f"{cid}: {'; '.join(reasons)}, with {idle:,} {cap} idle in "
                                f"{phase}",
                           remedy=" and ".join(_unblock(r) for r in reasons) + " for {who}"
                           ), None
        size = d.unit_size(cid, cap) or 1
        least = d.least(cid, cap, self.required[tid, cap, phase])
        if (cid, cap, tid, phase) not in self.model.assigned:  # not one slice fits the pool
            if available >= size:
                return _record(cid, self._slice(cid, cap, phase, least,
                                                f"{available:,} {cap} available in {phase}"),
                               idle), None
            return _record(cid, Reason("unit", f"{cid}: {idle:,} {cap} available in {phase}, "
                                       f"less than {d.unit_words(cid, cap)}",
                                       f"a larger {cap} pool (or smaller units) from {{who}}",
                                       d.unit_size_path(cid, cap)), idle), None
        sends = self.point.persons(cid, cap, tid, phase)
        if not sends and least > size:
            short = self.point.shortfall(tid, cap, phase)
            room = short + (d.largest_unit(tid, cap, phase) - 1
                            - self.point.excess(tid, cap, phase)
                            if (tid, cap, phase) in self.model.excess else 0)
            if least > room:
                return _record(cid, self._slice(cid, cap, phase, least,
                                                f"{tid} lacks {short:,} {cap} in {phase}"),
                               idle), None
        persons = size if sends else least
        if (cid, cap, tid, phase) in self.model.pooled_of:  # a whole unit more, to this task
            persons = size * -(-persons // size)
        move = Move(cid, cap, tid, phase, persons, idle)
        broken = _broken(self.index, _move_delta(self.model, self.point, move))
        if not broken:
            return Blocker(contributor=cid, reason="unexplained", idle=idle, path="",
                           text=f"{cid}: {idle:,} {cap} idle and no limit found; the plan may "
                                "not be proven optimal",
                           remedy="no limit found for {who}"), None
        ordered = sorted(broken, key=lambda k: (self.rank.get(k.family, 50), k.ids))
        reasons = []
        for k in ordered:
            spec = limit(k.family)
            assert spec is not None
            reasons.append(spec.reason(d, self.index.rows[k], move))
        return _record(cid, _joined(cid, reasons), idle), ordered[0]

    def _slice(self, cid: str, cap: str, phase: str, least: int, what: str) -> Reason:
        """Why a contributor sends none: ``what`` is less than its minimum slice (or, where
        the slice is more than the need, less than the whole need, ``least``)."""
        own = self.d.min_slice(cid, cap)
        bound = f"its minimum slice of {own:,}" + (
            f" or the whole need of {least:,}" if least < own else "")
        return Reason("slice", f"{cid}: {what}, less than {bound}",
                      f"a smaller minimum slice of {cap} from {{who}}",
                      self.d.min_slice_path(cid, cap))

    def limit_record(self, blocker: Blocker, key: Key | None, cap: str, phase: str
                     ) -> LimitRecord | None:
        """The limit behind ``blocker``: the row it breaks, read through its family's spec;
        whole units, consent and caveats from the blocker itself."""
        cid = blocker.contributor
        if blocker.reason == "unit":
            return LimitRecord(kind="unit", contributor=cid, capability=cap, phase=phase,
                               used=blocker.idle, limit=self.d.unit_size(cid, cap) or 1,
                               unit="persons idle", path=blocker.path,
                               text=f"{cid} has {blocker.idle:,} {cap} idle in {phase}, less "
                                    f"than {self.d.unit_words(cid, cap)}")
        if blocker.reason == "slice":
            return LimitRecord(kind="slice", contributor=cid, capability=cap, phase=phase,
                               used=blocker.idle, limit=self.d.min_slice(cid, cap),  # the key's
                               unit="persons idle", path=blocker.path,
                               text=blocker.text)
        if key is None:
            return _eligibility_limit(self.d, blocker, cap, phase)
        spec = limit(key.family)
        assert spec is not None
        row = self.index.rows[key]
        figures = spec.figures(self.d, row)
        contributor, capability, row_phase = spec.fields(key.ids)
        return LimitRecord(kind=spec.kind, contributor=contributor,  # type: ignore[arg-type]
                           capability=capability, phase=row_phase, used=figures.used,
                           limit=figures.limit, unit=figures.unit, path=row.path,
                           text=spec.limit_line(self.d, row))


def _joined(cid: str, reasons: list[Reason]) -> Reason:
    """One reason from every limit one more unit would break: the first (by rank) names the
    kind and the key, and the remedy lifts them all, since lifting the first alone would
    not close the gap (Turkey's infantry, all deployed, could not staff a task that needs
    two contributors with more of it either)."""
    first = reasons[0]
    texts, remedies = [first.text], [first.remedy]
    for reason in reasons[1:]:
        text = reason.text.removeprefix(f"{cid}: ")
        if text not in texts and reason.text not in texts:
            texts.append(text)
        if reason.remedy not in remedies:
            remedies.append(reason.remedy)
    return Reason(first.kind, "; and ".join(texts), " and ".join(remedies), first.path)


def _record(cid: str, reason: Reason, idle: int) -> Blocker:
    return Blocker(contributor=cid, reason=reason.kind, idle=idle,  # type: ignore[arg-type]
                   path=reason.path, text=reason.text, remedy=reason.remedy)


def _keeps(text: str, tasks: list[str]) -> str:
    return f"{text}; it keeps short {', '.join(tasks)}."


def shortfalls_and_limits(model: BuiltModel, plan: Plan
                          ) -> tuple[list[ShortfallWhy], list[LimitRecord], dict[Key, str]]:
    """Every short requirement with its blockers, the limits that block, once each, and
    the rows behind them with the highest-priority shortfall stage each keeps open."""
    reader = _Reader(model, plan)
    d = reader.d
    m = d.mandate
    order = {p: i for i, p in enumerate(d.phases)}
    whys = []
    found: dict[tuple[str, ...], tuple[LimitRecord, list[str]]] = {}
    binding: dict[Key, str] = {}
    short = sorted((r for r in plan.requirements if r.shortfall > 0),
                   key=lambda r: (r.priority != "essential", r.priority != "important",
                                  r.task, r.capability, order[r.phase]))
    for r in short:
        blockers = []
        for cid in sorted(m.contributor):
            got = reader.blocker(cid, r.task, r.capability, r.phase)
            if got is None:
                continue
            blocker, key = got
            blockers.append(blocker)
            if key is not None:
                binding.setdefault(key, f"{r.priority}_shortfall")
            record = reader.limit_record(blocker, key, r.capability, r.phase)
            if record is None:
                continue
            ident = (record.kind, record.contributor or "", record.capability or "",
                     record.phase or "", record.path)
            tasks = found.setdefault(ident, (record, []))[1]
            if r.task not in tasks:
                tasks.append(r.task)
        head = (f"{r.task} lacks {r.shortfall:,} of {r.required:,} {r.capability} in {r.phase} "
                f"({r.priority}).")
        whys.append(ShortfallWhy(task=r.task, capability=r.capability, phase=r.phase,
                                 priority=r.priority, required=r.required, filled=r.filled,
                                 shortfall=r.shortfall, blockers=blockers,
                                 text=f"{head} {_closing(r.capability, r.task, blockers)}"))
    limits = [record.model_copy(update={"text": _keeps(record.text, tasks)})
              for record, tasks in found.values()]
    limits += _commitments(reader)
    kinds = [s.kind for s in LIMITS]
    kinds[kinds.index("pool") + 1:kinds.index("pool") + 1] = ["unit", "slice"]
    kinds += ["consent", "caveat"]
    limits.sort(key=lambda x: (kinds.index(x.kind) if x.kind in kinds else len(kinds),
                               x.contributor or "", x.capability or "",
                               order.get(x.phase or "", -1), x.path))
    return whys, limits, binding


def _eligibility_limit(d: Derived, b: Blocker, cap: str, phase: str) -> LimitRecord | None:
    """Consent and caveats: idle persons that may not serve where they are short."""
    if b.reason not in ("consent", "caveat"):
        return None
    why = b.text.split(": ", 1)[1].split(", with")[0]
    return LimitRecord(kind=b.reason, contributor=b.contributor, capability=cap, phase=phase,
                       used=b.idle, limit=d.pool(b.contributor, cap, phase),
                       unit="persons idle", path=b.path,
                       text=f"{b.contributor} has {b.idle:,} {cap} idle in {phase} but may "
                            f"not serve where {cap} is short ({why})")


def _commitments(reader: _Reader) -> list[LimitRecord]:
    """Commitments met exactly: a limit of the plan even where nothing is short."""
    spec: Limit | None = limit(Family.COMMITMENT_MIN)
    assert spec is not None
    out = []
    for key, row in reader.index.rows.items():
        if key.family is Family.COMMITMENT_MIN and abs(row.activity - row.rhs) < 0.5:
            figures = spec.figures(reader.d, row)
            contributor, _cap, phase = spec.fields(key.ids)
            out.append(LimitRecord(kind="commitment", contributor=contributor, capability=None,
                                   phase=phase, used=figures.used, limit=figures.limit,
                                   unit=figures.unit, path=row.path,
                                   text=spec.limit_line(reader.d, row) + "."))
    return out
