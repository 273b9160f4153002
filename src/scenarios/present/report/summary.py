"""The report's plain-language summary: sentences generated from the result objects' numbers.

Pure functions, no I/O: each takes results and returns a sentence (or None when it has nothing
to say); `summarize` strings them together in reading order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

# A weight this close (normalized units) to a threshold at which the leader changes is called
# out in the summary; farther thresholds are only in the stability table.
NEAR_THRESHOLD = 0.15
MAX_LISTED = 3
# How prose names each method of `scenarios.methods.METHODS` (unknown ids are shown as they are).
METHOD_NAMES = {
    "additive": "additive",
    "weighted_product": "weighted product",
    "topsis": "TOPSIS",
    "vikor": "VIKOR",
    "promethee_ii": "PROMETHEE II",
}


def pct(p: float, digits: int = 1) -> str:
    """0.7683 → "76.8%"."""
    return f"{p:.{digits}%}"


def pct_se(p: float, se: float) -> str:
    """A share and its Monte Carlo standard error, "76.8% ± 0.1%"; below 0.05 % the SE gets one
    significant figure (and the share as many decimals) so it never reads as zero."""
    digits = 1 if se >= 0.0005 or se <= 0 else min(4, int(np.ceil(-np.log10(se * 100))))
    return f"{pct(p, digits)} ± {pct(se, digits)}"


def join(items: list[str], word: str = "and") -> str:
    """["a", "b", "c"] → "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]


def count(n: int) -> str:
    """Small whole numbers in words, as prose spells them: 4 → "four"."""
    words = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
    return words[n] if 0 <= n < len(words) else f"{n:,}"


def signed(x: float, digits: int = 3) -> str:
    """A number with a typographic minus: −0.020."""
    return f"{x:.{digits}f}".replace("-", "−")


def method_name(method: str) -> str:
    """ "topsis" → "TOPSIS"."""
    return METHOD_NAMES.get(method, method)


def outcomes_text(outcomes: Mapping[str, str]) -> str:
    """{"nato": "ends", "militia": "escalation"} → "nato = ends and militia = escalation"."""
    return join([f"{u} = {o}" for u, o in outcomes.items()])


def leaders(ranking: Any) -> list[str]:
    """Option ids holding rank 1 at point weights and scores (several when tied)."""
    return [o for o in ranking.order() if ranking.ranks[o] == 1]


def leader_sentence(ranking: Any, smaa: Any, weights_name: str = "the analyst's weights") -> str:
    """Who ranks first under the analyst's weights, and how often in the Monte Carlo draws."""
    lab = ranking.option_labels
    top = leaders(ranking)
    order = ranking.order()
    weights = f"{weights_name} and the {method_name(ranking.method)} method"
    if ranking.future:
        weights += f", in the futures where {outcomes_text(ranking.future)}"
    if len(top) > 1:
        score = ranking.scores[top[0]]
        head = f"{join([lab[o] for o in top])} tie for first under {weights} (score {score:.3f})"
    elif len(order) > 1:
        nxt = order[1]
        head = (
            f"{lab[top[0]]} ranks first under {weights} (score {ranking.scores[top[0]]:.3f} against "
            f"{ranking.scores[nxt]:.3f} for {lab[nxt]})"
        )
    else:
        return f"{lab[top[0]]} is the only option (score {ranking.scores[top[0]]:.3f})."
    what = (
        "weight draws (scores held at their point values)" if smaa.fixed_scores else "weight and score draws"
    )
    partial = " (an interrupted, partial run)" if smaa.partial else ""
    draws = f"{smaa.samples:,} plausible {what}{partial}"
    shares = [pct_se(smaa.first[o], smaa.acceptability_se.at[o, 1]) for o in top]
    tail = f"and in {join(shares)} of {draws}"
    best = smaa.order()[0]
    if best not in top:
        tail += (
            f"; across the draws, though, {lab[best]} ranks first most often "
            f"({pct_se(smaa.first[best], smaa.acceptability_se.at[best, 1])})"
        )
    return f"{head}, {tail}."


