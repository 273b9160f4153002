"""The report's plain-language summary: sentences generated from the result objects' numbers.

Pure functions, no I/O: each takes results and returns a sentence (or None when it has nothing
to say); `summarize` strings them together in reading order.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

# A weight this close (normalized units) to a threshold at which the leader changes is called
# out in the summary; farther thresholds are only in the stability table.
NEAR_THRESHOLD = 0.15
MAX_LISTED = 3


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


def leaders(ranking) -> list[str]:
    """Option ids holding rank 1 at point weights and scores (several when tied)."""
    return [o for o in ranking.order() if ranking.ranks[o] == 1]


def leader_sentence(ranking, smaa, weights_name: str = "the analyst's weights") -> str:
    """Who ranks first under the analyst's weights, and how often in the Monte Carlo draws."""
    lab = ranking.option_labels
    top = leaders(ranking)
    order = ranking.order()
    weights = weights_name
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


def rival_sentence(ranking, smaa) -> str | None:
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


def confidence_sentence(ranking, smaa) -> str | None:
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


def stability_sentence(stability, ranking) -> str:
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


def tornado_sentence(tornado, ranking, input_name) -> str:
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


def sobol_sentence(sobol, ranking, input_name) -> str | None:
    """The inputs that explain most of the variance of the leader's margin (total-order index)."""
    if "margin" not in sobol.outputs:
        return None
    idx = sobol.for_output("margin").sort_values("ST", ascending=False, kind="stable")
    idx = idx[idx["ST"] > 0].head(MAX_LISTED)
    if idx.empty:
        return None
    top = [f"{input_name(k)} ({r['ST']:.2f})" for k, r in idx.iterrows()]
    top[0] = top[0].replace(" (", " (total Sobol' index ", 1)
    return (
        f"Varying all uncertain inputs together, most of the variance of the margin of "
        f"{ranking.option_labels[sobol.leader]} comes from {join(top)}."
    )


def profiles_sentence(comparison, profile_labels: Mapping[str, str] | None = None) -> str | None:
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


def summarize(
    ranking,
    smaa,
    stability=None,
    tornado=None,
    sobol=None,
    profiles=None,
    profile_labels: Mapping[str, str] | None = None,
    weights_name: str = "the analyst's weights",
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
        rival_sentence(ranking, smaa),
        confidence_sentence(ranking, smaa),
    ]
    if stability is not None and len(ranking.scores) > 1:
        out.append(stability_sentence(stability, ranking))
    if tornado is not None:
        out.append(tornado_sentence(tornado, ranking, name))
    if sobol is not None:
        out.append(sobol_sentence(sobol, ranking, name))
    if profiles is not None:
        out.append(profiles_sentence(profiles, profile_labels))
    return [s for s in out if s]
