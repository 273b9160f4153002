# %% [markdown]
# # 3 · Robustness: how far can the ranking be trusted?
#
# The ranking in notebook 1 uses one set of weights and one best-estimate score per cell.
# Neither is known precisely. The brief itself is frank about the uncertainty: ISIS
# threats "rarely vanish", the November 2025 election could bring a government closer to
# Tehran, the NATO mission may or may not continue, and U.S. funding for the mission is in
# doubt (J. Jeffrey, "After Operation Inherent Resolve: The Future of U.S.-Iraq Security Relations", Washington Institute for Near East Policy, September 2025). The model records that uncertainty as a plausible range for every
# score and a distribution of weights around the analyst's.
#
# This notebook asks four questions:
#
# 1. **How often does each option win** when weights and scores vary together (SMAA-2)?
# 2. **Which single inputs matter most** (tornado)?
# 3. **Which inputs drive the variance** of the leader's margin (Sobol indices)?
# 4. **How many Monte Carlo draws are enough** to trust those numbers?

# %%
import os

import matplotlib.pyplot as plt
import pandas as pd

import scenarios

SAMPLES = int(os.environ.get("SCENARIOS_NB_SAMPLES", "100000"))  # Monte Carlo draws
SEED = 2025
SOBOL_N = 1024 if SAMPLES >= 50_000 else 128  # Sobol base sample size (a power of 2)
pd.set_option("display.float_format", "{:.4g}".format)  # 0.768, 0.0013
model = scenarios.load_model()  # the model shipped with the package

# %% [markdown]
# ## 1 · Stochastic multicriteria acceptability analysis (SMAA-2)
#
# Each Monte Carlo draw picks a weight vector from a Dirichlet distribution centred on
# the analyst's weights (concentration 40: most draws move each weight by a few
# percentage points) and a score for every cell from its range; it then ranks the
# options. Over many draws (Lahdelma & Salminen, *Operations Research* 49, 2001):
#
# - the **rank acceptability** b(i, r) is the share of draws in which option i holds rank r;
# - **P(first)** is the first column of that matrix;
# - every share carries its Monte Carlo **standard error**, √(p(1 − p)/N).

# %%
smaa = scenarios.sensitivity(model, samples=SAMPLES, seed=SEED)
smaa.plot_acceptability()
plt.show()
smaa

# %% [markdown]
# Read `P(first)` for how often each option comes first, the last `rank` column for how
# often it comes last, and `±SE` for how much of that is Monte Carlo noise. These draws
# stay near the analyst's weights, so the shares say how firmly the analyst's ranking holds
# up under uncertainty, not which option is best; the other weight models below assume less.
#
# **Confidence factors** ask a sharper question: if you adopted the weights under which an
# option typically wins (its *central weights*), how often would it win given the score
# uncertainty alone? A low confidence factor means even the option's natural supporters
# cannot be sure of it.

# %%
smaa.plot_central_weights()
plt.show()
confidence = {"P(first)": smaa.first, "confidence": smaa.confidence, "± SE": smaa.confidence_se}
for oid in smaa.order():
    print(f"judged with its own typical weights, {oid} wins {smaa.confidence[oid]:.0%} of score draws")
pd.DataFrame(confidence).round(3)

# %% [markdown]
# Under the Dirichlet model the draws stay close to the analyst's weights, so the central
# weights differ little from them and the confidence factors mostly measure score
# uncertainty. Look at the two leading options: when neither is near 100 %, even each one's
# natural supporters cannot be sure of it, because its scores are uncertain.

# %% [markdown]
# The **pairwise winning index** P(row beats column) compares options two at a time;
# it is the most direct way to say how often one option beats another under the same
# draws.

# %%
smaa.plot_pairwise()
plt.show()

# %% [markdown]
# The score distributions show the same thing from another angle. Look for how far the
# two leaders' distributions overlap, and how far full withdrawal's falls below them. The
# cross is the point estimate from notebook 1: where an option's typical score sits below
# its cross, its ranges stretch further towards bad outcomes than good ones, or the ISIS
# and militia thresholds penalise the bad end more than they reward the good one.

# %%
smaa.plot_scores(point=scenarios.rank(model).scores)
plt.show()

# %% [markdown]
# ### Does the choice of weight model matter?
#
# The Dirichlet model trusts the analyst's weights up to a few points. The alternatives
# assume less: `intervals` draws uniformly within every criterion's weight range;
# `ordinal` keeps only the order of the weights; `uniform` assumes nothing at all about
# priorities. If the leader survives all four, the result does not hinge on how the
# weights were elicited.

# %%
by_model = {
    wm: scenarios.sensitivity(model, samples=SAMPLES, seed=SEED, weight_model=wm).first
    for wm in ("dirichlet", "intervals", "ordinal", "uniform")
}
pd.DataFrame(by_model).round(3)

