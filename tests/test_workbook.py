"""Spreadsheets (src/scenarios/model/workbook.py, sheets.py): an exact round trip through .xlsx,
scores from CSV, and mistakes reported at their sheet, row and column with exit code 2."""

from __future__ import annotations

import dataclasses
import json
import tomllib
import zipfile
from pathlib import Path

import pytest
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from scenarios import load_model
from scenarios.cli import app, main
from scenarios.model.workbook import export_workbook, import_workbook

from .conftest import write_model

DEFAULT = Path(__file__).parents[1] / "models"
COMMANDS = [
    ["rank"],
    ["rank", "--profiles"],
    ["explain"],
    ["sensitivity", "--samples", "3000", "--seed", "11", "--workers", "1"],
    ["stability"],
    ["tornado"],
]


def comparable(model):
    """The model without where it was read from."""
    options = tuple(dataclasses.replace(o, source="") for o in model.options)
    return dataclasses.replace(model, path=None, options=options)


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


def json_of(capsys, command: list[str], model: Path) -> dict:
    code, out, err = run(capsys, *command, "--model", model, "--format", "json")
    assert code == 0, err
    return json.loads(out)


def round_trip(capsys, model_dir: Path, tmp_path: Path) -> Path:
    book = tmp_path / "model.xlsx"
    assert run(capsys, "export", "--model", model_dir, "--output", book)[0] == 0
    assert run(capsys, "import", book, "--output", tmp_path / "back")[0] == 0
    return tmp_path / "back"


def has_command(name: str) -> bool:
    return name in typer.main.get_command(app).commands


# ---- exact round trips -----------------------------------------------------------------------
@pytest.mark.parametrize("which", ["default", "small"])
def test_export_import_gives_the_same_model_and_identical_json_from_every_command(
    which, small_model_dir, tmp_path, capsys
):
    source = DEFAULT if which == "default" else small_model_dir
    back = round_trip(capsys, source, tmp_path)
    assert comparable(load_model(back)) == comparable(load_model(source))
    commands = COMMANDS + ([["futures"]] if has_command("futures") else [])
    for command in commands:
        assert json_of(capsys, command, back) == json_of(capsys, command, source), command


def test_the_default_models_futures_come_back_as_written(tmp_path, capsys):
    back = round_trip(capsys, DEFAULT, tmp_path)
    written = tomllib.loads((DEFAULT / "futures.toml").read_text(encoding="utf-8"))
    assert tomllib.loads((back / "futures.toml").read_text(encoding="utf-8")) == written
    book = load_workbook(tmp_path / "model.xlsx")
    assert book.sheetnames == [
        *("criteria", "scores", "options", "settings", "profiles", "uncertainties", "effects")
    ]
    whens = [row[0] for row in book["effects"].iter_rows(min_row=2, values_only=True)]
    assert "isis_syria.regrouping & nato.ends" in whens


def test_the_workbook_reads_like_a_person_wrote_it(tmp_path):
    export_workbook(load_model(DEFAULT), tmp_path / "m.xlsx")
    book = load_workbook(tmp_path / "m.xlsx")
    criteria = {r[0]: r for r in book["criteria"].iter_rows(min_row=2, values_only=True)}
    header = [c.value for c in book["criteria"][1]]
    row = dict(zip(header, criteria["isis_resurgence"], strict=True))
    assert row["weight"] == 0.22 and row["value_function"] == "0:1; 4:0.8; 7:0.35; 10:0"
    scores = [c.value for c in book["scores"][1]]
    assert scores == ["option", "criterion", "value", "low", "high", "distribution", "rationale", "basis"]
    settings_ = dict(book["settings"].iter_rows(min_row=2, values_only=True))
    assert settings_["samples"] == 100_000 and settings_["seed"] == 2025


def test_a_float_a_cell_cannot_keep_goes_in_as_exact_text(tmp_path, small_docs):
    weights, options = small_docs
    options["alpha"]["scores"]["speed"] = 0.1 + 0.2  # 0.30000000000000004: 17 digits
    model = load_model(write_model(tmp_path / "m", weights, options))
    export_workbook(model, tmp_path / "m.xlsx")
    docs = import_workbook(tmp_path / "m.xlsx")
    assert docs["scenarios/alpha.toml"]["scores"]["speed"] == 0.1 + 0.2


