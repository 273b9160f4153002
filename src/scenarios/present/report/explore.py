"""The HTML report's Explore panel: the model as escaped JSON, the controls as HTML, and the script
(`explore.js`) that re-ranks the options in the page as the reader moves them.

The page recomputes the additive ranking exactly as `scenarios rank --format json --method additive`
does (value functions, weights normalized to sum 1, Σ w_j v_ij, ties within 1e-12 sharing the
better rank), plus red-line demotion and futures effects. Futures and red lines are read with
`getattr` so the panel works with models that have neither and lights up when they do:

- `model.futures` — `Futures(uncertainties=(Uncertainty(id, label, outcomes=(Outcome(id, label,
  probability), …)), …), effects=(Effect(when=((u, o), …), option, criterion, shift, value), …))`;
- `Criterion.red_line` — a score strictly worse than it, in the criterion's direction, crosses it.

Futures start unconditioned ("as scored": no effects), so the panel opens on the same ranking as
the report's ranking section; the reader picks one outcome per uncertainty to apply its effects.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from importlib import resources
from typing import Any

from ...model.decision import Model
from ..plots import palette

PANEL_METHOD = "additive"  # the only method the page reimplements


def esc(text: Any) -> str:
    return html.escape(str(text), quote=True)


def futures_of(model: Model) -> Any:
    """The model's futures, or None while models carry none (before `futures.toml` support lands)."""
    return getattr(model, "futures", None)


def payload(model: Model, futures: Any = None) -> dict[str, Any]:
    """Everything the page needs to re-rank, as plain JSON-ready data (criteria and options in model
    order; floats round-trip exactly through JSON)."""
    futures = futures if futures is not None else futures_of(model)
    criteria = []
    for c in model.criteria:
        xs, vs = c.value_points()
        red_line = getattr(c, "red_line", None)
        criteria.append(
            {
                "id": c.id,
                "label": c.label,
                "better": c.better,
                "scale": [float(c.scale[0]), float(c.scale[1])],
                "xs": [float(x) for x in xs],
                "vs": [float(v) for v in vs],
                "weight": float(c.weight),
                "red_line": None if red_line is None else float(red_line),
            }
        )
    uncertainties = [
        {
            "id": u.id,
            "label": u.label,
            "outcomes": [
                {"id": o.id, "label": o.label, "probability": float(o.probability)} for o in u.outcomes
            ],
        }
        for u in getattr(futures, "uncertainties", ())
    ]
    effects = [
        {
            "when": [list(pair) for pair in e.when],
            "option": e.option,
            "criterion": e.criterion,
            "shift": None if e.shift is None else float(e.shift),
            "value": None if e.value is None else float(e.value),
        }
        for e in getattr(futures, "effects", ())
    ]
    return {
        "method": PANEL_METHOD,
        "model_method": model.method,
        "criteria": criteria,
        "options": [
            {"id": o.id, "label": o.label, "scores": [float(o.scores[c].value) for c in model.criterion_ids]}
            for o in model.options
        ],
        "profiles": [
            {"id": p.id, "label": p.label, "weights": [float(w) for w in p.weights]}
            for p in model.profiles.values()
        ],
        "uncertainties": uncertainties,
        "effects": effects,
        "colors": palette(len(model.criteria)),
    }


def data_json(data: dict[str, Any]) -> str:
    """JSON safe inside <script type="application/json">: `<`, `>` and `&` become \\u escapes, so no
    label can close the element (`</script>`) or open a comment (`<!--`)."""
    text = json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def script() -> str:
    """The panel's JavaScript, as shipped beside this module."""
    return resources.files(__package__).joinpath("explore.js").read_text(encoding="utf-8")


