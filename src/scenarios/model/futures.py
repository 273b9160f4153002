"""Futures: uncertainties about the world, their outcomes, and the score effects they have (`futures.toml`).

`read_futures` validates an already-parsed `futures.toml` (the caller reads the TOML) and collects every
problem; `Futures.all()` lists the futures with their probabilities; `apply_effects` turns one future into
shifted score arrays. Uncertainties are independent, so a future's probability is the product of its
outcomes' probabilities; judging options across such futures rather than at one forecast is robust
decision making (Lempert, Popper & Bankes 2003, *Shaping the Next One Hundred Years*, RAND MR-1626).

Problem keys follow the file: `uncertainties.<u>.outcomes.<o>.probability`, and `effects[i].<key>` where
**i counts the `[[effects]]` blocks from 1** in file order (`effects[1]` is the first block), as an analyst
counts them reading the file.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import Problem, UsageError
from .numbers import magnitude_problem

ID = re.compile(r"^\w[\w.-]*$")
TOP_KEYS = ("uncertainties", "effects")
UNCERTAINTY_KEYS = ("label", "rationale", "outcomes")
OUTCOME_KEYS = ("probability", "label")
EFFECT_KEYS = ("when", "option", "criterion", "shift", "value", "rationale")
SUM_TOLERANCE = 1e-6  # |Σ probabilities − 1| allowed for one uncertainty (room for 1/3-style decimals)
MAX_FUTURES = 100_000  # every analysis evaluates each future; past this the file is a mistake
TIE_DECIMALS = 12  # futures whose probabilities agree to this many decimals are ties (kept in file order)


@dataclass(frozen=True)
class Outcome:
    """One way an uncertainty can turn out; `probability` in [0, 1]."""

    id: str
    label: str
    probability: float


@dataclass(frozen=True)
class Uncertainty:
    """An uncertainty about the world; its outcomes' probabilities sum to 1."""

    id: str
    label: str
    rationale: str
    outcomes: tuple[Outcome, ...]

    @property
    def outcome_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.outcomes)


@dataclass(frozen=True)
class Effect:
    """A change to one criterion's score (of one option, or of every option when `option` is None) that
    applies in the futures where every `(uncertainty, outcome)` of `when` holds. Exactly one of `shift`
    (added to the score) and `value` (replaces it) is set."""

    when: tuple[tuple[str, str], ...]
    option: str | None
    criterion: str
    shift: float | None
    value: float | None
    rationale: str = ""

    def holds(self, outcomes: Mapping[str, str]) -> bool:
        """True when every condition holds; an uncertainty missing from `outcomes` does not hold."""
        return all(outcomes.get(u) == o for u, o in self.when)


