"""Scenario discovery over discrete futures: the fewest outcome conditions that say where an option breaks.

A *condition* is a set of outcomes of one uncertainty (`u ∈ {o1, o2}`, one condition however many outcomes
it lists); a *rule* is a conjunction of conditions on different uncertainties; the answer is an ordered
list of rules, a disjunction read like PRIM's covering sequence (Friedman & Fisher 1999): each rule
speaks only of the futures no earlier rule caught. With T = the futures where the option is not best and
Q_r = the futures rule r catches that no earlier rule caught, both measured by probability,

    coverage_r = P(Q_r ∧ T) / P(T),     density_r = P(Q_r ∧ T) / P(Q_r)

(Bryant & Lempert 2010, "Thinking inside the box", Technol. Forecast. Soc. Change 77:34-49), so the
coverages add up to the share of T the rules describe. Futures of probability 0 are ignored.

Search (deterministic; candidates are ordered by number of conditions, then uncertainties in file order,
then outcome sets by size and file order, and every tie goes to the earlier candidate):
1. Every rule of up to `MAX_CONDITIONS` = 3 conditions is enumerated. Conditions are all non-empty proper
   outcome subsets for an uncertainty of up to `MAX_SUBSET_OUTCOMES` = 4 outcomes (14 sets), and single
   outcomes and their complements (`u = o`, `u ≠ o`) past that. The enumeration is capped at `MAX_CELLS`
   = 2·10⁷ (candidate rules × futures): 7 uncertainties of 3 outcomes (8,358 rules × 2,187 futures) fit;
   past the cap the depth drops to 2 (8 of 3 outcomes: 1,056 × 6,561), then to 1 condition (e.g. 16
   binary uncertainties, 65,536 futures).
2. Among the rules of density 1 (no future where the option is best), the set covering every not-best
   future they can cover with the fewest conditions in total (then the fewest rules) is found by
   branch and bound (exact minimum-cost set cover), starting from Chvátal's (1979) greedy cover and
   stopping after `MAX_NODES` = 10⁵ nodes with the best cover found (never worse than the greedy one).
3. If not-best futures remain that no density-1 rule describes (they need more conditions than the
   depth allows), up to `MAX_IMPERFECT` = 5 more rules are added greedily, each time the rule with the
   largest harmonic mean of coverage (of the remaining not-best futures) and density (among the futures
   not yet caught), among the rules whose density beats the remaining base rate (lift > 1). What is
   still left is reported as coverage below 1.
Rules from step 2 come first, ordered by how much of T each adds (largest first), then those of step 3,
`MAX_RULES` = 10 in all: when failures are scattered (no short description exists), only the ten that
add most are kept and the rest shows as coverage below 1.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, cast

import numpy as np

MAX_CONDITIONS = 3
MAX_SUBSET_OUTCOMES = 4
MAX_CELLS = 20_000_000
MAX_NODES = 100_000
MAX_IMPERFECT = 5
MAX_RULES = 10
MAX_COVER_DEPTH = 200  # greedy covers longer than this are not refined (recursion depth)

When = tuple[tuple[int, tuple[int, ...]], ...]  # ((uncertainty index, outcome indices), …)


def breaks(
    not_best: np.ndarray, p: np.ndarray, outcomes: np.ndarray, names: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """The rules describing where an option is not best (see the module doc for the search).

    not_best: (F,) bool; p: (F,) probabilities; outcomes: (F, U) int codes, outcomes[f, k] indexing the
    outcome ids of the k-th uncertainty of `names` (uncertainty id → outcome ids, in file order).
    Returns `[{"when": {u: [outcome ids]}, "coverage": c, "density": d}, …]`: `[]` when the option is
    best in every future, `[{"when": {}, "coverage": 1.0, "density": 1.0}]` when it is best in none.
    """
    nb = np.asarray(not_best, dtype=bool)
    p = np.asarray(p, dtype=float)
    codes = np.asarray(outcomes, dtype=int).reshape(len(p), -1)
    live = p > 0
    if not np.any(nb & live):
        return []
    if not np.any(~nb & live):
        return [{"when": {}, "coverage": 1.0, "density": 1.0}]
    sizes = [len(o) for o in names.values()]
    conditions = [_conditions(codes[:, k], s) for k, s in enumerate(sizes)]
    depth = _depth([len(c) for c in conditions], len(p))
    whens, masks = _candidates(conditions, depth, len(p))
    costs = np.array([len(w) for w in whens])
    chosen = _in_order(_fewest_pure(masks, costs, nb, live, p), masks, nb & live, p)[:MAX_RULES]
    room = min(MAX_IMPERFECT, MAX_RULES - len(chosen))
    chosen += _imperfect(masks, nb, live & ~masks[chosen].any(axis=0), p, room)
    return _report(chosen, whens, masks, nb, live, p, names)


def _conditions(column: np.ndarray, size: int) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """One uncertainty's conditions as (outcome indices, mask (F,)), smaller sets first."""
    if size <= 1:
        return []
    if size <= MAX_SUBSET_OUTCOMES:
        sets = [s for r in range(1, size) for s in itertools.combinations(range(size), r)]
    else:
        sets = [(i,) for i in range(size)] + [tuple(j for j in range(size) if j != i) for i in range(size)]
    return [(s, np.isin(column, s)) for s in sets]


