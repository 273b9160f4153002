"""Write the notebooks in this folder from the cell sources below, without outputs.

    python notebooks/build_notebooks.py           # (re)write every .ipynb
    python notebooks/build_notebooks.py --check   # exit 1 if a committed .ipynb is out of date

The notebooks are reviewed here, as Python; the .ipynb files are generated and carry no outputs.
Each notebook reads its Monte Carlo sample count from SCENARIOS_NB_SAMPLES (the test suite sets
a small one) and fixes its seeds.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent

SETUP = """\
import os

import matplotlib.pyplot as plt
import pandas as pd

import scenarios{imports}

SAMPLES = int(os.environ.get("SCENARIOS_NB_SAMPLES", "100000"))  # Monte Carlo draws
SEED = 2025{settings}
pd.set_option("display.float_format", "{:.4g}".format)  # 0.768, 0.0013
model = scenarios.load_model()  # the model shipped with the package"""


def setup(imports: str = "", settings: str = "") -> tuple[str, str]:
    """The first code cell of the notebooks on the default model, with extra lines spliced in."""
    return code(SETUP.replace("{imports}", imports).replace("{settings}", settings))


BRIEF = (
    'J. Jeffrey, "After Operation Inherent Resolve: The Future of U.S.-Iraq Security Relations", '
    "Washington Institute for Near East Policy, September 2025"
)


def md(text: str) -> tuple[str, str]:
    return "markdown", textwrap.dedent(text).strip()


def code(text: str) -> tuple[str, str]:
    return "code", textwrap.dedent(text).strip()


# ---- 01 · the decision ----------------------------------------------------------------------
DECISION = [
    md(
        f"""
        # 1 · The decision: U.S.-Iraq security relations after Operation Inherent Resolve

        The model shipped with `scenarios` encodes a real policy choice, laid out in {BRIEF}
        (below, "the brief"). The anti-ISIS coalition mission that began in 2014 is being wound
        down, and the working assumption is that the remaining U.S. forces leave Iraq by the end
        of 2026. The brief asks how Washington should arrange its security relationship with
        Iraq after that, and holds every path to one test: does it serve the wider strategic
        interests of the United States in Iraq?

        This notebook sets out the decision as the model sees it — the options, the criteria,
        the scores — then ranks the options, shows what drives the ranking, and asks how the
        answer changes with whose priorities you adopt.
        """
    ),
    setup(),
    md(
        """
        ## Three options

        The brief names three paths. The summaries below are the model's paraphrase of it:

        1. **Full withdrawal** of U.S. forces under Defense Department command;
        2. a **reduced presence centred on the Kurdistan Region** — advisory and
           counter-terrorism roles based mostly around Erbil, which the brief judges the most
           likely outcome;
        3. an **economic development pivot**: a much smaller military footprint, with the
           relationship rebuilt around investment and energy, and residual security work run by
           the embassy's security cooperation offices and, if it continues, the NATO mission.
        """
    ),
    code(
        """
        pd.set_option("display.max_colwidth", None)
        pd.DataFrame(
            {"option": [o.label for o in model.options], "summary": [o.summary for o in model.options]},
            index=pd.Index(model.option_ids, name="id"),
        )
        """
    ),
    md(
        """
        ## Eight criteria

        Each option is judged on the eight things the brief weighs: the risk of an ISIS
        comeback, Iran's influence in Baghdad, relations with Baghdad and respect for Iraqi
        sovereignty, investment and economic ties, the militia threat to U.S. personnel, support
        to counter-ISIS operations in Syria, the cost to the United States, and the partnership
        with the Kurdistan Region.

        Every criterion is scored from 0 to 10. For some, lower is better (ISIS risk); for
        others, higher (investment). The *weight* is how much the criterion counts in the
        analyst's judgement; the *range* is how far that weight could plausibly go, used by the
        robustness analyses in notebook 3. Two criteria have thresholds rather than straight
        lines — more on that in notebook 2.
        """
    ),
    code(
        """
        pd.DataFrame(
            {
                "criterion": [c.label for c in model.criteria],
                "better": [c.better for c in model.criteria],
                "weight": [c.weight for c in model.criteria],
                "weight range": [f"{c.weight_range[0]:.2f}–{c.weight_range[1]:.2f}" for c in model.criteria],
                "value function": ["threshold" if c.value_function else "linear" for c in model.criteria],
            },
            index=pd.Index(model.criterion_ids, name="id"),
        )
        """
    ),
    md(
        """
        ## The scores

        Each cell is the option's best-estimate score with its plausible range in brackets.
        Every score in the model files carries a one-line rationale citing the brief; the ranges
        are wide where the brief is vague or events since September 2025 have moved the ground
        (see the model files for the reasoning).
        """
    ),
    code(
        """
        def cell(score):
            if not score.uncertain:
                return f"{score.value:g}"
            return f"{score.value:g} ({score.low:g}–{score.high:g})"  # best estimate (plausible range)


        scores = pd.DataFrame(
            {o.label: [cell(o.scores[c.id]) for c in model.criteria] for o in model.options},
            index=[f"{c.label} ({c.better} is better)" for c in model.criteria],
        )
        scores
        """
    ),
    md(
        """
        ## The ranking

        The model is a weighted sum (a standard multi-attribute value model). Each score is first
        turned into a *value* between 0 (worst) and 1 (best) on its criterion; values are then
        multiplied by the weights and added up. An option that was best on everything would
        score 1.
        """
    ),
    code(
        """
        ranking = scenarios.rank(model)
        ranking
        """
    ),
    md(
        """
        The reduced, Kurdistan-centred presence comes first, the economic pivot a close second,
        full withdrawal a distant third. The chart breaks each option's score into the
        contributions of the eight criteria (weight × value):
        """
    ),
    code(
        """
        ranking.plot_contributions()
        plt.show()
        """
    ),
    md(
        """
        ## What separates the top two?

        The gap between the leaders is small, so it is worth seeing where it comes from. Each bar
        is one criterion's contribution to the leader minus its contribution to the runner-up:
        to the right, criteria where the leader gains; to the left, where it loses ground.
        """
    ),
    code(
        """
        lead, second = ranking.order()[:2]
        gap = (ranking.contributions.loc[lead] - ranking.contributions.loc[second]).sort_values()
        fig, ax = plt.subplots(figsize=(8, 3.8), layout="constrained")
        ax.barh(
            [ranking.criterion_labels[c] for c in gap.index],
            gap,
            color=["#D55E00" if g < 0 else "#0072B2" for g in gap],
        )
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel("leader's contribution minus runner-up's (score units)")
        names = ranking.option_labels
        fig.suptitle(f"{names[lead]}\\nagainst {names[second]}: net gap {gap.sum():+.3f}", fontsize=10)
        plt.show()
        """
    ),
    md(
        """
        The Kurdistan presence earns its lead on Syria support, the ISIS risk and the Erbil
        partnership; the pivot claws most of it back on relations with Baghdad, investment and
        cost. The rationales behind the three largest differences, in the model's words:
        """
    ),
    code(
        """
        largest = gap.abs().nlargest(3).index
        why = ranking.explain()
        why = why[why["criterion"].isin(largest) & why["option"].isin([lead, second])]
        why[["option", "criterion_label", "score", "rationale"]]
        """
    ),
    md(
        """
        ## Whose priorities?

        The weights are one analyst's judgement. The model also records five stakeholder
        *profiles* — how other constituencies in the debate the brief describes would weigh the
        same criteria:
        """
    ),
    code(
        """
        profiles = pd.DataFrame(
            {p.label: [w / sum(p.weights) for w in p.weights] for p in model.profiles.values()},
            index=[c.label for c in model.criteria],
        )
        profiles.insert(0, "analyst", model.weights)
        profiles.round(2)
        """
    ),
    code(
        """
        comparison = scenarios.compare_profiles(model)
        labels = {pid: p.label for pid, p in model.profiles.items()}
        comparison.plot(profile_labels=labels)
        plt.show()
        comparison
        """
    ),
    md(
        """
        The answer depends on whose priorities you adopt:

        - **counter-terrorism first** and **Iran containment** agree with the analyst: the
          Kurdistan-centred presence (narrowly, for Iran containment);
        - **Iraqi sovereignty first**, **investment first** and **restraint and cost first** put the
          economic pivot on top;
        - **full withdrawal** is never first, but under the restraint view it is within a
          hair of the pivot.

        So the ranking is not a verdict; it is a statement about priorities. How robust is it
        when the weights and the scores are both uncertain? A first look — the share of
        Monte Carlo draws in which each option comes first (notebook 3 goes further):
        """
    ),
    code(
        """
        smaa = scenarios.sensitivity(model, samples=SAMPLES, seed=SEED)
        smaa.first.rename("P(first)").to_frame().join(smaa.acceptability_se[1].rename("± SE")).round(4)
        """
    ),
    md(
        """
        Notebook 2 maps the whole weight space — who wins where, and what you would have to
        believe for each option to win. Notebook 3 asks how far to trust the ranking given
        everything that is uncertain.
        """
    ),
]