@dataclass(frozen=True)
class Futures:
    """All the uncertainties and effects of a model; `Futures()` is the single plain future."""

    uncertainties: tuple[Uncertainty, ...] = ()
    effects: tuple[Effect, ...] = ()

    @property
    def uncertainty_ids(self) -> tuple[str, ...]:
        return tuple(u.id for u in self.uncertainties)

    def probabilities(self) -> dict[str, dict[str, float]]:
        """uncertainty → outcome → probability, in file order."""
        return {u.id: {o.id: o.probability for o in u.outcomes} for u in self.uncertainties}

    def codes(self) -> tuple[np.ndarray, np.ndarray]:
        """Every future as outcome indices: codes (F, U) int, codes[f, k] indexing uncertainty k's
        outcomes, and p (F,) the product of the outcomes' probabilities. Most probable first; ties
        (equal to 12 decimals) keep file order, the first uncertainty varying slowest."""
        sizes = [len(u.outcomes) for u in self.uncertainties]
        combos = list(itertools.product(*(range(s) for s in sizes)))
        codes = np.array(combos, dtype=int).reshape(len(combos), len(sizes))
        p = np.ones(len(combos))
        for k, u in enumerate(self.uncertainties):
            p = p * np.array([o.probability for o in u.outcomes])[codes[:, k]]
        order = np.argsort(-np.round(p, TIE_DECIMALS), kind="stable")
        return codes[order], p[order]

    def all(self) -> list[tuple[dict[str, str], float]]:
        """Every future as ({uncertainty: outcome}, probability), in the order of `codes()`; with no
        uncertainties, the one future ({}, 1.0)."""
        codes, p = self.codes()
        return [
            ({u.id: u.outcomes[c].id for u, c in zip(self.uncertainties, row, strict=True)}, float(q))
            for row, q in zip(codes, p, strict=True)
        ]

    def conditioned(
        self, given: Mapping[str, str], where: str = "--future"
    ) -> tuple[np.ndarray, np.ndarray, dict[str, dict[str, float]]]:
        """The futures consistent with `given` ({uncertainty: outcome}) and their probabilities
        given it: codes (F, U) as in `codes()`, p (F,) summing to 1, and every uncertainty's
        outcome probabilities after conditioning (a given outcome 1, its siblings 0)."""
        self.check_outcomes(given, where)
        codes, p = self.codes()
        keep = np.ones(len(p), dtype=bool)
        probabilities = self.probabilities()
        for k, u in enumerate(self.uncertainties):
            if u.id in given:
                keep &= codes[:, k] == u.outcome_ids.index(given[u.id])
                probabilities[u.id] = {o: float(o == given[u.id]) for o in u.outcome_ids}
        return codes[keep], p[keep] / p[keep].sum(), probabilities

    def outcomes_of(self, row: np.ndarray) -> dict[str, str]:
        """One row of `codes()` as {uncertainty: outcome}."""
        return {u.id: u.outcomes[c].id for u, c in zip(self.uncertainties, row, strict=True)}

    def check_outcomes(self, given: Mapping[str, str], where: str = "--future") -> None:
        """Raise UsageError naming every `U=OUTCOME` of `given` whose uncertainty or outcome is unknown."""
        known = {u.id: u for u in self.uncertainties}
        problems = []
        for uid, oid in given.items():
            key = f"{uid}={oid}"
            if uid not in known:
                expected = ", ".join(known) or "none (the model has no futures.toml uncertainties)"
                problems.append(Problem(where, key, f"unknown uncertainty; expected one of {expected}"))
            elif oid not in known[uid].outcome_ids:
                expected = ", ".join(known[uid].outcome_ids)
                problems.append(Problem(where, key, f"unknown outcome of {uid}; expected one of {expected}"))
        if problems:
            raise UsageError(problems)


# ---- reading ------------------------------------------------------------------------------------------
def read_futures(
    doc: Any, where: str, option_ids: Sequence[str], criteria: Mapping[str, tuple[float, float]]
) -> tuple[Futures | None, list[Problem]]:
    """Validate a parsed `futures.toml`; returns (Futures, []) or (None, every problem found).

    `where` is the file as shown to the user, `option_ids` the model's options and `criteria` maps each
    criterion id to its scale (low, high). Each problem names the key at fault (see the module doc for
    the `effects[i]` numbering, which starts at 1).
    """
    c = _Collector(where)
    if not isinstance(doc, dict):
        c.bad("", f"expected a TOML document (a table), got {_kind(doc)}")
        return None, c.problems
    c.unknown_keys(doc, TOP_KEYS, "")
    uncertainties, declared = _read_uncertainties(c, doc.get("uncertainties", {}))
    effects = _read_effects(c, doc.get("effects", []), declared, option_ids, criteria)
    if c.problems:
        return None, c.problems
    return Futures(uncertainties, effects), []