def test_a_what_if_models_weights_come_back_exactly(tmp_path):
    model = load_model(DEFAULT).with_weights({"us_cost": 0.11})
    export_workbook(model, tmp_path / "m.xlsx")
    root = tmp_path / "back"
    root.mkdir()
    (root / "scenarios").mkdir()
    from scenarios.model.workbook import render

    for rel, text in render(import_workbook(tmp_path / "m.xlsx")).items():
        (root / rel).write_text(text, encoding="utf-8")
    assert list(load_model(root).weights) == list(model.weights)


_IDS = st.from_regex(r"[a-z][a-z0-9_]{0,6}", fullmatch=True)
# A blank cell reads as no text, so text is either empty or has something besides spaces.
_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("=+-@ \n"), max_size=12
).filter(lambda t: t == "" or t.strip())


@st.composite
def small_models(draw):
    """A valid model: 1-4 criteria with whole-number weights, 2-3 options, every kind of score."""
    cids = draw(st.lists(_IDS, min_size=1, max_size=4, unique_by=str.casefold))
    oids = draw(st.lists(_IDS, min_size=2, max_size=3, unique_by=str.casefold))
    weights = draw(st.lists(st.integers(0, 9), min_size=len(cids), max_size=len(cids)).filter(any))
    criteria = {}
    for cid, w in zip(cids, weights, strict=True):
        hi = draw(st.sampled_from([1, 10, 100, 7.5]))
        criteria[cid] = {"label": draw(_TEXT) or cid, "better": draw(st.sampled_from(["lower", "higher"]))}
        criteria[cid] |= {"scale": [0, hi], "weight": w, "description": draw(_TEXT)}
        if draw(st.booleans()):
            criteria[cid]["value_function"] = [[0, 0.0], [hi / 3, 0.25], [hi, 1.0]]
            if criteria[cid]["better"] == "lower":
                criteria[cid]["value_function"] = [[0, 1.0], [hi / 3, 0.75], [hi, 0.0]]
        if draw(st.booleans()):
            criteria[cid]["red_line"] = draw(st.floats(0, hi, allow_subnormal=False))
        if draw(st.booleans()):
            criteria[cid]["weight_range"] = [0, 1]
    options = {}
    for oid in oids:
        scores = {}
        for cid in cids:
            hi = criteria[cid]["scale"][1]
            a, b, c = sorted(draw(st.floats(0, hi, allow_subnormal=False)) for _ in range(3))
            kind = draw(st.sampled_from(["bare", "fixed", "triangular", "pert", "uniform", "normal"]))
            if kind == "bare":
                scores[cid] = b
            elif kind == "fixed":
                scores[cid] = {"value": b, "rationale": draw(_TEXT) or "why"}
            else:
                scores[cid] = {"value": b, "range": [a, c], "distribution": kind, "rationale": draw(_TEXT)}
        options[oid] = {"label": draw(_TEXT) or oid, "summary": draw(_TEXT), "scores": scores}
    doc = {"title": draw(_TEXT) or "t", "source": draw(_TEXT), "criteria": criteria}
    profile = {"label": "P", "weights": {cid: draw(st.integers(0, 5)) + 1 for cid in cids}}
    if draw(st.booleans()):
        profile["elicitation"] = {"method": "swing", "points": {cid: 10 for cid in cids}, "note": draw(_TEXT)}
    doc["profiles"] = {"p": profile}
    return doc, options


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(small_models())
def test_any_small_model_round_trips_exactly(tmp_path_factory, docs):
    tmp = tmp_path_factory.mktemp("rt")
    model = load_model(write_model(tmp / "m", *docs))
    export_workbook(model, tmp / "m.xlsx")
    from scenarios.model.folder import write_folder
    from scenarios.model.workbook import render

    back = load_model(write_folder(render(import_workbook(tmp / "m.xlsx")), tmp / "back"))
    assert comparable(back) == comparable(model)


