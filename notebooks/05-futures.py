# %% [markdown]
# # 5 · Futures: which option holds up in which world?
#
# Notebooks 1–3 judge the options in one world: the one the brief writes in, with every
# score at its best estimate. But the brief does not choose between the Kurdistan-centred
# presence and the economic pivot; it says each depends on conditions — who forms the
# government after the November 2025 election, whether the NATO mission continues, what
# the United States does in Syria, whether ISIS regroups or Iran reaches deeper (J. Jeffrey,
# "After Operation Inherent Resolve: The Future of U.S.-Iraq Security Relations",
# Washington Institute for Near East Policy, September 2025).
#
# The model writes those conditions down in `models/futures.toml`: a few independent
# *uncertainties*, each with outcomes and probabilities, and *effects* that shift an
# option's score on a criterion when an outcome holds. A *future* is one outcome of every
# uncertainty; its probability is the product of theirs. `scenarios.futures(model)` scores
# every option in every future and asks:
#
# 1. which option is best in which futures, and how much you lose by choosing another
#    (regret);
# 2. which option each classic decision rule picks;
# 3. where each option stops being best, in words;
# 4. what it would be worth to know an outcome before choosing (EVPI, EVPPI).
#
# Probabilities and effects are the modeller's judgment on the brief and later reporting
# (each carries a rationale in the file); treat them as a structured way to ask "what if",
# not as a forecast.

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

import scenarios
from scenarios.present.tables import rule_in_words

pd.set_option("display.float_format", "{:.4g}".format)
pd.set_option("display.max_colwidth", None)
model = scenarios.load_model()  # the model shipped with the package
result = scenarios.futures(model)  # the model's weights and method, every future
labels = {o.id: o.label for o in model.options}

# %% [markdown]
# ## The uncertainties
#
# Each uncertainty, its outcomes and their probabilities (each uncertainty's sum to 1):

# %%
rows = [
    {"uncertainty": u.id, "outcome": o.id, "probability": o.probability, "what it means": o.label}
    for u in model.futures.uncertainties
    for o in u.outcomes
]
pd.DataFrame(rows).set_index(["uncertainty", "outcome"])

# %% [markdown]
# And the effects: what each outcome does to which score (a shift in score points on the
# criterion's 0–10 scale; "every option" where the file names none).

# %%
effects = pd.DataFrame(
    [
        {
            "when": " and ".join(f"{u}={o}" for u, o in e.when),
            "option": e.option or "every option",
            "criterion": e.criterion,
            "change": f"{e.shift:+g}" if e.shift is not None else f"= {e.value:g}",
        }
        for e in model.futures.effects
    ]
)
n_futures = len(result.futures)
print(f"{len(model.futures.uncertainties)} uncertainties, {len(effects)} effects, {n_futures} futures")
effects

# %% [markdown]
# ## Every option in every future
#
# `result.futures` has one row per future, most probable first: the outcomes, the
# probability, each option's score (the method's score, higher is better), the best option
# and each option's regret — how far it falls short of the best in that future.
# `to_frame()` is the plain futures × options score table:

# %%
table = result.to_frame()
table.insert(0, "probability", result.futures[("probability", "")].to_numpy())
table["best"] = result.futures[("best", "")].to_numpy()
table.head(10)

# %% [markdown]
# The heat map shows the twenty most probable futures. Each row is named by how it
# differs from the most probable future; the dot marks the best option in that row. Look
# for the rows where the best option changes, and for which outcomes they share.

# %%
TOP = 20
outcomes = result.futures["outcome"]
base = outcomes.iloc[0]
names = [
    ", ".join(f"{u}={o}" for u, o in row.items() if o != base[u]) or "(most probable future)"
    for _, row in outcomes.head(TOP).iterrows()
]
scores = result.futures["score"].head(TOP)
prob = result.futures[("probability", "")].head(TOP)