class _Collector:
    """Collects problems of one file instead of raising, so the user sees them all at once."""

    def __init__(self, where: str):
        self.where = where
        self.problems: list[Problem] = []

    def bad(self, key: str, message: str) -> None:
        self.problems.append(Problem(self.where, key, message))

    def unknown_keys(self, table: dict[str, Any], allowed: Sequence[str], prefix: str) -> None:
        for k in table:
            if k not in allowed:
                self.bad(_join(prefix, k), f"unknown key (expected one of {', '.join(allowed)})")

    def text(self, table: dict[str, Any], key: str, prefix: str, default: str) -> str:
        v = table.get(key, default)
        if not isinstance(v, str):
            self.bad(_join(prefix, key), f"expected a string, got {_kind(v)}")
            return default
        return v

    def number(self, v: Any, key: str) -> float | None:
        if isinstance(v, bool) or not isinstance(v, int | float):
            self.bad(key, f"expected a number, got {_kind(v)} {v!r}")
            return None
        problem = magnitude_problem(v)
        if problem:
            self.bad(key, problem)
            return None
        return float(v)

    def distinct(self, name: str, folded: dict[str, str], key: str, what: str) -> None:
        """Refuse an id that differs from an earlier one only by case (`High` and `high`): on a
        case-insensitive file system or in a spreadsheet they would be the same."""
        other = folded.setdefault(name.casefold(), name)
        if other != name:
            self.bad(key, f"duplicate {what} id: {name!r} and {other!r} differ only by case")

    def ident(self, name: str, key: str, what: str) -> None:
        if not ID.match(name):
            self.bad(key, f"{what} id {name!r} must be letters, digits, '_', '-' or '.'")


def _join(prefix: str, key: str) -> str:
    return f"{prefix}.{key}" if prefix else key


def _kind(v: Any) -> str:
    return {dict: "a table", list: "an array", str: "a string", bool: "a boolean"}.get(
        type(v), type(v).__name__
    )


def _read_uncertainties(
    c: _Collector, table: Any
) -> tuple[tuple[Uncertainty, ...], dict[str, tuple[str, ...]]]:
    """The valid uncertainties, and every declared uncertainty → its declared outcome ids (valid or not,
    so that an effect naming a mis-specified outcome is not also reported as unknown)."""
    if not isinstance(table, dict):
        c.bad("uncertainties", f"expected a table of [uncertainties.<id>], got {_kind(table)}")
        return (), {}
    valid, declared = [], {}
    folded: dict[str, str] = {}
    for uid, t in table.items():
        prefix = f"uncertainties.{uid}"
        c.ident(uid, prefix, "uncertainty")
        c.distinct(uid, folded, prefix, "uncertainty")
        if not isinstance(t, dict):
            c.bad(prefix, f"expected a table, got {_kind(t)}")
            continue
        start = len(c.problems)
        c.unknown_keys(t, UNCERTAINTY_KEYS, prefix)
        label = c.text(t, "label", prefix, uid)
        rationale = c.text(t, "rationale", prefix, "")
        outcomes = _read_outcomes(c, t, prefix)
        declared[uid] = tuple(t["outcomes"]) if isinstance(t.get("outcomes"), dict) else ()
        if len(c.problems) == start:
            valid.append(Uncertainty(uid, label, rationale, outcomes))
    if math.prod(len(u.outcomes) for u in valid) > MAX_FUTURES:
        sizes = " × ".join(str(len(u.outcomes)) for u in valid)
        c.bad("uncertainties", f"{sizes} outcomes make more than {MAX_FUTURES:,} futures")
    return tuple(valid), declared


