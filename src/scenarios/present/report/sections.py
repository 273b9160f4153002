"""The report's content, format-neutral: titled sections of paragraphs, tables and charts.

Numbers are formatted here, once, so the HTML and the Markdown say the same thing; text stays
plain (the renderers escape it). Table cells that show a number carry its unrounded value.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
from matplotlib.figure import Figure

from ..tables import conditions_in_words
from . import figures

if TYPE_CHECKING:
    from ...model.decision import Model
from .summary import (
    choices_sentence,
    evpi_sentence,
    join,
    method_name,
    methods_sentence,
    outcomes_text,
    pct,
    red_lines_sentence,
)

TOP_INPUTS = 12  # tornado and Sobol' rows shown
RULES_SHOWN = 3  # break rules shown per option; `scenarios futures --format json` lists them all


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

    model: Model  # the Model the panel re-ranks
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


def heading_note(report: Any) -> str:
    """What the whole report is conditioned on, for under its title: method, weights, future."""
    text = f"{method_name(report.ranking.method)} method · {report.weights_name}"
    if report.future:
        text += f" · in the futures where {outcomes_text(report.future)}"
    return text[:1].upper() + text[1:]


def whole(p: float) -> Num:
    """A share in whole percent, "57%" (value: the share)."""
    return Num(pct(p, 0), float(p))


def sections(report: Any) -> list[Section]:
    """Every section in reading order (red lines only when one is in force)."""
    return [
        summary(report),
        ranking(report),
        *([red_lines(report)] if report.red_lines_in_force else []),
        futures(report),
        methods(report),
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


def summary(report: Any) -> Section:
    return Section("summary", "Summary", [Bullets(list(report.summary))])


def ranking(report: Any) -> Section:
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
    text = f"Point scores and the point weights, combined by the {method_name(r.method)} method. " + (
        "Scores are on the 0–1 value scale: each criterion's raw score goes through its value function "
        "(0 = worst, 1 = best)."
        if r.method == "additive"
        else f"Scores are the method's index as published; the table below shows each criterion's part: "
        f"{r.contributions_are}."
    )
    chart = Chart(
        "01-contributions",
        "Stacked bars: each option's score split by criterion",
        lambda: figures.contributions(report),
    )
    return Section("ranking", f"Ranking under {report.weights_name}", [text, head, contrib, chart])


def explore(report: Any) -> Section:
    return Section("explore", "Explore: weights, futures and red lines", [Explore(report.model)])


def acceptability(report: Any) -> Section:
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


def central_weights(report: Any) -> Section:
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


def pairwise(report: Any) -> Section:
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


def score_distributions(report: Any) -> Section:
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


def weight_stability(report: Any) -> Section:
    st = report.stability
    title = "Weight stability"
    if st is None:
        return Section("stability", title, [f"Not run: {report.skipped.get('stability', 'unavailable')}."])
    lab = report.option_labels

    def who(x: Any) -> Any:
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


def _input_name(report: Any, key: str) -> str:
    from ..plots import input_label

    return input_label(key, report.option_labels, report.criterion_labels)


def tornado(report: Any) -> Section:
    t = report.tornado
    title = "Tornado: one input at a time"
    if t is None:
        return Section("tornado", title, [f"Not run: {report.skipped.get('tornado', 'unavailable')}."])
    lab = report.option_labels
    shown = t.inputs.head(TOP_INPUTS)
    fmt = ".3f"
    rows: list[list[str | Num]] = [
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


def sobol(report: Any) -> Section:
    s = report.sobol
    title = "Sobol' indices: what drives the uncertainty"
    if s is None:
        return Section("sobol", title, [f"Not run: {report.skipped.get('sobol', 'unavailable')}."])
    lab = report.option_labels
    blocks: list[Any] = ["Not shown: with a single option there is no margin to explain."]
    if "margin" in s.outputs:
        idx = s.for_output("margin").head(TOP_INPUTS)
        rows: list[list[str | Num]] = [
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


def profiles(report: Any) -> Section:
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
    blocks: list[Any] = [
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


def audit(report: Any) -> Section:
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
                    BASIS.get(s.basis, s.basis),
                    s.rationale,
                ]
            )
    scores = Table(
        ["Option", "Criterion", "Score", "Range", "Distribution", "Basis", "Rationale"],
        rows,
        "Basis: whether the source states the score, implies it, or it is the modeller's own judgment "
        "(blank: the model does not say).",
    )
    opts = [f"{o.label} ({o.id}): {o.summary}" for o in m.options if o.summary]
    blocks: list[Any] = [
        "Every input of the model as loaded: the criteria, then every score with its rationale"
        + (", then the futures." if m.futures.uncertainties else ".")
    ]
    blocks.append(crit)
    if opts:
        blocks.append(Bullets(opts))
    blocks += [basis_count(m), scores, *futures_audit(m)]
    return Section("audit", "Appendix: criteria, scores and rationales", blocks)


BASIS = {"stated": "stated", "implied": "implied", "judgment": "judgment", "": ""}


def basis_count(model: Any) -> str:
    """ "7 scores stated by the source, 14 implied, 3 the modeller's judgment" (and how many say nothing)."""
    n = {k: 0 for k in ("stated", "implied", "judgment", "")}
    for o in model.options:
        for sc in o.scores.values():
            n[sc.basis if sc.basis in n else ""] += 1
    total = sum(n.values())
    if n[""] == total:
        return f"None of the {total} scores says whether the source states it (no basis given)."
    parts = [
        f"{n['stated']} score{'s' * (n['stated'] != 1)} stated by the source",
        f"{n['implied']} implied",
        f"{n['judgment']} the modeller's judgment",
    ]
    if n[""]:
        parts.append(f"{n['']} not said")
    return join(parts) + f" (of {total})."


def futures_audit(model: Any) -> list[Any]:
    """The futures as loaded: each uncertainty with its outcomes' probabilities and its rationale,
    then every effect with its rationale."""
    fut = model.futures
    if not fut.uncertainties:
        return []
    rows = [
        [
            u.label,
            u.id,
            "; ".join(f"{o.id} ({pct(o.probability, 0)}): {o.label}" for o in u.outcomes),
            u.rationale,
        ]
        for u in fut.uncertainties
    ]
    opts = {o.id: o.label for o in model.options}
    crit = {c.id: c.label for c in model.criteria}
    effects = [
        [
            " and ".join(f"{u} = {o}" for u, o in e.when),
            opts.get(e.option, e.option) if e.option else "every option",
            crit.get(e.criterion, e.criterion),
            f"{e.shift:+g}".replace("-", "−") if e.shift is not None else f"set to {e.value:g}",
            e.rationale,
        ]
        for e in fut.effects
    ]
    return [
        "The futures: each uncertainty with its outcomes' probabilities (independent of one another), and "
        "why.",
        Table(["Uncertainty", "Id", "Outcomes (probability)", "Rationale"], rows),
        "The futures' effects on the scores, applied in file order where their condition holds; shifts are "
        "in score points on the criterion's scale, clipped to it.",
        Table(["When", "Option", "Criterion", "Change", "Rationale"], effects),
    ]


def settings(report: Any) -> Section:
    rows = [[k, v] for k, v in report.settings.items()]
    text = "Everything needed to reproduce the numbers above."
    return Section("settings", "Appendix: run settings", [text, Table(["Setting", "Value"], rows)])


# ---- futures, methods and red lines ----------------------------------------------------------
def futures(report: Any) -> Section:
    title = "Futures: the options across states of the world"
    f = report.futures
    if f is None:
        why = report.skipped.get("futures")
        text = (
            f"Not run: {why}."
            if why
            else (
                "The model has no futures (no futures.toml): every number here is for the one state of the "
                "world its scores describe."
            )
        )
        return Section("futures", title, [text])
    lab = report.option_labels
    n, k = len(f.futures), len(f.uncertainties)
    shown = min(n, figures.FUTURES_SHOWN)
    given = report.future
    intro = (
        f"{n:,} future{'s' * (n != 1)}: every combination of the outcomes of {k} independent uncertaint"
        f"{'ies' if k != 1 else 'y'}"
        + (f" consistent with {outcomes_text(given)}" if given else "")
        + ", with the product of their probabilities. In each, every option gets its "
        f"{method_name(f.method)} score at the point estimate (0–1, higher is better). "
        "Regret is how far an option falls short of the best option of the same future."
    )
    if report.red_lines_in_force:
        intro += (
            " Red lines are not applied here: these are the method's scores before an option crossing a red "
            "line is ranked last."
        )
    key = Bullets(
        [
            f"{u.id}: {u.label} — "
            + ", ".join(f"{o.id} {pct(f.uncertainties[u.id].get(o.id, 0.0), 0)}" for o in u.outcomes)
            for u in report.model.futures.uncertainties
        ]
    )
    left = f" ({n - shown:,} less probable futures left out; scenarios futures lists them all)"
    heat = Chart(
        "10-futures",
        f"Heat map of each option's score in the {shown} most probable futures"
        + (left if n > shown else "")
        + "; the best option of each future in bold",
        lambda: figures.futures(report),
    )
    order = list(f.options.sort_values("expected_score", ascending=False, kind="stable").index)
    o = f.options
    table = Table(
        ["Option", "Expected score", "Expected regret", "Max regret", "Worst score", "P(best)"],
        [
            [
                lab[a],
                num(o.at[a, "expected_score"]),
                num(o.at[a, "expected_regret"]),
                num(o.at[a, "max_regret"]),
                num(o.at[a, "worst_score"]),
                share(o.at[a, "p_best"]),
            ]
            for a in order
        ],
        "Expectations weigh futures by probability; max regret and worst score look at every future "
        "whatever its probability. P(best): the probability that the option is best (ties share).",
    )
    rules = {
        "expected_score": ("Expected value (best expected score)", "expected_score"),
        "minimax_regret": ("Robust: minimax regret (least worst-case regret)", "max_regret"),
        "maximin": ("Maximin (best worst score)", "worst_score"),
    }
    choices = Table(
        ["Rule", "Choice", "On"],
        [[name, lab[f.choices[r]], num(o.at[f.choices[r], col])] for r, (name, col) in rules.items()],
    )
    lines = []
    for a in order:
        found = f.breaks.get(a, [])
        for rule in found[:RULES_SHOWN]:
            when = conditions_in_words(rule["when"]) if rule["when"] else "in every future"
            lines.append([lab[a], when, whole(rule["coverage"]), whole(rule["density"])])
        if len(found) > RULES_SHOWN:
            rest = sum(rule["coverage"] for rule in found[RULES_SHOWN:])
            lines.append([lab[a], f"{len(found) - RULES_SHOWN} narrower rules", whole(rest), Num("–", rest)])
    breaks: list[Any] = [
        "Where each option is not the best, as the fewest conditions on the outcomes (scenario discovery). "
        "Catches: the share, by probability, of the futures where the option is not best that the rule "
        "describes; right: the share of the futures the rule picks where it is indeed not best."
    ]
    if lines:
        breaks.append(Table(["Option", "Not best when", "Catches", "Right"], lines))
    else:
        breaks.append("Every option is best in every future.")
    names = {u.id: u.label for u in report.model.futures.uncertainties}
    evppi = f.evppi.sort_values(ascending=False, kind="stable")
    info = Table(
        ["Uncertainty", "Worth knowing before choosing"],
        [["All of them (EVPI)", num(f.evpi)], *([names.get(u, u), num(x)] for u, x in evppi.items())],
        "EVPI = Σ_f p_f max_a s(a, f) − max_a Σ_f p_f s(a, f); EVPPI does the same for one uncertainty "
        "(Raiffa & Schlaifer 1961). In score points on the 0–1 scale.",
    )
    voi = Chart(
        "11-value-of-information",
        "Bar chart of what knowing each uncertainty before choosing is worth (EVPPI) and all of them (EVPI)",
        lambda: figures.value_of_information(report),
    )
    return Section(
        "futures",
        title,
        [
            intro,
            key,
            heat,
            table,
            choices_sentence(f, lab, given),
            choices,
            evpi_sentence(f, names),
            voi,
            info,
            *breaks,
        ],
    )


SET_DEPENDENT = ("topsis", "vikor", "promethee_ii")


def methods(report: Any) -> Section:
    title = "Does the method matter?"
    mc = report.methods
    if mc is None:
        return Section("methods", title, ["Not run."])
    lab = mc.option_labels
    first = mc.rankings[report.ranking.method] if report.ranking.method in mc.rankings else None
    order = (first or next(iter(mc.rankings.values()))).order()
    cols = mc.methods
    rows = [
        [
            lab[o],
            *(
                Num(
                    f"{int(mc.ranks.at[o, k])} ({mc.scores.at[o, k]:.3f})".replace("-", "−"),
                    float(mc.ranks.at[o, k]),
                )
                for k in cols
            ),
        ]
        for o in order
    ]
    heads = [method_name(k) + ("" if k != "vikor" else " (Q, lower is better)") for k in cols]
    blocks: list[Any] = [
        f"Rank (score) of every option under each aggregation method, with the same weights, point scores "
        f"and red lines; the report's other sections use the {method_name(report.ranking.method)} method. "
        "Scores are each method's index as published, so they compare within a column, not across.",
        Table(["Option", *heads], rows),
    ]
    sentence = methods_sentence(mc)
    if sentence:
        blocks.append(sentence)
    dependent = [method_name(k) for k in cols if k in SET_DEPENDENT]
    if dependent:
        blocks.append(
            f"A caveat on rank reversal: {join(dependent)} judge each option against the others in the set "
            "(the ideal and anti-ideal, the best and worst scores, pairwise comparisons), so adding or "
            "removing an option, even one that ranks last, can reverse the order of the others. "
            "The additive and weighted-product scores of an option do not depend on which other "
            "options are present."
        )
    if mc.skipped:
        blocks.append(
            "Not ranked: " + "; ".join(f"{method_name(k)} ({why})" for k, why in mc.skipped.items()) + "."
        )
    acc = report.method_acceptability
    if acc is not None:  # the Monte Carlo engine's per-method first-rank acceptabilities, when given
        blocks += [
            "Share of Monte Carlo draws in which each method ranks each option first.",
            Table(
                ["Option", *(method_name(k) for k in acc.columns)],
                [[lab.get(o, o), *(share(acc.at[o, k]) for k in acc.columns)] for o in acc.index],
            ),
        ]
    return Section("methods", title, blocks)


def red_lines(report: Any) -> Section:
    r = report.ranking
    lab, crit = r.option_labels, r.criterion_labels
    lines = [c for c, v in r.red_lines.items() if np.isfinite(v)]
    order = r.order()
    better = {c.id: c.better for c in report.model.criteria}
    rows = [
        [
            crit[c],
            f"{'above' if better[c] == 'lower' else 'below'} {r.red_lines[c]:g}",
            *(
                Num(f"{r.raw.at[o, c]:g}" + (" crosses" if r.crossed.at[o, c] else ""), float(r.raw.at[o, c]))
                for o in order
            ),
        ]
        for c in lines
    ]
    blocks: list[Any] = [
        "A red line is a score no option may be worse than. An option crossing any red line ranks below "
        "every option that crosses none, whatever its score; among themselves such options keep their order.",
        Table(
            ["Criterion", "Crossed by a score", *(lab[o] for o in order)],
            rows,
            "Point scores; options in rank order.",
        ),
        red_lines_sentence(r),
    ]
    freq = report.red_line_frequency
    if freq is not None:  # the Monte Carlo engine's crossing frequencies, when given
        cols = [c for c in freq.columns if c in lines] or list(freq.columns)
        blocks += [
            "How often each option crosses each red line in the Monte Carlo draws.",
            Table(
                ["Option", *(crit.get(c, c) for c in cols)],
                [[lab.get(o, o), *(share(freq.at[o, c]) for c in cols)] for o in freq.index],
            ),
        ]
    return Section("red-lines", "Red lines", blocks)