# %% [markdown]
# Read across each row: a share that holds from `dirichlet` to `uniform` does not hinge on
# how the weights were elicited; a share that swings means the answer depends on how much
# you trust the analyst's weights. Look at full withdrawal's row in particular: it should
# win measurably only when the weights may go almost anywhere (`uniform`), where extreme
# emphasis on cost becomes possible.
#
# ## 2 · Tornado: one input at a time
#
# A tornado diagram swings each uncertain input — each weight across its range, each
# score across its range — while everything else stays at its point value, and records
# the leader's margin over the best alternative at both ends. Bars crossing the dotted
# line mark inputs that, on their own, can overturn the lead.

# %%
tornado = scenarios.tornado(model)
labels = {"option_labels": dict(smaa.option_labels), "criterion_labels": dict(smaa.criterion_labels)}
tornado.plot(**labels)
plt.show()
swings = tornado.inputs.sort_values("swing", ascending=False)
flips = swings[(swings["margin_low"] < 0) | (swings["margin_high"] < 0)]
print(f"{tornado.leader} leads {tornado.runner_up} by {tornado.base_margin:.3f} at the point values")
print(f"the biggest single swing: {swings.index[0]} ({swings['swing'].iloc[0]:.3f})")
print(f"{len(flips)} inputs can overturn the lead on their own:", ", ".join(flips.index[:6]), "…")

# %% [markdown]
# Look at what the longest bars have in common. When they are the economic pivot's own
# scores — above all how well its security offices and the NATO mission would keep ISIS in
# check — the order of the two leading options turns on how well a lighter footprint could
# contain an ISIS comeback, the brief's central warning about the pivot. Those are the
# conditions notebook 5 turns into explicit futures.
#
# ## 3 · Sobol indices: which uncertainties drive the margin?
#
# A tornado moves one input at a time. Variance-based (Sobol) indices let everything move
# together and split the variance of the leader's margin among the inputs: the
# **first-order** index S1 is the share an input explains alone, the **total** index ST
# adds its interactions with all the others (Saltelli et al. 2010, computed with SALib).
# Error bars are 95 % bootstrap intervals.

# %%
sob = scenarios.sobol(model, samples=SOBOL_N, seed=SEED)
sob.plot(output="margin", **labels)
plt.show()
top = sob.for_output("margin")
print(f"largest total index: {top.index[0]} (ST {top['ST'].iloc[0]:.2f})")
print(f"the tornado's longest bar: {swings.index[0]}")
top.head(8).round(3)

# %% [markdown]
# Compare the top of this list with the tornado's: when the same input leads both, its
# uncertainty explains a large share of the variance of the margin. Where S1 and ST are
# close for most inputs (within their error bars), the model is close to additive in its
# uncertainties — interactions matter little, and narrowing the top few ranges would
# narrow the answer most. That is where further research (or a second opinion) pays off.
#
# ## 4 · How many draws are enough?
#
# Every share above is an estimate from a finite number of draws. Its standard error is
# √(p(1 − p)/N): it shrinks like 1/√N, so each extra decimal place of precision costs a
# hundred times more draws. Below, P(first) is estimated at three sample sizes, each
# repeated with 20 different seeds: the **reported SE** (from a single run) should match
# the **spread across seeds** (what actually happens when you re-run).

# %%
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

# %% [markdown]
# `SE × √N` stays constant as N grows: the error falls exactly as 1/√N, and the spread
# across seeds agrees with the single-run SE. On a log-log plot that is a straight line of
# slope −½:

# %%
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

# %% [markdown]
# So how many draws? Invert the formula: to know a share p to within ±d (two standard
# errors, about 95 %), you need N ≈ 4 p(1 − p)/d² draws. For the leader's P(first):

# %%
p = smaa.first.max()
need = pd.DataFrame({"± (two SE)": [0.02, 0.01, 0.005, 0.002]})
need["draws needed"] = (4 * p * (1 - p) / need["± (two SE)"] ** 2).round(-2).astype(int)
need

# %% [markdown]
# The default of 100,000 draws pins every share to within about ±0.003 — far finer than
# any difference a decision would turn on. Rather than guessing, `sensitivity` can also
# stop by itself: with `precision=`, it draws block by block and stops once every rank
# acceptability's SE is below the target (or at `samples`, whichever comes first).

# %%
quick = scenarios.sensitivity(model, samples=SAMPLES, seed=SEED, precision=0.005)
print(f"stopped after {quick.samples:,} of {quick.requested:,} draws")
quick.first.round(3)

# %% [markdown]
# ## What this adds up to
#
# The analysis does not name a best option between the two leaders; like the brief, it
# shows what the choice turns on. The Kurdistan-centred presence and the economic pivot
# are both serious candidates: which comes first moves with modest changes of priorities
# (notebook 2) and within the plausible range of a few scores. The pivot gains when its
# security arrangements hold ISIS down better than feared, or when Baghdad's sovereignty,
# the relationship and investment weigh more; the Kurdistan presence when ISIS risk, Iran
# and security cooperation weigh more. Full withdrawal, the course the brief argues is
# weakest, rarely wins. The brief ties the choice to conditions — the election, the NATO
# mission, U.S. choices in Syria — and notebook 5 works through them as futures.
