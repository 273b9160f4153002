"""Spreadsheets: a model to an .xlsx workbook and back, and a model's scores from a CSV file.

`export_workbook(model, path)` writes the sheets of `layout.model_tables`; `import_workbook`
reads them back into the model folder's TOML documents, checked by the loader, every problem
naming its sheet, row and column (`model.xlsx: scores!row 7 (C7): value: expected a number,
got 'high'`). `import_scores_csv` replaces an existing model's scores from a CSV file with the
scores sheet's columns. The round trip is exact: the workbook holds every number as the
model has it (a number a cell cannot keep, openpyxl writing 16 significant digits, goes in
as text), and weights as numbers the loader normalizes back to the same weights.

openpyxl is used directly rather than through pandas: reading needs each cell's position and
its type as stored (a number typed as text, a date, a formula), which a DataFrame blurs.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..errors import ModelError, Problem
from ..files import write_atomic
from .decision import Model, Score
from .folder import check_files, model_files
from .layout import FORMULA_START, fits_a_cell, model_tables
from .load import _read_score, _Reader
from .save import dumps, option_doc
from .sheets import REQUIRED_SHEETS, SheetError, Table, TableReader

SHEET_ORDER = ("criteria", "scores", "options", "settings", "profiles", "uncertainties", "effects")
WIDTHS = {"rationale": 80, "description": 60, "summary": 60, "label": 36, "outcome_label": 36}


# ---- export ------------------------------------------------------------------------------
def export_workbook(model: Model, path: str | os.PathLike[str]) -> Path:
    """Write `model` as an .xlsx workbook, whole or not at all; returns the path."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils.exceptions import IllegalCharacterError

    book = Workbook()
    book.remove(book.active)
    for name, (header, rows) in model_tables(model).items():
        sheet = book.create_sheet(name)
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                try:
                    _put(sheet.cell(r, c), value)
                except IllegalCharacterError:
                    raise SheetError(
                        Problem(
                            str(path), f"{name}!row {r}", f"{header[c - 1]}: text holds a control character"
                        )
                    ) from None
        sheet.freeze_panes = "A2"
        for c, title in enumerate(header, start=1):
            letter = sheet.cell(1, c).column_letter
            longest = max((len(str(row[c - 1] or "")) for row in rows), default=0)
            sheet.column_dimensions[letter].width = min(max(len(title), longest) + 2, WIDTHS.get(title, 24))
            if title in WIDTHS:
                for row_cells in sheet.iter_rows(min_row=2, min_col=c, max_col=c):
                    row_cells[0].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(path, buffer.getvalue())
    return Path(path)


