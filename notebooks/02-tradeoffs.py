# %% [markdown]
# # 2 · Tradeoffs: who wins, for which priorities?
#
# Notebook 1 ranked the three options with one set of weights — the analyst's reading of
# what matters in J. Jeffrey, "After Operation Inherent Resolve: The Future of U.S.-Iraq Security Relations", Washington Institute for Near East Policy, September 2025. But weights are judgements, and people in the same debate hold
# different ones: the brief itself sets sovereignty-minded voices in Baghdad against
# officials worried about an ISIS comeback and about Iran filling any vacuum.
#
# This notebook stops treating the weights as given and looks at the *weight space*:
#
# 1. **Winner maps** — for three criteria at a time, which option wins for every possible
#    split of their weight;
# 2. **value curves** — how each criterion turns a score into a value between 0 and 1;
# 3. **what you would have to believe** for each option to come out on top;
# 4. an optional **slider panel** to re-rank live.

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd

import scenarios

SAMPLES = int(os.environ.get("SCENARIOS_NB_SAMPLES", "100000"))  # Monte Carlo draws
SEED = 2025
pd.set_option("display.float_format", "{:.4g}".format)  # 0.768, 0.0013
model = scenarios.load_model()  # the model shipped with the package

# %% [markdown]
# ## Reading a winner map
#
# Pick three criteria. Under the analyst's weights they hold some share of the total
# weight — say 42 %. A winner map keeps that 42 % fixed and asks what happens when it is
# redistributed among the three in every possible way, while every *other* criterion
# keeps its weight. Each point of the triangle is one split:
#
# - a **corner** puts all of the three criteria's weight on that one criterion;
# - the **middle** splits it evenly;
# - the **star** is the analyst's own split;
# - the **colour** is the option with the highest score there (at the point scores).
#
# A star deep inside one colour means the leader is safe from any rebalancing among
# those three criteria; a star near a boundary means a modest shift of emphasis changes
# the answer.
#
# Start with the tension the brief puts at the centre of the decision: the risk of an ISIS
# resurgence, the promise of investment, and the cost to the United States.

# %%
triple = ("isis_resurgence", "investment", "us_cost")
wmap = scenarios.winner_map(model, triple, resolution=60)
scenarios.plot_winner_map(wmap, model)
plt.show()
(100 * scenarios.win_shares(wmap, model)).round(1).rename("% of the triangle won").to_frame()

# %% [markdown]
# The triangle splits roughly in half. The Kurdistan-centred presence wins wherever ISIS
# risk keeps a good part of the weight; the economic pivot wins once investment carries
# more of it than ISIS risk does. Full withdrawal wins only in a sliver at the cost
# corner — and even there only just.
#
# How far is the analyst's star from a boundary? `nearest_change` finds the point on the
# map closest to the star where another option wins outright, and how much weight has to
# move to get there:

# %%
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

# %% [markdown]
# The two leading options are close. Moving about six percentage points of weight between
# ISIS risk and investment — and staying inside the ranges the model itself gives those
# weights — changes which of them comes first. Which of the two comes first depends on how
# much an ISIS comeback counts against the promise of investment.
#
# Other triples tell other parts of the story. Below, three side by side: the security
# threats, the relationships with Baghdad and Erbil, and the operational side (Syria
# support and cost against ISIS risk).

# %%
triples = [
    ("isis_resurgence", "iran_influence", "militia_threat"),
    ("sovereignty", "bilateral_relationship", "security_cooperation"),
    ("isis_resurgence", "bilateral_relationship", "us_cost"),
]
fig, axes = plt.subplots(1, 3, figsize=(17, 6))
for ax, t in zip(axes, triples, strict=True):
    scenarios.plot_winner_map(scenarios.winner_map(model, t, resolution=48), model, ax=ax)
fig.tight_layout()
plt.show()

# %% [markdown]
# - **Security threats**: the Kurdistan presence wins unless ISIS risk gets very little of
#   this weight. The two leading options score alike on Iranian influence and nearly
#   alike on militia exposure, so once ISIS risk fades the remaining criteria tip the
#   balance to the pivot.
# - **Relationships**: the economic pivot wins only when the partnership with Erbil gets
#   almost none of this weight — the tension the brief flags when it warns that a shift
#   north may strain relations with Baghdad.
# - **Operations**: the Kurdistan presence is favoured unless cost takes roughly half of
#   this weight or more.
#
# ## Value curves: how scores become values
#
# A score of 7 on ISIS risk is not simply 30 % worse than 0. Two criteria carry
# thresholds (piecewise-linear value functions): past a moderate level of ISIS risk each
# extra point costs more, because a resurgence could force U.S. forces back in — the
# "deploy, withdraw, rush back" cycle the brief warns about; and sporadic militia
# harassment is absorbable while sustained campaigns like those of the Gaza crisis are
# not. The dots are each option's point score.