def script_hash(js: str) -> str:
    """The CSP source for the inline script, so the page may run it and nothing else."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(js.encode("utf-8")).digest()).decode() + "'"


def _pct(w: float) -> str:
    return f"{100 * w:.1f}%"


def _weights(model: Model) -> str:
    options = ['<option value="">Model weights</option>'] + [
        f'<option value="{esc(p.id)}" dir="auto">{esc(p.label)}</option>' for p in model.profiles.values()
    ]
    rows = [
        '<div class="x-field"><label for="explore-profile">Start from</label>'
        f'<select id="explore-profile">{"".join(options)}</select></div>'
    ]
    for j, c in enumerate(model.criteria):
        rows.append(
            f'<div class="x-weight"><label for="explore-w{j}" dir="auto">{esc(c.label)}</label>'
            f'<input type="range" id="explore-w{j}" data-criterion="{esc(c.id)}" min="0" max="1" '
            f'step="0.01" value="{c.weight!r}">'
            f'<output for="explore-w{j}" id="explore-wpct{j}">{_pct(c.weight)}</output></div>'
        )
    return (
        '<fieldset><legend>Weights</legend><p class="caption">Each slider sets a raw weight; the '
        "percentages are the weights normalized to sum 100%.</p>" + "".join(rows) + "</fieldset>"
    )


def _futures(futures: Any) -> str:
    groups = []
    for k, u in enumerate(getattr(futures, "uncertainties", ())):
        radios = [
            f'<div class="x-radio"><input type="radio" name="explore-u{k}" id="explore-u{k}-none" '
            f'data-uncertainty="{esc(u.id)}" data-outcome="" checked>'
            f'<label for="explore-u{k}-none">As scored (no effects)</label></div>'
        ]
        for i, o in enumerate(u.outcomes):
            radios.append(
                f'<div class="x-radio"><input type="radio" name="explore-u{k}" id="explore-u{k}-{i}" '
                f'data-uncertainty="{esc(u.id)}" data-outcome="{esc(o.id)}">'
                f'<label for="explore-u{k}-{i}" dir="auto">{esc(o.label)} '
                f"({_pct(o.probability)})</label></div>"
            )
        groups.append(f'<fieldset><legend dir="auto">{esc(u.label)}</legend>{"".join(radios)}</fieldset>')
    if not groups:
        return ""
    return (
        '<fieldset><legend>Futures</legend><p class="caption">Pick an outcome to apply its effects on '
        "the scores; “as scored” applies none.</p>" + "".join(groups) + "</fieldset>"
    )


def _red_lines(model: Model) -> str:
    rows = []
    for j, c in enumerate(model.criteria):
        red_line = getattr(c, "red_line", None)
        value = "" if red_line is None else f' value="{float(red_line)!r}"'
        lo, hi = c.scale
        rows.append(
            f'<div class="x-field"><span class="x-name"><label for="explore-rl{j}" dir="auto">'
            f'{esc(c.label)}</label><span class="caption" id="explore-rlh{j}">{lo:g}–{hi:g}, '
            f"{esc(c.better)} is better</span></span>"
            f'<input type="number" id="explore-rl{j}" data-red-line="{esc(c.id)}" step="any" '
            f'inputmode="decimal" placeholder="none"{value} aria-describedby="explore-rlh{j}"></div>'
        )
    return (
        '<fieldset><legend>Red lines</legend><p class="caption">An option whose score is worse than a '
        "red line ranks below every option that crosses none. Empty = no red line.</p>"
        + "".join(rows)
        + "</fieldset>"
    )


def panel_html(model: Model, futures: Any = None) -> str:
    """The panel: controls, the live ranking, the embedded data and the inline script."""
    futures = futures if futures is not None else futures_of(model)
    note = ""
    if model.method != PANEL_METHOD:
        note = (
            f" The report above uses the {esc(model.method)} method; this panel computes the additive "
            "(weighted-sum) ranking."
        )
    intro = (
        '<p dir="auto">Change the weights, pick a stakeholder profile, choose how the futures turn out '
        "or set red lines: the ranking below is recomputed in this page (additive method, point "
        "scores), with the same numbers <code>scenarios rank --format json</code> prints for the same "
        f"settings. Nothing leaves the page.{note}</p>"
    )
    data = data_json(payload(model, futures))
    return "".join(
        [
            intro,
            '<noscript><p class="caption">The panel needs JavaScript; the tables above hold the same '
            "ranking at the model's settings.</p></noscript>",
            '<div class="explore" id="explore-panel" hidden>',
            '<div class="x-controls">',
            _weights(model),
            _futures(futures),
            _red_lines(model),
            '<button type="button" id="explore-reset">Reset to the model</button>',
            "</div>",
            '<div class="x-result"><h3>Ranking</h3>',
            '<p class="caption" id="explore-status" aria-live="polite"></p>',
            '<div id="explore-ranking"><ol></ol></div>',
            '<p class="caption">Bars: each criterion\'s contribution (weight × value) to the score.</p>',
            '<ul class="x-legend" id="explore-legend"></ul>',
            "</div></div>",
            f'<script type="application/json" id="explore-data">{data}</script>',
        ]
    )


CSS = """
.explore { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 1.5rem;
  margin-top: 1rem; }