# ---- formulas are never written ----------------------------------------------------------------
def test_text_that_looks_like_a_formula_is_stored_as_text(tmp_path, small_docs, capsys):
    weights, options = small_docs
    evil = '=HYPERLINK("http://example.com/x","click")'
    options["alpha"]["label"] = evil
    options["beta"]["summary"] = "+1 for speed"
    options["alpha"]["scores"]["cost"]["rationale"] = "-2 on cost, per the quote"
    weights["criteria"]["cost"]["description"] = "@SUM(A1:A3)"
    model_dir = write_model(tmp_path / "m", weights, options)
    back = round_trip(capsys, model_dir, tmp_path)
    assert comparable(load_model(back)) == comparable(load_model(model_dir))
    with zipfile.ZipFile(tmp_path / "model.xlsx") as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere
    book = load_workbook(tmp_path / "model.xlsx")
    cell = next(c for row in book["options"].iter_rows() for c in row if c.value == evil)
    assert cell.data_type == "s" and cell.quotePrefix
    for sheet, text in (("options", "+1 for speed"), ("criteria", "@SUM(A1:A3)")):
        cell = next(c for row in book[sheet].iter_rows() for c in row if c.value == text)
        assert cell.data_type == "s" and cell.quotePrefix


# ---- mistakes in a workbook ------------------------------------------------------------------
@pytest.fixture
def book(tmp_path, small_model_dir) -> Path:
    path = tmp_path / "model.xlsx"
    export_workbook(load_model(small_model_dir), path)
    return path


def edit(path: Path, change) -> Path:
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def one_error(capsys, *args) -> str:
    code, _, err = run(capsys, *args)
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and "Traceback" not in err, err
    return err.strip()


def row_of(wb, option: str, criterion: str) -> int:
    for row in wb["scores"].iter_rows(min_row=2):
        if row[0].value == option and row[1].value == criterion:
            return row[0].row
    raise LookupError


def set_score(option, criterion, column, value):
    def change(wb):
        wb["scores"][f"{column}{row_of(wb, option, criterion)}"] = value

    return change


CASES = [
    (
        "text in a number cell",
        set_score("gamma", "cost", "C", "high"),
        r"model\.xlsx: scores!row \d+ \(C\d+\): value: expected a number, got 'high'",
    ),
    (
        "decimal comma",
        set_score("gamma", "cost", "C", "2,5"),
        r"scores!row \d+ \(C\d+\): value: expected a number, got '2,5' \(use a point",
    ),
    (
        "empty required cell",
        set_score("gamma", "cost", "C", None),
        r"scores!row \d+ \(C\d+\): value: empty; expected a number",
    ),
    (
        "unknown distribution",
        set_score("alpha", "cost", "F", "lognormal"),
        r"scores!row \d+ \(F\d+\): distribution: unknown distribution 'lognormal' \(expected one of",
    ),
    (
        "value outside the scale",
        set_score("gamma", "speed", "C", 120),
        r"scores!row \d+ \(C\d+\): value 120 is outside the scale \[0, 100\]",
    ),
    (
        "a range with one end",
        set_score("alpha", "cost", "E", None),
        r"scores!row \d+ \(E\d+\): high: empty, but low is given",
    ),
    (
        "unknown option in scores",
        set_score("gamma", "cost", "A", "gama"),
        r"scores!row \d+ \(A\d+\): option: unknown option 'gama'; did you mean 'gamma'\?",
    ),
    (
        "duplicate option and criterion",
        lambda wb: wb["scores"].append(["beta", "cost", 5]),
        r"scores!row 11 \(B11\): criterion: duplicate score for option 'beta', criterion 'cost' "
        r"\(also in row \d+\)",
    ),
    (
        "a missing score",
        lambda wb: wb["scores"].delete_rows(row_of(wb, "beta", "safety")),
        r"model\.xlsx: scores: no row for option 'beta', criterion 'safety'",
    ),
    (
        "missing sheet",
        lambda wb: wb.remove(wb["options"]),
        r"model\.xlsx: options: missing sheet \(the workbook's sheets: 'criteria', 'scores'",
    ),
    (
        "missing column",
        lambda wb: wb["scores"].delete_cols(3),
        r"model\.xlsx: scores, column value: missing column 'value'; the header row \(row 1\) has",
    ),
    (
        "misspelt column",
        lambda wb: setattr(wb["scores"]["C1"], "value", "vaule"),
        r"missing column 'value'.*\(is 'vaule' meant to be 'value'\?\)",
    ),
    (
        "weight that is text",
        lambda wb: setattr(wb["criteria"]["F3"], "value", "a lot"),
        r"criteria!row 3 \(F3\): weight: expected a number, got 'a lot'",
    ),
    (
        "unknown 'better'",
        lambda wb: setattr(wb["criteria"]["C2"], "value", "less"),
        r"criteria!row 2 \(C2\): better: unknown better 'less' \(expected one of lower, higher\)",
    ),
    (
        "bad value function",
        lambda wb: setattr(wb["criteria"]["J2"], "value", "0:1, 10:0"),
        r"criteria!row 2 \(J2\): value_function: expected score:value pairs",
    ),
    (
        "a date where a number belongs",
        lambda wb: setattr(wb["criteria"]["D2"], "value", __import__("datetime").date(2026, 1, 2)),
        r"criteria!row 2 \(D2\): scale_min: expected a number, got the date .*format the column as a number",
    ),
    (
        "unknown setting",
        lambda wb: wb["settings"].append(["sample", 10]),
        r"settings!row 9 \(A9\): setting: unknown setting 'sample'; did you mean 'samples'\?",
    ),
    (
        "fractional samples",
        lambda wb: setattr(wb["settings"]["B5"], "value", 10.5),
        r"settings!row 5 \(B5\): value: expected a whole number, got 10\.5",
    ),
    (
        "profile missing a criterion column",
        lambda wb: wb["profiles"].delete_cols(6),
        r"profiles, column safety: no column for criterion 'safety'",
    ),
    (
        "invalid option id",
        lambda wb: setattr(wb["options"]["A2"], "value", "../evil"),
        r"options!row 2 \(A2\): id: option id '../evil' must be letters",
    ),
]


