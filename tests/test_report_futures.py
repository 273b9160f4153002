"""The report's Futures, "Does the method matter?" and Red lines sections, the appendix's basis
column and futures, and the sentences written from their numbers (issues 11, 12, 14, 17)."""

from __future__ import annotations

import copy
import re

import pytest
import tomli_w

from scenarios import load_model, rank
from scenarios.analysis.futures import futures
from scenarios.analysis.method_comparison import compare_methods
from scenarios.cli import main
from scenarios.methods import METHODS
from scenarios.present.report import build_report
from scenarios.present.report.summary import evpi_sentence, methods_sentence

from .conftest import SMALL_OPTIONS, SMALL_WEIGHTS, write_model
from .test_report import Page, assert_only_our_scripts

SAMPLES, SEED, SOBOL = 2000, 3, 64

# In dry weather Alpha loses 3 points of safety, in wet weather Beta does: the weather decides
# between them (EVPI > 0). The mood changes nothing.
SPLIT = {
    "uncertainties": {
        "weather": {
            "label": "Weather",
            "rationale": "forecast",
            "outcomes": {
                "dry": {"probability": 0.6, "label": "Dry"},
                "wet": {"probability": 0.4, "label": "Wet"},
            },
        },
        "mood": {
            "label": "Mood",
            "rationale": "a coin",
            "outcomes": {"calm": {"probability": 0.5}, "tense": {"probability": 0.5}},
        },
    },
    "effects": [
        {"when": "weather.dry", "option": "alpha", "criterion": "safety", "shift": -3, "rationale": "r1"},
        {"when": "weather.wet", "option": "beta", "criterion": "safety", "shift": -3, "rationale": "r2"},
    ],
}
# Only Gamma, never best, is hurt: no outcome changes the choice (EVPI = 0).
NO_CHANGE = {
    "uncertainties": {"weather": SPLIT["uncertainties"]["weather"]},
    "effects": [{"when": "weather.wet", "option": "gamma", "criterion": "speed", "shift": -10}],
}


def model_dir(root, fut=None, weights=None, options=None):
    path = write_model(root, weights or copy.deepcopy(SMALL_WEIGHTS), options or copy.deepcopy(SMALL_OPTIONS))
    if fut is not None:
        (path / "futures.toml").write_text(tomli_w.dumps(fut), encoding="utf-8")
    return path


def build(model, **kw):
    return build_report(model, samples=SAMPLES, seed=SEED, sobol_samples=SOBOL, workers=1, **kw)


@pytest.fixture(scope="module")
def split_report(tmp_path_factory):
    return build(load_model(model_dir(tmp_path_factory.mktemp("split") / "m", SPLIT)))


# ---- the EVPI sentence ---------------------------------------------------------------------
def test_evpi_sentence_names_the_uncertainty_worth_knowing(tmp_path):
    result = futures(load_model(model_dir(tmp_path / "m", SPLIT)))
    assert result.evpi > 0 and result.evppi["mood"] == 0
    sentence = evpi_sentence(result, {"weather": "Weather", "mood": "Mood"})
    assert sentence.startswith(
        f"Knowing the outcome of Weather before choosing is worth {result.evpi:.3f} points"
    )
    assert "no other single uncertainty changes the choice" in sentence
    assert f"knowing every uncertainty is worth {result.evpi:.3f} points (EVPI" in sentence


def test_evpi_sentence_when_nothing_changes_the_choice(tmp_path):
    result = futures(load_model(model_dir(tmp_path / "m", NO_CHANGE)).with_weights({"safety": 3.0}))
    assert result.evpi == 0.0
    sentence = evpi_sentence(result, {"weather": "Weather"})
    assert "no single uncertainty changes the choice" in sentence and "EVPI 0" in sentence
    assert "Knowing the outcome" not in sentence


# ---- the futures section -------------------------------------------------------------------
def test_futures_section_shows_the_numbers_of_futures(split_report):
    f = split_report.futures
    assert f is not None and len(f.futures) == 4
    p = Page(split_report.to_html())
    assert "Futures: the options across states of the world" in p.h2
    rows = {cells[0][2]: cells[1:] for cells in p.table("futures") if len(cells) == 6}
    for _, row in f.options.iterrows():
        assert float(rows[row["label"]][0][1]["data-value"]) == row["expected_score"]
        assert float(rows[row["label"]][2][1]["data-value"]) == row["max_regret"]
    text = " ".join(p.by_section["futures"])
    assert "Knowing the outcome of Weather before choosing" in text
    assert "minimax regret" in text.lower() and "Not best when" in text
    summary = " ".join(p.by_section["summary"])
    assert "best expected score" in summary and "EVPI" in summary
    assert p.tags["svg"] == 9 + 2  # the heat map and the value-of-information bars


