"""Presentation: result frames → text tables, Markdown, CSV or JSON; atomic file output."""

from __future__ import annotations

import csv
import io
import json
import os
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

import numpy as np

if TYPE_CHECKING:  # pandas is imported where a frame is built: `scenarios rank` needs none
    import pandas as pd

FORMATS = ("table", "json", "csv", "markdown")


@dataclass(frozen=True)
class Table:
    """A table built without pandas (about 0.2 s to import), for what `scenarios rank` prints:
    rows named by `index` under the header `index_name`, then `columns` as (name, cells) in
    order. Cells are numpy arrays (a numeric dtype makes a numeric column) or lists of text.
    Every format writes it exactly as it writes the equivalent pandas DataFrame."""

    index_name: str
    index: Sequence[str]
    columns: Sequence[tuple[str, Any]]


def _is_numeric(cells: Any) -> bool:
    """As pandas' is_numeric_dtype: booleans, integers, floats and complex numbers."""
    return isinstance(cells, np.ndarray) and cells.dtype.kind in "biufc"


def _cells(cells: Any) -> list[Any]:
    """Python scalars, as iterating a pandas column gives them."""
    return cells.tolist() if isinstance(cells, np.ndarray) else list(cells)


def _grid(frame: pd.DataFrame | Table, index: bool) -> tuple[list[Any], list[list[Any]], list[bool]]:
    """(column names, rows of cells, numeric? per column), the index first when `index`."""
    if isinstance(frame, Table):
        columns = [(frame.index_name, list(frame.index))] if index else []
        columns += frame.columns
        rows = [list(row) for row in zip(*(_cells(cells) for _, cells in columns), strict=True)]
        return [name for name, _ in columns], rows, [_is_numeric(cells) for _, cells in columns]
    import pandas as pd

    df = frame.reset_index() if index else frame
    rows = [list(row) for row in df.itertuples(index=False)]
    return list(df.columns), rows, [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]


def _cell(v: Any, digits: int) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "–"
    if isinstance(v, float | np.floating):
        return f"{v + 0.0 if abs(v) >= 0.5 * 10**-digits else 0.0:.{digits}f}"  # no "-0.000"
    return str(v)


WIDTH = 100  # tables fit a 100-column terminal: long text wraps, many columns split into blocks
_GAP = 2


def _text(v: Any, digits: int) -> str:
    """A cell on one line: newlines and tabs in labels would break the table's rows."""
    return " ".join(_cell(v, digits).split()) if isinstance(v, str) else _cell(v, digits)


def text_table(frame: pd.DataFrame | Table, digits: int = 3, index: bool = True, width: int = WIDTH) -> str:
    """A plain aligned table no wider than `width`; numbers right-aligned, text left-aligned.

    Text columns wrap (widest first) until the table fits; if the numbers alone are too wide,
    the columns are split into blocks, each repeating the first column.
    """
    names, cells, numeric = _grid(frame, index)
    cols = [" ".join(str(c).split()) for c in names]
    rows = [[_text(v, digits) for v in row] for row in cells]
    blocks = _column_blocks(cols, rows, numeric, width)
    return "\n\n".join(_block(cols, rows, numeric, b, width) for b in blocks)


def _natural(cols: list[str], rows: list[list[str]], i: int) -> int:
    return max([len(cols[i])] + [len(r[i]) for r in rows])


def _column_blocks(cols: Any, rows: Any, numeric: Any, width: Any) -> list[list[int]]:
    """Column indices per block: all at once when wrapping text can make them fit."""
    floor = [
        _natural(cols, rows, i) if numeric[i] or i == 0 else min(12, _natural(cols, rows, i))
        for i in range(len(cols))
    ]  # the first column names the rows: it is never squeezed
    blocks, current = [], [0]
    used = floor[0]
    for i in range(1, len(cols)):
        if used + _GAP + floor[i] > width and len(current) > 1:
            blocks.append(current)
            current, used = [0], floor[0]
        current.append(i)
        used += _GAP + floor[i]
    return [*blocks, current]