def _read_outcomes(c: _Collector, t: dict[str, Any], prefix: str) -> tuple[Outcome, ...]:
    key = f"{prefix}.outcomes"
    table = t.get("outcomes")
    if table is None:
        c.bad(key, "missing: give each outcome as outcomes.<id> = { probability = …, label = … }")
        return ()
    if not isinstance(table, dict) or not table:
        c.bad(key, f"expected a table of outcomes.<id> = {{ probability = … }}, got {_kind(table)}")
        return ()
    outcomes, complete = [], True
    folded: dict[str, str] = {}
    for oid, o in table.items():
        okey = f"{key}.{oid}"
        c.ident(oid, okey, "outcome")
        c.distinct(oid, folded, okey, "outcome")
        if not isinstance(o, dict):
            c.bad(okey, f"expected {{ probability = …, label = … }}, got {_kind(o)}")
            complete = False
            continue
        c.unknown_keys(o, OUTCOME_KEYS, okey)
        label = c.text(o, "label", okey, oid)
        if "probability" not in o:
            c.bad(f"{okey}.probability", "missing")
            complete = False
            continue
        p = c.number(o["probability"], f"{okey}.probability")
        if p is not None and not 0 <= p <= 1:
            c.bad(f"{okey}.probability", f"must lie in [0, 1], got {p:g}")
            p = None
        if p is None:
            complete = False
            continue
        outcomes.append(Outcome(oid, label, p))
    total = math.fsum(o.probability for o in outcomes)
    if complete and abs(total - 1) > SUM_TOLERANCE:
        terms = " + ".join(f"{o.probability:g}" for o in outcomes)
        c.bad(key, f"probabilities sum to {total:.10g} ({terms}), not 1")
    return tuple(outcomes)


def _read_effects(
    c: _Collector,
    blocks: Any,
    declared: Mapping[str, tuple[str, ...]],
    option_ids: Sequence[str],
    criteria: Mapping[str, tuple[float, float]],
) -> tuple[Effect, ...]:
    if not isinstance(blocks, list):
        c.bad("effects", f"expected an array of tables ([[effects]] blocks), got {_kind(blocks)}")
        return ()
    effects = []
    for i, e in enumerate(blocks, start=1):
        prefix = f"effects[{i}]"
        if not isinstance(e, dict):
            c.bad(prefix, f"expected a table, got {_kind(e)}")
            continue
        start = len(c.problems)
        c.unknown_keys(e, EFFECT_KEYS, prefix)
        when = _read_when(c, e, prefix, declared)
        option = _read_id(c, e, "option", prefix, option_ids, required=False)
        criterion = _read_id(c, e, "criterion", prefix, tuple(criteria), required=True)
        shift, value = _read_change(c, e, prefix, criteria.get(criterion) if criterion else None)
        rationale = c.text(e, "rationale", prefix, "")
        if len(c.problems) == start and criterion is not None:
            effects.append(Effect(when, option, criterion, shift, value, rationale))
    return tuple(effects)


def _read_id(
    c: _Collector, e: dict[str, Any], key: str, prefix: str, known: Sequence[str], required: bool
) -> str | None:
    full = f"{prefix}.{key}"
    if key not in e:
        if required:
            c.bad(full, "missing")
        return None
    v = e[key]
    if not isinstance(v, str):
        c.bad(full, f"expected a string, got {_kind(v)}")
        return None
    if v not in known:
        c.bad(full, f"unknown {key} {v!r} (expected one of {', '.join(known)})")
        return None
    return v


def _read_when(
    c: _Collector, e: dict[str, Any], prefix: str, declared: Mapping[str, tuple[str, ...]]
) -> tuple[tuple[str, str], ...]:
    key = f"{prefix}.when"
    raw = e.get("when")
    if raw is None:
        c.bad(key, 'missing: the outcome that triggers the effect, "uncertainty.outcome" (or a list)')
        return ()
    refs = [raw] if isinstance(raw, str) else raw
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        c.bad(key, f'expected "uncertainty.outcome" or a non-empty list of them, got {raw!r}')
        return ()
    chosen: dict[str, str] = {}
    for ref in refs:
        pair = _resolve(c, ref, key, declared)
        if pair is None:
            continue
        u, o = pair
        if chosen.get(u, o) != o:
            c.bad(key, f"can never hold: {u} cannot be both {chosen[u]!r} and {o!r}")
        chosen.setdefault(u, o)
    return tuple(chosen.items())


