# %% [markdown]
# # 1 · The decision: U.S.-Iraq security relations after Operation Inherent Resolve
#
# The model shipped with `scenarios` encodes a real policy choice, laid out in J. Jeffrey, "After Operation Inherent Resolve: The Future of U.S.-Iraq Security Relations", Washington Institute for Near East Policy, September 2025
# (below, "the brief"). The anti-ISIS coalition mission that began in 2014 is being wound
# down, and the working assumption is that the remaining U.S. forces leave Iraq by the end
# of 2026. The brief asks how Washington should arrange its security relationship with
# Iraq after that, and holds every path to one test: does it serve the wider strategic
# interests of the United States in Iraq?
#
# This notebook sets out the decision as the model sees it — the options, the criteria,
# the scores — then ranks the options, shows what drives the ranking, and asks how the
# answer changes with whose priorities you adopt.

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
# ## Three options
#
# The brief names three paths. The summaries below are the model's paraphrase of it:
#
# 1. **Full withdrawal** of U.S. forces under Defense Department command;
# 2. a **reduced presence centred on the Kurdistan Region** — advisory and
#    counter-terrorism roles based mostly around Erbil, which the brief calls the most
#    *likely* outcome (a forecast of what Washington will do, not a judgment that it is the
#    best course);
# 3. an **economic development pivot**: a much smaller military footprint, with the
#    relationship rebuilt around investment and energy, and residual security work run by
#    the embassy's security cooperation offices and, if it continues, the NATO mission.
#
# What the brief argues, and what it leaves open: full withdrawal is the weakest of the
# three; between the Kurdistan presence and the economic pivot it takes no side, because
# each depends on conditions — who forms the government after the November 2025 election,
# whether the NATO mission continues, what the United States does in Syria, and how
# exposed the pivot's ventures are to an ISIS return or deeper Iranian penetration. The
# model follows it: nothing in it should be read as saying which of those two is best.

# %%
pd.set_option("display.max_colwidth", None)
pd.DataFrame(
    {"option": [o.label for o in model.options], "summary": [o.summary for o in model.options]},
    index=pd.Index(model.option_ids, name="id"),
)

# %% [markdown]
# ## Eight criteria
#
# Each option is judged on criteria drawn from what the brief weighs; the cell below lists
# them from the model files, so this text cannot go stale.
#
# Each criterion has a scale (0 to 10 in this model). For some, lower is better (ISIS risk); for
# others, higher (investment). The *weight* is how much the criterion counts in the
# analyst's judgement; the *range* is how far that weight could plausibly go, used by the
# robustness analyses in notebook 3. Criteria marked "threshold" turn scores into values
# through a piecewise-linear curve rather than a straight line — more on that in notebook 2.

# %%
print(f"{len(model.criteria)} criteria:")
for c in model.criteria:
    print(f"  {c.id:24} {c.label} ({c.better} is better)")
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


# %% [markdown]
# ## The scores
#
# Each cell is the option's best-estimate score with its plausible range in brackets.
# Every score in the model files carries a one-line rationale citing the brief; the ranges
# are wide where the brief is vague or events since September 2025 have moved the ground
# (see the model files for the reasoning).
#
# Each score also says how far the brief supports it (`Score.basis`): **stated** — the brief
# says it; **implied** — it follows from what the brief says, the magnitude being the
# modeller's; **judgment** — the brief is silent and the number is the modeller's alone. The
# counts follow the table.

# %%
def cell(score):
    if not score.uncertain:
        return f"{score.value:g}"
    return f"{score.value:g} ({score.low:g}–{score.high:g})"  # best estimate (plausible range)


scores = pd.DataFrame(
    {o.label: [cell(o.scores[c.id]) for c in model.criteria] for o in model.options},
    index=[f"{c.label} ({c.better} is better)" for c in model.criteria],
)
scores

# %%
basis = pd.DataFrame(
    {o.label: [o.scores[c.id].basis or "not said" for c in model.criteria] for o in model.options},
    index=[c.label for c in model.criteria],
)
counts = basis.stack().value_counts().rename("scores")
for kind, n in counts.items():
    print(f"{n:2d} of {counts.sum()} scores are {kind}")
basis

# %% [markdown]
# ## The ranking
#
# The model is a weighted sum (a standard multi-attribute value model). Each score is first
# turned into a *value* between 0 (worst) and 1 (best) on its criterion; values are then
# multiplied by the weights and added up. An option that was best on everything would
# score 1.