.explore[hidden] { display: none; }
.explore fieldset { border: 1px solid var(--rule); border-radius: 6px; margin: 0 0 1rem;
  padding: .5rem .8rem .7rem; min-width: 0; }
.explore fieldset fieldset { border-style: dashed; margin: .5rem 0 0; }
.explore legend { font-weight: 600; padding: 0 .3rem; }
.explore h3 { font-size: 1.05rem; margin: 0 0 .4rem; }
.x-weight { display: grid; grid-template-columns: minmax(0, 1fr) 4.2rem; column-gap: .6rem;
  align-items: center; margin: .35rem 0; }
.x-weight label { grid-column: 1 / -1; font-size: .9rem; }
.x-weight input { width: 100%; margin: 0; accent-color: var(--accent); }
.x-weight output { text-align: right; font-variant-numeric: tabular-nums; font-size: .9rem; }
.x-field { display: flex; flex-wrap: wrap; align-items: center; gap: .2rem .6rem; margin: .4rem 0; }
.x-field > label, .x-name { flex: 1 1 9rem; font-size: .9rem; }
.x-name .caption { display: block; margin: 0; }
.x-field input, .x-field select { font: inherit; font-size: .9rem; max-width: 100%; }
.x-field input[type=number] { width: 6.5rem; }
.x-radio { display: flex; gap: .4rem; align-items: baseline; margin: .2rem 0; font-size: .9rem; }
.explore button { font: inherit; font-size: .9rem; padding: .3rem .8rem; }
.explore :focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.x-result { position: sticky; top: .5rem; align-self: start; }
#explore-ranking ol { list-style: none; margin: 0; padding: 0; }
#explore-ranking li { padding: .45rem 0; border-bottom: 1px solid var(--rule); }
.x-head { display: flex; gap: .6rem; align-items: baseline; }
.x-rank { font-weight: 600; min-width: 1.4rem; font-variant-numeric: tabular-nums; }
.x-label { flex: 1; min-width: 0; overflow-wrap: anywhere; }
.x-score { font-variant-numeric: tabular-nums; font-weight: 600; }
.x-bar { display: flex; height: .8rem; margin-top: .3rem; background: var(--band); border-radius: 3px;
  overflow: hidden; }
.x-bar span { display: block; height: 100%; }
.x-crossed { color: #a33; font-size: .85rem; margin: .2rem 0 0; }
li.x-out .x-label, li.x-out .x-score { color: var(--muted); }
.x-legend { list-style: none; padding: 0; margin: .3rem 0; display: flex; flex-wrap: wrap;
  gap: .2rem 1rem; font-size: .85rem; }
.x-legend i { display: inline-block; width: .8rem; height: .8rem; border-radius: 2px;
  margin-inline-end: .3rem; vertical-align: -.1rem; }
@media (max-width: 720px) {  /* one column; the ranking stays in view while the controls scroll */
  .explore { grid-template-columns: minmax(0, 1fr); gap: .8rem; }
  .x-result { grid-row: 1; top: 0; z-index: 1; background: #fff; max-height: 45vh; overflow-y: auto;
    padding: .3rem 0; border-bottom: 2px solid var(--rule); }
}
@media print { #explore { display: none; } }  /* nothing to move on paper */
"""