# ---- 02 · tradeoffs -------------------------------------------------------------------------
TRADEOFFS = [
    md(
        f"""
        # 2 · Tradeoffs: who wins, for which priorities?

        Notebook 1 ranked the three options with one set of weights — the analyst's reading of
        what matters in {BRIEF}. But weights are judgements, and people in the same debate hold
        different ones: the brief itself sets sovereignty-minded voices in Baghdad against
        officials worried about an ISIS comeback and about Iran filling any vacuum.

        This notebook stops treating the weights as given and looks at the *weight space*:

        1. **Winner maps** — for three criteria at a time, which option wins for every possible
           split of their weight;
        2. **value curves** — how each criterion turns a score into a value between 0 and 1;
        3. **what you would have to believe** for each option to come out on top;
        4. an optional **slider panel** to re-rank live.
        """
    ),
    setup(),
    md(
        """
        ## Reading a winner map

        Pick three criteria. Under the analyst's weights they hold some share of the total
        weight — say 42 %. A winner map keeps that 42 % fixed and asks what happens when it is
        redistributed among the three in every possible way, while every *other* criterion
        keeps its weight. Each point of the triangle is one split:

        - a **corner** puts all of the three criteria's weight on that one criterion;
        - the **middle** splits it evenly;
        - the **star** is the analyst's own split;
        - the **colour** is the option with the highest score there (at the point scores).

        A star deep inside one colour means the leader is safe from any rebalancing among
        those three criteria; a star near a boundary means a modest shift of emphasis changes
        the answer.

        Start with the tension the brief puts at the centre of the decision: the risk of an ISIS
        resurgence, the promise of investment, and the cost to the United States.
        """
    ),
    code(
        """
        triple = ("isis_resurgence", "investment", "us_cost")
        wmap = scenarios.winner_map(model, triple, resolution=60)
        scenarios.plot_winner_map(wmap, model)
        plt.show()
        (100 * scenarios.win_shares(wmap, model)).round(1).rename("% of the triangle won").to_frame()
        """
    ),
    md(
        """
        The triangle splits roughly in half. The Kurdistan-centred presence wins wherever ISIS
        risk keeps a good part of the weight; the economic pivot wins once investment carries
        more of it than ISIS risk does. Full withdrawal wins only in a sliver at the cost
        corner — and even there only just.

        The analyst's star sits in the Kurdistan presence's region, but not far from the
        boundary. How far? `nearest_change` finds the point on the map closest to the star where
        another option wins outright, and how much weight has to move to get there:
        """
    ),
    code(
        """
        ranking = scenarios.rank(model)
        lead, second = ranking.scores.nlargest(2).index
        gap = ranking.scores[lead] - ranking.scores[second]
        print(f"at the analyst's weights {lead} leads {second} by {gap:.3f} (scores run from 0 to 1)")
        change = scenarios.nearest_change(wmap, model)
        print(f"moving {change['moved']:.2f} of weight among the three makes {change['winner']} win:")
        pd.DataFrame(
            {"analyst": [model.criterion(c).weight for c in triple], "nearest change": change[list(triple)]},
            index=list(triple),
        ).astype(float).round(3)
        """
    ),
    md(
        """
        The two leading options are close. Moving about six percentage points of weight, mostly
        from ISIS risk towards investment — and staying inside the ranges the model itself gives
        those weights — hands the lead to the economic pivot. Which of the two comes first
        depends on how much an ISIS comeback counts against the promise of investment.

        Other triples tell other parts of the story. Below, three side by side: the security
        threats, the relationships with Baghdad and Erbil, and the operational side (Syria
        support and cost against ISIS risk).
        """
    ),
    code(
        """
        triples = [
            ("isis_resurgence", "iran_influence", "militia_threat"),
            ("baghdad_relations", "investment", "kurdistan_partnership"),
            ("isis_resurgence", "syria_support", "us_cost"),
        ]
        fig, axes = plt.subplots(1, 3, figsize=(17, 6))
        for ax, t in zip(axes, triples, strict=True):
            scenarios.plot_winner_map(scenarios.winner_map(model, t, resolution=48), model, ax=ax)
        fig.tight_layout()
        plt.show()
        """
    ),
    md(
        """
        - **Security threats**: the Kurdistan presence wins unless ISIS risk gets very little of
          this weight. The two leading options score alike on Iranian influence and nearly
          alike on militia exposure, so once ISIS risk fades the remaining criteria tip the
          balance to the pivot.
        - **Relationships**: the economic pivot wins only when the partnership with Erbil gets
          almost none of this weight — the tension the brief flags when it warns that a shift
          north may strain relations with Baghdad.
        - **Operations**: the Kurdistan presence is favoured unless cost takes roughly half of
          this weight or more.

        ## Value curves: how scores become values

        A score of 7 on ISIS risk is not simply 30 % worse than 0. Two criteria carry
        thresholds (piecewise-linear value functions): past a moderate level of ISIS risk each
        extra point costs more, because a resurgence could force U.S. forces back in — the
        "deploy, withdraw, rush back" cycle the brief warns about; and sporadic militia
        harassment is absorbable while sustained campaigns like those of the Gaza crisis are
        not. The dots are each option's point score.
        """
    ),
    code(
        """
        curves = scenarios.value_curves(model)
        scenarios.plot_value_curves(curves, model)
        plt.show()
        """
    ),
    md(
        """
        ## What would you have to believe?

        Turn the question round: instead of fixing the weights and asking who wins, ask *which
        weights make each option win*. SMAA (Stochastic Multicriteria Acceptability Analysis,
        Lahdelma & Salminen 2001) answers it by drawing weight vectors uniformly from all
        possible ones — no preference information at all — and keeping, for each option, the
        draws in which it comes first:

        - **P(first)** is the share of all possible weightings under which the option wins;
        - its **central weights** are the average of those weightings: the priorities of a
          typical person who would choose it.

        Scores are held at their point values here, so this is purely about priorities
        (notebook 3 lets the scores vary too).
        """
    ),
    code(
        """
        believe = scenarios.sensitivity(
            model,
            samples=SAMPLES,
            seed=SEED,
            weight_model="uniform",  # every weight vector equally likely
            fixed_scores=True,  # priorities only: scores at their point values
        )
        central = believe.central_weights.T
        central.insert(0, "analyst", model.weights)
        central.index = [model.criterion(c).label for c in central.index]
        print("P(first) over all possible weights:", believe.first.round(3).to_dict())
        central.round(2)
        """
    ),
    md(
        """
        Read each column as a portrait of a constituency:

        - the **Kurdistan-centred presence** wins for priorities close to the analyst's own —
          ISIS risk, Syria support and the Erbil partnership weighted above average;
        - the **economic pivot** wins for people who put relations with Baghdad and investment
          first — close to the "Iraqi sovereignty first" and "investment first" profiles;
        - **full withdrawal** wins for only a small share of all weightings, and its central
          weights show why: cost to the United States has to carry well over a third of all the
          weight, with militia exposure and Baghdad's sovereignty next. That is the restraint
          argument at its purest — and the brief's warning is that it buys savings now at the
          risk of a costly return later.

        To see the region where each option wins, centre a winner map on that option's central
        weights and on its three heaviest criteria. The star is now the typical supporter, not
        the analyst.
        """
    ),
    code(
        """
        fig, axes = plt.subplots(1, 3, figsize=(17, 6))
        for ax, oid in zip(axes, believe.order(), strict=True):
            w = believe.central_weights.loc[oid]
            if w.isna().any():
                ax.set_title(f"{oid}: never first")
                ax.axis("off")
                continue
            supporter = model.with_weights(w.to_numpy())
            heaviest = tuple(w.nlargest(3).index)
            wm = scenarios.winner_map(supporter, heaviest, resolution=48)
            title = f"Typical supporter of: {model.options[model.option_index(oid)].label}"
            scenarios.plot_winner_map(wm, supporter, ax=ax, mark_label="typical supporter", title=title)
        fig.tight_layout()
        plt.show()
        """
    ),
    md(
        """
        The Kurdistan presence's supporter sits where nothing else wins; the economic pivot's
        supporter is safe too, with full withdrawal appearing only in the cost corner. Full
        withdrawal's own region is real, but it takes an unusual supporter to reach it: about
        three-quarters of all the weight on cost, Baghdad's sovereignty and militia exposure.

        ## How far can one weight move?

        A winner map moves three weights at once. The stability interval of a single criterion
        answers the simplest version of the question: how far can *its* weight go, up or down,
        with the others keeping their proportions, before the leader changes — and who takes
        over?
        """
    ),
    code(
        """
        stab = scenarios.stability(model)
        columns = ["weight", "top_lower", "top_upper", "top_takeover_low", "top_takeover_high"]
        table = stab.to_frame()[columns].copy()
        table["model's range"] = [f"{c.weight_range[0]:.2f}–{c.weight_range[1]:.2f}" for c in model.criteria]
        table.round(3)
        """
    ),
    md(
        """
        `top_lower`–`top_upper` is the stretch of each weight over which the leader stays first;
        `top_takeover_*` names who overtakes it just beyond each end ("None": nobody, the end is
        0 or 1). The leader tolerates large moves in the weights that favour it — ISIS risk can
        fall to about a third of its value, or rise all the way to 1. The tight limits are on the
        criteria where the pivot is stronger: relations with Baghdad, investment and cost. A
        weight of about 0.20 on Baghdad relations or on investment already flips the lead, and
        both lie inside (or at the edge of) the ranges the model itself considers plausible.
        The lead rests on a judgement about priorities that reasonable analysts could make
        differently; notebook 3 puts a probability on it.

        The same intervals, drawn: each panel sweeps one weight from 0 to 1 (the others keep
        their proportions) and shows every option's score; the shaded band is where the leader
        stays first, the dashed line the analyst's weight.
        """
    ),
    code(
        """
        stab.plot(model)
        plt.show()
        """
    ),
    md(
        """
        ## Try it yourself

        With [ipywidgets](https://ipywidgets.readthedocs.io) installed and the notebook open in
        Jupyter, the cell below gives one slider per criterion and re-ranks as you move them
        (weights are renormalized to sum to 1). Without ipywidgets it shows the same table once,
        at the analyst's weights, so the notebook still runs from top to bottom.
        """
    ),
    code(
        """
        from IPython.display import display

        try:
            import ipywidgets as widgets
        except ImportError:  # optional: not a dependency of scenarios
            widgets = None


        def rerank(**weights):
            ranked = scenarios.rank(model, weights=weights)
            table = ranked.to_frame()[["rank", "label", "score"]]
            display(table.round(3))


        if widgets is None:
            print("ipywidgets is not installed: showing the panel once, at the analyst's weights.")
            rerank(**{c.id: c.weight for c in model.criteria})
        else:
            sliders = {
                c.id: widgets.FloatSlider(
                    value=c.weight,
                    min=0.0,
                    max=0.6,
                    step=0.01,
                    description=c.label[:28],
                    style={"description_width": "16em"},
                    layout=widgets.Layout(width="36em"),
                )
                for c in model.criteria
            }
            widgets.interact(rerank, **sliders)
        """
    ),
]