def _block(cols: Any, rows: Any, numeric: Any, keep: list[int], width: int) -> str:
    widths = {i: _natural(cols, rows, i) for i in keep}
    text = [i for i in keep[1:] if not numeric[i]]  # the first column names the row: never wrapped
    while sum(widths.values()) + _GAP * (len(keep) - 1) > width and text:
        widest = max(text, key=lambda i: widths[i])
        if widths[widest] <= 12:
            break
        widths[widest] -= 1
    wrapped = [{i: textwrap.wrap(r[i], widths[i]) or [""] for i in keep} for r in [cols, *rows]]

    def lines(cells: dict[int, list[str]]) -> list[str]:
        height = max(len(v) for v in cells.values())
        out = []
        for k in range(height):
            parts = []
            for i in keep:
                c = cells[i][k] if k < len(cells[i]) else ""
                parts.append(c.rjust(widths[i]) if numeric[i] else c.ljust(widths[i]))
            out.append((" " * _GAP).join(parts).rstrip())
        return out

    rule = (" " * _GAP).join("-" * widths[i] for i in keep)
    body = [ln for cells in wrapped[1:] for ln in lines(cells)]
    return "\n".join([*lines(wrapped[0]), rule, *body])


def _markdown_cell(v: Any, digits: int) -> str:
    """A cell safe in a Markdown table: one line, pipes escaped, no raw HTML, no live links."""
    text = _text(v, digits).replace("\\", "\\\\").replace("|", "\\|")
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("[", "\\[").replace("]", "\\]").replace("javascript:", "javascript&#58;")


def markdown_table(frame: pd.DataFrame | Table, digits: int = 3, index: bool = True) -> str:
    names, cells, numeric = _grid(frame, index)
    head = "| " + " | ".join(_markdown_cell(str(c), digits) for c in names) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    body = ["| " + " | ".join(_markdown_cell(v, digits) for v in row) + " |" for row in cells]
    return "\n".join([head, rule, *body])


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _guard(v: Any) -> Any:
    return "'" + v if isinstance(v, str) and v.startswith(_FORMULA) else v


def safe_csv(frame: pd.DataFrame | Table) -> str:
    """CSV in which no text cell can run as a spreadsheet formula (OWASP "CSV injection"): text
    starting with = + - @ (or a tab or return) gets a leading apostrophe. Numbers are untouched."""
    if isinstance(frame, Table):
        return _table_csv(frame)
    import pandas as pd

    guard = _guard
    out = frame.copy()
    out.index = out.index.map(guard) if not isinstance(out.index, pd.MultiIndex) else out.index
    out.columns = [guard(c) if isinstance(c, str) else c for c in out.columns]
    for c in out.columns:
        if not pd.api.types.is_numeric_dtype(out[c]):
            out[c] = out[c].map(guard)
    return cast(str, out.to_csv())


def _table_csv(t: Table) -> str:
    """`safe_csv` of a Table, written as pandas' `to_csv` writes the same frame: floats as numpy
    spells them (shortest round-trip), NaN and None empty, minimal quoting, os.linesep."""
    columns = []
    for _, cells in t.columns:
        if isinstance(cells, np.ndarray) and cells.dtype.kind == "f":
            text = cells.astype(str).astype(object)
            text[np.isnan(cells)] = ""
            columns.append(text.tolist())
        elif _is_numeric(cells):
            columns.append(_cells(cells))
        else:
            columns.append([_blank(_guard(v)) for v in _cells(cells)])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=os.linesep, quoting=csv.QUOTE_MINIMAL)
    writer.writerow([t.index_name, *(_guard(name) for name, _ in t.columns)])
    writer.writerows([_guard(key), *row] for key, *row in zip(t.index, *columns, strict=True))
    return out.getvalue()


def _blank(v: Any) -> Any:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else v