# %%
curves = scenarios.value_curves(model)
scenarios.plot_value_curves(curves, model)
plt.show()

# %% [markdown]
# ## What would you have to believe?
#
# Turn the question round: instead of fixing the weights and asking who wins, ask *which
# weights make each option win*. SMAA (Stochastic Multicriteria Acceptability Analysis,
# Lahdelma & Salminen 2001) answers it by drawing weight vectors uniformly from all
# possible ones — no preference information at all — and keeping, for each option, the
# draws in which it comes first:
#
# - **P(first)** is the share of all possible weightings under which the option wins;
# - its **central weights** are the average of those weightings: the priorities of a
#   typical person who would choose it.
#
# Scores are held at their point values here, so this is purely about priorities
# (notebook 3 lets the scores vary too).

# %%
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

# %% [markdown]
# Read each column as a portrait of a constituency:
#
# - the **Kurdistan-centred presence** wins for people who weight ISIS risk, Syria support
#   and the Erbil partnership above average;
# - the **economic pivot** wins for people who put relations with Baghdad and investment
#   first — close to the "Iraqi sovereignty first" and "investment first" profiles;
# - **full withdrawal** wins for only a small share of all weightings, and its central
#   weights show why: cost to the United States has to carry well over a third of all the
#   weight, with militia exposure and Baghdad's sovereignty next. That is the restraint
#   argument at its purest — and the brief's warning is that it buys savings now at the
#   risk of a costly return later.
#
# To see the region where each option wins, centre a winner map on that option's central
# weights and on its three heaviest criteria. The star is now the typical supporter, not
# the analyst.

# %%
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

# %% [markdown]
# The Kurdistan presence's supporter sits where nothing else wins; the economic pivot's
# supporter is safe too, with full withdrawal appearing only in the cost corner. Full
# withdrawal's own region is real, but it takes an unusual supporter to reach it: about
# three-quarters of all the weight on cost, Baghdad's sovereignty and militia exposure.
#
# ## How far can one weight move?
#
# A winner map moves three weights at once. The stability interval of a single criterion
# answers the simplest version of the question: how far can *its* weight go, up or down,
# with the others keeping their proportions, before the leader changes — and who takes
# over?

# %%
stab = scenarios.stability(model)
columns = ["weight", "top_lower", "top_upper", "top_takeover_low", "top_takeover_high"]
table = stab.to_frame()[columns].copy()
table["model's range"] = [f"{c.weight_range[0]:.2f}–{c.weight_range[1]:.2f}" for c in model.criteria]
table.round(3)

# %% [markdown]
# `top_lower`–`top_upper` is the stretch of each weight over which the leader stays first;
# `top_takeover_*` names who overtakes it just beyond each end ("None": nobody, the end is
# 0 or 1). The leader tolerates large moves in the weights that favour it — ISIS risk can
# fall to about a third of its value, or rise all the way to 1. The tight limits are on the
# criteria where the pivot is stronger: relations with Baghdad, investment and cost. A
# weight of about 0.20 on Baghdad relations or on investment already flips the lead, and
# both lie inside (or at the edge of) the ranges the model itself considers plausible.
# The lead rests on a judgement about priorities that reasonable analysts could make
# differently; notebook 3 puts a probability on it.
#
# The same intervals, drawn: each panel sweeps one weight from 0 to 1 (the others keep
# their proportions) and shows every option's score; the shaded band is where the leader
# stays first, the dashed line the analyst's weight.

# %%
stab.plot(model)
plt.show()

# %% [markdown]
# ## Try it yourself
#
# With [ipywidgets](https://ipywidgets.readthedocs.io) installed and the notebook open in
# Jupyter, the cell below gives one slider per criterion and re-ranks as you move them
# (weights are renormalized to sum to 1). Without ipywidgets it shows the same table once,
# at the analyst's weights, so the notebook still runs from top to bottom.

# %%
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