# ---- 03 · robustness -------------------------------------------------------------------------
ROBUSTNESS = [
    md(
        f"""
        # 3 · Robustness: how far can the ranking be trusted?

        The ranking in notebook 1 uses one set of weights and one best-estimate score per cell.
        Neither is known precisely. The brief itself is frank about the uncertainty: ISIS
        threats "rarely vanish", the November 2025 election could bring a government closer to
        Tehran, the NATO mission may or may not continue, and U.S. funding for the mission is in
        doubt ({BRIEF}). The model records that uncertainty as a plausible range for every
        score and a distribution of weights around the analyst's.

        This notebook asks four questions:

        1. **How often does each option win** when weights and scores vary together (SMAA-2)?
        2. **Which single inputs matter most** (tornado)?
        3. **Which inputs drive the variance** of the leader's margin (Sobol indices)?
        4. **How many Monte Carlo draws are enough** to trust those numbers?
        """
    ),
    setup(
        settings="\nSOBOL_N = 1024 if SAMPLES >= 50_000 else 128  # Sobol base sample size (a power of 2)",
    ),
    md(
        """
        ## 1 · Stochastic multicriteria acceptability analysis (SMAA-2)

        Each Monte Carlo draw picks a weight vector from a Dirichlet distribution centred on
        the analyst's weights (concentration 40: most draws move each weight by a few
        percentage points) and a score for every cell from its range; it then ranks the
        options. Over many draws (Lahdelma & Salminen, *Operations Research* 49, 2001):

        - the **rank acceptability** b(i, r) is the share of draws in which option i holds rank r;
        - **P(first)** is the first column of that matrix;
        - every share carries its Monte Carlo **standard error**, √(p(1 − p)/N).
        """
    ),
    code(
        """
        smaa = scenarios.sensitivity(model, samples=SAMPLES, seed=SEED)
        smaa.plot_acceptability()
        plt.show()
        smaa
        """
    ),
    md(
        """
        The Kurdistan-centred presence is first in roughly three draws out of four, the economic
        pivot in most of the rest; full withdrawal is almost always last. The lead is real but
        not overwhelming — consistent with the small score gap in notebook 1.

        **Confidence factors** ask a sharper question: if you adopted the weights under which an
        option typically wins (its *central weights*), how often would it win given the score
        uncertainty alone? A low confidence factor means even the option's natural supporters
        cannot be sure of it.
        """
    ),
    code(
        """
        smaa.plot_central_weights()
        plt.show()
        confidence = {"P(first)": smaa.first, "confidence": smaa.confidence, "± SE": smaa.confidence_se}
        pd.DataFrame(confidence).round(3)
        """
    ),
    md(
        """
        Under the Dirichlet model the draws stay close to the analyst's weights, so the central
        weights differ little from them and the confidence factors mostly measure score
        uncertainty. Judged with its own typical weights, the Kurdistan presence still wins about
        six score draws in seven; the pivot only about one in three.
        """
    ),
    md(
        """
        The **pairwise winning index** P(row beats column) compares options two at a time;
        it is the most direct way to say "the Kurdistan presence beats the pivot in about three
        draws out of four, and beats full withdrawal almost always".
        """
    ),
    code(
        """
        smaa.plot_pairwise()
        plt.show()
        """
    ),
    md(
        """
        The score distributions show the same thing from another angle: the two leaders'
        ranges overlap widely, while full withdrawal's barely reaches the Kurdistan presence's.
        The cross is the point estimate from notebook 1. The pivot's typical score sits below
        its point estimate: several of its ranges stretch further towards bad outcomes than good
        ones, and the ISIS and militia thresholds penalise the bad end more than they reward the
        good one.
        """
    ),
    code(
        """
        smaa.plot_scores(point=scenarios.rank(model).scores)
        plt.show()
        """
    ),
    md(
        """
        ### Does the choice of weight model matter?

        The Dirichlet model trusts the analyst's weights up to a few points. The alternatives
        assume less: `intervals` draws uniformly within every criterion's weight range;
        `ordinal` keeps only the order of the weights; `uniform` assumes nothing at all about
        priorities. If the leader survives all four, the result does not hinge on how the
        weights were elicited.
        """
    ),
    code(
        """
        by_model = {
            wm: scenarios.sensitivity(model, samples=SAMPLES, seed=SEED, weight_model=wm).first
            for wm in ("dirichlet", "intervals", "ordinal", "uniform")
        }
        pd.DataFrame(by_model).round(3)
        """
    ),
    md(
        """
        The Kurdistan presence leads under every weight model, by two to one or more;
        full withdrawal only gets a measurable share of wins once the weights are allowed to go
        anywhere at all (`uniform`), where extreme emphasis on cost becomes possible.

        ## 2 · Tornado: one input at a time

        A tornado diagram swings each uncertain input — each weight across its range, each
        score across its range — while everything else stays at its point value, and records
        the leader's margin over the best alternative at both ends. Bars crossing the dotted
        line mark inputs that, on their own, can overturn the lead.
        """
    ),
    code(
        """
        tornado = scenarios.tornado(model)
        labels = {"option_labels": dict(smaa.option_labels), "criterion_labels": dict(smaa.criterion_labels)}
        tornado.plot(**labels)
        plt.show()
        """
    ),
    md(
        """
        The biggest single swing is the economic pivot's own ISIS-resurgence score: if its
        security offices and the NATO mission kept ISIS in check as well as the optimistic end of
        its range suggests, the pivot would lead. Several other inputs can each reverse the gap
        on their own: the pivot's scores on Iranian influence and Syria support, the weight on
        relations with Baghdad, and the Kurdistan presence's own ISIS-resurgence score. The lead
        depends above all on how well a lighter footprint could contain an ISIS comeback — the
        brief's central warning about this option.

        ## 3 · Sobol indices: which uncertainties drive the margin?

        A tornado moves one input at a time. Variance-based (Sobol) indices let everything move
        together and split the variance of the leader's margin among the inputs: the
        **first-order** index S1 is the share an input explains alone, the **total** index ST
        adds its interactions with all the others (Saltelli et al. 2010, computed with SALib).
        Error bars are 95 % bootstrap intervals.
        """
    ),
    code(
        """
        sob = scenarios.sobol(model, samples=SOBOL_N, seed=SEED)
        sob.plot(output="margin", **labels)
        plt.show()
        sob.for_output("margin").head(8).round(3)
        """
    ),
    md(
        """
        The same input tops the list: uncertainty about the economic pivot's ISIS-resurgence
        score explains a large share of the variance of the margin on its own. S1 and ST are
        close for most inputs, so the model is close to additive in its uncertainties —
        interactions matter little, and narrowing the top few ranges would narrow the answer
        most. That is where further research (or a second opinion) pays off.

        ## 4 · How many draws are enough?

        Every share above is an estimate from a finite number of draws. Its standard error is
        √(p(1 − p)/N): it shrinks like 1/√N, so each extra decimal place of precision costs a
        hundred times more draws. Below, P(first) is estimated at three sample sizes, each
        repeated with 20 different seeds: the **reported SE** (from a single run) should match
        the **spread across seeds** (what actually happens when you re-run).
        """
    ),
    code(
        """
        sizes = [SAMPLES // 100, SAMPLES // 10, SAMPLES]
        repeats = 20
        rows = []
        for n in sizes:
            # one worker: for runs this small a process pool costs more than it saves
            runs = [scenarios.sensitivity(model, samples=n, seed=SEED + k, workers=1) for k in range(repeats)]
            firsts = pd.DataFrame([r.first for r in runs])
            for oid in model.option_ids:
                rows.append(
                    {
                        "N": n,
                        "option": oid,
                        "P(first)": runs[0].first[oid],
                        "reported SE": runs[0].acceptability_se.at[oid, 1],
                        "spread across seeds": firsts[oid].std(),
                    }
                )
        draws = pd.DataFrame(rows)
        draws["SE × √N"] = draws["reported SE"] * draws["N"] ** 0.5
        leaders = smaa.order()[:2]  # an option (almost) never first has SE ≈ 0: nothing to see
        draws[draws["option"].isin(leaders)].set_index(["option", "N"]).sort_index()
        """
    ),
    md(
        """
        `SE × √N` stays constant as N grows: the error falls exactly as 1/√N, and the spread
        across seeds agrees with the single-run SE. On a log-log plot that is a straight line of
        slope −½:
        """
    ),
    code(
        """
        leader = smaa.order()[0]
        part = draws[draws["option"] == leader]
        fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
        ax.plot(part["N"], part["reported SE"], "-o", color="#009E73", label="SE reported by one run")
        spread = part["spread across seeds"]
        ax.plot(part["N"], spread, "x", ms=10, mew=2, color="black", label=f"spread across {repeats} seeds")
        guide = 2 * part["reported SE"].iloc[0] * (part["N"].iloc[0] / part["N"]) ** 0.5
        ax.plot(part["N"], guide, ":", color="0.4", label="slope −½: ten times the draws, √10 times smaller")
        ax.set_xscale("log")
        ax.set_yscale("log")
        low, high = part["reported SE"].min() / 1.5, guide.max() * 1.5
        ticks = [t for t in (0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2) if low <= t <= high]
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_xlabel("Monte Carlo draws N")
        ax.set_ylabel("standard error of P(first)")
        ax.set_title(smaa.option_labels[leader], fontsize=10, loc="left")
        ax.legend(fontsize=8, frameon=False)
        plt.show()
        """
    ),
    md(
        """
        So how many draws? Invert the formula: to know a share p to within ±d (two standard
        errors, about 95 %), you need N ≈ 4 p(1 − p)/d² draws. For the leader's P(first):
        """
    ),
    code(
        """
        p = smaa.first.max()
        need = pd.DataFrame({"± (two SE)": [0.02, 0.01, 0.005, 0.002]})
        need["draws needed"] = (4 * p * (1 - p) / need["± (two SE)"] ** 2).round(-2).astype(int)
        need
        """
    ),
    md(
        """
        The default of 100,000 draws pins every share to within about ±0.003 — far finer than
        any difference a decision would turn on. Rather than guessing, `sensitivity` can also
        stop by itself: with `precision=`, it draws block by block and stops once every rank
        acceptability's SE is below the target (or at `samples`, whichever comes first).
        """
    ),
    code(
        """
        quick = scenarios.sensitivity(model, samples=SAMPLES, seed=SEED, precision=0.005)
        print(f"stopped after {quick.samples:,} of {quick.requested:,} draws")
        quick.first.round(3)
        """
    ),
    md(
        """
        ## What this adds up to

        The Kurdistan-centred presence is the better bet under the analyst's priorities and
        under every way of treating the weights, winning roughly three times in four. The
        economic pivot is a genuine alternative, not an outlier: it wins whenever its security
        arrangements hold ISIS down better than feared, or when Baghdad's sovereignty and
        investment weigh more. Full withdrawal almost never wins. The single most valuable
        piece of further analysis would narrow the range on how well a lighter, embassy-led
        security presence could contain an ISIS resurgence.
        """
    ),
]


