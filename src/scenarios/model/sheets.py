"""Spreadsheet tables back to the model folder's TOML documents, each problem at its cell.

`TableReader` turns the tables of `layout.model_tables`, read from a workbook or a CSV file,
into the documents of weights.toml, scenarios/<id>.toml and futures.toml. It checks what only
a table can get wrong (a missing sheet or column, text in a number cell, a duplicate row) and
remembers which cell each TOML key came from, so that the loader's own problems can be
reported at the cell too (`locate`).
"""

from __future__ import annotations

import difflib
import math
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from ..errors import ModelError, Problem
from .layout import COLUMNS
from .load import ID
from .save import _num

# The columns a hand-made sheet may not leave out.
REQUIRED = {
    "criteria": ("id", "better", "weight"),
    "scores": ("option", "criterion", "value"),
    "options": ("id",),
    "settings": ("setting", "value"),
    "profiles": ("profile",),
    "uncertainties": ("uncertainty", "outcome", "probability"),
    "effects": ("when", "criterion"),
}
REQUIRED_SHEETS = ("criteria", "scores", "options")
# setting name → (TOML key in weights.toml, kind)
SETTINGS = {
    "title": ("title", "text"),
    "source": ("source", "text"),
    "method": ("defaults.method", "word"),
    "samples": ("defaults.samples", "integer"),
    "seed": ("defaults.seed", "integer"),
    "weight_model": ("weight_uncertainty.model", "word"),
    "concentration": ("weight_uncertainty.concentration", "number"),
}


