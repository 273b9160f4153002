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
# weight. A winner map keeps that share fixed and asks what happens when it is
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
shares = 100 * scenarios.win_shares(wmap, model)
held = sum(model.criterion(c).weight for c in triple)
print(f"the three criteria hold {held:.0%} of the analyst's weight; each option's share of the triangle:")
shares.round(1).rename("% of the triangle won").to_frame()

# %% [markdown]
# Look at where the boundary between the two leading options runs: the Kurdistan-centred
# presence takes the part of the triangle where ISIS risk keeps much of the weight, the
# economic pivot the part where investment (and cost) carry more of it. Full withdrawal, if
# it appears at all, appears only towards the cost corner.
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
# Compare the weight that has to move with the ranges the model itself gives those weights
# (notebook 1): when the nearest change lies well inside them, which of the two leading
# options comes first is a matter of emphasis — how much an ISIS comeback counts against
# the promise of investment — not something the model settles. That is by design: the
# brief does not choose between them.
#
# Other triples tell other parts of the story. Below, three side by side: the security
# threats; the relationship with Baghdad (its sovereignty demands, the bilateral
# relationship, and the security cooperation that goes with it); and ISIS risk against the
# relationship and cost.

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
for t in triples:
    won = 100 * scenarios.win_shares(scenarios.winner_map(model, t, resolution=48), model)
    print(" / ".join(t) + ": " + ", ".join(f"{o} {x:.0f} %" for o, x in won.items() if x > 0))

# %% [markdown]
# In each triangle, look for the corner each option owns and for where the star sits:
#
# - **Security threats**: the Kurdistan presence scores better on ISIS risk, Iranian
#   influence and militia exposure alike, so how much of the triangle the pivot still
#   wins shows how much the *other* criteria, held fixed, already favour it.
# - **The relationship with Baghdad**: sovereignty favours the pivot (and full
#   withdrawal), the bilateral relationship the pivot, security cooperation the Kurdistan
#   presence — the friction with Baghdad the brief names as the Kurdistan option's drawback.
# - **ISIS risk against relationship and cost**: the Kurdistan presence holds the ISIS
#   corner, the pivot the relationship corner; at the cost corner full withdrawal may appear.
#
# ## Value curves: how scores become values
#
# A score of 7 on ISIS risk is not simply 30 % worse than 0. Some criteria carry
# thresholds (piecewise-linear value functions; the cell below names them): past a
# moderate level of ISIS risk each extra point costs more, because a resurgence could
# force U.S. forces back in — the "deploy, withdraw, rush back" cycle the brief warns
# about; and sporadic militia harassment is absorbable while sustained campaigns like
# those of the Gaza crisis are not. The breakpoints are the modeller's, not the brief's.
# The dots are each option's point score.

# %%
print("value functions with thresholds:", ", ".join(c.id for c in model.criteria if c.value_function))
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
typical = believe.central_weights.T.dropna(axis=1)  # options never first have no central weights
for oid, w in typical.items():
    above = (w - 1 / len(w)).nlargest(3)  # against an even split, what a uniform draw averages
    print(f"{oid} wins for people who put most weight on: {', '.join(above.index)}")
central.round(2)

# %% [markdown]
# Read each column as a portrait of a constituency: the criteria a typical supporter weighs
# well above an even split are what the option has to offer. Look for which portraits
# resemble the stakeholder profiles of notebook 1 (the pivot's supporter leans towards
# sovereignty, the relationship and investment; the Kurdistan presence's towards ISIS risk,
# Iran and security cooperation), and for how extreme full withdrawal's supporter has to
# be — cost, sovereignty and militia exposure carrying a large part of all the weight. That
# is the restraint argument at its purest, and the brief's warning is that it buys savings
# now at the risk of a costly return later.
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
for oid, w in typical.items():
    top3 = w.nlargest(3)
    print(f"{oid}'s typical supporter puts {top3.sum():.0%} of the weight on {', '.join(top3.index)}")

# %% [markdown]
# Look for whether each typical supporter's star sits deep inside its own colour (a safe
# win for that constituency) or near a boundary, and how much of all the weight each
# supporter must put on its three heaviest criteria: the more concentrated, the more
# unusual the person who would choose that option.
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
# 0 or 1). Look for criteria whose stretch ends *inside* the model's own range: there, a
# weight the model itself considers plausible changes the leader.

# %%
lo_hi = [c.weight_range for c in model.criteria]
inside = [
    c
    for c, (lo, hi), (_, row) in zip(model.criterion_ids, lo_hi, table.iterrows(), strict=True)
    if lo < row["top_lower"] or row["top_upper"] < hi
]
leader = scenarios.rank(model).order()[0]
print(f"the leader at the analyst's weights is {leader}; a weight inside the model's range changes it for:")
print(", ".join(inside) or "no criterion")

# %% [markdown]
# When that list is long, the lead rests on a judgement about priorities that reasonable
# analysts could make differently, which is what the model intends for the two leading
# options; notebook 3 puts a probability on it and notebook 5 asks which futures decide it.
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
# at the analyst's weights, so the notebook still runs from top to bottom. Notebook 6 has a
# fuller panel: profiles, methods, futures and red lines.

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
