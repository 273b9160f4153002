"""The report's content, format-neutral: titled sections of paragraphs, tables and charts.

Numbers are formatted here, once, so the HTML and the Markdown say the same thing; text stays
plain (the renderers escape it). Table cells that show a number carry its unrounded value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
from matplotlib.figure import Figure

from . import figures
from .summary import pct

TOP_INPUTS = 12  # tornado and Sobol' rows shown


class Num(NamedTuple):
    """A table cell showing a number: its text, and the value behind it."""

    text: str
    value: float


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str | Num]]
    caption: str = ""
    total: bool = False  # the last row sums the others


@dataclass(frozen=True)
class Chart:
    name: str  # file stem in the Markdown folder
    alt: str
    draw: Callable[[], Figure]


@dataclass(frozen=True)
class Bullets:
    items: list[str]


@dataclass(frozen=True)
class Explore:
    """The interactive panel: the HTML report renders it (`explore.py`), Markdown says where it is."""

    model: object  # the Model the panel re-ranks
    note: str = (
        "Open the HTML report (`scenarios report --format html`) to explore: it re-ranks the options "
        "as you move the weights, pick a profile, choose futures and set red lines."
    )


@dataclass(frozen=True)
class Section:
    key: str  # anchor id
    title: str
    blocks: list[str | Table | Chart | Bullets | Explore] = field(default_factory=list)


def num(v: float, fmt: str = ".3f") -> Num:
    """A number formatted with `fmt`, a typographic minus for negatives, "–" for missing."""
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return Num("–", float("nan"))
    return Num(format(v, fmt).replace("-", "−"), float(v))


def share(p: float, se: float | None = None) -> Num:
    """A share as "76.83% ± 0.13%" (value: the share)."""
    if p is None or np.isnan(p):
        return Num("–", float("nan"))
    text = pct(p, 2) + ("" if se is None or np.isnan(se) else f" ± {pct(se, 2)}")
    return Num(text, float(p))


def sections(report) -> list[Section]:
    """Every section in reading order."""
    return [
        summary(report),
        ranking(report),
        explore(report),
        acceptability(report),
        central_weights(report),
        pairwise(report),
        score_distributions(report),
        weight_stability(report),
        tornado(report),
        sobol(report),
        profiles(report),
        audit(report),
        settings(report),
    ]


def charts(secs: list[Section]) -> list[Chart]:
    return [b for s in secs for b in s.blocks if isinstance(b, Chart)]


def summary(report) -> Section:
    return Section("summary", "Summary", [Bullets(list(report.summary))])


def ranking(report) -> Section:
    r = report.ranking
    order = r.order()
    lab, crit = r.option_labels, r.criterion_labels
    head = Table(
        ["Rank", "Option", "Score"],
        [[Num(str(int(r.ranks[o])), float(r.ranks[o])), lab[o], num(r.scores[o])] for o in order],
    )
    rows = [
        [crit[c], num(r.weights[c]), *(num(r.contributions.at[o, c]) for o in order)] for c in r.weights.index
    ]
    rows.append(["Score (sum)", num(r.weights.sum()), *(num(r.scores[o]) for o in order)])
    contrib = Table(
        ["Criterion", "Weight", *(lab[o] for o in order)],
        rows,
        "Contribution of each criterion: weight × value (0–1); each option's column sums to its score.",
        total=True,
    )
    text = (
        f"Point scores and the point weights, combined by the {r.method} method. Scores are on the 0–1 "
        "value scale: each criterion's raw score goes through its value function (0 = worst, 1 = best)."
    )
    chart = Chart(
        "01-contributions",
        "Stacked bars: each option's score split by criterion",
        lambda: figures.contributions(report),
    )
    return Section("ranking", f"Ranking under {report.weights_name}", [text, head, contrib, chart])


def explore(report) -> Section:
    return Section("explore", "Explore: weights, futures and red lines", [Explore(report.model)])


def acceptability(report) -> Section:
    s = report.smaa
    order = s.order()
    ranks = list(s.acceptability.columns)
    rows = [
        [
            s.option_labels[o],
            *(share(s.acceptability.at[o, k], s.acceptability_se.at[o, k]) for k in ranks),
            share(s.confidence[o], s.confidence_se[o]),
        ]
        for o in order
    ]
    what = "weights" if s.fixed_scores else "weights and scores"
    text = (
        f"Share of {s.samples:,} Monte Carlo draws of {what} (seed {s.seed}, {s.weight_model} weight "
        "model) in which each option holds each rank, ± its Monte Carlo standard error √(p(1−p)/N). "
        "The confidence factor is the share of fresh score draws in which the option ranks first when "
        "judged with its central weights (SMAA-2; Lahdelma & Salminen 2001)."
    )
    table = Table(["Option", *(f"Rank {k}" for k in ranks), "Confidence"], rows)
    chart = Chart(
        "02-acceptability",
        "Stacked bars: share of draws in which each option holds each rank",
        lambda: figures.acceptability(report),
    )
    return Section("acceptability", "Rank acceptability", [text, chart, table])


def central_weights(report) -> Section:
    s = report.smaa
    order = s.order()
    rows = [
        [s.criterion_labels[c], num(s.weights[c]), *(num(s.central_weights.at[o, c]) for o in order)]
        for c in s.weights.index
    ]
    table = Table(["Criterion", "Point weight", *(s.option_labels[o] for o in order)], rows)
    text = (
        "The central weight vector of an option is the average of the weights in the draws where it "
        "ranks first: the typical preferences that make it the best choice. An option that never ranks "
        "first has none."
    )
    chart = Chart(
        "03-central-weights",
        "Heat map of the central weights of each option",
        lambda: figures.central_weights(report),
    )
    return Section("central-weights", "Central weights", [text, chart, table])


def pairwise(report) -> Section:
    s = report.smaa
    order = s.order()
    rows = [
        [s.option_labels[i], *(share(s.pairwise.at[i, k], s.pairwise_se.at[i, k]) for k in order)]
        for i in order
    ]
    table = Table(["P(row beats column)", *(s.option_labels[k] for k in order)], rows)
    text = "Share of draws in which the row option scores above the column option."
    chart = Chart("04-pairwise", "Heat map of pairwise winning odds", lambda: figures.pairwise(report))
    return Section("pairwise", "Pairwise winning odds", [text, chart, table])


def score_distributions(report) -> Section:
    s = report.smaa
    order = s.order()
    cols = ["mean", "q05", "q25", "q50", "q75", "q95"]
    rows = [
        [s.option_labels[o], num(report.ranking.scores[o]), *(num(s.scores.at[o, c]) for c in cols)]
        for o in order
    ]
    table = Table(["Option", "Point estimate", "Mean", "5%", "25%", "Median", "75%", "95%"], rows)
    text = (
        "Each option's overall score (0–1 value scale) across the draws: the whiskers span 5–95 % of "
        "draws, the box 25–75 %, with the median as a line, the mean as a diamond and the deterministic "
        "score as a cross. Quantiles are estimated while streaming, without keeping the draws."
    )
    chart = Chart(
        "05-scores", "Box-like summaries of each option's score distribution", lambda: figures.scores(report)
    )
    return Section("scores", "Score distributions", [text, chart, table])


def weight_stability(report) -> Section:
    st = report.stability
    title = "Weight stability"
    if st is None:
        return Section("stability", title, [f"Not run: {report.skipped.get('stability', 'unavailable')}."])
    lab = report.option_labels

    def who(x):
        return lab.get(x, x) if x is not None else "–"

    rows = [
        [
            r["label"],
            num(r["weight"]),
            Num(f"{r['top_lower']:.3f}–{r['top_upper']:.3f}", float(r["top_upper"] - r["top_lower"])),
            who(r["top_takeover_low"]),
            who(r["top_takeover_high"]),
            Num(f"{r['rank_lower']:.3f}–{r['rank_upper']:.3f}", float(r["rank_upper"] - r["rank_lower"])),
        ]
        for _, r in st.intervals.iterrows()
    ]
    table = Table(
        [
            "Criterion",
            "Weight now",
            f"{lab[st.leader]} stays first for weights in",
            "Overtaken below by",
            "Overtaken above by",
            "Whole ranking unchanged in",
        ],
        rows,
    )
    text = (
        "One criterion's weight runs from 0 to 1 while the others keep their proportions; the lines are each "
        "option's score at point scores. The dashed line marks the current weight; the shaded band is the "
        f"range of that weight over which {lab[st.leader]} stays first ({st.computed} intervals; ties "
        "count as no change)."
    )
    chart = Chart(
        "06-weight-stability",
        "Small multiples: each option's score as one criterion's weight varies",
        lambda: figures.stability(report),
    )
    return Section("stability", title, [text, chart, table])


def _input_name(report, key: str) -> str:
    from ..plots import input_label

    return input_label(key, report.option_labels, report.criterion_labels)


def tornado(report) -> Section:
    t = report.tornado
    title = "Tornado: one input at a time"
    if t is None:
        return Section("tornado", title, [f"Not run: {report.skipped.get('tornado', 'unavailable')}."])
    lab = report.option_labels
    shown = t.inputs.head(TOP_INPUTS)
    fmt = ".3f"
    rows = [
        [
            _input_name(report, k),
            num(r["point"], ".4g"),
            Num(f"{r['low']:.4g}–{r['high']:.4g}", float(r["high"] - r["low"])),
            num(r["margin_low"], fmt),
            num(r["margin_high"], fmt),
            num(r["swing"], fmt),
        ]
        for k, r in shown.iterrows()
    ]
    table = Table(
        ["Input", "Point value", "Range", "Margin at low end", "Margin at high end", "Swing"],
        rows,
        f"The {len(shown)} inputs with the largest swing, of {len(t.inputs)} uncertain inputs.",
    )
    text = (
        "Each uncertain weight (across its weight range, the others rescaled in proportion) and each "
        "uncertain score (across its range) moves alone to each end while everything else stays at its "
        f"point value. Bars show the margin of {lab[t.leader]} over the best other option (0–1 value "
        f"scale; {t.base_margin:.3f} at the point estimate, runner-up {lab[t.runner_up]}); below zero it "
        "is overtaken."
    )
    chart = Chart("07-tornado", "Tornado chart of the leader's margin", lambda: figures.tornado(report))
    return Section("tornado", title, [text, chart, table])


def sobol(report) -> Section:
    s = report.sobol
    title = "Sobol' indices: what drives the uncertainty"
    if s is None:
        return Section("sobol", title, [f"Not run: {report.skipped.get('sobol', 'unavailable')}."])
    lab = report.option_labels
    blocks: list = ["Not shown: with a single option there is no margin to explain."]
    if "margin" in s.outputs:
        idx = s.for_output("margin").head(TOP_INPUTS)
        rows = [
            [
                _input_name(report, k),
                Num(f"{r['S1']:.3f} ± {r['S1_conf']:.3f}", float(r["S1"])),
                Num(f"{r['ST']:.3f} ± {r['ST_conf']:.3f}", float(r["ST"])),
            ]
            for k, r in idx.iterrows()
        ]
        blocks = [
            (
                f"Share of the variance of the margin of {lab[s.leader]} over the best other option due "
                f"to each uncertain input when all vary together (N = {s.samples}, {s.evaluations:,} "
                f"model evaluations, seed {s.seed}). S1 is the input's effect alone, ST includes its "
                "interactions; ± is the half-width of SALib's 95 % bootstrap interval. Weights: "
                f"{s.weights_treatment}."
            ),
            Chart(
                "08-sobol", "Bar chart of first-order and total Sobol' indices", lambda: figures.sobol(report)
            ),
            Table(
                ["Input", "S1 (first order)", "ST (total)"],
                rows,
                f"The {len(idx)} inputs with the largest ST, of {len(s.inputs)} uncertain inputs.",
            ),
        ]
    return Section("sobol", title, blocks)


def profiles(report) -> Section:
    pc = report.profiles
    if not report.model.profiles:
        return Section(
            "profiles", "Rankings under the stakeholder profiles", ["The model defines no profiles."]
        )
    names = {"model": report.weights_name[:1].upper() + report.weights_name[1:]} | report.profile_labels
    first = pc.rankings["model"]
    order = first.order()
    sets = list(pc.rankings)
    rows = [
        [
            first.option_labels[o],
            *(
                Num(f"{int(pc.ranks.at[o, k])} ({pc.scores.at[o, k]:.3f})", float(pc.scores.at[o, k]))
                for k in sets
            ),
        ]
        for o in order
    ]
    ranks = Table(["Option", *(names.get(k, k) for k in sets)], rows, "Rank (score) under each weight set.")
    wrows = [
        [first.criterion_labels[c], *(num(pc.rankings[k].weights[c]) for k in sets)]
        for c in first.weights.index
    ]
    weights = Table(["Criterion", *(names.get(k, k) for k in sets)], wrows, "Normalized weights of each set.")
    blocks: list = [
        f"Rankings at point scores under {report.weights_name} and under every stakeholder profile "
        "in the model."
    ]
    described = [f"{p.label}: {p.description}" for p in report.model.profiles.values() if p.description]
    if described:
        blocks.append(Bullets(described))
    blocks += [
        Chart(
            "09-profiles",
            "Grouped bars of each option's score under each weight set",
            lambda: figures.profiles(report),
        ),
        ranks,
        weights,
    ]
    return Section("profiles", "Rankings under the stakeholder profiles", blocks)


def audit(report) -> Section:
    m = report.model
    crit_rows = [
        [
            c.label,
            c.id,
            f"{c.better} is better",
            f"{c.scale[0]:g}–{c.scale[1]:g}",
            num(c.weight),
            f"{c.weight_range[0]:g}–{c.weight_range[1]:g}" if c.weight_range else "–",
            ", ".join(f"{x:g}→{v:g}" for x, v in c.value_function) if c.value_function else "linear",
            c.description,
        ]
        for c in m.criteria
    ]
    crit = Table(
        ["Criterion", "Id", "Direction", "Scale", "Weight", "Weight range", "Value function", "Description"],
        crit_rows,
        "Value functions map a score to a value in [0, 1] (score→value breakpoints).",
    )
    rows = []
    for o in m.options:
        for c in m.criteria:
            s = o.scores[c.id]
            rows.append(
                [
                    o.label,
                    c.label,
                    num(s.value, "g"),
                    f"{s.low:g}–{s.high:g}" if s.uncertain else "–",
                    s.distribution,
                    s.rationale,
                ]
            )
    scores = Table(["Option", "Criterion", "Score", "Range", "Distribution", "Rationale"], rows)
    opts = [f"{o.label} ({o.id}): {o.summary}" for o in m.options if o.summary]
    blocks: list = ["Every input of the model as loaded: the criteria, then every score with its rationale."]
    blocks.append(crit)
    if opts:
        blocks.append(Bullets(opts))
    blocks.append(scores)
    return Section("audit", "Appendix: criteria, scores and rationales", blocks)


def settings(report) -> Section:
    rows = [[k, v] for k, v in report.settings.items()]
    text = "Everything needed to reproduce the numbers above."
    return Section("settings", "Appendix: run settings", [text, Table(["Setting", "Value"], rows)])
