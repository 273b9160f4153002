# %% [markdown]
# # 6 · Explore: weights, methods, futures and red lines on one panel
#
# Every analysis in notebooks 1–5 is a call to the public API with some settings: whose
# weights, which aggregation method, which world (futures outcome), which red lines. This
# notebook puts all of them on one panel and re-ranks the options as you change them:
#
# - a **slider per criterion weight** (raw numbers; the engine renormalizes them to sum 1,
#   and the panel shows the normalized weights live);
# - a **profile** menu that loads a stakeholder's weights into the sliders;
# - a **method** menu (every method in `scenarios.methods.METHODS`);
# - a menu per **futures uncertainty**: "as scored" (the scores as written in the model
#   files) or one of its outcomes, whose effects then shift the scores;
# - a **red line** per criterion (empty = none): an option whose score is worse than the
#   line ranks below every option that crosses none.
#
# The panel only calls `scenarios.rank(model.with_red_lines(...).in_future(...),
# weights=..., method=...)` and draws the result, so it shows exactly what the CLI and the
# other notebooks give for the same settings — which the last cells check. Nothing here
# is a recommendation: the panel shows how the ranking follows from the settings you pick.
#
# It needs [ipywidgets](https://ipywidgets.readthedocs.io) (in the `test` extra) and,
# to be interactive, a Jupyter frontend. Run top to bottom without one (as the test
# suite does) and the panel is still built and driven from code.

# %%
import io
import textwrap

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from IPython.display import HTML, Image, display

import scenarios
from scenarios.methods import METHODS

model = scenarios.load_model()  # the model shipped with the package
MODEL_WEIGHTS = "model weights"  # the profile menu's entry for the model's own point weights
AS_SCORED = "as scored"  # a futures menu's entry for "no outcome applied"

# %% [markdown]
# ## The callback, without widgets
#
# `update` turns one set of panel values into a `Ranking`; it knows nothing about widgets,
# so it can be called (and tested) on its own. `table_of` and `contribution_chart` are what
# the panel draws from a ranking.


# %%
def update(weights, method=None, future=None, red_lines=None) -> scenarios.Ranking:
    """The ranking for one set of panel values.

    weights: {criterion: raw weight}, renormalized by the engine; method: a METHODS key
    (None = the model's); future: {uncertainty: outcome} for the menus not left "as scored";
    red_lines: {criterion: line on its scale, or None for none}.
    """
    conditioned = model.with_red_lines(red_lines or {}).in_future(future or {})
    return scenarios.rank(conditioned, weights=weights, method=method)


def table_of(ranking: scenarios.Ranking) -> pd.DataFrame:
    """Rank order: rank, label, the method's score, and any red lines the option crosses."""
    table = ranking.to_frame()[["rank", "label", "score"]].copy()
    table["red lines crossed"] = [", ".join(ranking.red_lines_crossed(o)) for o in table.index]
    return table