def render(
    frame: pd.DataFrame | Table,
    data: dict[str, Any],
    fmt: str,
    title: str = "",
    digits: int = 3,
    sections: dict[str, pd.DataFrame] | dict[str, Table] | None = None,
) -> str:
    """One result in the chosen format: `data` for JSON, `frame` for CSV, and for table and
    Markdown either `frame` or, when given, several titled `sections` (easier to read)."""
    if fmt == "json":
        return json.dumps(_jsonable(data), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return safe_csv(frame)
    parts = sections or {"": frame}
    if fmt == "markdown":
        body = [(f"### {k}\n\n" if k else "") + markdown_table(f, digits) for k, f in parts.items()]
        return "\n\n".join(([f"## {title}"] if title else []) + body)
    body = [(textwrap.fill(k, WIDTH) + "\n" if k else "") + text_table(f, digits) for k, f in parts.items()]
    return "\n\n".join(([textwrap.fill(title, WIDTH)] if title else []) + body)


MAX_CONTRIBUTION_OPTIONS = 20  # columns of the contribution table in table and markdown output


def ranking_table(r: Any) -> Table:
    """A Ranking's `to_frame()` as a Table: rank order; rank, label, score, then each
    criterion's contribution."""
    a, at = r.arrays, r.positions()
    return Table(
        "option",
        [a.options[i] for i in at],
        [
            ("rank", a.ranks[at]),
            ("label", [a.option_labels[i] for i in at]),
            ("score", a.scores[at]),
            *((c, a.contributions[at, j]) for j, c in enumerate(a.criteria)),
        ],
    )


def profiles_table(p: Any) -> Table:
    """A ProfileComparison's `to_frame()` as a Table: one column per weight set, each cell
    "rank (score)"; options in the rank order of the first."""
    first = next(iter(p.rankings.values()))
    at = first.positions()
    cells = [
        (k, [f"{r.arrays.ranks[i]} ({r.arrays.scores[i]:.3f})" for i in at]) for k, r in p.rankings.items()
    ]
    return Table("option", [first.arrays.options[i] for i in at], cells)


def ranking_sections(r: Any) -> dict[str, Table]:
    """A Ranking as titled tables: the ranking (with the method's intermediates and any red lines
    crossed), then each criterion's part in the score."""
    a, at = r.arrays, r.positions()
    order = [a.options[i] for i in at]
    head = [("rank", a.ranks[at]), ("label", [a.option_labels[i] for i in at]), ("score", a.scores[at])]
    head += [(k, v[at]) for k, v in a.intermediates.items()]
    if a.crossed.any():
        head.append(("red lines crossed", [", ".join(r.red_lines_crossed(o)) or "–" for o in order]))
    shown = at[:MAX_CONTRIBUTION_OPTIONS]
    contrib = [("weight", a.weights), *((a.options[i], a.contributions[i]) for i in shown)]
    title = f"Each criterion's part in the score ({r.contributions_are})"
    if len(shown) < len(order):  # 200 options side by side would be dozens of blocks of columns
        title += f"; the top {len(shown)} of {len(order)} options (--format csv or json has them all)"
    return {"": Table("option", order, head), title: Table("criterion", list(a.criteria), contrib)}


def smaa_sections(r: Any) -> dict[str, pd.DataFrame]:
    """A SmaaResult as titled tables: acceptability, central weights, pairwise, scores."""
    import pandas as pd

    order = r.order()
    head = pd.DataFrame({"P(first)": r.first, "±SE": r.acceptability_se[1], "confidence": r.confidence})
    ranks = r.acceptability.rename(columns=lambda k: f"rank {k}")
    return {
        "Rank acceptability: share of draws in which each option holds each rank": head.join(ranks).loc[
            order
        ],
        "Central weights: the average weights under which each option ranks first": r.central_weights.loc[
            order
        ].T,
        "Pairwise winning odds: P(row option scores above column option)": r.pairwise.loc[order, order],
        "Overall score (0–1 value scale): mean and quantiles": r.scores.loc[order],
    }


def _jsonable(x: Any) -> Any:
    """NaN → null, numpy scalars → Python numbers (JSON has no NaN)."""
    if isinstance(x, dict):
        return {str(k): _jsonable(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_jsonable(v) for v in x]
    if isinstance(x, np.ndarray):
        return _jsonable(x.tolist())
    if isinstance(x, np.integer):
        return int(x)
    if isinstance(x, float | np.floating):
        return None if np.isnan(x) else float(x)
    return x


def rule_in_words(rule: dict[str, Any]) -> str:
    """A break rule as a sentence: "when nato = ends and militia = escalation (catches 60 % of the
    futures where it is not best; right in 100 % of the futures it picks)"."""
    when = rule["when"]
    cond = "when " + conditions_in_words(when) if when else "in every future"
    return f"{cond} (catches {rule['coverage']:.0%} of them; right {rule['density']:.0%} of the time)"


def conditions_in_words(when: dict[str, Any]) -> str:
    """A break rule's conditions ({uncertainty: [outcomes]}) as words: "nato = ends and militia is
    escalation or restrained"; "every future" when there are none."""
    if not when:
        return "every future"
    return " and ".join(
        f"{u} = {outs[0]}" if len(outs) == 1 else f"{u} is {' or '.join(outs)}" for u, outs in when.items()
    )


def future_differences(r: Any) -> list[str]:
    """Each future of a FuturesResult (most probable first) named by how its outcomes differ from
    the most probable future's: "government=multi_vector, nato=ends"."""
    import pandas as pd

    outcomes = r.futures["outcome"] if len(r.uncertainties) else pd.DataFrame(index=r.futures.index)
    base = outcomes.iloc[0] if len(outcomes.columns) else pd.Series(dtype=object)
    return [
        ", ".join(f"{u}={o}" for u, o in row.items() if o != base[u]) or "(the most probable)"
        for _, row in outcomes.iterrows()
    ]


def futures_sections(r: Any, top: int = 12, rules: int = 3) -> dict[str, pd.DataFrame]:
    """A FuturesResult as titled tables that fit 100 columns: each option across the futures,
    the choices, the value of information, where each option breaks, and the most probable
    futures, each described by how it differs from the most probable one."""
    import pandas as pd

    options = r.options.drop(columns="label").sort_values("expected_score", ascending=False)
    choices = pd.DataFrame(
        {"option": pd.Series(r.choices)}, index=pd.Index(list(r.choices), name="rule")
    ).rename(
        index={
            "expected_score": "best expected score",
            "minimax_regret": "least worst regret",
            "maximin": "best worst case",
        }
    )
    info = pd.concat([pd.Series({"all (EVPI)": r.evpi}), r.evppi.sort_values(ascending=False)])
    info = info.rename("worth knowing (score points)").rename_axis("uncertainty").to_frame()
    lines = []
    for a, found in r.breaks.items():
        lines += [(a, rule_in_words(rule)) for rule in found[:rules]]
        if len(found) > rules:
            rest = sum(rule["coverage"] for rule in found[rules:])
            lines.append(
                (a, f"and {len(found) - rules} narrower rules catching {rest:.0%} (see --format json)")
            )
    breaks = pd.DataFrame(
        lines or [("–", "every option is best in every future")], columns=["option", "not best"]
    ).set_index("option")
    outcomes = r.futures["outcome"] if len(r.uncertainties) else pd.DataFrame(index=r.futures.index)
    base = outcomes.iloc[0] if len(outcomes.columns) else pd.Series(dtype=object)
    differs = future_differences(r)
    table = pd.DataFrame(
        {
            "probability": r.futures[("probability", "")],
            "best": r.futures[("best", "")],
            "differs from the most probable": differs,
        }
    )
    shown = table.head(top).rename_axis("future")
    more = len(table) - len(shown)
    most = ", ".join(f"{u}={o}" for u, o in base.items()) or "the plain model"
    return {
        "Each option across the futures": options,
        "Choices": choices,
        "Value of information: what knowing an uncertainty before choosing is worth": info,
        "Where each option breaks: the futures in which it is not best": breaks,
        f"Futures, most probable first (the most probable: {most}); every option's score in each "
        "future is in --format csv or json" + (f", as are {more} more futures" if more > 0 else ""): shown,
    }


def explain_sections(r: Any, option: str | None = None, risk: Any = None) -> dict[str, pd.DataFrame]:
    """A Ranking explained option by option: its rank and score (with the method's intermediates
    and any red line crossed), each criterion from raw score to its part in the score, and why."""

    frame = r.explain(option)
    out: dict[str, pd.DataFrame] = {}
    for oid in [option] if option else r.order():
        rows = frame[frame["option"] == oid].set_index("criterion")
        head = f"{oid} — {r.option_labels[oid]}: rank {int(r.ranks[oid])}, score {r.scores[oid]:.3f}"
        if r.intermediates is not None:
            head += "".join(f", {k} {v:.3f}" for k, v in r.intermediates.loc[oid].items())
        crossed = r.red_lines_crossed(oid)
        head += f"; crosses the red line on {', '.join(crossed)}" if crossed else ""
        if risk is not None:
            head += f"; crosses some red line in {risk.any[oid]:.0%} of plausible scores"
        cols = ["score", "value", "weight", "contribution"]
        out[f"{head}\n(contribution: {r.contributions_are})"] = rows[cols]
        out[f"Why: {oid}"] = rows[["rationale"]]
    return out


def side_by_side_sections(r: Any) -> dict[str, pd.DataFrame]:
    """Members' runs side by side: P(first) under each and under their mixture, each member's
    pick, and for a stakeholder group the criteria that split it."""

    first = r.first.rename(columns=lambda c: f"{c} ({r.shares[c]:.0%})" if c in r.shares.index else c)
    picks = r.picks.rename("first at its point estimate").rename_axis(r.kind).to_frame()
    verdict = "they agree" if r.agree else "they disagree"
    if not r.agree and r.kind == "profile":
        verdict += f"; compromise: {r.compromise or 'none'}"
    out = {
        f"How often each option is first under each {r.kind} (share) and under their mixture; "
        f"largest SE {float(r.first_se.to_numpy().max()):.4f}": first.rename_axis("option"),
        f"What each {r.kind} picks — {verdict}": picks,
    }
    if r.weights is not None:
        split = r.weights.loc[r.splits.index].assign(spread=r.splits).rename_axis("criterion")
        out["Where the profiles' weights differ most (normalized weights)"] = split
    return out