def _depth(counts: Sequence[int], n_futures: int) -> int:
    """The most conditions per rule (≤ MAX_CONDITIONS, ≥ 1) whose enumeration fits in MAX_CELLS."""
    e = [1] + [0] * MAX_CONDITIONS  # e[j]: rules of exactly j conditions (elementary symmetric sums)
    for c in counts:
        for j in range(MAX_CONDITIONS, 0, -1):
            e[j] += e[j - 1] * c
    for depth in range(MAX_CONDITIONS, 1, -1):
        if sum(e[1 : depth + 1]) * n_futures <= MAX_CELLS:
            return depth
    return 1


def _candidates(conditions: list[Any], depth: int, n_futures: int) -> tuple[list[When], np.ndarray]:
    """Every rule of 1…depth conditions, in the module doc's order, with masks (C, F) bool."""
    active = [k for k, c in enumerate(conditions) if c]
    stacked = {k: np.array([m for _, m in conditions[k]]) for k in active}
    whens: list[When] = []
    blocks = [np.zeros((0, n_futures), dtype=bool)]
    for j in range(1, depth + 1):
        for combo in itertools.combinations(active, j):
            block = np.ones((1, n_futures), dtype=bool)
            for k in combo:  # the first uncertainty varies slowest, as in itertools.product
                block = (block[:, None, :] & stacked[k][None, :, :]).reshape(-1, n_futures)
            blocks.append(block)
            sets = itertools.product(*([s for s, _ in conditions[k]] for k in combo))
            whens.extend(tuple(zip(combo, s, strict=True)) for s in sets)
    return whens, np.concatenate(blocks)