fig, ax = plt.subplots(figsize=(9, 8), layout="constrained")
image = ax.imshow(scores.to_numpy(), aspect="auto", cmap="viridis")
ax.set_xticks(range(len(scores.columns)), [labels[a] for a in scores.columns], rotation=15, ha="right")
ax.set_yticks(range(TOP), [f"{p:.3f}  {n}" for p, n in zip(prob, names, strict=True)], fontsize=8)
best = scores.to_numpy().argmax(axis=1)
ax.plot(best, range(TOP), "o", color="white", ms=5, mec="black", label="best in this future")
fig.colorbar(image, ax=ax, label="score (higher is better)")
ax.set_title(f"The {TOP} most probable futures (probability, how each differs)", fontsize=10, loc="left")
ax.legend(loc="lower right", fontsize=8)
plt.show()
shown = prob.sum()
print(f"these {TOP} futures hold {shown:.0%} of the probability; all {n_futures} are in result.futures")

# %% [markdown]
# ## Expected score against regret
#
# Across all futures, each option has an **expected score** (the probability-weighted
# average), an **expected regret** and a **maximum regret** (its worst shortfall from the
# best option in any future, whatever that future's probability), a **worst score**, and
# **P(best)**, the probability of the futures in which it is best.

# %%
result.options

# %%
opts = result.options
fig, ax = plt.subplots(figsize=(6.5, 4.2), layout="constrained")
ax.scatter(opts["expected_score"], opts["max_regret"], s=300 * opts["p_best"] + 30, color="#0072B2")
for a, row in opts.iterrows():
    xy = (row["expected_score"], row["max_regret"])
    ax.annotate(labels[a], xy, fontsize=8, xytext=(6, 4), textcoords="offset points")
ax.margins(x=0.45, y=0.15)  # room for the labels
ax.set_xlabel("expected score (higher is better)")
ax.set_ylabel("maximum regret (lower is better)")
ax.set_title("Right and low is robust; marker size is P(best)", fontsize=10, loc="left")
plt.show()
for a, row in opts.sort_values("expected_score", ascending=False).iterrows():
    print(
        f"{labels[a]}: expected score {row['expected_score']:.3f}, best in futures holding"
        f" {row['p_best']:.0%} of the probability, at worst {row['max_regret']:.3f} behind the best"
    )

# %% [markdown]
# ## Three ways to choose
#
# Three classic rules read the same table differently:
#
# - **best expected score** (Bayes): trust the probabilities and maximize the average;
# - **least worst regret** (Savage's minimax regret): choose the option you would regret
#   least in the future that hurts it most;
# - **best worst case** (Wald's maximin): choose the option whose worst score is highest.
#
# When the three agree, the choice does not hinge on how far you trust the probabilities;
# when they differ, it does.

# %%
rules = {
    "expected_score": "best expected score",
    "minimax_regret": "least worst regret",
    "maximin": "best worst case",
}
for rule, option in result.choices.items():
    print(f"{rules[rule]:20} → {labels[option]}")
agree = len(set(result.choices.values())) == 1
print("the three rules agree" if agree else "the rules disagree: the choice depends on the rule")
top2 = result.options["expected_score"].nlargest(2)
print(
    f"but the two highest expected scores differ by only {top2.iloc[0] - top2.iloc[1]:.4f},"
    f" against {result.evpi:.4f} for knowing the future (EVPI, below),"
    f" and P(best) is split {result.options['p_best'][top2.index[0]]:.0%}"
    f" / {result.options['p_best'][top2.index[1]]:.0%} between them"
)

# %% [markdown]
# Do not read the rules' pick as the model's verdict between the two leading options. The
# rules choose *given the model's weights and the modeller's probabilities*; look at how
# small the gap in expected score is, compared with what knowing the future is worth, and
# at how the two options share P(best). Notebook 2 showed how little weight has to move to
# change their order, and a different probability for one outcome can do the same (see
# *Conditioning* below). That is the brief's position: which of the two is better depends
# on conditions. Full withdrawal is the one option the futures rule out — look at its
# P(best) and its worst regret.
#
# ## Where each option breaks
#
# For each option, the fewest conditions that describe the futures where it is *not* best
# (scenario discovery, Bryant & Lempert 2010). Each rule says what share of those futures
# (by probability) it catches and how often it is right about the futures it picks.

# %%
for a, found in result.breaks.items():
    print(labels[a])
    if not found:
        print("  best in every future")
    for rule in found[:3]:
        print("  not best", rule_in_words(rule))
    if len(found) > 3:
        print(f"  … and {len(found) - 3} narrower rules")