def _put(cell: Any, value: Any) -> None:
    """Store `value` in `cell` as a number or as text, never as a formula.

    openpyxl stores any string starting with "=" as a formula, and a spreadsheet treats text
    starting with =, +, - or @ as one when the cell is edited: a label such as
    `=HYPERLINK("http://…")` must stay a label. So text is typed as a string ("s") and
    flagged quotePrefix (Excel's leading apostrophe, which it does not show or save as part
    of the text). A float a cell cannot keep exactly is stored as its exact decimal text.
    """
    if isinstance(value, float) and not fits_a_cell(value):
        value = repr(value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True


# ---- import --------------------------------------------------------------------------------
def import_workbook(path: str | os.PathLike[str], check: bool = True) -> dict[str, dict[str, Any]]:
    """The model folder's TOML documents ({"weights.toml": …, "scenarios/<id>.toml": …,
    "futures.toml": …}) read from an .xlsx workbook. Raises SheetError naming the sheet, row
    and column of every problem; with `check`, also every problem the loader finds."""
    path = Path(path)
    tables = read_workbook(path)
    reader = TableReader(path.name)
    docs = _workbook_docs(tables, reader, default_title=path.stem)
    reader.raise_problems()
    if check:
        _check(render(docs), reader)
    return docs


def _check(files: Mapping[str, str], reader: TableReader) -> None:
    """The loader's problems with `files`, each at the cell it came from."""
    try:
        check_files(files, reader.locate)
    except ModelError as e:
        raise SheetError(e.problems) from None


def render(docs: Mapping[str, dict[str, Any]]) -> dict[str, str]:
    """Relative path → TOML text of each document."""
    return {rel: dumps(doc) for rel, doc in docs.items()}


def _workbook_docs(
    tables: dict[str, Table], reader: TableReader, default_title: str
) -> dict[str, dict[str, Any]]:
    missing = [name for name in REQUIRED_SHEETS if name not in tables]
    if missing:
        have = ", ".join(repr(n) for n in tables) or "none"
        for name in missing:
            reader.problems.append(
                Problem(
                    reader.where,
                    name,
                    f"missing sheet (the workbook's sheets: {have}; sheet names are case-insensitive)",
                )
            )
        return {}
    criteria = reader.read_criteria(tables["criteria"])
    options = reader.read_options(tables["options"])
    scores = reader.read_scores(
        tables["scores"], options, criteria, " (a new option needs a row in the options sheet too)"
    )
    weights: dict[str, Any] = {"title": default_title}
    if "settings" in tables:
        reader.read_settings(tables["settings"], weights)
    weights["criteria"] = criteria
    if "profiles" in tables:
        profiles = reader.read_profiles(tables["profiles"], list(criteria))
        if profiles:
            weights["profiles"] = profiles
    # the order weights.toml is written in: as a person would lay it out
    order = ("title", "source", "defaults", "criteria", "weight_uncertainty", "method_params", "profiles")
    docs: dict[str, dict[str, Any]] = {"weights.toml": {k: weights[k] for k in order if k in weights}}
    for oid, doc in options.items():
        docs[f"scenarios/{oid}.toml"] = {**doc, "scores": scores[oid]}
    if "uncertainties" in tables or "effects" in tables:
        futures = reader.read_futures(tables.get("uncertainties"), tables.get("effects"), options, criteria)
        docs["futures.toml"] = {k: v for k, v in futures.items() if v}
    return docs


def read_workbook(path: Path) -> dict[str, Table]:
    """Sheet name (lower case) → Table, for the sheets this module knows; raises SheetError
    for a file that is not an .xlsx workbook, in one line saying what it looks like instead."""
    data = _read_bytes(path)
    where = path.name
    if not data:
        raise SheetError(Problem(where, "", "the file is empty; expected an .xlsx workbook"))
    if data[:8] == bytes.fromhex("D0CF11E0A1B11AE1"):
        raise SheetError(
            Problem(
                where, "", "an old-style .xls (or password-protected) workbook; save it as .xlsx and retry"
            )
        )
    if data[:2] != b"PK":
        looks = "a text or CSV file" if _is_text(data) else "not a spreadsheet"
        hint = " (to replace a model's scores from a CSV file, name it .csv and give --model)"
        raise SheetError(
            Problem(where, "", f"not an .xlsx workbook: {looks}{hint if _is_text(data) else ''}")
        )
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
        if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
            kind = (
                "an OpenDocument (.ods) file; save it as .xlsx" if "content.xml" in names else "a zip archive"
            )
            raise SheetError(Problem(where, "", f"not an .xlsx workbook: {kind}"))
        book = load_workbook(io.BytesIO(data), data_only=False)
        values = None
    except SheetError:
        raise
    except Exception as e:  # openpyxl raises many kinds on a damaged file; all mean the same here
        raise SheetError(Problem(where, "", f"cannot read the workbook ({type(e).__name__}: {e})")) from None
    tables: dict[str, Table] = {}
    for sheet in book.worksheets:
        name = sheet.title.strip().lower()
        if name in SHEET_ORDER and name not in tables:
            rows = [list(r) for r in sheet.iter_rows()]
            if any(c.data_type == "f" for r in rows for c in r):
                values = values or load_workbook(io.BytesIO(data), data_only=True)
            cached = values[sheet.title] if values is not None else None
            tables[name] = _table(name, rows, cached, where)
    return tables


def _table(name: str, rows: list[Any], cached: Any, where: str) -> Table:
    header = tuple("" if c.value is None else str(c.value).strip() for c in rows[0]) if rows else ()
    body = []
    for cells in rows[1:]:
        values = []
        for c in cells:
            v = c.value
            if c.data_type == "f":
                v = cached.cell(c.row, c.column).value if cached is not None else None
                if v is None:
                    v = f"{c.value} (a formula with no saved result: open and save the file in a spreadsheet)"
            values.append(v)
        if any(v is not None and not (isinstance(v, str) and not v.strip()) for v in values):
            body.append((cells[0].row, tuple(values)))
    return Table(name, header, tuple(body))


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise SheetError(Problem(str(path), "", "file not found")) from None
    except IsADirectoryError:
        raise SheetError(Problem(str(path), "", "is a folder, expected a file")) from None
    except OSError as e:
        raise SheetError(Problem(str(path), "", f"cannot read the file ({e.strerror})")) from None


def _is_text(data: bytes) -> bool:
    try:
        data[:4096].decode("utf-8")
    except UnicodeDecodeError as e:
        if e.start < 4090:  # not merely a character cut at the end of the sample
            return False
    return b"\x00" not in data[:4096]


# ---- a model's scores from CSV ------------------------------------------------------------
def import_scores_csv(path: str | os.PathLike[str], model: Model) -> dict[str, str]:
    """The files of `model`'s folder with its scores replaced by those of a CSV file with the
    scores sheet's columns (relative path → text). Option files whose scores do not change,
    weights.toml and futures.toml are kept byte for byte; changed option files are rewritten
    (their comments are not kept). Raises SheetError naming the row and column of every
    problem, the loader's included."""
    path = Path(path)
    table = read_csv(path)
    reader = TableReader(path.name)
    scores = reader.read_scores(
        table, model.option_ids, model.criterion_ids, " (a CSV of scores cannot add options; use a workbook)"
    )
    reader.raise_problems()
    files = model_files(model.path) if model.path is not None else {}
    for o in model.options:
        rel = f"scenarios/{o.id}.toml"
        if rel not in files or any(_score(scores[o.id][c], c) != o.scores[c] for c in model.criterion_ids):
            files[rel] = dumps({**option_doc(o, model), "scores": scores[o.id]})
    _check(files, reader)
    return files


def _score(doc: Any, cid: str) -> Score | None:
    """A score document as the loader reads it (None if it would not read)."""
    return _read_score(_Reader(""), doc, f"scores.{cid}")


def read_csv(path: Path) -> Table:
    """A CSV file (UTF-8, with or without a BOM; comma, semicolon or tab separated) as a Table."""
    data = _read_bytes(path)
    where = path.name
    if not data.strip():
        raise SheetError(Problem(where, "", "the file is empty; expected a header row and score rows"))
    if data[:2] == b"PK":
        raise SheetError(
            Problem(where, "", "this is an .xlsx workbook (or a zip), not CSV text; name it .xlsx")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise SheetError(
            Problem(where, "", f'not UTF-8 text (byte {e.start}); save it as "CSV UTF-8" and retry')
        ) from None
    first = text.splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first.count)
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    header = tuple(h.strip() for h in rows[0])
    body = tuple((n, tuple(r)) for n, r in enumerate(rows[1:], start=2) if any(c.strip() for c in r))
    return Table("scores", header, body, letters=False)