@pytest.mark.parametrize("case, change, message", CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_one_line_naming_sheet_row_and_column(case, change, message, book, tmp_path, capsys):
    err = one_error(capsys, "import", edit(book, change), "--output", tmp_path / "out")
    assert __import__("re").search(message, err), err
    assert not (tmp_path / "out").exists()  # nothing written


def test_futures_sheets_are_checked_at_the_cell(tmp_path, capsys):
    path = tmp_path / "m.xlsx"
    export_workbook(load_model(DEFAULT), path)

    def change(wb):
        wb["uncertainties"]["F2"] = 0.5  # government: 0.5 + 0.55
        wb["effects"]["A3"] = "government.tehran"
        wb["effects"]["D4"] = None

    edit(path, change)
    code, _, err = run(capsys, "import", path, "--check")
    assert code == 2
    lines = err.strip().splitlines()
    assert (
        lines[0] == "m.xlsx: uncertainties!row 2 (F2): probability: "
        "the probabilities of 'government' (rows 2-3) sum to 1.05, not 1"
    )
    assert lines[1].startswith(
        "m.xlsx: effects!row 3 (A3): when: unknown outcome 'government.tehran': not in the uncertainties "
        "sheet; did you mean 'government.tehran_leaning'?"
    )
    assert (
        lines[2] == "m.xlsx: effects!row 4 (D4): shift: "
        "empty; give a shift (added to the score) or a value (replaces it)"
    )
    assert lines[3].endswith("m.xlsx: 3 problem(s)")


def test_several_mistakes_name_the_first_and_point_to_check(book, tmp_path, capsys):
    edit(book, lambda wb: [set_score("gamma", "cost", "C", "x")(wb), set_score("beta", "cost", "C", "y")(wb)])
    err = one_error(capsys, "import", book, "--output", tmp_path / "out")
    assert "(and 1 more; add --check to list them all)" in err


def test_a_formula_without_a_saved_result_says_so(book, tmp_path, capsys):
    edit(book, set_score("gamma", "cost", "C", "=1+1"))
    err = one_error(capsys, "import", book, "--output", tmp_path / "out")
    assert "expected a number, got '=1+1 (a formula with no saved result" in err


@pytest.mark.parametrize(
    "content, message",
    [
        (b"option,criterion,value\nalpha,cost,3\n", "not an .xlsx workbook: a text or CSV file"),
        (None, "not an .xlsx workbook: a zip archive"),
        (b"", "the file is empty; expected an .xlsx workbook"),
        (
            bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 100,
            "an old-style .xls (or password-protected) workbook",
        ),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "not an .xlsx workbook: not a spreadsheet"),
        (b"PK\x03\x04 truncated", "cannot read the workbook (BadZipFile"),
    ],
    ids=["csv renamed", "zip", "empty", "xls", "png", "damaged"],
)
def test_a_file_that_is_not_a_workbook_is_one_line(content, message, tmp_path, capsys):
    path = tmp_path / "model.xlsx"
    if content is None:
        with zipfile.ZipFile(path, "w") as z:
            z.writestr("notes.txt", "hello")
    else:
        path.write_bytes(content)
    assert message in one_error(capsys, "import", path, "--output", tmp_path / "out")