def rival_sentence(ranking: Any, smaa: Any) -> str | None:
    """The strongest rival: its share of first places and its odds against the leader."""
    top = leaders(ranking)
    others = [o for o in smaa.order() if o not in top]
    if len(top) != 1 or not others:
        return None
    lead, rival = top[0], others[0]
    first = pct_se(smaa.first[rival], smaa.acceptability_se.at[rival, 1])
    beats = pct(smaa.pairwise.at[rival, lead])
    return (
        f"Its closest challenger, {ranking.option_labels[rival]}, ranks first in {first} of the draws "
        f"and scores above it in {beats} of them."
    )


def confidence_sentence(ranking: Any, smaa: Any) -> str | None:
    """The leader's SMAA-2 confidence factor, when defined."""
    top = leaders(ranking)
    if len(top) != 1 or np.isnan(smaa.confidence[top[0]]):
        return None
    conf = pct_se(smaa.confidence[top[0]], smaa.confidence_se[top[0]])
    return (
        f"Judged with its central weights (the average weights of the draws it wins), "
        f"{ranking.option_labels[top[0]]} still ranks first in {conf} of fresh score draws "
        "(its confidence factor)."
    )


def stability_sentence(stability: Any, ranking: Any) -> str:
    """The weights nearest to a value at which the leader changes, one criterion at a time."""
    lab, crit = ranking.option_labels, ranking.criterion_labels
    rows = []
    for cid, r in stability.intervals.iterrows():
        now = r["weight"]
        if r["top_takeover_high"] is not None and r["top_upper"] < 1.0:
            rows.append((r["top_upper"] - now, cid, "rises above", r["top_upper"], r["top_takeover_high"]))
        if r["top_takeover_low"] is not None and r["top_lower"] > 0.0:
            rows.append((now - r["top_lower"], cid, "falls below", r["top_lower"], r["top_takeover_low"]))
    leader = lab[stability.leader]
    if not rows:
        return (
            f"No single weight changes the leader: {leader} stays first wherever any one criterion's "
            "weight is set between 0 and 1, the others keeping their proportions."
        )
    rows.sort(key=lambda x: x[0])
    near = [x for x in rows if x[0] <= NEAR_THRESHOLD][:MAX_LISTED] or rows[:1]
    takers = list(dict.fromkeys(x[4] for x in near))
    each = len(takers) > 1
    parts = [
        f"the weight of {crit[cid]} {move} {at:.2f} (now {stability.intervals.at[cid, 'weight']:.2f}"
        + (f"; {lab[who]} would lead)" if each else ")")
        for _, cid, move, at, who in near
    ]
    text = (
        f"Moving one weight at a time (the others keeping their proportions), {leader} stays first "
        f"unless {join(parts, 'or')}"
    )
    text += "." if each else f", when {lab[takers[0]]} takes the lead."
    rest = len(rows) - len(near)
    if rest:
        text += (
            f" {count(rest).capitalize()} other such change{'s' if rest > 1 else ''} would also unseat it, "
            "all farther from "
            "the current weights."
        )
    return text


def tornado_sentence(tornado: Any, ranking: Any, input_name: Any) -> str:
    """The input that moves the leader's margin most, and how many inputs can overturn the lead."""
    lab = ranking.option_labels
    rows = tornado.inputs
    top_key = rows.index[0]
    top = rows.iloc[0]
    flips = int((rows[["margin_low", "margin_high"]].min(axis=1) < 0).sum())
    rng = f"{top['low']:.3g}–{top['high']:.3g}"
    text = (
        f"Moved one at a time across its range, the input that matters most is {input_name(top_key)} "
        f"({rng}): it moves the margin of {lab[tornado.leader]} over the best other option from "
        f"{signed(top['margin_low'])} to {signed(top['margin_high'])} "
        f"(it is {signed(tornado.base_margin)} at the point estimate)"
    )
    if flips:
        text += (
            f"; {flips} of {len(rows)} uncertain inputs can on their own overturn the lead "
            "at an end of their range"
        )
    else:
        text += f"; none of the {len(rows)} uncertain inputs overturns the lead on its own"
    return text + "."