def _weigh(masks: np.ndarray, w: np.ndarray) -> np.ndarray:
    """masks (C, F) bool @ w (F,), in row chunks so the float copy of the masks stays small."""
    step = max(1, 2**16 // max(1, masks.shape[1]))  # chunks that stay in cache: ~4× faster than 2**20
    out = np.empty(len(masks))
    for s in range(0, len(masks), step):
        out[s : s + step] = masks[s : s + step] @ w
    return out


def _fewest_pure(
    masks: np.ndarray, costs: np.ndarray, nb: np.ndarray, live: np.ndarray, p: np.ndarray
) -> list[Any]:
    """Candidate indices of the density-1 rules covering what such rules can with fewest conditions."""
    pure = np.flatnonzero(_weigh(masks, (live & ~nb).astype(float)) == 0)
    elements = np.flatnonzero(nb & live)
    covers = masks[pure][:, elements]
    gain = _weigh(covers, p[elements])
    order = sorted(np.flatnonzero(gain > 0), key=lambda i: (costs[pure[i]], -gain[i], pure[i]))
    kept: list[Any] = []  # not dominated: no earlier (cheaper or as cheap) rule covers a superset
    kept_bits: list[int] = []
    for i in order:
        b = _bits(covers[i])
        if not any((b | k) == k for k in kept_bits):
            kept.append(i)
            kept_bits.append(b)
    if not kept:
        return []
    greedy = _greedy_cover(covers[kept], costs[pure[kept]], p[elements])
    best = _min_cover(kept_bits, [int(costs[pure[i]]) for i in kept], greedy)
    return [int(pure[kept[i]]) for i in best]


def _bits(row: np.ndarray) -> int:
    return int.from_bytes(np.packbits(row, bitorder="little").tobytes(), "little")


def _greedy_cover(covers: np.ndarray, costs: np.ndarray, w: np.ndarray) -> list[int]:
    """Chvátal's greedy set cover: repeatedly the rule adding the most probability per condition."""
    uncovered = covers.any(axis=0)
    chosen = []
    while uncovered.any():
        i = int(np.argmax(_weigh(covers, w * uncovered) / costs))
        chosen.append(i)
        uncovered &= ~covers[i]
    return chosen


def _min_cover(bits: list[int], costs: list[int], incumbent: list[int]) -> list[int]:
    """Exact minimum of (Σ costs, number of rules) covering the union of `bits`, by branch and bound on
    the lowest uncovered element; stops after MAX_NODES nodes with the best cover found so far."""
    if len(incumbent) > MAX_COVER_DEPTH:
        return incumbent
    best: list[Any] = [(sum(costs[i] for i in incumbent), len(incumbent)), list(incumbent)]
    covering: dict[int, list[int]] = {}
    nodes = 0

    def search(uncovered: int, chosen: list[int], cost: int) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > MAX_NODES:
            return
        if not uncovered:
            if (cost, len(chosen)) < best[0]:
                best[:] = [(cost, len(chosen)), list(chosen)]
            return
        e = (uncovered & -uncovered).bit_length() - 1
        if e not in covering:
            covering[e] = [i for i, b in enumerate(bits) if b >> e & 1]
        for i in covering[e]:
            rest = uncovered & ~bits[i]
            bound = (cost + costs[i] + (1 if rest else 0), len(chosen) + 1 + (1 if rest else 0))
            if bound < best[0]:
                chosen.append(i)
                search(rest, chosen, cost + costs[i])
                chosen.pop()

    union = 0
    for b in bits:
        union |= b
    search(union, [], 0)
    return cast(list[int], best[1])


def _in_order(chosen: list[int], masks: np.ndarray, target: np.ndarray, p: np.ndarray) -> list[int]:
    """The chosen rules, each next the one adding the most not-best probability (ties: earlier rule)."""
    left, ordered = sorted(chosen), []
    caught = np.zeros_like(target)
    while left:
        gains = [p[masks[i] & target & ~caught].sum() for i in left]
        i = left.pop(int(np.argmax(gains)))
        ordered.append(i)
        caught |= masks[i]
    return ordered


def _imperfect(
    masks: np.ndarray, nb: np.ndarray, remaining: np.ndarray, p: np.ndarray, room: int
) -> list[int]:
    """Step 3 of the module doc: up to `room` rules of density < 1 for the not-best futures left."""
    chosen: list[int] = []
    while len(chosen) < room and np.any(remaining & nb):
        target = p[remaining & nb].sum()
        base = target / p[remaining].sum()
        hit = _weigh(masks, p * (remaining & nb))
        caught = _weigh(masks, p * remaining)
        coverage = hit / target
        density = np.divide(hit, caught, out=np.zeros_like(hit), where=caught > 0)
        ok = (hit > 0) & (density > base * (1 + 1e-9))
        if not ok.any():
            break
        f1 = np.where(ok, 2 * coverage * density / np.where(ok, coverage + density, 1), -1.0)
        i = int(np.argmax(f1))
        chosen.append(i)
        remaining = remaining & ~masks[i]
    return chosen


def _report(
    chosen: Any, whens: Any, masks: Any, nb: Any, live: Any, p: Any, names: Mapping[str, Sequence[str]]
) -> list[dict[str, Any]]:
    """The chosen rules as JSON-ready dicts with their sequential coverage and density."""
    uids, outs = list(names), [list(v) for v in names.values()]
    total = p[nb & live].sum()
    remaining = live.copy()
    rules = []
    for i in chosen:
        caught = masks[i] & remaining
        hit = p[caught & nb].sum()
        if hit <= 0:
            continue
        density = 1.0 if not np.any(caught & ~nb) else float(hit / p[caught].sum())
        when = {uids[k]: [outs[k][o] for o in s] for k, s in whens[i]}
        rules.append({"when": when, "coverage": float(hit / total), "density": density})
        remaining &= ~masks[i]
    return rules