def test_a_missing_unreadable_or_folder_path_is_one_line(tmp_path, capsys, monkeypatch):
    assert "nope.xlsx: file not found" in one_error(
        capsys, "import", tmp_path / "nope.xlsx", "--output", tmp_path / "o"
    )
    (tmp_path / "dir.xlsx").mkdir()
    assert "is a folder, expected a file" in one_error(
        capsys, "import", tmp_path / "dir.xlsx", "--output", tmp_path / "o"
    )
    (tmp_path / "locked.xlsx").write_bytes(b"PK")

    def denied(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", denied)
    err = one_error(capsys, "import", tmp_path / "locked.xlsx", "--output", tmp_path / "o")
    assert "locked.xlsx: cannot read the file (Permission denied)" in err


# ---- writing the folder ------------------------------------------------------------------------
def test_import_refuses_a_non_empty_folder_unless_forced(book, tmp_path, capsys, small_model_dir):
    target = tmp_path / "target"
    target.mkdir()
    (target / "notes.txt").write_text("mine", encoding="utf-8")
    (target / "scenarios").mkdir()
    (target / "scenarios" / "old.toml").write_text("label = 'old'", encoding="utf-8")
    assert "folder is not empty; pass --force" in one_error(capsys, "import", book, "--output", target)
    assert run(capsys, "import", book, "--output", target, "--force")[0] == 0
    assert load_model(target).option_ids == ("alpha", "beta", "gamma")  # old.toml is gone
    assert (target / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_import_into_an_empty_folder_and_check_writes_nothing(book, tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    assert run(capsys, "import", book, "--output", tmp_path / "empty")[0] == 0
    assert load_model(tmp_path / "empty").option_ids == ("alpha", "beta", "gamma")
    code, out, _ = run(capsys, "import", book, "--check")
    assert code == 0 and out.strip() == f"{book}: ok"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "model.xlsx", "small"]


def test_export_to_a_folder_copies_the_model_files_as_written(tmp_path, capsys):
    assert run(capsys, "export", "--output", tmp_path / "mine")[0] == 0
    for f in [
        "weights.toml",
        "futures.toml",
        *(f"scenarios/{p.name}" for p in (DEFAULT / "scenarios").iterdir()),
    ]:
        assert (tmp_path / "mine" / f).read_bytes() == (DEFAULT / f).read_bytes()
    assert "folder is not empty" in one_error(capsys, "export", "--output", tmp_path / "mine")
    assert "expected an .xlsx file name or a folder" in one_error(
        capsys, "export", "--output", tmp_path / "m.xls"
    )


def test_import_needs_an_output(book, capsys):
    assert "--output: missing" in one_error(capsys, "import", book)


# ---- scores from CSV ---------------------------------------------------------------------------
def scores_csv(book: Path, path: Path, change=None, delimiter=",", bom=False) -> Path:
    import csv

    rows = [
        ["" if v is None else v for v in r] for r in load_workbook(book)["scores"].iter_rows(values_only=True)
    ]
    if change:
        change(rows)
    with path.open("w", newline="", encoding="utf-8-sig" if bom else "utf-8") as f:
        csv.writer(f, delimiter=delimiter).writerows(rows)
    return path


def test_csv_replaces_the_scores_and_keeps_the_other_files_byte_for_byte(
    book, small_model_dir, tmp_path, capsys
):
    def change(rows):
        rows[1][2] = 5  # alpha, cost: 4 → 5 (inside its range [3, 6])

    csv_path = scores_csv(book, tmp_path / "scores.csv", change, delimiter=";", bom=True)
    out = tmp_path / "edited"
    assert run(capsys, "import", csv_path, "--model", small_model_dir, "--output", out)[0] == 0
    assert load_model(out).options[0].scores["cost"].value == 5
    for rel in ("weights.toml", "scenarios/beta.toml", "scenarios/gamma.toml"):
        assert (out / rel).read_bytes() == (small_model_dir / rel).read_bytes()
    assert load_model(small_model_dir).options[0].scores["cost"].value == 4  # the model is untouched


def test_csv_in_place_writes_only_when_asked(book, small_model_dir, tmp_path, capsys):
    csv_path = scores_csv(book, tmp_path / "scores.csv", lambda rows: rows[1].__setitem__(2, 5))
    before = (small_model_dir / "scenarios" / "beta.toml").read_bytes()
    assert run(capsys, "import", csv_path, "--model", small_model_dir, "--in-place")[0] == 0
    assert load_model(small_model_dir).options[0].scores["cost"].value == 5
    assert (small_model_dir / "scenarios" / "beta.toml").read_bytes() == before


@pytest.mark.parametrize(
    "change, message",
    [
        (
            lambda rows: rows[3].__setitem__(2, "high"),
            "scores.csv: row 4, column value: expected a number, got 'high'",
        ),
        (
            lambda rows: rows[1].__setitem__(2, 9),
            "scores.csv: row 2, column value: range [3, 6] does not contain the value 9",
        ),
        (
            lambda rows: rows[2].__setitem__(5, "beta"),
            "scores.csv: row 3, column distribution: unknown distribution 'beta'",
        ),
        (
            lambda rows: rows.append(rows[1]),
            "scores.csv: row 11, column criterion: duplicate score for option 'alpha'",
        ),
        (lambda rows: rows.pop(1), "scores.csv: no row for option 'alpha', criterion 'cost'"),
        (lambda rows: [r.pop(2) for r in rows], "scores.csv: column value: missing column 'value'"),
    ],
    ids=["text", "outside range", "distribution", "duplicate", "missing row", "missing column"],
)
def test_csv_mistakes_name_row_and_column(change, message, book, small_model_dir, tmp_path, capsys):
    csv_path = scores_csv(book, tmp_path / "scores.csv", change)
    err = one_error(capsys, "import", csv_path, "--model", small_model_dir, "--output", tmp_path / "out")
    assert message in err
    assert not (tmp_path / "out").exists()


def test_csv_needs_a_model_and_a_destination(book, small_model_dir, tmp_path, capsys):
    csv_path = scores_csv(book, tmp_path / "scores.csv")
    assert "--model: a CSV file holds scores only" in one_error(
        capsys, "import", csv_path, "--output", tmp_path / "o"
    )
    assert "--in-place" in one_error(capsys, "import", csv_path, "--model", small_model_dir)
    (tmp_path / "latin1.csv").write_bytes("option,criterion,value\nalpha,coût,1\n".encode("latin-1"))
    err = one_error(
        capsys, "import", tmp_path / "latin1.csv", "--model", small_model_dir, "--output", tmp_path / "o"
    )
    assert 'not UTF-8 text (byte 31); save it as "CSV UTF-8"' in err


def test_loaded_futures_export_as_the_file_reads():
    """The default model's futures, as loaded, convert back to the document futures.toml holds."""
    from scenarios.model.layout import futures_doc

    doc = tomllib.loads((DEFAULT / "futures.toml").read_text(encoding="utf-8"))
    assert futures_doc(load_model(DEFAULT)) == doc


def test_percentages_and_numbers_typed_as_text_are_read_as_numbers(tmp_path):
    path = tmp_path / "m.xlsx"
    export_workbook(load_model(DEFAULT), path)

    def change(wb):
        wb["uncertainties"]["F2"], wb["uncertainties"]["F3"] = "45%", "55 %"
        wb["scores"]["C2"] = " 7 "

    docs = import_workbook(edit(path, change))
    outcomes = docs["futures.toml"]["uncertainties"]["government"]["outcomes"]
    assert [o["probability"] for o in outcomes.values()] == [0.45, 0.55]
    assert docs["scenarios/full_withdrawal.toml"]["scores"]["isis_resurgence"]["value"] == 7


def test_a_new_option_in_the_scores_alone_says_where_it_belongs(book, tmp_path, capsys):
    path = edit(book, lambda wb: wb["scores"].append(["delta", "cost", 3]))
    err = one_error(capsys, "import", path, "--output", tmp_path / "out")
    assert "unknown option 'delta'; did you mean 'beta'? expected one of alpha, beta, gamma" in err
    assert err.endswith("(a new option needs a row in the options sheet too)")
