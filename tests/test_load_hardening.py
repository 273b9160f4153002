"""Broken model folders of every kind give exit 2 and ONE line naming file and key, never a traceback.

Each case is run through `scenarios.cli.main` for `validate`, `rank` and `futures`; generated
mutations of valid models (tests/strategies.py) must never give anything but exit 0 or that one
line. Regression tests for the crashes found while hardening the loader are marked "was: …".
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import stat

import pytest
import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenarios.cli import main
from scenarios.model.load import MAX_FILE_BYTES

from .conftest import SMALL_OPTIONS, SMALL_WEIGHTS, write_model
from .strategies import model_docs

COMMANDS = ("validate", "rank", "futures")
FUTURES = {
    "uncertainties": {
        "oil": {"outcomes": {"high": {"probability": 0.5}, "low": {"probability": 0.5}}},
    },
    "effects": [{"when": "oil.high", "criterion": "cost", "shift": 1}],
}


def run(capsys, *args) -> tuple[int, str]:
    rc = main(list(args))
    return rc, capsys.readouterr().err


def assert_one_line(capsys, root, file: str, key: str = "", commands=COMMANDS, contains: str = ""):
    """Every command exits 2; rank and futures print one line naming file and key; validate lists it."""
    for command in commands:
        rc, err = run(capsys, command, "--model", str(root))
        assert rc == 2, (command, err)
        assert "Traceback" not in err
        lines = err.splitlines()
        first = lines[0]
        if command != "validate":
            assert len(lines) == 1, err
        assert file in first and key in first and contains in first, (command, first)


@pytest.fixture
def root(tmp_path):
    r = write_model(tmp_path / "m", dict(SMALL_WEIGHTS), dict(SMALL_OPTIONS))
    (r / "futures.toml").write_text(tomli_w.dumps(FUTURES), encoding="utf-8")
    return r


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (old, text)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# ---- numbers ------------------------------------------------------------------------------------
def test_a_401_digit_weight_is_refused_not_an_overflow_traceback(root, capsys):  # was: OverflowError
    edit(root / "weights.toml", "weight = 0.5", "weight = " + "9" * 401)
    assert_one_line(capsys, root, "weights.toml", "criteria.cost.weight", contains="401-digit")


def test_a_401_digit_score_is_refused(root, capsys):  # was: OverflowError
    edit(root / "scenarios" / "gamma.toml", "cost = 2", "cost = -" + "9" * 401)
    assert_one_line(capsys, root, "gamma.toml", "scores.cost", contains="too large")


def test_a_401_digit_probability_is_refused(root, capsys):  # was: OverflowError in futures.py
    edit(root / "futures.toml", "probability = 0.5", "probability = " + "1" * 401)
    assert_one_line(capsys, root, "futures.toml", "uncertainties.oil.outcomes.high.probability")


def test_a_401_digit_method_parameter_is_refused(root, capsys):  # was: OverflowError in _params.py
    with (root / "weights.toml").open("a", encoding="utf-8") as f:
        f.write("\n[method_params.vikor]\nv = " + "9" * 401 + "\n")
    assert_one_line(capsys, root, "weights.toml", "method_params.vikor", contains="v")


def test_a_scale_whose_width_overflows_is_refused(root, capsys):  # was: silently all-zero values
    edit(root / "weights.toml", "scale = [\n    0,\n    100,\n]", "scale = [-1e308, 1e308]")
    assert_one_line(capsys, root, "weights.toml", "criteria.speed.scale", contains="too large")


def test_a_scale_too_narrow_for_its_numbers_is_refused(root, capsys):
    edit(root / "weights.toml", "scale = [\n    0,\n    100,\n]", "scale = [1e15, 1.0000000000000001e15]")
    assert_one_line(capsys, root, "weights.toml", "criteria.speed.scale")


@pytest.mark.parametrize(
    "points",
    ["[[0, 0.0], [1e-300, 0.5], [100, 1.0]]", "[[0, 0.0], [1e200, 0.5], [100, 1.0]]"],
    ids=["steps-too-close", "huge-point"],
)
def test_a_value_function_with_extreme_numbers_is_refused(root, capsys, points):
    edit(root / "weights.toml", "weight = 0.2\n", f"weight = 0.2\nvalue_function = {points}\n")
    assert_one_line(capsys, root, "weights.toml", "criteria.speed.value_function")


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf"])
def test_non_finite_futures_shift_is_refused(root, capsys, bad):
    edit(root / "futures.toml", "shift = 1", f"shift = {bad}")
    assert_one_line(capsys, root, "futures.toml", "effects[1].shift", contains="finite")


# ---- methods and scales ---------------------------------------------------------------------------
def test_weighted_product_on_a_negative_scale_is_refused_by_the_loader(root, capsys):
    edit(root / "weights.toml", 'method = "additive"', 'method = "weighted_product"')
    edit(root / "weights.toml", "scale = [\n    0,\n    10,\n]", "scale = [-5, 10]")
    assert_one_line(capsys, root, "weights.toml", "criteria.cost.scale", contains="defaults.method")


def test_weighted_product_flag_on_a_negative_scale_is_one_line(root, capsys):  # was: ValueError
    edit(root / "weights.toml", "scale = [\n    0,\n    10,\n]", "scale = [-5, 10]")
    for command in ("rank", "futures", "stability"):
        rc, err = run(capsys, command, "--model", str(root), "--method", "weighted_product")
        assert rc == 2 and len(err.splitlines()) == 1 and "--method" in err and "cost" in err, err


# ---- encodings and syntax -------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["weights.toml", "scenarios/alpha.toml", "futures.toml"])
def test_a_utf8_byte_order_mark_is_accepted(root, capsys, name):
    path = root / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    for command in COMMANDS:
        rc, err = run(capsys, command, "--model", str(root))
        assert rc == 0, err


def test_latin1_text_is_refused_naming_the_byte(root, capsys):
    path = root / "scenarios" / "alpha.toml"
    path.write_bytes(path.read_bytes().replace(b'"Alpha"', '"Älpha"'.encode("latin-1")))
    assert_one_line(capsys, root, "alpha.toml", contains="not valid UTF-8")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_text_is_refused(root, capsys, encoding):
    path = root / "weights.toml"
    text = path.read_text(encoding="utf-8")
    path.write_bytes(("\ufeff" + text).encode(encoding) if encoding.endswith("be") else text.encode(encoding))
    assert_one_line(capsys, root, "weights.toml", contains="UTF-16")


@pytest.mark.parametrize(
    "text",
    ['title = "unterminated', "[criteria\n", "a = " + "[" * 5000 + "]" * 5000, "x = {y = " * 3000],
    ids=["unterminated", "header", "deep-array", "deep-table"],
)
def test_broken_syntax_is_one_line(root, capsys, text):  # deep nesting was: RecursionError
    (root / "futures.toml").write_text(text, encoding="utf-8")
    assert_one_line(capsys, root, "futures.toml", contains="TOML syntax error")


# ---- ids ------------------------------------------------------------------------------------------
def test_option_ids_differing_by_case_are_refused(root, capsys):
    (root / "scenarios" / "Alpha.toml").write_bytes((root / "scenarios" / "alpha.toml").read_bytes())
    assert_one_line(capsys, root, ".toml", contains="duplicate option id")


def test_criterion_ids_differing_by_case_are_refused(root, capsys):
    with (root / "weights.toml").open("a", encoding="utf-8") as f:
        f.write('\n[criteria.Cost]\nbetter = "lower"\nweight = 1\n')
    assert_one_line(capsys, root, "weights.toml", "criteria.Cost", contains="differ only by case")


@pytest.mark.parametrize(
    "old, new, key",
    [
        (
            "[uncertainties.oil",
            "[uncertainties.Oil]\noutcomes.a = { probability = 1 }\n\n[uncertainties.oil",
            "oil",
        ),
        ("outcomes.low", "outcomes.LOW", "outcomes.LOW"),
    ],
    ids=["uncertainty", "outcome"],
)
def test_futures_ids_differing_by_case_are_refused(root, capsys, old, new, key):
    (root / "futures.toml").write_text(
        "[uncertainties.oil]\noutcomes.high = { probability = 0.5 }\noutcomes.low = { probability = 0.5 }\n",
        encoding="utf-8",
    )
    if key == "outcomes.LOW":
        with (root / "futures.toml").open("a", encoding="utf-8") as f:
            f.write("outcomes.LOW = { probability = 0 }\n")
    else:
        edit(root / "futures.toml", old, new)
    assert_one_line(capsys, root, "futures.toml", key, contains="differ only by case")


# ---- files that are not files ---------------------------------------------------------------------
@pytest.mark.parametrize("name", ["weights.toml", "futures.toml", "scenarios/alpha.toml"])
def test_a_folder_where_a_file_belongs_is_refused(root, capsys, name):
    (root / name).unlink()
    (root / name).mkdir()
    assert_one_line(capsys, root, name.split("/")[-1], contains="is a folder")


@pytest.mark.parametrize("name", ["weights.toml", "futures.toml", "scenarios/alpha.toml"])
def test_a_named_pipe_is_refused_without_blocking(root, capsys, name):
    (root / name).unlink()
    os.mkfifo(root / name)  # opening it to read would wait forever for a writer
    assert_one_line(capsys, root, name.split("/")[-1], contains="not a regular file")


@pytest.mark.parametrize("name", ["weights.toml", "futures.toml", "scenarios/alpha.toml"])
def test_a_symlink_loop_is_refused(root, capsys, name):  # was: RuntimeError from Path.resolve
    (root / name).unlink()
    (root / name).symlink_to(root / name)
    assert_one_line(capsys, root, name.split("/")[-1], contains="cannot read it")


@pytest.mark.skipif(
    os.geteuid() == 0, reason="root reads a chmod 000 file anyway (the FIFO test covers unreadable)"
)
def test_an_unreadable_file_is_refused(root, capsys):
    path = root / "weights.toml"
    path.chmod(0)
    try:
        assert_one_line(capsys, root, "weights.toml", contains="cannot read it")
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_huge_file_is_refused_before_it_is_read(root, capsys):
    with (root / "weights.toml").open("r+b") as f:
        f.truncate(50 * 2**20)  # sparse: 50 MB on paper, nothing on disk
    assert_one_line(capsys, root, "weights.toml", contains=f"at most {MAX_FILE_BYTES:,}")


def test_a_huge_weights_file_flag_is_refused(root, capsys, tmp_path):
    big = tmp_path / "w.toml"
    with big.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    rc, err = run(capsys, "rank", "--model", str(root), "--weights", str(big))
    assert rc == 2 and len(err.splitlines()) == 1 and "w.toml" in err, err


# ---- generated mutations of valid models ----------------------------------------------------------
BAD_VALUES = [
    math.nan,
    math.inf,
    -math.inf,
    10**401,
    -(10**401),
    1e308,
    -1e308,
    5e-324,
    -1,
    "text",
    True,
    [],
    [1, 2, 3],
    [-1e308, 1e308],
    {},
    {"value": 1},
]


def paths(doc, prefix=()):
    """Every (path to a value) in a nested document, through tables and arrays."""
    items = doc.items() if isinstance(doc, dict) else enumerate(doc)
    for k, v in items:
        yield (*prefix, k)
        if isinstance(v, dict | list) and v:
            yield from paths(v, (*prefix, k))


def set_at(doc, path, value):
    for k in path[:-1]:
        doc = doc[k]
    if value is DELETE:
        del doc[path[-1]]
    else:
        doc[path[-1]] = value


DELETE = object()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(model_docs(options=(2, 4), criteria=(2, 4)), st.data())
def test_generated_mutations_exit_0_or_2_with_one_line(tmp_path_factory, docs, data):
    files = {"weights.toml": docs.weights, **{f"scenarios/{o}.toml": d for o, d in docs.options.items()}}
    if docs.futures is not None:
        files["futures.toml"] = docs.futures
    name = data.draw(st.sampled_from(sorted(files)))
    path = data.draw(st.sampled_from(list(paths(files[name]))))
    set_at(files[name], path, data.draw(st.sampled_from([*BAD_VALUES, DELETE])))
    root = docs.write(tmp_path_factory.mktemp("mutant"))
    for command in COMMANDS:
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            rc = main([command, "--model", str(root)])
        assert rc in (0, 2), err.getvalue()
        if rc == 2 and command != "validate":
            assert len(err.getvalue().splitlines()) == 1, err.getvalue()