# ---- 04 · your own decision ---------------------------------------------------------------
OWN = [
    md(
        """
        # 4 · Your own decision: a city chooses its flood defence

        Nothing in `scenarios` knows about Iraq. A decision is a folder of plain TOML files —
        `weights.toml` for the criteria and how much each matters, one file per option under
        `scenarios/` — and any folder in that format can be ranked, stress-tested and explored
        exactly like the default model.

        To prove it, this notebook builds a different decision from scratch: a (fictional) river
        city, Riverton, must choose how to protect itself from floods that are growing more
        frequent. Three options, four criteria:

        | option | in short |
        |---|---|
        | **Raise the levees** | higher, longer concrete and earth walls along the river |
        | **Room for the river** | restore wetlands and floodplain upstream, green infrastructure in town |
        | **Managed retreat** | buy out and relocate the most exposed households |

        | criterion | measured as | better |
        |---|---|---|
        | flood risk reduction | % of expected annual damage avoided | higher |
        | capital cost | million dollars | lower |
        | ecology | habitat and water quality, 0–10 | higher |
        | displacement | households that must move | lower |
        """
    ),
    code(
        """
        import os
        import tempfile
        from pathlib import Path

        import matplotlib.pyplot as plt
        import pandas as pd

        import scenarios

        SAMPLES = int(os.environ.get("SCENARIOS_NB_SAMPLES", "100000"))  # Monte Carlo draws
        SEED = 7
        pd.set_option("display.float_format", "{:.4g}".format)  # 0.768, 0.0013
        workdir = Path(tempfile.mkdtemp(prefix="riverton-"))
        folder = workdir / "riverton"
        (folder / "scenarios").mkdir(parents=True)
        """
    ),
    md(
        """
        ## Writing the model

        `weights.toml` names the criteria: a label, whether lower or higher is better, the scale
        scores are given on, a point weight (any non-negative numbers; they are normalized) and,
        optionally, the range the weight might plausibly take. Cost gets a *value function*:
        the city's budget office says the first hundred million is easy to raise and anything
        past 300 is very hard, so value falls slowly at first and then steeply.

        Stakeholder profiles record how others would weigh the same criteria.
        """
    ),
    code(
        '''
        weights_toml = """
        title = "Riverton flood defence"
        source = "Illustrative example for the scenarios notebooks"

        [defaults]
        samples = 100_000
        seed = 7

        [criteria.risk_reduction]
        label = "Flood risk reduction"
        better = "higher"
        scale = [0, 100]
        weight = 0.40
        weight_range = [0.25, 0.55]
        description = "Share of expected annual flood damage avoided by 2050, in percent."

        [criteria.cost]
        label = "Capital cost"
        better = "lower"
        scale = [0, 400]
        weight = 0.25
        weight_range = [0.15, 0.40]
        value_function = [[0, 1.0], [100, 0.85], [300, 0.25], [400, 0.0]]
        description = "Up-front cost in million dollars."

        [criteria.ecology]
        label = "Ecology and water quality"
        better = "higher"
        scale = [0, 10]
        weight = 0.15
        weight_range = [0.05, 0.30]
        description = "0 = river habitat degraded; 10 = a restored, thriving floodplain."

        [criteria.displacement]
        label = "Households displaced"
        better = "lower"
        scale = [0, 1500]
        weight = 0.20
        weight_range = [0.10, 0.35]
        description = "Households that must leave their homes."

        [weight_uncertainty]
        model = "intervals"

        [profiles.budget_office]
        label = "Budget office"
        weights = { risk_reduction = 3, cost = 5, ecology = 1, displacement = 1 }

        [profiles.residents]
        label = "Floodplain residents"
        weights = { risk_reduction = 4, cost = 1, ecology = 1, displacement = 5 }

        [profiles.environment]
        label = "Environmental groups"
        weights = { risk_reduction = 3, cost = 1, ecology = 5, displacement = 2 }
        """
        (folder / "weights.toml").write_text(weights_toml, encoding="utf-8")
        print("wrote", folder / "weights.toml")
        '''
    ),
    md(
        """
        Each option is one file; its name is the option's id. A score is a best estimate,
        optionally with a plausible range and a distribution over it (triangular unless said
        otherwise), and a one-line rationale — the reason the number is what it is.
        """
    ),
    code(
        '''
        options = {
            "levees": """
                label = "Raise the levees"
                summary = "Raise and extend the river walls through town."
                [scores]
                risk_reduction = { value = 70, range = [55, 80], rationale = "Engineering study" }
                cost = { value = 260, range = [200, 340], rationale = "Unit costs from recent levee works" }
                ecology = { value = 2, range = [1, 4] }
                displacement = { value = 120, range = [80, 200] }
            """,
            "room_for_river": """
                label = "Room for the river"
                summary = "Restore 900 ha of upstream floodplain and wetlands; green streets in town."
                [scores]
                risk_reduction = { value = 55, range = [35, 70], distribution = "pert" }
                cost = { value = 150, range = [110, 220] }
                ecology = { value = 8.5, range = [7, 9.5] }
                displacement = { value = 300, range = [200, 450], rationale = "Farms in the retention area" }
            """,
            "managed_retreat": """
                label = "Managed retreat"
                summary = "Voluntary buy-outs of the 900 most exposed households over ten years."
                [scores]
                risk_reduction = { value = 60, range = [50, 75] }
                cost = { value = 210, range = [150, 320], distribution = "uniform" }
                ecology = 6
                displacement = { value = 900, range = [700, 1100] }
            """,
        }
        for oid, text in options.items():
            (folder / "scenarios" / f"{oid}.toml").write_text(text, encoding="utf-8")
        sorted(p.relative_to(workdir).as_posix() for p in folder.rglob("*.toml"))
        '''
    ),
    md(
        """
        ## Validating it

        `check_model` reads the folder the way the engine will and returns *every* problem,
        each naming the file and the key at fault — nothing is silently fixed. First a
        deliberate mistake: a cost estimate above the scale's top, and a range that does not
        contain its best estimate.
        """
    ),
    code(
        """
        broken = folder / "scenarios" / "levees.toml"
        good_text = broken.read_text(encoding="utf-8")
        bad_text = good_text.replace("value = 260, range = [200, 340]", "value = 460, range = [200, 340]")
        bad_text = bad_text.replace("value = 2, range = [1, 4]", "value = 5, range = [1, 4]")
        broken.write_text(bad_text, encoding="utf-8")
        for problem in scenarios.check_model(folder):
            print(problem)
        broken.write_text(good_text, encoding="utf-8")  # put the right numbers back
        print("after the fix:", scenarios.check_model(folder) or "no problems")
        """
    ),
    md(
        """
        ## Ranking

        Exactly the same calls as for the Iraq model.
        """
    ),
    code(
        """
        city = scenarios.load_model(folder)
        ranking = scenarios.rank(city)
        ranking
        """
    ),
    md(
        """
        Room for the river leads comfortably. `explain` shows where its score comes from: each
        raw score, the value it maps to (cost through the budget office's curve), the weight,
        and their product.
        """
    ),
    code(
        """
        ranking.explain(ranking.order()[0])[["criterion_label", "score", "value", "weight", "contribution"]]
        """
    ),
    md(
        """
        Not everyone weighs the criteria like the city's analysts. Under each stakeholder's
        weights:
        """
    ),
    code(
        """
        scenarios.compare_profiles(city)
        """
    ),
    md(
        """
        Floodplain residents, who weigh protection and displacement above all, would rather
        raise the levees; the budget office and environmental groups side with room for the
        river, and rank the levees last. That disagreement is worth knowing before the council
        meets.
        """
    ),
    md(
        """
        ## How robust is it?

        The model says weights are uncertain within their ranges (the `intervals` weight model:
        every weight vector that respects all ranges is equally likely) and scores within theirs.
        SMAA-2 draws both many times and counts how often each option comes first.
        """
    ),
    code(
        """
        smaa = scenarios.sensitivity(city, samples=SAMPLES, seed=SEED)
        smaa
        """
    ),
    md(
        """
        Room for the river comes first in the large majority of draws. A tornado analysis shows
        which single input could do most damage to its lead: each uncertain weight and score is
        swung to the ends of its range, one at a time, and the leader's margin over the best
        alternative recorded.
        """
    ),
    code(
        """
        tornado = scenarios.tornado(city)
        columns = ["kind", "criterion", "option", "low", "high", "margin_low", "margin_high", "swing"]
        tornado.to_frame()[columns].head(8)
        """
    ),
    md(
        """
        The margin stays positive at both ends of every swing: no single input, moved alone
        across its plausible range, overturns the lead. The most sensitive is room for the
        river's own flood-risk score, whose low end (35 %) leaves only a thin margin — the
        number worth a second engineering opinion.
        """
    ),
    md(
        """
        ## The tradeoff at a glance

        The winner map over three of the four criteria (displacement keeps its weight):
        """
    ),
    code(
        """
        wmap = scenarios.winner_map(city, ("risk_reduction", "cost", "ecology"), resolution=60)
        scenarios.plot_winner_map(wmap, city)
        plt.show()
        """
    ),
    md(
        """
        Only when flood-risk reduction takes most of the weight do the levees win; managed
        retreat, with its high displacement, wins nowhere on this map.
        """
    ),
    md(
        """
        ## Saving a what-if as a new model

        Suppose the engineers come back with a better levee design: 80 % of damage avoided for
        the same money. `with_score` makes a modified copy of the model (the files on disk are
        untouched) and `save_model` writes it out as a new model folder that colleagues can
        open, diff and run from the command line. It refuses to overwrite a folder that already
        holds files unless told `overwrite=True`.
        """
    ),
    code(
        """
        better_levees = city.with_score("levees", "risk_reduction", 80, range=(70, 88))
        saved = scenarios.save_model(better_levees, workdir / "riverton_better_levees")
        print((saved / "scenarios" / "levees.toml").read_text(encoding="utf-8"))
        scenarios.rank(scenarios.load_model(saved)).to_frame()[["rank", "label", "score"]]
        """
    ),
    md(
        """
        Even with the better design the levees stay second: their cost, ecology and the
        weight the city gives those keep room for the river ahead.
        """
    ),
    code(
        """
        try:
            scenarios.save_model(better_levees, saved)
        except scenarios.UsageError as err:
            print("refused:", err)
        """
    ),
    md(
        """
        That is the whole workflow for a new decision: write the folder, `check_model`, `rank`,
        `sensitivity`, explore. From the command line the same folder works with
        `scenarios rank --model path/to/riverton`.
        """
    ),
    code(
        """
        import shutil

        shutil.rmtree(workdir)  # remove the scratch folder; comment out to keep the files
        """
    ),
]


NOTEBOOKS: dict[str, list[tuple[str, str]]] = {
    "01-the-decision.ipynb": DECISION,
    "02-tradeoffs.ipynb": TRADEOFFS,
    "03-robustness.ipynb": ROBUSTNESS,
    "04-your-own-decision.ipynb": OWN,
}


def build(name: str, cells: list[tuple[str, str]]) -> nbformat.NotebookNode:
    """A notebook with the given cells, no outputs, and cell ids stable across rebuilds."""
    nb = nbformat.v4.new_notebook()
    nb.metadata = {
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    }
    stem = name.split("-")[0]
    for k, (kind, source) in enumerate(cells):
        make = nbformat.v4.new_markdown_cell if kind == "markdown" else nbformat.v4.new_code_cell
        nb.cells.append(make(source, id=f"nb{stem}-{k:02d}"))
    nbformat.validate(nb)
    return nb


def render(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = []
    for name, cells in NOTEBOOKS.items():
        path = HERE / name
        text = render(build(name, cells))
        if check:
            if not path.is_file() or path.read_text(encoding="utf-8") != text:
                stale.append(name)
        else:
            path.write_text(text, encoding="utf-8")
    if stale:
        print("out of date (run python notebooks/build_notebooks.py):", ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