# %%
ranking = scenarios.rank(model)
ranking

# %% [markdown]
# This order holds for the analyst's weights only — one set of judgements, not a verdict
# (see *Whose priorities?* below, and notebooks 3 and 5). Look at the size of the gaps, not
# only at the order: the analyst's weights leave the Kurdistan presence and the economic
# pivot close together, since the brief does not choose between them; the futures of
# notebook 5 are what separates them.

# %%
first, runner_up, last = ranking.order()
names = ranking.option_labels
print(
    f"{names[first]} {ranking.scores[first]:.3f}, {names[runner_up]} {ranking.scores[runner_up]:.3f}"
    f" (a gap of {ranking.scores[first] - ranking.scores[runner_up]:.3f} on a 0–1 scale);"
    f" {names[last]} {ranking.scores[last]:.3f}, last."
)

# %% [markdown]
# The chart breaks each option's score into the contributions of the criteria (weight × value):

# %%
ranking.plot_contributions()
plt.show()

# %% [markdown]
# ## What separates the top two?
#
# The gap between the two leaders is small, so it is worth seeing where it comes from. Each bar
# is one criterion's contribution to the leader minus its contribution to the runner-up:
# to the right, criteria where the leader gains; to the left, where it loses ground.

# %%
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
fig.suptitle(f"{names[lead]}\nagainst {names[second]}: net gap {gap.sum():+.3f}", fontsize=10)
plt.show()

# %% [markdown]
# Each of the two gains on different criteria; the net gap above is what is left once they
# offset each other:

# %%
ahead = [ranking.criterion_labels[c] for c in gap[gap > 0].sort_values(ascending=False).index]
behind = [ranking.criterion_labels[c] for c in gap[gap < 0].index]
print(f"{names[lead]} gains on: {'; '.join(ahead)}")
print(f"{names[second]} gains on: {'; '.join(behind)}")

# %% [markdown]
# The rationales behind the three largest differences, in the model's words:

# %%
largest = gap.abs().nlargest(3).index
why = ranking.explain()
why = why[why["criterion"].isin(largest) & why["option"].isin([lead, second])]
why[["option", "criterion_label", "score", "rationale"]]

# %% [markdown]
# ## Whose priorities?
#
# The weights are one analyst's judgement. The model also records stakeholder
# *profiles* — how other constituencies in the debate the brief describes would weigh the
# same criteria:

# %%
profiles = pd.DataFrame(
    {p.label: [w / sum(p.weights) for w in p.weights] for p in model.profiles.values()},
    index=[c.label for c in model.criteria],
)
profiles.insert(0, "analyst", model.weights)
profiles.round(2)

# %%
comparison = scenarios.compare_profiles(model)
labels = {pid: p.label for pid, p in model.profiles.items()}
comparison.plot(profile_labels=labels)
plt.show()
comparison

# %% [markdown]
# The answer depends on whose priorities you adopt. Who comes first under each weight set,
# and by how much:

# %%
for key, r in comparison.rankings.items():
    top, nxt = r.order()[:2]
    who = "the analyst" if key == "model" else model.profiles[key].label
    margin = r.scores[top] - r.scores[nxt]
    print(f"{who:26} {r.option_labels[top]} first, {margin:.3f} ahead of {r.option_labels[nxt]}")

# %% [markdown]
# Look for three things: which profiles put the Kurdistan presence first and which the
# pivot (the split follows the weight on ISIS risk and Iran against sovereignty and
# investment); how narrow some of those leads are; and where full withdrawal climbs —
# only when cost and restraint dominate the weights.
#
# So the ranking is not a verdict; it is a statement about priorities. How robust is it
# when the weights and the scores are both uncertain? A first look — the share of
# Monte Carlo draws in which each option comes first (notebook 3 goes further):

# %%
smaa = scenarios.sensitivity(model, samples=SAMPLES, seed=SEED)
smaa.first.rename("P(first)").to_frame().join(smaa.acceptability_se[1].rename("± SE")).round(4)

# %% [markdown]
# Notebook 2 maps the whole weight space — who wins where, and what you would have to
# believe for each option to win. Notebook 3 asks how far to trust the ranking given
# everything that is uncertain. Notebook 5 takes up the conditions the brief says decide
# between the Kurdistan presence and the economic pivot, as explicit futures, and
# notebook 6 puts weights, profiles, methods, futures and red lines on one live panel.