def test_a_model_without_futures_says_so(tmp_path):
    rep = build(load_model(model_dir(tmp_path / "m")))
    assert rep.futures is None
    p = Page(rep.to_html())
    assert any(t.startswith("The model has no futures") for t in p.by_section["futures"])
    assert not any("EVPI" in s for s in rep.summary)


def test_report_conditions_once_on_the_future_and_says_so(tmp_path):
    path = model_dir(tmp_path / "m", SPLIT)
    rep = build(load_model(path), future={"weather": "wet"}, method="topsis")
    base = load_model(path)
    assert dict(rep.model.future) == {"weather": "wet"}
    assert (
        rep.ranking.to_dict()["options"]
        == rank(base.in_future({"weather": "wet"}), method="topsis").to_dict()["options"]
    )
    assert len(rep.futures.futures) == 2  # the wet futures; effects applied once
    assert rep.futures.to_dict() == futures(base, method="topsis", given={"weather": "wet"}).to_dict()
    assert "the TOPSIS method, in the futures where weather = wet" in rep.summary[0]
    text = rep.to_html()
    assert "TOPSIS method · the analyst&#x27;s weights · in the futures where weather = wet" in text


# ---- does the method matter? ---------------------------------------------------------------
@pytest.mark.parametrize("which", ["small", "default"])
def test_method_comparison_ranks_are_rank_under_each_method(tmp_path, which):
    model = load_model(model_dir(tmp_path / "m")) if which == "small" else load_model()
    mc = compare_methods(model)
    assert mc.methods == list(METHODS) and not mc.skipped
    for m in METHODS:
        r = rank(model, method=m)
        assert mc.ranks[m].tolist() == r.ranks.tolist()
        assert mc.scores[m].tolist() == r.scores.tolist()
    assert set(mc.to_dict()["methods"]) == set(METHODS)


def test_methods_sentence_says_whether_the_methods_agree(tmp_path):
    model = load_model(model_dir(tmp_path / "m"))
    agree = compare_methods(model.with_weights({"safety": 5.0}))
    assert methods_sentence(agree) == (
        "All five aggregation methods (additive, weighted product, TOPSIS, VIKOR and PROMETHEE II) put "
        "Beta first at the point estimate."
    )
    two = compare_methods(model.with_weights({"safety": 5.0}), methods=["additive", "topsis"])
    assert methods_sentence(two).startswith("Both aggregation methods (additive and TOPSIS) put Beta first")
    # at the model's weights Alpha and Beta tie under additive, and TOPSIS prefers Gamma
    assert methods_sentence(compare_methods(model)) == (
        "The aggregation methods disagree on which option comes first: Alpha and Beta (tied) under "
        "additive; Alpha under weighted product and VIKOR; Gamma under TOPSIS; Alpha, Beta and Gamma "
        "(tied) under PROMETHEE II."
    )


def test_method_section_has_the_caveat_and_shows_engine_acceptabilities_when_given(tmp_path):
    import pandas as pd

    model = load_model(model_dir(tmp_path / "m"))
    acc = pd.DataFrame(
        {"additive": [0.5, 0.4, 0.1], "vikor": [0.2, 0.7, 0.1]}, index=["alpha", "beta", "gamma"]
    )
    rep = build(model, method_acceptability=acc)
    p = Page(rep.to_html())
    text = " ".join(p.by_section["methods"])
    assert "rank reversal" in text and "TOPSIS, VIKOR and PROMETHEE II" in text
    assert "Share of Monte Carlo draws in which each method ranks each option first." in text
    values = [float(c[1]["data-value"]) for cells in p.table("methods") for c in cells if c[2].endswith("%")]
    assert 0.7 in values and 0.5 in values


# ---- red lines -----------------------------------------------------------------------------
def test_red_lines_section_names_the_crossing_option(tmp_path):
    model = load_model(model_dir(tmp_path / "m")).with_red_lines({"cost": 5})  # Beta costs 7
    rep = build(model)
    p = Page(rep.to_html())
    assert p.h2[2] == "Red lines"
    rows = p.table("red-lines")
    head = [c[2] for c in rows[0]]
    beta = head.index("Beta")
    assert rows[1][0][2] == "Cost" and rows[1][beta][2] == "7 crosses"
    assert all("crosses" not in c[2] for k, c in enumerate(rows[1]) if k not in (beta,))
    assert "Beta crosses the red line on Cost" in " ".join(p.by_section["red-lines"])
    assert any("Beta crosses the red line on Cost" in s for s in rep.summary)
    assert "cost = 5" in rep.settings["Red lines"]


