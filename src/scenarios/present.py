"""Presentation: result frames → text tables, Markdown, CSV or JSON; atomic file output."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from .errors import UsageError

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


def render(frame: pd.DataFrame, data: dict, fmt: str, title: str = "", digits: int = 3) -> str:
    """One result in the chosen format: `frame` for table/csv/markdown, `data` for JSON."""
    if fmt == "json":
        return json.dumps(_jsonable(data), ensure_ascii=False, indent=2)
    if fmt == "csv":
        return frame.to_csv()
    if fmt == "markdown":
        return (f"## {title}\n\n" if title else "") + markdown_table(frame, digits)
    return (f"{title}\n\n" if title else "") + text_table(frame, digits)


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


def write_atomic(path: str | os.PathLike, text: str | bytes) -> None:
    """Write the whole file or nothing: a temporary file in the same folder, then rename."""
    path = Path(path)
    if not path.parent.is_dir():
        raise UsageError.at("--output", str(path), f"folder {str(path.parent)!r} does not exist")
    if path.is_dir():
        raise UsageError.at("--output", str(path), "is a folder; give a file name")
    data = text.encode("utf-8") if isinstance(text, str) else text
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise UsageError.at("--output", str(path), f"cannot write there ({e.strerror})") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
