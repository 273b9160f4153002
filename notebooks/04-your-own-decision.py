# %% [markdown]
# # 4 · Your own decision: a city chooses its flood defence
#
# Nothing in `scenarios` knows about Iraq. A decision is a folder of plain TOML files —
# `weights.toml` for the criteria and how much each matters, one file per option under
# `scenarios/` — and any folder in that format can be ranked, stress-tested and explored
# exactly like the default model.
#
# To prove it, this notebook builds a different decision from scratch: a (fictional) river
# city, Riverton, must choose how to protect itself from floods that are growing more
# frequent. Three options, four criteria:
#
# | option | in short |
# |---|---|
# | **Raise the levees** | higher, longer concrete and earth walls along the river |
# | **Room for the river** | restore wetlands and floodplain upstream, green infrastructure in town |
# | **Managed retreat** | buy out and relocate the most exposed households |
#
# | criterion | measured as | better |
# |---|---|---|
# | flood risk reduction | % of expected annual damage avoided | higher |
# | capital cost | million dollars | lower |
# | ecology | habitat and water quality, 0–10 | higher |
# | displacement | households that must move | lower |

# %%
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

# %% [markdown]
# ## Writing the model
#
# `weights.toml` names the criteria: a label, whether lower or higher is better, the scale
# scores are given on, a point weight (any non-negative numbers; they are normalized) and,
# optionally, the range the weight might plausibly take. Cost gets a *value function*:
# the city's budget office says the first hundred million is easy to raise and anything
# past 300 is very hard, so value falls slowly at first and then steeply.
#
# Stakeholder profiles record how others would weigh the same criteria.

# %%
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

# %% [markdown]
# Each option is one file; its name is the option's id. A score is a best estimate,
# optionally with a plausible range and a distribution over it (triangular unless said
# otherwise), and a one-line rationale — the reason the number is what it is.

# %%
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

# %% [markdown]
# ## Validating it
#
# `check_model` reads the folder the way the engine will and returns *every* problem,
# each naming the file and the key at fault — nothing is silently fixed. First a
# deliberate mistake: a cost estimate above the scale's top, and a range that does not
# contain its best estimate.

# %%
broken = folder / "scenarios" / "levees.toml"
good_text = broken.read_text(encoding="utf-8")
bad_text = good_text.replace("value = 260, range = [200, 340]", "value = 460, range = [200, 340]")
bad_text = bad_text.replace("value = 2, range = [1, 4]", "value = 5, range = [1, 4]")
broken.write_text(bad_text, encoding="utf-8")
for problem in scenarios.check_model(folder):
    print(problem)
broken.write_text(good_text, encoding="utf-8")  # put the right numbers back
print("after the fix:", scenarios.check_model(folder) or "no problems")

# %% [markdown]
# ## Ranking
#
# Exactly the same calls as for the Iraq model.

# %%
city = scenarios.load_model(folder)
ranking = scenarios.rank(city)
ranking

# %% [markdown]
# Room for the river leads comfortably. `explain` shows where its score comes from: each
# raw score, the value it maps to (cost through the budget office's curve), the weight,
# and their product.

# %%
ranking.explain(ranking.order()[0])[["criterion_label", "score", "value", "weight", "contribution"]]

# %% [markdown]
# Not everyone weighs the criteria like the city's analysts. Under each stakeholder's
# weights:

# %%
scenarios.compare_profiles(city)

# %% [markdown]
# Floodplain residents, who weigh protection and displacement above all, would rather
# raise the levees; the budget office and environmental groups side with room for the
# river, and rank the levees last. That disagreement is worth knowing before the council
# meets.

# %% [markdown]
# ## How robust is it?
#
# The model says weights are uncertain within their ranges (the `intervals` weight model:
# every weight vector that respects all ranges is equally likely) and scores within theirs.
# SMAA-2 draws both many times and counts how often each option comes first.

# %%
smaa = scenarios.sensitivity(city, samples=SAMPLES, seed=SEED)
smaa

# %% [markdown]
# Room for the river comes first in the large majority of draws. A tornado analysis shows
# which single input could do most damage to its lead: each uncertain weight and score is
# swung to the ends of its range, one at a time, and the leader's margin over the best
# alternative recorded.

# %%
tornado = scenarios.tornado(city)
columns = ["kind", "criterion", "option", "low", "high", "margin_low", "margin_high", "swing"]
tornado.to_frame()[columns].head(8)

# %% [markdown]
# The margin stays positive at both ends of every swing: no single input, moved alone
# across its plausible range, overturns the lead. The most sensitive is room for the
# river's own flood-risk score, whose low end (35 %) leaves only a thin margin — the
# number worth a second engineering opinion.

# %% [markdown]
# ## The tradeoff at a glance
#
# The winner map over three of the four criteria (displacement keeps its weight):

# %%
wmap = scenarios.winner_map(city, ("risk_reduction", "cost", "ecology"), resolution=60)
scenarios.plot_winner_map(wmap, city)
plt.show()

# %% [markdown]
# Only when flood-risk reduction takes most of the weight do the levees win; managed
# retreat, with its high displacement, wins nowhere on this map.

# %% [markdown]
# ## Saving a what-if as a new model
#
# Suppose the engineers come back with a better levee design: 80 % of damage avoided for
# the same money. `with_score` makes a modified copy of the model (the files on disk are
# untouched) and `save_model` writes it out as a new model folder that colleagues can
# open, diff and run from the command line. It refuses to overwrite a folder that already
# holds files unless told `overwrite=True`.

# %%
better_levees = city.with_score("levees", "risk_reduction", 80, range=(70, 88))
saved = scenarios.save_model(better_levees, workdir / "riverton_better_levees")
print((saved / "scenarios" / "levees.toml").read_text(encoding="utf-8"))
scenarios.rank(scenarios.load_model(saved)).to_frame()[["rank", "label", "score"]]

# %% [markdown]
# Even with the better design the levees stay second: their cost, ecology and the
# weight the city gives those keep room for the river ahead.

# %%
try:
    scenarios.save_model(better_levees, saved)
except scenarios.UsageError as err:
    print("refused:", err)

# %% [markdown]
# That is the whole workflow for a new decision: write the folder, `check_model`, `rank`,
# `sensitivity`, explore. From the command line the same folder works with
# `scenarios rank --model path/to/riverton`.

# %%
import shutil

shutil.rmtree(workdir)  # remove the scratch folder; comment out to keep the files