# ---- tables → TOML documents ---------------------------------------------------------------
@dataclass(frozen=True)
class Table:
    """One sheet (or CSV file) as read: its header and its data rows with their row numbers."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    letters: bool = True  # spreadsheet cell names (D7); False for a CSV file (row 7, column value)


@dataclass(frozen=True)
class Cell:
    """Where a value came from: a table, and a row and a column when known."""

    table: str
    row: int | None = None
    column: str | None = None
    index: int | None = None  # the column's position, 0-based
    letters: bool = True

    def problem(self, where: str, message: str) -> Problem:
        if not self.letters:  # a CSV file: "scores.csv: row 7, column value: …"
            parts = [f"row {self.row}" if self.row else "", f"column {self.column}" if self.column else ""]
            return Problem(where, ", ".join(p for p in parts if p), message)
        if self.row is None:
            key = self.table + (f", column {self.column}" if self.column else "")
            return Problem(where, key, message)
        if self.index is None:
            return Problem(where, f"{self.table}!row {self.row}", message)
        ref = f"{column_letter(self.index)}{self.row}"
        text = message if message.startswith(f"{self.column} ") else f"{self.column}: {message}"
        return Problem(where, f"{self.table}!row {self.row} ({ref})", text)


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(65 + rest) + out
    return out


class SheetError(ModelError):
    """Problems in a workbook or CSV file, each naming its sheet, row and column."""

    def one_line(self) -> str:
        first = str(self.problems[0]) if self.problems else "invalid input"
        more = len(self.problems) - 1
        return first + (f" (and {more} more; add --check to list them all)" if more else "")


@dataclass
class _Row:
    """One data row of a table, with typed accessors that record problems at the cell."""

    reader: TableReader
    table: Table
    line: int
    values: tuple[Any, ...]
    columns: dict[str, int]

    def cell(self, column: str) -> Cell:
        return Cell(self.table.name, self.line, column, self.columns.get(column), self.table.letters)

    def raw(self, column: str) -> Any:
        i = self.columns.get(column)
        v = self.values[i] if i is not None and i < len(self.values) else None
        return None if isinstance(v, str) and not v.strip() else v

    def bad(self, column: str, message: str) -> None:
        self.reader.problems.append(self.cell(column).problem(self.reader.where, message))

    def text(self, column: str, required: bool = False) -> str:
        v = self.raw(column)
        if v is None:
            if required:
                self.bad(column, "empty; this cell is required")
            return ""
        if isinstance(v, str):
            return v
        if isinstance(v, int | float) and not isinstance(v, bool):
            return repr(_num(v))
        self.bad(column, f"expected text, got {_describe(v)}")
        return ""

    def word(self, column: str, required: bool = False) -> str:
        """An id or a keyword: text without surrounding spaces."""
        return self.text(column, required).strip()

    def number(self, column: str, required: bool = False, integer: bool = False) -> int | float | None:
        v = self.raw(column)
        if v is None:
            if required:
                self.bad(column, "empty; expected a number")
            return None
        x = _as_number(v)
        if x is None:
            hint = ""
            if isinstance(v, str) and "," in v and _as_number(v.replace(",", ".")) is not None:
                hint = " (use a point as the decimal separator)"
            elif isinstance(v, datetime | date | time):
                hint = " (the spreadsheet turned the entry into a date; format the column as a number)"
            self.bad(column, f"expected a number, got {_describe(v)}{hint}")
            return None
        if not math.isfinite(x):
            self.bad(column, f"expected a finite number, got {_describe(v)}")
            return None
        if integer:
            if not float(x).is_integer():
                self.bad(column, f"expected a whole number, got {_describe(v)}")
                return None
            return int(x)
        return _num(x)


def _as_number(v: Any) -> float | None:
    if isinstance(v, bool):
        return None
    if isinstance(v, int | float):
        return float(v)
    if isinstance(v, str):
        text = v.strip().replace("_", "x")  # "1_000" is not a number in a cell
        try:
            if text.endswith("%"):  # a percentage, as a spreadsheet saves one to CSV
                return float(Decimal(text[:-1].strip()) / 100)
            return float(text)
        except (ValueError, ArithmeticError):
            return None
    return None


def _describe(v: Any) -> str:
    if isinstance(v, str):
        return repr(v)
    if isinstance(v, bool):
        return f"the boolean {str(v).upper()}"
    if isinstance(v, datetime | date | time):
        return f"the date {v.isoformat()}"
    return repr(v)


@dataclass
class TableReader:
    """Turns tables into model documents, collecting problems and the cell behind each TOML key.

    `where` is the file name shown in messages. `cells[(file, key)]` is the cell a TOML key
    of `file` (a path relative to the model folder) was read from.
    """

    where: str
    problems: list[Problem] = field(default_factory=list)
    cells: dict[tuple[str, str], Cell] = field(default_factory=dict)

    # ---- shared plumbing ------------------------------------------------------------------
    def fail(self, cell: Cell, message: str) -> None:
        self.problems.append(cell.problem(self.where, message))

    def raise_problems(self) -> None:
        if self.problems:
            raise SheetError(self.problems)

    def rows(self, table: Table) -> list[_Row]:
        """The table's data rows, once its header is known to hold the required columns."""
        columns: dict[str, int] = {}
        for i, name in enumerate(table.header):
            key = _column_key(name)
            if key and key not in columns:
                columns[key] = i
        expected = COLUMNS.get(table.name, ())
        missing = [c for c in REQUIRED.get(table.name, ()) if c not in columns]
        for c in missing:
            near = difflib.get_close_matches(c, [k for k in columns if k not in expected], 1)
            hint = f" (is {near[0]!r} meant to be {c!r}?)" if near else ""
            have = ", ".join(repr(h) for h in table.header if h) or "nothing"
            self.fail(
                Cell(table.name, None, c, letters=table.letters),
                f"missing column {c!r}; the header row (row 1) has {have}{hint}",
            )
        if missing:
            return []
        for name, i in columns.items():
            near = difflib.get_close_matches(name, [c for c in expected if c not in columns], 1, 0.8)
            if near and table.name != "profiles":
                self.fail(
                    Cell(table.name, 1, name, i, table.letters),
                    f"unknown column {name!r}; did you mean {near[0]!r}?",
                )
        return [_Row(self, table, n, values, columns) for n, values in table.rows]

    def at(self, file: str, key: str, cell: Cell) -> None:
        self.cells.setdefault((file, key), cell)

    def locate(self, file: str, problem: Problem) -> Problem:
        """A loader problem about `file`'s `problem.key` → the same problem at its cell."""
        key = problem.key
        while True:
            cell = self.cells.get((file, key))
            if cell is not None:
                return cell.problem(self.where, problem.message)
            if not key:
                return Problem(self.where, f"{file}: {problem.key}".rstrip(": "), problem.message)
            key = key.rpartition(".")[0]

    # ---- the sheets ----------------------------------------------------------------------
    def read_criteria(self, table: Table) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        first_row: dict[str, int] = {}
        self.at("weights.toml", "criteria", Cell(table.name, letters=table.letters))
        self.at(
            "weights.toml",
            "criteria.*.weight_range",
            Cell(table.name, None, "weight_min", None, table.letters),
        )
        for row in self.rows(table):
            cid = row.word("id", required=True)
            if not cid:
                continue
            if cid in out:
                row.bad("id", f"duplicate criterion {cid!r} (also in row {first_row[cid]})")
                continue
            first_row[cid] = row.line
            prefix = f"criteria.{cid}"
            self.at("weights.toml", prefix, row.cell("id"))
            t: dict[str, Any] = {}
            if label := row.text("label"):
                t["label"] = label
            if better := row.word("better"):
                t["better"] = better
            self._pair(row, t, "scale", "scale_min", "scale_max")
            weight = row.number("weight", required=True)
            if weight is not None:
                t["weight"] = weight
            self._pair(row, t, "weight_range", "weight_min", "weight_max")
            line = row.number("red_line")
            if line is not None:
                t["red_line"] = line
            if text := row.text("value_function"):
                points = parse_value_function(text)
                if isinstance(points, str):
                    row.bad("value_function", points)
                else:
                    t["value_function"] = points
            if description := row.text("description"):
                t["description"] = description
            for key, column in (
                ("label", "label"),
                ("better", "better"),
                ("scale", "scale_min"),
                ("weight", "weight"),
                ("weight_range", "weight_min"),
                ("red_line", "red_line"),
                ("value_function", "value_function"),
                ("description", "description"),
            ):
                self.at("weights.toml", f"{prefix}.{key}", row.cell(column))
            out[cid] = t
        return out

    def _pair(self, row: _Row, t: dict[str, Any], key: str, low: str, high: str) -> None:
        a, b = row.number(low), row.number(high)
        if a is not None and b is not None:
            t[key] = [a, b]
        elif (a is None) != (b is None) and row.raw(low if a is None else high) is None:
            row.bad(
                low if a is None else high,
                f"empty, but {high if a is None else low} is given; give both or neither",
            )

    def read_options(self, table: Table) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        seen: dict[str, tuple[str, int]] = {}
        for row in self.rows(table):
            oid = row.word("id", required=True)
            if not oid:
                continue
            if not ID.match(oid):
                row.bad("id", f"option id {oid!r} must be letters, digits, '_', '-' or '.' (it names a file)")
                continue
            if oid.casefold() in seen:
                other, n = seen[oid.casefold()]
                row.bad(
                    "id",
                    f"duplicate option {oid!r} (also in row {n}"
                    + (")" if other == oid else f" as {other!r})"),
                )
                continue
            seen[oid.casefold()] = (oid, row.line)
            file = f"scenarios/{oid}.toml"
            self.at(file, "", row.cell("id"))
            self.at(file, "label", row.cell("label"))
            self.at(file, "summary", row.cell("summary"))
            self.at(file, "scores", row.cell("id"))
            doc: dict[str, Any] = {"label": row.text("label") or oid}
            if summary := row.text("summary"):
                doc["summary"] = summary
            out[oid] = doc
        return out

    def read_scores(
        self, table: Table, options: Iterable[str], criteria: Iterable[str], new_option: str = ""
    ) -> dict[str, dict[str, Any]]:
        """option id → {criterion id → score (a number or a table)}, every pair required.
        `new_option` says how to add an option the scores name but `options` lacks."""
        options, criteria = list(options), list(criteria)
        scores: dict[str, dict[str, Any]] = {o: {} for o in options}
        first_row: dict[tuple[str, str], int] = {}
        before = len(self.problems)
        rows = self.rows(table)
        for row in rows:
            oid, cid = row.word("option", required=True), row.word("criterion", required=True)
            if oid and oid not in scores:
                near = difflib.get_close_matches(oid, options, 1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                row.bad(
                    "option",
                    f"unknown option {oid!r}; {hint}expected one of {', '.join(options)}{new_option}",
                )
                oid = ""
            if cid and cid not in criteria:
                near = difflib.get_close_matches(cid, criteria, 1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                row.bad(
                    "criterion", f"unknown criterion {cid!r}; {hint}expected one of {', '.join(criteria)}"
                )
                cid = ""
            if oid and cid and (oid, cid) in first_row:
                row.bad(
                    "criterion",
                    f"duplicate score for option {oid!r}, criterion {cid!r} "
                    f"(also in row {first_row[oid, cid]})",
                )
                continue
            value = row.number("value", required=True)
            low, high = row.number("low"), row.number("high")
            distribution, rationale, basis = (
                row.word("distribution"),
                row.text("rationale"),
                row.word("basis"),
            )
            if (low is None) != (high is None):
                given, empty = ("low", "high") if high is None else ("high", "low")
                if row.raw(empty) is None:
                    row.bad(
                        empty, f"empty, but {given} is given; a range needs both low and high, or neither"
                    )
            if not (oid and cid) or value is None:
                continue
            first_row[oid, cid] = row.line
            doc: Any = {"value": value}
            if low is not None and high is not None:
                doc["range"] = [low, high]
            if distribution:
                doc["distribution"] = distribution
            if rationale:
                doc["rationale"] = rationale
            if basis:
                doc["basis"] = basis
            if "range" not in doc and doc.get("distribution") == "fixed":
                del doc["distribution"]  # what a score without a range is anyway
            if len(doc) == 1:
                doc = value  # a certain score: a bare number, as a person would write it
            scores[oid][cid] = doc
            file, key = f"scenarios/{oid}.toml", f"scores.{cid}"
            self.at(file, key, row.cell("value"))
            for sub, column in (
                ("value", "value"),
                ("range", "low"),
                ("distribution", "distribution"),
                ("rationale", "rationale"),
                ("basis", "basis"),
            ):
                self.at(file, f"{key}.{sub}", row.cell(column))
        if rows and len(self.problems) == before:  # else a bad row may be the missing one
            for oid in options:
                for cid in criteria:
                    if cid not in scores[oid]:
                        self.fail(
                            Cell(table.name, letters=table.letters),
                            f"no row for option {oid!r}, criterion {cid!r} "
                            "(every option must score every criterion)",
                        )
        return scores

    def read_settings(self, table: Table, doc: dict[str, Any]) -> None:
        """Settings rows into the weights.toml document `doc`."""
        first_row: dict[str, int] = {}
        for row in self.rows(table):
            name = row.word("setting", required=True)
            if not name:
                continue
            if name in first_row:
                row.bad("setting", f"duplicate setting {name!r} (also in row {first_row[name]})")
                continue
            first_row[name] = row.line
            if name.startswith("method_params."):
                _, method, param = [*name.split(".", 2), "", ""][:3]
                if not method or not param:
                    row.bad("setting", f"expected method_params.<method>.<parameter>, got {name!r}")
                    continue
                value = self._param(row)
                if value is not None:
                    doc.setdefault("method_params", {}).setdefault(method, {})[param] = value
                self.at("weights.toml", name, row.cell("value"))
                self.at("weights.toml", f"method_params.{method}", row.cell("setting"))
                continue
            if name not in SETTINGS:
                near = difflib.get_close_matches(name, SETTINGS, 1)
                hint = f"did you mean {near[0]!r}? " if near else ""
                row.bad("setting", f"unknown setting {name!r}; {hint}expected one of {', '.join(SETTINGS)}")
                continue
            key, kind = SETTINGS[name]
            if kind in ("text", "word"):
                value = row.text("value") if kind == "text" else row.word("value", True)  # "" = not set
            else:
                value = row.number("value", required=True, integer=kind == "integer")
            if value in (None, ""):
                continue
            table_key, _, leaf = key.rpartition(".")
            (doc.setdefault(table_key, {}) if table_key else doc)[leaf] = value
            self.at("weights.toml", key, row.cell("value"))

    def _param(self, row: _Row) -> Any:
        v = row.raw("value")
        if isinstance(v, str) and v.strip()[:1] in ("[", "{"):
            try:
                return tomllib.loads(f"v = {v.strip()}")["v"]
            except tomllib.TOMLDecodeError as e:
                row.bad("value", f"not a TOML list or table: {e}")
                return None
        x = _as_number(v)
        return _num(x) if x is not None else row.word("value", required=True) or None

    def read_profiles(self, table: Table, criteria: list[str]) -> dict[str, dict[str, Any]]:
        out: dict[str, dict[str, Any]] = {}
        rows = self.rows(table)
        fixed = set(COLUMNS["profiles"])
        header = {_column_key(h) for h in table.header if h}
        if rows or table.header:
            for i, name in enumerate(table.header):
                key = _column_key(name)
                if key and key not in fixed and key not in criteria:
                    near = difflib.get_close_matches(key, criteria, 1)
                    hint = f"did you mean {near[0]!r}? " if near else ""
                    self.fail(
                        Cell(table.name, 1, key, i, table.letters),
                        f"unknown column {name!r}: not a criterion; {hint}criteria are {', '.join(criteria)}",
                    )
            for cid in criteria:
                if cid not in header:
                    self.fail(
                        Cell(table.name, None, cid, letters=table.letters),
                        f"no column for criterion {cid!r} (a profile weighs every criterion)",
                    )
        first_row: dict[str, int] = {}
        for row in rows:
            pid = row.word("profile", required=True)
            if not pid:
                continue
            if pid in first_row:
                row.bad("profile", f"duplicate profile {pid!r} (also in row {first_row[pid]})")
                continue
            first_row[pid] = row.line
            prefix = f"profiles.{pid}"
            t: dict[str, Any] = {"label": row.text("label") or pid}
            if description := row.text("description"):
                t["description"] = description
            t["weights"] = {}
            for cid in criteria:
                if cid in header:
                    w = row.number(cid, required=True)
                    if w is not None:
                        t["weights"][cid] = w
                self.at("weights.toml", f"{prefix}.weights.{cid}", row.cell(cid))
            if text := row.text("elicitation"):
                try:
                    record = tomllib.loads(f"v = {text}")["v"]
                except tomllib.TOMLDecodeError as e:
                    row.bad("elicitation", f"expected a TOML inline table {{key = value, …}}: {e}")
                else:
                    t["elicitation"] = record
            self.at("weights.toml", prefix, row.cell("profile"))
            self.at("weights.toml", f"{prefix}.weights", row.cell("profile"))
            for key in ("label", "description", "elicitation"):
                self.at("weights.toml", f"{prefix}.{key}", row.cell(key))
            out[pid] = t
        return out

    def read_futures(
        self, uncertainties: Table | None, effects: Table | None, options: Any, criteria: Any
    ) -> dict[str, Any]:
        """The futures.toml document (docs/model-format.md, "Futures") of the two sheets."""
        doc: dict[str, Any] = {}
        outcomes: set[str] = set()
        if uncertainties is not None:
            doc["uncertainties"] = self._uncertainties(uncertainties, outcomes)
        if effects is not None:
            doc["effects"] = self._effects(effects, outcomes, set(options), set(criteria))
        return doc

    def _uncertainties(self, table: Table, outcomes: set[str]) -> dict[str, Any]:
        out: dict[str, dict[str, Any]] = {}
        given: dict[tuple[str, str], int] = {}
        rows_of: dict[str, list[int]] = {}
        file = "futures.toml"
        for row in self.rows(table):
            uid, oid = row.word("uncertainty", required=True), row.word("outcome", required=True)
            p = row.number("probability", required=True)
            if not uid:
                continue
            u = out.setdefault(uid, {})
            prefix = f"uncertainties.{uid}"
            self.at(file, prefix, row.cell("uncertainty"))
            self.at(file, f"{prefix}.outcomes", row.cell("outcome"))
            for column in ("label", "rationale"):
                text = row.text(column)
                if not text:
                    continue
                if column in u and u[column] != text:
                    row.bad(
                        column,
                        f"differs from the {column} of {uid!r} in row {given[uid, column]}; "
                        "give it once or repeat it exactly",
                    )
                elif column not in u:
                    u[column] = text
                    given[uid, column] = row.line
                    self.at(file, f"{prefix}.{column}", row.cell(column))
            if not oid:
                continue
            o = u.setdefault("outcomes", {})
            if oid in o:
                row.bad("outcome", f"duplicate outcome {uid}.{oid} (also in row {given[uid, '.' + oid]})")
                continue
            given[uid, "." + oid] = row.line
            rows_of.setdefault(uid, []).append(row.line)
            outcomes.add(f"{uid}.{oid}")
            t: dict[str, Any] = {}
            if p is not None:
                t["probability"] = p
            if label := row.text("outcome_label"):
                t["label"] = label
            o[oid] = t
            okey = f"{prefix}.outcomes.{oid}"
            self.at(file, okey, row.cell("outcome"))
            self.at(file, f"{okey}.probability", row.cell("probability"))
            self.at(file, f"{okey}.label", row.cell("outcome_label"))
        for uid, u in out.items():
            ps = [o.get("probability") for o in u.get("outcomes", {}).values()]
            if ps and None not in ps and not math.isclose(math.fsum(ps), 1.0, abs_tol=1e-9):
                rows = rows_of[uid]
                self.fail(
                    Cell(table.name, rows[0], "probability", _index(table, "probability"), table.letters),
                    f"the probabilities of {uid!r} (rows {rows[0]}-{rows[-1]}) sum to {math.fsum(ps):.10g}, "
                    "not 1",
                )
        return out

    def _effects(self, table: Table, outcomes: set[str], options: set[str], criteria: set[str]) -> list[Any]:
        out: list[Any] = []
        for row in self.rows(table):
            when = [w.strip() for w in row.text("when", required=True).split("&") if w.strip()]
            for w in when:
                if w not in outcomes:
                    near = difflib.get_close_matches(w, sorted(outcomes), 1)
                    hint = f"; did you mean {near[0]!r}?" if near else " (write uncertainty.outcome)"
                    row.bad("when", f"unknown outcome {w!r}: not in the uncertainties sheet{hint}")
            option, criterion = row.word("option"), row.word("criterion", required=True)
            if option and option not in options:
                row.bad("option", f"unknown option {option!r}; expected one of {', '.join(sorted(options))}")
            if criterion and criterion not in criteria:
                row.bad(
                    "criterion", f"unknown criterion {criterion!r}; expected one of {', '.join(criteria)}"
                )
            shift, value = row.number("shift"), row.number("value")
            if shift is not None and value is not None:
                row.bad("value", "give a shift or a value, not both")
            elif row.raw("shift") is None and row.raw("value") is None:
                row.bad("shift", "empty; give a shift (added to the score) or a value (replaces it)")
            t: dict[str, Any] = {"when": when[0] if len(when) == 1 else when}
            if option:
                t["option"] = option
            t["criterion"] = criterion
            if shift is not None:
                t["shift"] = shift
            if value is not None:
                t["value"] = value
            if rationale := row.text("rationale"):
                t["rationale"] = rationale
            i = len(out)
            for key in (f"effects[{i}]", f"effects.{i}"):
                self.at("futures.toml", key, row.cell("when"))
                for sub in ("when", "option", "criterion", "shift", "value", "rationale"):
                    self.at("futures.toml", f"{key}.{sub}", row.cell(sub))
            out.append(t)
        return out


def _index(table: Table, column: str) -> int | None:
    keys = [_column_key(h) for h in table.header]
    return keys.index(column) if column in keys else None


def _column_key(name: Any) -> str:
    """A header as written → the column it names ("Scale min " → "scale_min")."""
    if name is None:
        return ""
    return "_".join(str(name).strip().lower().replace("-", "_").split())


def parse_value_function(text: str) -> list[list[float]] | str:
    """ "0:1; 4:0.8; 10:0" → [[0, 1], [4, 0.8], [10, 0]], or a message saying what is wrong."""
    points = []
    for part in (p.strip() for p in text.replace("\n", ";").split(";")):
        if not part:
            continue
        x, sep, v = part.partition(":")
        a, b = _as_number(x), _as_number(v)
        if not sep or a is None or b is None:
            return f"expected score:value pairs separated by ';' (like 0:1; 5:0.7; 10:0), got {part!r}"
        points.append([_num(a), _num(b)])
    return points
