"""`scenarios rank` formats a Ranking from its arrays, without pandas (issue 13): every format
must be byte for byte what the same tables written from the Ranking's pandas frames give.

The reference below is how `rank` built its tables from frames before it stopped importing
pandas; it is compared for every method, with red lines, ties, labels that need quoting or
guarding in CSV, and more options than the contribution table shows.
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd
import pytest

from scenarios import compare_profiles, load_model, rank
from scenarios.methods import METHODS
from scenarios.present import tables as present

from .conftest import SMALL_OPTIONS, SMALL_WEIGHTS, write_model

FORMATS = ("table", "markdown", "csv")


def frame_sections(r) -> dict[str, pd.DataFrame]:
    """The Ranking's sections built from its frames (the reference)."""
    order = r.order()
    head = pd.DataFrame({"rank": r.ranks, "label": r.option_labels, "score": r.scores})
    if r.intermediates is not None:
        head = head.join(r.intermediates)
    if r.crossed is not None and r.crossed.to_numpy().any():
        head["red lines crossed"] = [", ".join(r.red_lines_crossed(o)) or "–" for o in head.index]
    head = head.loc[order].rename_axis("option")
    shown = order[: present.MAX_CONTRIBUTION_OPTIONS]
    contrib = r.contributions.loc[shown].T
    contrib.insert(0, "weight", r.weights)
    title = f"Each criterion's part in the score ({r.contributions_are})"
    if len(shown) < len(order):
        title += f"; the top {len(shown)} of {len(order)} options (--format csv or json has them all)"
    return {"": head, title: contrib}


@pytest.fixture(scope="module")
def models(tmp_path_factory):
    root = tmp_path_factory.mktemp("models")
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    weights["criteria"]["safety"]["red_line"] = 5
    weights["criteria"]["cost"]["label"] = '=Cost, "total"\tin $ and a label long enough to be wrapped'
    options["alpha"]["label"] = '-Alpha, the "first"'
    options["beta"]["label"] = "+Beta\nsecond line"
    options["gamma"]["scores"]["cost"] = {"value": 2, "rationale": '=HYPERLINK("x"), with a comma'}
    odd = write_model(root / "odd", weights, options)
    tied = copy.deepcopy(SMALL_OPTIONS)
    tied["gamma"]["scores"] = dict(tied["beta"]["scores"])
    many = {
        f"o{i:02d}": {"label": f"Option {i}", "scores": {"cost": i % 10, "safety": 3 * i % 10, "speed": i}}
        for i in range(25)
    }
    return {
        "default": load_model(),
        "odd": load_model(odd),
        "tied": load_model(write_model(root / "tied", copy.deepcopy(SMALL_WEIGHTS), tied)),
        "many": load_model(write_model(root / "many", copy.deepcopy(SMALL_WEIGHTS), many)),
    }


@pytest.mark.parametrize("method", list(METHODS))
@pytest.mark.parametrize("name", ["default", "odd", "tied", "many"])
def test_rank_tables_match_the_frames(models, name, method):
    model = models[name]
    if name == "default":  # a red line crossed by some option, as in `--red-line isis_resurgence=5`
        model = model.with_red_lines({"isis_resurgence": 5.0})
    r = rank(model, method=method)
    for fmt in FORMATS:
        ours = present.render(present.ranking_table(r), {}, fmt, "T", 3, present.ranking_sections(r))
        theirs = present.render(r.to_frame(), {}, fmt, "T", 3, frame_sections(r))
        assert ours == theirs, fmt


@pytest.mark.parametrize("name", ["default", "odd"])
def test_profile_tables_match_the_frames(models, name):
    result = compare_profiles(models[name])
    for fmt in FORMATS:
        assert present.render(present.profiles_table(result), {}, fmt) == present.render(
            result.to_frame(), {}, fmt
        )


def test_csv_of_a_table_writes_numbers_as_pandas_does():
    """Floats as numpy spells them (shortest round trip, exponents), NaN empty, integers and
    booleans plain, text quoted only when it must be and guarded against formulas."""
    floats = np.array([0.1, 1 / 3, 1e-20, 1e16, -0.0, np.nan, np.inf, 123456789.125, 2.5e-5])
    n = len(floats)
    columns = [
        ("f", floats),
        ("i", np.arange(n, dtype=np.int64) - 3),
        ("b", np.arange(n) % 2 == 0),
        ("t", ["a,b", 'q"q', "=1+1", "-x", "@y", "line\nbreak", "", "plain", "+z"]),
        ("=col", np.zeros(n)),
    ]
    index = [f"r{i}" for i in range(n - 1)] + ["=r"]
    table = present.Table("row", index, columns)
    frame = pd.DataFrame(dict(columns), index=pd.Index(index, name="row"))
    assert present.safe_csv(table) == present.safe_csv(frame)
    assert present.text_table(table) == present.text_table(frame)
    assert present.markdown_table(table) == present.markdown_table(frame)


def test_ranking_frames_come_from_its_arrays():
    r = rank(load_model(), method="topsis")
    a = r.arrays
    assert list(r.scores.index) == list(a.options) and r.scores.to_numpy().tolist() == a.scores.tolist()
    assert r.contributions.index.name == "option" and r.contributions.columns.name == "criterion"
    assert list(r.intermediates.columns) == ["d_plus", "d_minus"]
    assert r.weights is r.weights  # built once
    assert rank(load_model(), method="additive").intermediates is None