def _resolve(
    c: _Collector, ref: str, key: str, declared: Mapping[str, tuple[str, ...]]
) -> tuple[str, str] | None:
    """`u.o` → (u, o). Ids may contain dots, so every split point is tried against the declared ids."""
    splits = [(ref[:i], ref[i + 1 :]) for i, ch in enumerate(ref) if ch == "."]
    matches = [(u, o) for u, o in splits if o in declared.get(u, ())]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        c.bad(key, f"{ref!r} is ambiguous: it reads as " + " or ".join(f"{u} = {o}" for u, o in matches))
        return None
    if not splits:
        c.bad(key, f'{ref!r} is not of the form "uncertainty.outcome"')
        return None
    for u, o in splits:
        if u in declared:
            c.bad(key, f"unknown outcome {o!r} of {u} (expected one of {', '.join(declared[u])})")
            return None
    expected = ", ".join(declared) or "none: the file declares no [uncertainties]"
    c.bad(key, f"unknown uncertainty {splits[0][0]!r} in {ref!r} (expected one of {expected})")
    return None


def _read_change(
    c: _Collector, e: dict[str, Any], prefix: str, scale: tuple[float, float] | None
) -> tuple[float | None, float | None]:
    """(shift, value): exactly one given; `value` must lie on the criterion's scale (when known)."""
    if ("shift" in e) == ("value" in e):
        what = "both given" if "shift" in e else "missing"
        c.bad(prefix, f"shift/value {what}: give exactly one (shift adds to the score, value replaces it)")
        return None, None
    if "shift" in e:
        return c.number(e["shift"], f"{prefix}.shift"), None
    value = c.number(e["value"], f"{prefix}.value")
    if value is not None and scale is not None and not scale[0] <= value <= scale[1]:
        c.bad(f"{prefix}.value", f"{value:g} is outside the criterion's scale [{scale[0]:g}, {scale[1]:g}]")
    return None, value


# ---- applying ------------------------------------------------------------------------------------------
def apply_effects(
    futures: Futures,
    outcomes: Mapping[str, str],
    option_ids: Sequence[str],
    criterion_ids: Sequence[str],
    value: np.ndarray,
    low: np.ndarray,
    high: np.ndarray,
    scale_lo: np.ndarray,
    scale_hi: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The scores in the future `outcomes` ({uncertainty: outcome}): new (value, low, high) arrays.

    value, low, high: (…, m, n) = [samples ×] options × criteria; scale_lo, scale_hi: (n,).
    Every effect whose `when` all holds applies, in file order (an uncertainty absent from `outcomes`
    holds no outcome): `shift = d` adds d to value, low and high; `value = x` sets the value to x and
    moves low and high with it, keeping their offsets from the value (the same as `shift = x − value`,
    so the score's uncertainty survives the replacement). Effects stack additively and the cells they
    touched are clipped to the criterion's scale once, after the last effect, so shifts commute
    (+2 then −2 leaves a score at the top of the scale where it was). Untouched cells come back
    bit-for-bit unchanged, so with no effects every result equals the plain one exactly.
    """
    v, lo, hi = (np.array(a, dtype=float) for a in (value, low, high))
    rows = {o: i for i, o in enumerate(option_ids)}
    cols = {c: j for j, c in enumerate(criterion_ids)}
    touched = np.zeros(v.shape[-2:], dtype=bool)
    for e in futures.effects:
        if not e.holds(outcomes):
            continue
        i = slice(None) if e.option is None else rows[e.option]
        j = cols[e.criterion]
        d: float | np.ndarray
        if e.shift is not None:
            d = e.shift
            v[..., i, j] += d
        else:
            d = e.value - v[..., i, j]
            v[..., i, j] = e.value
        lo[..., i, j] += d
        hi[..., i, j] += d
        touched[i, j] = True
    if touched.any():
        smin, smax = np.asarray(scale_lo, dtype=float), np.asarray(scale_hi, dtype=float)
        v, lo, hi = (np.where(touched, np.clip(a, smin, smax), a) for a in (v, lo, hi))
    return v, lo, hi