def sobol_sentence(sobol: Any, ranking: Any, input_name: Any) -> str | None:
    """The inputs that explain most of the variance of the leader's margin (total-order index)."""
    if "margin" not in sobol.outputs:
        return None
    idx = sobol.for_output("margin").sort_values("ST", ascending=False, kind="stable")
    idx = idx[idx["ST"] > 0].head(MAX_LISTED)
    if idx.empty:
        return None
    # the first says what the number is; labels may hold parentheses of their own
    top = [
        f"{input_name(k)} ({'total Sobol' + chr(39) + ' index ' if i == 0 else ''}{r['ST']:.2f})"
        for i, (k, r) in enumerate(idx.iterrows())
    ]
    return (
        f"Varying all uncertain inputs together, most of the variance of the margin of "
        f"{ranking.option_labels[sobol.leader]} comes from {join(top)}."
    )


def profiles_sentence(comparison: Any, profile_labels: Mapping[str, str] | None = None) -> str | None:
    """Which option each stakeholder profile puts first."""
    sets = [k for k in comparison.rankings if k != "model"]
    if not sets:
        return None
    names = dict(profile_labels or {})
    winners: dict[str, list[str]] = {}
    for k in sets:
        for o in leaders(comparison.rankings[k]):
            winners.setdefault(o, []).append(names.get(k, k))
    lab = next(iter(comparison.rankings.values())).option_labels
    if len(winners) == 1:
        (o,) = winners
        return f"Every stakeholder profile ({len(sets)}) puts {lab[o]} first."
    ranked = sorted(winners.items(), key=lambda x: -len(x[1]))
    parts = [f"{lab[o]} under {len(who)} ({', '.join(who)})" for o, who in ranked]
    return f"The {len(sets)} stakeholder profiles disagree on which option comes first: {'; '.join(parts)}."


def methods_sentence(comparison: Any) -> str | None:
    """Whether the aggregation methods agree on the first option, at the point estimate."""
    firsts = comparison.first()
    if len(firsts) < 2:
        return None
    lab = comparison.option_labels
    names = [method_name(k) for k in firsts]
    by_option: dict[tuple[str, ...], list[str]] = {}
    for k, top in firsts.items():
        by_option.setdefault(tuple(top), []).append(method_name(k))
    if len(by_option) == 1:
        ((top, _),) = by_option.items()
        every = "Both" if len(names) == 2 else f"All {count(len(names))}"
        verb = "put" + (
            f" {join([lab[o] for o in top])} joint first" if len(top) > 1 else f" {lab[top[0]]} first"
        )
        return f"{every} aggregation methods ({join(names)}) {verb} at the point estimate."
    parts = [
        f"{join([lab[o] for o in top])}{' (tied)' if len(top) > 1 else ''} under {join(who)}"
        for top, who in by_option.items()
    ]
    return f"The aggregation methods disagree on which option comes first: {'; '.join(parts)}."


def red_lines_sentence(ranking: Any) -> str | None:
    """Which options cross which red lines at the point estimate (None when no red line is in force)."""
    if ranking.red_lines is None or not np.isfinite(ranking.red_lines.to_numpy(float)).any():
        return None
    lab, crit = ranking.option_labels, ranking.criterion_labels
    crossers = [o for o in ranking.order() if ranking.red_lines_crossed(o)]
    lines = [c for c, v in ranking.red_lines.items() if np.isfinite(v)]
    if not crossers:
        at = join([f"{crit[c]} at {ranking.red_lines[c]:g}" for c in lines])
        return f"No option crosses a red line ({at})."
    by_lines: dict[tuple[str, ...], list[str]] = {}  # options crossing the same lines share a clause
    for o in crossers:
        by_lines.setdefault(tuple(ranking.red_lines_crossed(o)), []).append(lab[o])
    parts = [
        f"{join(who)} cross{'es' if len(who) == 1 else ''} the red line{'s' if len(cs) > 1 else ''} on "
        f"{join([crit[c] for c in cs])}"
        for cs, who in by_lines.items()
    ]
    if len(crossers) == len(ranking.order()):
        return f"{'; '.join(parts)}: every option crosses one, so the ranking is the method's own."
    them = "it ranks" if len(crossers) == 1 else "they rank"
    return f"{'; '.join(parts)}, so {them} below every option that crosses none."