# %% [markdown]
# Read the rules as the brief's conditions made explicit. Look for the outcomes that recur
# in an option's rules: for the economic pivot, the NATO mission ending and ISIS
# regrouping (its stated exposures); for the Kurdistan presence, the pivot's conditions
# holding (ISIS contained, NATO continuing) together with the outcomes that take away its
# own edge (a deep U.S. drawdown that ends the Syria mission, Baghdad pressing on
# sovereignty). An option "not best in every future" is never the best choice, whatever
# happens.
#
# ## What is it worth to know before choosing?
#
# If you could learn the future before choosing, you would pick the best option in each
# one. The **expected value of perfect information** (EVPI) is how much that would add to
# the expected score; the **expected value of partial perfect information** (EVPPI) is the
# same for learning one uncertainty only. Both are in the method's score units (here
# additive scores on a 0–1 scale), so compare them with the gaps between the options'
# scores. An uncertainty with EVPPI 0 cannot change the choice on its own: whatever its
# outcome, the same option is best on average.

# %%
ranking = scenarios.rank(model)
spread = ranking.scores.max() - ranking.scores.min()
print(
    f"knowing the whole future before choosing is worth {result.evpi:.4f} points of score"
    f" ({result.evpi / spread:.0%} of the spread between the best and worst option at the point scores)"
)
evppi = result.evppi.sort_values(ascending=False)
for u, x in evppi.items():
    print(f"knowing {u} before choosing is worth {x:.4f} points")

fig, ax = plt.subplots(figsize=(6.5, 3.6), layout="constrained")
ax.barh(evppi.index[::-1], evppi.to_numpy()[::-1], color="#009E73")
ax.axvline(result.evpi, color="black", ls="--", lw=1, label=f"EVPI (everything) {result.evpi:.4f}")
ax.set_xlabel("expected gain in score from knowing it before choosing")
ax.set_title("Value of information, one uncertainty at a time (EVPPI)", fontsize=10, loc="left")
ax.legend(fontsize=8, frameon=False)
plt.show()

# %% [markdown]
# The tallest bars are what is worth finding out — or waiting for — before committing.
# EVPPIs do not add up to EVPI: uncertainties matter in combination.
#
# ## Conditioning on what you learn
#
# Suppose you learn one outcome — say NATO announces the end of its Iraq mission.
# `futures(model, given=...)` keeps only the futures where it holds, with their
# probabilities renormalized, and recomputes everything. Below, both outcomes side by side:

# %%
given = {"nato": "ends"}
after = scenarios.futures(model, given=given)
other = scenarios.futures(model, given={"nato": "continues"})
compare = pd.DataFrame(
    {
        "E[score], now": result.options["expected_score"],
        "E[score] | nato=ends": after.options["expected_score"],
        "E[score] | nato=continues": other.options["expected_score"],
        "P(best), now": result.options["p_best"],
        "P(best) | nato=ends": after.options["p_best"],
        "P(best) | nato=continues": other.options["p_best"],
    }
)
for name, r in (("nato=ends", after), ("nato=continues", other)):
    choice = labels[r.choices["expected_score"]]
    print(f"given {name}: {len(r.futures)} futures remain; best expected score: {choice}")
compare

# %% [markdown]
# Look at how P(best) moves between the two leading options with each outcome: the pivot's
# security component rests on the NATO mission "if it continues", so its end weighs
# against the pivot and its continuation for it — one of the conditions the brief names.
#
# To see the plain ranking in one fully specified world, condition the model itself with
# `model.in_future(...)`: every effect whose condition holds is applied to the scores, and
# every other analysis (rank, sensitivity, tornado …) runs on the copy. Here, the most
# probable future with NATO's mission ending:

# %%
world = after.futures["outcome"].iloc[0].to_dict()
in_world = scenarios.rank(model.in_future(world))
print("the world:", ", ".join(f"{u}={o}" for u, o in world.items()))
# the same numbers as that future's row of the futures table:
row = after.futures["score"].iloc[0]
assert np.allclose(in_world.scores[row.index].to_numpy(), row.to_numpy())
in_world.to_frame()[["rank", "label", "score"]]

# %% [markdown]
# `scenarios futures` on the command line prints the same analysis (`--format json` for
# the whole document), and every other command takes `--future U=OUTCOME` to rank, test
# or explain the options in a given world. Notebook 6 puts the futures, the weights, the
# method and red lines on sliders and menus.
