"""Presentation: result frames → text tables, Markdown, CSV or JSON; atomic file output."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

FORMATS = ("table", "json", "csv", "markdown")


def _cell(v, digits: int) -> str:
    if v is None or (isinstance(v, float) and np.isnan(v)):
        return "–"
    if isinstance(v, float | np.floating):
        return f"{v:.{digits}f}"
    return str(v)


def text_table(frame: pd.DataFrame, digits: int = 3, index: bool = True) -> str:
    """A plain aligned table; numbers right-aligned, text left-aligned."""
    df = frame.reset_index() if index else frame
    cols = [str(c) for c in df.columns]
    rows = [[_cell(v, digits) for v in row] for row in df.itertuples(index=False)]
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    widths = [max([len(c)] + [len(r[i]) for r in rows]) for i, c in enumerate(cols)]

    def line(cells):
        return "  ".join(
            c.rjust(w) if num else c.ljust(w) for c, w, num in zip(cells, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(cols), line(["-" * w for w in widths]), *map(line, rows)])


def markdown_table(frame: pd.DataFrame, digits: int = 3, index: bool = True) -> str:
    df = frame.reset_index() if index else frame
    numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in df.columns]
    head = "| " + " | ".join(str(c) for c in df.columns) + " |"
    rule = "|" + "|".join("---:" if n else "---" for n in numeric) + "|"
    body = [
        "| " + " | ".join(_cell(v, digits).replace("|", "\\|") for v in row) + " |"
        for row in df.itertuples(index=False)
    ]
    return "\n".join([head, rule, *body])


def render(
    frame: pd.DataFrame,
    data: dict,
    fmt: str,
    title: str = "",
    digits: int = 3,
    sections: dict[str, pd.DataFrame] | None = None,
) -> str:
    """One result in the chosen format: `data` for JSON, `frame` for CSV, and for table and
    Markdown either `frame` or, when given, several titled `sections` (easier to read)."""
    if fmt == "json":
        return json.dumps(_jsonable(data), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return frame.to_csv()
    parts = sections or {"": frame}
    if fmt == "markdown":
        body = [(f"### {k}\n\n" if k else "") + markdown_table(f, digits) for k, f in parts.items()]
        return "\n\n".join(([f"## {title}"] if title else []) + body)
    body = [(f"{k}\n" if k else "") + text_table(f, digits) for k, f in parts.items()]
    return "\n\n".join(([title] if title else []) + body)


def ranking_sections(r) -> dict[str, pd.DataFrame]:
    """A Ranking as titled tables: the ranking, then each criterion's weighted contribution."""
    order = r.order()
    head = pd.DataFrame({"rank": r.ranks, "label": r.option_labels, "score": r.scores}).loc[order]
    head = head.rename_axis("option")
    contrib = r.contributions.loc[order].T
    contrib.insert(0, "weight", r.weights)
    return {"": head, "Contribution of each criterion (weight × value; columns sum to the score)": contrib}


def smaa_sections(r) -> dict[str, pd.DataFrame]:
    """A SmaaResult as titled tables: acceptability, central weights, pairwise, scores."""
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


def _jsonable(x):
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