def contribution_chart(ranking: scenarios.Ranking):
    """Each criterion's part in each option's score, as the method defines it (grouped bars)."""
    crits, order = list(ranking.contributions.columns), list(ranking.option_labels.index)  # fixed colours
    fig, ax = plt.subplots(figsize=(10, 0.55 * len(crits) + 1.2))
    fig.subplots_adjust(left=0.22, right=0.7, top=0.92, bottom=0.14)  # fixed: a layout engine is slow
    height = 0.8 / len(order)
    y = np.arange(len(crits))
    for k, oid in enumerate(order):
        values = ranking.contributions.loc[oid, crits].to_numpy(float)
        label = textwrap.fill(ranking.option_labels[oid], 28)
        ax.barh(y - 0.4 + height * (k + 0.5), values, height=height, label=label)
    ax.set_yticks(y, [textwrap.fill(ranking.criterion_labels[c], 26) for c in crits], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="black", lw=0.6)
    ax.set_xlabel(f"contribution ({ranking.contributions_are})", fontsize=8)
    ax.legend(fontsize=8, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    future = ", ".join(f"{u}={o}" for u, o in (ranking.future or {}).items()) or "scores as written"
    ax.set_title(f"{ranking.method} · {future}", fontsize=9, loc="left")
    return fig


# Try it once, at the model's own settings:
first = update({c.id: c.weight for c in model.criteria})
table_of(first)

# %% [markdown]
# ## The panel
#
# One widget per setting. `read_panel()` collects their values into the keyword
# arguments of `update`; `redraw` writes a ranking into the `Output` widget; `on_change`,
# observed by every widget, ties them together (and shows a mistake — a red line outside
# a criterion's scale, all weights at zero — instead of a ranking).

# %%
sliders = {
    c.id: widgets.FloatSlider(
        value=c.weight,
        min=0.0,
        max=1.0,
        step=0.01,
        description=c.label[:30],
        style={"description_width": "17em"},
        layout=widgets.Layout(width="38em"),
    )
    for c in model.criteria
}
normalized = widgets.HTML()
profile_menu = widgets.Dropdown(
    options=[(MODEL_WEIGHTS, MODEL_WEIGHTS)] + [(p.label, pid) for pid, p in model.profiles.items()],
    value=MODEL_WEIGHTS,
    description="profile",
)
method_menu = widgets.Dropdown(options=list(METHODS), value=model.method, description="method")
future_menus = {
    u.id: widgets.Dropdown(
        options=[AS_SCORED, *u.outcome_ids],
        value=AS_SCORED,
        description=u.id,
        style={"description_width": "9em"},
        layout=widgets.Layout(width="24em"),
    )
    for u in model.futures.uncertainties
}
red_line_boxes = {
    c.id: widgets.Text(
        value="",
        placeholder=f"none ({c.scale[0]:g}–{c.scale[1]:g}, {c.better} is better)",
        description=c.id,
        style={"description_width": "12em"},
        layout=widgets.Layout(width="30em"),
    )
    for c in model.criteria
}
out = widgets.Output()
shown = {"ranking": None, "table": None, "error": None}  # what the panel displays now
loading = {"profile": False}  # True while a profile fills the sliders: one redraw, not eight


def read_panel() -> dict:
    """The widgets' values as keyword arguments of `update` (ValueError on a bad red line)."""
    lines = {}
    for cid, box in red_line_boxes.items():
        text = box.value.strip()
        try:
            lines[cid] = float(text) if text else None
        except ValueError:
            raise ValueError(f"red line for {cid}: {text!r} is not a number") from None
    return {
        "weights": {cid: s.value for cid, s in sliders.items()},
        "method": method_menu.value,
        "future": {u: m.value for u, m in future_menus.items() if m.value != AS_SCORED},
        "red_lines": lines,
    }


def show_normalized() -> None:
    raw = pd.Series({cid: s.value for cid, s in sliders.items()})
    total = raw.sum()
    parts = [f"{cid} {w / total:.2f}" for cid, w in raw.items()] if total > 0 else ["all weights are 0"]
    normalized.value = "<small><b>normalized:</b> " + " · ".join(parts) + "</small>"


def redraw(ranking: scenarios.Ranking) -> None:
    """Replace the Output widget's contents with the ranking's table and contribution chart."""
    table = table_of(ranking)
    fig = contribution_chart(ranking)
    png = io.BytesIO()
    fig.savefig(png, format="png", dpi=80)
    plt.close(fig)  # drawn into the panel only, not also below the cell
    out.outputs = ()  # kernel-side, so it works with or without a frontend
    out.append_display_data(table)
    out.append_display_data(Image(data=png.getvalue(), format="png"))
    shown.update(ranking=ranking, table=table, error=None)


def on_change(_change=None) -> None:
    show_normalized()
    if loading["profile"]:
        return
    try:
        ranking = update(**read_panel())
    except (scenarios.UsageError, ValueError) as error:
        out.outputs = ()
        out.append_display_data(HTML(f"<b>Not ranked:</b> {error}"))
        shown.update(ranking=None, table=None, error=str(error))
        return
    redraw(ranking)


def load_profile(change) -> None:
    """Fill the sliders with a profile's weights (normalized), then redraw once."""
    pid = change["new"]
    raw = model.weights if pid == MODEL_WEIGHTS else np.array(model.profile(pid).weights)
    loading["profile"] = True
    try:
        for slider, w in zip(sliders.values(), raw / raw.sum(), strict=True):
            slider.value = float(w)
    finally:
        loading["profile"] = False
    on_change()


for w in [*sliders.values(), method_menu, *future_menus.values(), *red_line_boxes.values()]:
    w.observe(on_change, names="value")
profile_menu.observe(load_profile, names="value")

weights_box = widgets.VBox([widgets.HTML("<b>Weights</b>"), *sliders.values(), normalized])
settings_box = widgets.VBox(
    [profile_menu, method_menu, widgets.HTML("<b>Future</b>"), *future_menus.values()]
)
red_lines_box = widgets.Accordion(children=[widgets.VBox(list(red_line_boxes.values()))])
red_lines_box.set_title(0, "Red lines (empty = none)")
on_change()
display(widgets.VBox([widgets.HBox([weights_box, settings_box]), red_lines_box, out]))

# %% [markdown]
# Things to try: pick the "Restraint and cost first" profile and watch full withdrawal
# climb; switch the method and see whether the order survives (`scenarios methods` says
# what each assumes: TOPSIS, VIKOR and PROMETHEE II depend on the set of options, the
# weighted sum does not); set `nato` to `ends`, then to `continues`, and watch the two leading options trade
# places or not (notebook 5); draw a red line on militia exposure and see which option
# drops to the bottom.
#
# ## Checking the panel
#
# The panel is only useful if it shows what the API computes. These cells drive the widgets
# from code — as a user would by hand — and check the displayed ranking against a direct
# call of `rank` with the same settings. Running the notebook is the test.

# %%
sliders["isis_resurgence"].value = 0.5
method_menu.value = "topsis"
future_menus["nato"].value = "ends"
red_line_boxes["militia_threat"].value = "4.5"

expected = scenarios.rank(
    model.with_red_lines({"militia_threat": 4.5}).in_future({"nato": "ends"}),
    weights={cid: s.value for cid, s in sliders.items()},
    method="topsis",
)
assert shown["error"] is None
pd.testing.assert_frame_equal(shown["ranking"].to_frame(), expected.to_frame())
assert shown["ranking"].to_dict() == expected.to_dict()
displayed = [o["data"]["text/plain"] for o in out.outputs if "text/plain" in o["data"]]
assert displayed[0] == repr(table_of(expected)), "the Output widget shows the expected table"
assert "isis_resurgence 0." in normalized.value
assert expected.crossed.to_numpy().any(), "the check exercises a red line that is crossed"
print("panel = rank():", ", ".join(expected.order()))
shown["table"]

# %% [markdown]
# A profile fills the sliders with its weights, so the ranking equals `rank(...,
# profile=...)`; "as scored" removes an outcome; clearing a red line removes it; a red line
# outside the scale is refused with a message, not a traceback.

# %%
profile_menu.value = "iran_containment"
future_menus["nato"].value = AS_SCORED
red_line_boxes["militia_threat"].value = ""
method_menu.value = "additive"
expected = scenarios.rank(model, profile="iran_containment", method="additive")
pd.testing.assert_series_equal(shown["ranking"].scores, expected.scores)
pd.testing.assert_series_equal(shown["ranking"].weights, expected.weights)
assert shown["ranking"].order() == expected.order()

red_line_boxes["us_cost"].value = "11"  # the scale is 0-10
assert shown["ranking"] is None and "us_cost" in shown["error"]
print("refused:", shown["error"])
red_line_boxes["us_cost"].value = ""
assert shown["error"] is None

profile_menu.value = MODEL_WEIGHTS
pd.testing.assert_frame_equal(shown["ranking"].to_frame(), scenarios.rank(model).to_frame())
print("back at the model's own settings:", ", ".join(shown["ranking"].order()))