def choices_sentence(fut: Any, labels: Mapping[str, str], given: Mapping[str, str] | None = None) -> str:
    """Which option each decision rule picks across the futures, with the number it picks it on."""
    opts = fut.options
    rules = {
        "expected_score": ("the best expected score", opts["expected_score"]),
        "minimax_regret": ("the least worst-case regret", opts["max_regret"]),
        "maximin": ("the best worst case", opts["worst_score"]),
    }
    n = len(fut.futures)
    where = f"Across the {n:,} future{'s' * (n != 1)}" + (f" where {outcomes_text(given)}" if given else "")
    by_option: dict[str, list[str]] = {}
    for rule, (what, col) in rules.items():
        o = fut.choices[rule]
        by_option.setdefault(o, []).append(f"{what} ({col[o]:.3f})")
    parts = [f"{labels[o]} has {join(found)}" for o, found in by_option.items()]
    text = f"{where}, {'; '.join(parts)}"
    if len(by_option) == 1:
        text += ": the expected-value and the robust (minimax-regret) choice are the same"
    return text + "."


def evpi_sentence(fut: Any, uncertainty_labels: Mapping[str, str] | None = None) -> str:
    """What knowing the uncertainties before choosing is worth (EVPI, EVPPI), in score points."""
    names = dict(uncertainty_labels or {})
    if fut.evpi <= 0:
        return (
            "The same option is best in every future, so no single uncertainty changes the choice: knowing "
            "how any of them turns out before choosing is worth nothing (EVPI 0)."
        )
    evppi = fut.evppi.sort_values(ascending=False, kind="stable")
    total = f"knowing every uncertainty is worth {fut.evpi:.3f} points (EVPI, on the 0–1 score scale)"
    if evppi.empty or evppi.iloc[0] <= 0:
        return f"No single uncertainty changes the choice on its own (every EVPPI is 0), but {total}."
    top = evppi.iloc[0]
    tied = [u for u, x in evppi.items() if x >= top - 1e-12]
    who = join([names.get(u, u) for u in tied])
    each = " each" if len(tied) > 1 else ""
    text = f"Knowing the outcome of {who} before choosing is worth {top:.3f} points{each}"
    rest = evppi.drop(tied)
    if not rest.empty and rest.iloc[0] > 0:
        text += f"; nothing else is worth more than {rest.iloc[0]:.3f} on its own"
    elif not rest.empty:
        text += "; no other single uncertainty changes the choice"
    return f"{text}, and {total}."


def summarize(
    ranking: Any,
    smaa: Any,
    stability: Any = None,
    tornado: Any = None,
    sobol: Any = None,
    profiles: Any = None,
    profile_labels: Mapping[str, str] | None = None,
    weights_name: str = "the analyst's weights",
    futures: Any = None,
    methods: Any = None,
    uncertainty_labels: Mapping[str, str] | None = None,
) -> list[str]:
    """The summary in reading order; analyses that were not run (None) are skipped."""

    def name(key: str) -> str:
        kind, _, rest = key.partition(":")
        if kind == "weight":
            return f"the weight of {ranking.criterion_labels[rest]}"
        oid, _, cid = rest.partition("/")
        return f"{ranking.option_labels[oid]}'s score on {ranking.criterion_labels[cid]}"

    out = [
        leader_sentence(ranking, smaa, weights_name),
        red_lines_sentence(ranking),
        rival_sentence(ranking, smaa),
        confidence_sentence(ranking, smaa),
    ]
    if futures is not None:
        out.append(choices_sentence(futures, dict(ranking.option_labels), ranking.future))
        out.append(evpi_sentence(futures, uncertainty_labels))
    if methods is not None:
        out.append(methods_sentence(methods))
    if stability is not None and len(ranking.scores) > 1:
        out.append(stability_sentence(stability, ranking))
    if tornado is not None:
        out.append(tornado_sentence(tornado, ranking, name))
    if sobol is not None:
        out.append(sobol_sentence(sobol, ranking, name))
    if profiles is not None:
        out.append(profiles_sentence(profiles, profile_labels))
    return [s for s in out if s]