def test_no_red_lines_section_without_red_lines(split_report):
    assert "Red lines" not in Page(split_report.to_html()).h2


# ---- the appendix --------------------------------------------------------------------------
def test_appendix_shows_each_scores_basis_and_counts_them(tmp_path):
    options = copy.deepcopy(SMALL_OPTIONS)
    options["alpha"]["scores"]["cost"]["basis"] = "stated"
    options["alpha"]["scores"]["safety"]["basis"] = "judgment"
    options["beta"]["scores"]["speed"]["basis"] = "implied"
    rep = build(load_model(model_dir(tmp_path / "m", SPLIT, options=options)))
    p = Page(rep.to_html())
    rows = p.table("audit")
    head = next(cells for cells in rows if any(c[2] == "Basis" for c in cells))
    k = [c[2] for c in head].index("Basis")
    cells = {(r[0][2], r[1][2]): r[k][2] for r in rows if len(r) == len(head) and r is not head}
    assert cells[("Alpha", "Cost")] == "stated" and cells[("Alpha", "Safety")] == "judgment"
    assert cells[("Beta", "Speed")] == "implied" and cells[("Gamma", "Cost")] == ""
    text = " ".join(p.by_section["audit"])
    assert "1 score stated by the source, 1 implied, 1 the modeller's judgment and 6 not said (of 9)." in text
    assert (
        "forecast" in text and "a coin" in text and "r1" in text
    )  # uncertainties and effects, with rationales
    assert "dry (60%): Dry" in text


# ---- escaping and Markdown -----------------------------------------------------------------
def test_hostile_labels_are_escaped_in_the_new_sections(tmp_path):
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    options["alpha"]["label"] = "<script>alert(1)</script>"
    weights["criteria"]["cost"]["label"] = "<script>alert('c')</script>"
    fut = copy.deepcopy(SPLIT)
    fut["uncertainties"]["weather"]["label"] = "<script>alert('u')</script>"
    fut["uncertainties"]["weather"]["outcomes"]["dry"]["label"] = "<img src=x onerror=alert(3)>"
    fut["effects"][0]["rationale"] = "<script>alert('e')</script>"
    model = load_model(model_dir(tmp_path / "m", fut, weights, options)).with_red_lines({"cost": 5})
    rep = build(model)
    text = rep.to_html()
    p = Page(text)
    assert_only_our_scripts(text, p)
    assert p.tags["img"] == 0
    for sec in ("futures", "methods", "red-lines", "audit", "summary"):
        assert any("<script>" in t for t in p.by_section[sec]), sec  # shown as text, verbatim
    md, _ = rep.to_markdown()
    assert "<script" not in md.lower() and "<img" not in md


def test_markdown_has_the_new_sections(split_report):
    md, files = split_report.to_markdown()
    heads = re.findall(r"^## (.+)$", md, re.M)
    assert "Futures: the options across states of the world" in heads
    assert "Does the method matter?" in heads
    assert {"10-futures.svg", "11-value-of-information.svg"} <= set(files)
    assert "| Basis |" in md and "Knowing the outcome of Weather" in md


# ---- the command line ----------------------------------------------------------------------
def test_report_cli_honours_method_red_line_and_future_and_records_them(tmp_path):
    path = model_dir(tmp_path / "m", SPLIT)
    out = tmp_path / "r.html"
    flags = ["--method", "vikor", "--red-line", "cost=5", "--future", "weather=dry"]
    args = ["report", "--model", str(path), "--samples", "2000", "--sobol-samples", "64", "--workers", "1"]
    assert main([*args, *flags, "--output", str(out)]) == 0
    p = Page(out.read_text(encoding="utf-8"))
    assert "VIKOR method · the analyst's weights · in the futures where weather = dry" in [
        t for t, _ in p.texts
    ]
    settings = {cells[0][2]: cells[1][2] for cells in p.table("settings")}
    assert " ".join(flags) in settings["Command"]
    assert settings["Aggregation method"] == "vikor" and settings["Red lines"] == "cost = 5"
    assert settings["Future"] == "conditioned on weather = dry"
    assert "Red lines" in p.h2
    assert main([*args, "--future", "weather=snow", "--output", str(tmp_path / "x.html")]) == 2
