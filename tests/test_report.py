"""`scenarios report`: one self-contained, escaped HTML page (or Markdown folder) whose numbers
are the library's, in the promised order, with a summary written from those numbers."""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from scenarios import compare_profiles, load_model, rank, sensitivity, stability
from scenarios.cli import main
from scenarios.present.report import build_report, explore
from scenarios.present.report.sections import charts, sections
from scenarios.present.report.summary import (
    leader_sentence,
    pct_se,
    profiles_sentence,
    stability_sentence,
    summarize,
)

from .conftest import SMALL_OPTIONS, SMALL_WEIGHTS, write_model

SAMPLES, SEED, SOBOL = 4000, 11, 64
HEADINGS = [
    "Summary",
    "Ranking under the analyst's weights",
    "Futures: the options across states of the world",
    "Does the method matter?",
    "Explore: weights, futures and red lines",
    "Rank acceptability",
    "Central weights",
    "Pairwise winning odds",
    "Score distributions",
    "Weight stability",
    "Tornado: one input at a time",
    "Sobol' indices: what drives the uncertainty",
    "Rankings under the stakeholder profiles",
    "Appendix: criteria, scores and rationales",
    "Appendix: run settings",
]
# contributions, acceptability, central weights, pairwise, scores, stability, tornado, Sobol', profiles
CHARTS = 9
VOID = {"meta", "br", "img", "hr", "input", "link", "col", "wbr"}


class Page(HTMLParser):
    """What a browser would see: tags, headings, text with its enclosing elements, table rows."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.tags: Counter = Counter()
        self.attrs: list[tuple[str, dict]] = []
        self.h2: list[str] = []
        self.scripts: list[tuple[dict, str]] = []  # (attributes, content) of each <script>
        self.texts: list[tuple[str, list[dict]]] = []
        self.rows: list[tuple[str, list[tuple[str, dict, str]]]] = []  # (section id, cells)
        self.section = ""
        self.by_section: dict[str, list[str]] = {}
        self._row: list | None = None
        self._cell: list | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags[tag] += 1
        self.attrs.append((tag, a))
        if tag == "section":
            self.section = a.get("id", "")
        if tag == "tr":
            self._row = []
        if tag in ("td", "th") and self._row is not None:
            self._cell = [tag, a, ""]
        if tag not in VOID:
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break
        if tag in ("td", "th") and self._cell is not None:
            self._row.append(tuple(self._cell))
            self._cell = None
        if tag == "tr" and self._row is not None:
            self.rows.append((self.section, self._row))
            self._row = None

    def handle_data(self, data):
        if not data.strip():
            return
        if self.stack and self.stack[-1][0] == "script":  # code and data, not text a reader sees
            self.scripts.append((self.stack[-1][1], data))
            return
        if self.stack and self.stack[-1][0] == "h2":
            self.h2.append(data)
        if self._cell is not None:
            self._cell[2] += data
        self.texts.append((data, [a for _, a in self.stack]))
        self.by_section.setdefault(self.section, []).append(data)

    def table(self, section: str) -> list[list[tuple[str, dict, str]]]:
        return [cells for sec, cells in self.rows if sec == section]


@pytest.fixture(scope="module")
def small_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("report") / "small"
    return write_model(root, copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS))


@pytest.fixture(scope="module")
def report(small_dir):
    return build_report(load_model(small_dir), samples=SAMPLES, seed=SEED, sobol_samples=SOBOL, workers=1)


@pytest.fixture(scope="module")
def page(report) -> tuple[str, Page]:
    text = report.to_html()
    return text, Page(text)


def hostile_docs():
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    weights["title"] = "</title><script>alert('title')</script>"
    weights["criteria"]["cost"]["label"] = '" onload="x'
    weights["profiles"]["safety_first"]["label"] = "<b>bold</b>"
    options["alpha"]["label"] = "<script>alert(1)</script>"
    options["alpha"]["scores"]["cost"]["rationale"] = "<img src=x onerror=alert(2)>"
    return weights, options


# ---- the page ------------------------------------------------------------------------------
def test_html_has_every_section_in_order_and_one_inline_svg_per_chart(report, page):
    text, p = page
    assert text.startswith("<!DOCTYPE html>")
    assert p.h2 == HEADINGS
    assert len(charts(sections(report))) == CHARTS
    assert p.tags["svg"] == CHARTS
    assert text.count("<svg") == CHARTS
    assert '<meta charset="utf-8">' in text


def test_html_is_self_contained(page):
    text, p = page
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:|//)""", text, re.I)
    assert set(re.findall(r"url\((.)", text)) <= {"#"}  # only references inside the page
    assert "@import" not in text
    assert p.tags["img"] == 0 and p.tags["link"] == 0
    assert_only_our_scripts(text, p)
    assert "@media print" in text  # a print stylesheet


def assert_only_our_scripts(text: str, p: Page) -> None:
    """The page's scripts are the Explore panel's two (its data, its code), inline, and the CSP
    lets exactly that code run."""
    assert p.tags["script"] == 2 and text.lower().count("<script") == 2
    (data_attrs, data), (code_attrs, code) = p.scripts
    assert data_attrs == {"type": "application/json", "id": "explore-data"} and code_attrs == {}
    assert "<" not in data and ">" not in data and "&" not in data  # escaped as \u003c etc.
    assert code == explore.script()
    csp = next(a["content"] for t, a in p.attrs if t == "meta" and a.get("http-equiv"))
    assert "default-src 'none'" in csp and explore.script_hash(code) in csp


def test_every_model_string_is_escaped_and_no_foreign_script_appears(tmp_path):
    weights, options = hostile_docs()
    model = load_model(write_model(tmp_path / "m", weights, options))
    text = build_report(model, samples=500, seed=1, sobol_samples=8, workers=1).to_html()
    p = Page(text)
    assert_only_our_scripts(text, p)
    assert p.tags["b"] == 0 and p.tags["img"] == 0
    assert not any(k in ("onload", "onerror") for _, a in p.attrs for k in a)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    seen = {t for t, _ in p.texts}
    assert "<script>alert(1)</script>" in seen  # shown as text, verbatim
    assert '" onload="x' in seen
    assert "<img src=x onerror=alert(2)>" in seen
    assert p.h2 == HEADINGS


def test_markdown_escapes_model_strings_too(tmp_path):
    weights, options = hostile_docs()
    model = load_model(write_model(tmp_path / "m", weights, options))
    text, files = build_report(model, samples=500, seed=1, sobol_samples=8, workers=1).to_markdown()
    assert "<script" not in text.lower() and "<img" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert len(files) == CHARTS


def test_arabic_labels_are_verbatim_and_flow_right_to_left(tmp_path):
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    options["alpha"]["label"] = "الانسحاب الكامل"
    weights["criteria"]["cost"]["label"] = "التكلفة"
    options["beta"]["scores"]["cost"] = {"value": 7, "rationale": "تقدير المحلل"}
    model = load_model(write_model(tmp_path / "ar", weights, options))
    text = build_report(model, samples=500, seed=1, sobol_samples=8, workers=1).to_html()
    for word in ("الانسحاب الكامل", "التكلفة", "تقدير المحلل"):
        assert word in text
    arabic = [(t, enclosing) for t, enclosing in Page(text).texts if re.search("[\u0600-\u06ff]", t)]
    assert arabic
    for t, enclosing in arabic:  # the element holding the text lays it out by its own direction
        assert enclosing[-1].get("dir") == "auto", t


# ---- the numbers ---------------------------------------------------------------------------
def test_report_numbers_match_sensitivity_json(small_dir, tmp_path, capsys):
    common = ["--model", str(small_dir), "--samples", str(SAMPLES), "--seed", str(SEED), "--workers", "1"]
    assert main(["sensitivity", *common, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    out = tmp_path / "r.html"
    assert main(["report", *common, "--sobol-samples", str(SOBOL), "--output", str(out)]) == 0
    p = Page(out.read_text(encoding="utf-8"))
    rows = {cells[0][2]: cells[1:] for cells in p.table("acceptability")[1:]}
    for opt in data["options"]:
        first, se = opt["rank_acceptability"][0], opt["rank_acceptability_se"][0]
        _, attrs, shown = rows[opt["label"]][0]
        assert float(attrs["data-value"]) == first
        assert shown == f"{first:.2%} ± {se:.2%}"
    lead = data["options"][0]
    summary = " ".join(p.by_section["summary"])
    assert pct_se(lead["rank_acceptability"][0], lead["rank_acceptability_se"][0]) in summary


def test_ranking_table_matches_rank(report, page):
    _, p = page
    r = report.ranking
    rows = p.table("ranking")
    head = [cells for cells in rows if len(cells) == 3][1:]
    assert [c[1][2] for c in head] == [r.option_labels[o] for o in r.order()]
    assert [float(c[2][1]["data-value"]) for c in head] == [r.scores[o] for o in r.order()]


# ---- the summary ---------------------------------------------------------------------------
def test_pct_se_keeps_the_error_visible():
    assert pct_se(0.7683, 0.0013) == "76.8% ± 0.1%"
    assert pct_se(0.999, 0.0001) == "99.90% ± 0.01%"


def test_leader_sentence_follows_the_weights(small_dir):
    model = load_model(small_dir)
    # at the model's own weights Alpha and Beta tie exactly (0.58 each): the sentence says so
    tied = leader_sentence(rank(model), sensitivity(model, samples=2000, seed=5, workers=1))
    assert tied.startswith(
        "Alpha and Beta tie for first under the analyst's weights and the additive method (score 0.580)"
    )
    for weights in ({"cost": 3.0}, {"safety": 3.0}, {"speed": 3.0}):
        m = model.with_weights(weights)
        r = rank(m)
        s = sensitivity(m, samples=2000, seed=5, workers=1)
        lead = r.order()[0]
        sentence = leader_sentence(r, s)
        assert sentence.startswith(f"{r.option_labels[lead]} ranks first under the analyst's weights")
        assert f"score {r.scores[lead]:.3f}" in sentence
        assert f"{pct_se(s.first[lead], s.acceptability_se.at[lead, 1])} of 2,000 plausible" in sentence
    leaders = {rank(model.with_weights(w)).order()[0] for w in ({"cost": 3.0}, {"safety": 3.0})}
    assert len(leaders) == 2  # the weights above really do change the answer


def test_stability_sentence_quotes_the_nearest_threshold(small_dir):
    model = load_model(small_dir)
    for weights in ({"cost": 3.0}, {"safety": 3.0}):
        m = model.with_weights(weights)
        st = stability(m)
        f = st.intervals
        gaps = []
        for _, row in f.iterrows():
            if row["top_takeover_high"] is not None and row["top_upper"] < 1:
                gaps.append(
                    (row["top_upper"] - row["weight"], f"{row['top_upper']:.2f} (now {row['weight']:.2f}")
                )
            if row["top_takeover_low"] is not None and row["top_lower"] > 0:
                gaps.append(
                    (row["weight"] - row["top_lower"], f"{row['top_lower']:.2f} (now {row['weight']:.2f}")
                )
        sentence = stability_sentence(st, rank(m))
        if gaps:
            assert min(gaps)[1] in sentence
        else:
            assert sentence.startswith("No single weight changes the leader")


def test_profiles_sentence_names_each_profiles_first_choice(small_dir):
    model = load_model(small_dir)
    pc = compare_profiles(model)
    first = rank(model, profile="safety_first")
    label = first.option_labels[first.order()[0]]
    assert profiles_sentence(pc, {"safety_first": "Safety first"}) == (
        f"Every stakeholder profile (1) puts {label} first."
    )


def test_report_summary_is_summarize_of_its_results(report):
    again = summarize(
        report.ranking,
        report.smaa,
        report.stability,
        report.tornado,
        report.sobol,
        report.profiles,
        report.profile_labels,
        futures=report.futures,
        methods=report.methods,
    )
    assert report.summary == again
    assert len(again) >= 5


def test_analyses_without_inputs_say_why_they_did_not_run(tmp_path):
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    for c in weights["criteria"].values():
        c.pop("weight_range", None)
    for o in options.values():
        o["scores"] = {k: (v["value"] if isinstance(v, dict) else v) for k, v in o["scores"].items()}
    model = load_model(write_model(tmp_path / "certain", weights, options))
    rep = build_report(model, samples=500, seed=1, sobol_samples=8, workers=1)
    assert rep.tornado is None and rep.sobol is None
    p = Page(rep.to_html())
    assert p.h2 == HEADINGS
    assert p.tags["svg"] == CHARTS - 2
    notes = [t for t, _ in p.texts if t.startswith("Not run:")]
    assert len(notes) == 2


# ---- writing files -------------------------------------------------------------------------
def test_missing_output_folder_exits_2_with_one_line(small_dir, tmp_path, capsys):
    out = tmp_path / "missing" / "r.html"
    assert main(["report", "--model", str(small_dir), "--output", str(out)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("error: --output") and "does not exist" in err
    assert not out.parent.exists()


def test_output_that_is_a_folder_or_foreign_folder_exits_2(small_dir, tmp_path, capsys):
    assert main(["report", "--model", str(small_dir), "--output", str(tmp_path)]) == 2
    (tmp_path / "notes.txt").write_text("keep me")
    args = ["report", "--model", str(small_dir), "--format", "markdown", "--output", str(tmp_path)]
    assert main(args) == 2
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert all(len(line) and line.startswith("error:") for line in capsys.readouterr().err.splitlines())


def test_existing_html_is_replaced_whole_without_temporary_files(small_dir, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("old report")
    args = ["report", "--model", str(small_dir), "--samples", "500", "--sobol-samples", "8", "--workers", "1"]
    assert main([*args, "--output", str(out)]) == 0
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.endswith("</html>\n")
    assert [f.name for f in tmp_path.iterdir()] == ["r.html"]


def test_markdown_folder_holds_report_and_charts_and_is_replaced_whole(report, tmp_path):
    folder = tmp_path / "report"
    for _ in range(2):  # the second run replaces the first report
        report.write_markdown(folder)
        assert [f.name for f in tmp_path.iterdir()] == ["report"]  # no temporary siblings left
    names = sorted(f.name for f in folder.iterdir())
    images = [n for n in names if n.endswith(".svg")]
    assert len(images) == CHARTS and "report.md" in names and len(names) == CHARTS + 1
    text = (folder / "report.md").read_text(encoding="utf-8")
    assert re.findall(r"^## (.+)$", text, re.M) == HEADINGS
    assert sorted(re.findall(r"\]\((\d\d-[a-z-]+\.svg)\)", text)) == images
    assert all((folder / n).read_bytes().lstrip().startswith(b"<?xml") for n in images)


REPORT_BAD = [
    (["--samples", "0"], "--samples"),
    (["--samples", "lots"], "--samples"),
    (["--sobol-samples", "1000"], "--sobol-samples"),
    (["--seed", "-3"], "--seed"),
    (["--workers", "0"], "--workers"),
    (["--weight-model", "gaussian"], "--weight-model"),
    (["--format", "pdf"], "--format"),
    (["--profile", "nobody"], "--profile"),
    (["--weight", "cost=x"], "--weight"),
]


@pytest.mark.parametrize("flags, named", REPORT_BAD, ids=[" ".join(f) for f, _ in REPORT_BAD])
def test_bad_report_flags_exit_2_with_one_line_and_write_nothing(small_dir, tmp_path, capsys, flags, named):
    out = tmp_path / "r.html"
    assert main(["report", "--model", str(small_dir), "--output", str(out), *flags]) == 2
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and named in err, err
    assert not out.exists() and list(tmp_path.iterdir()) == []


# ---- --open --------------------------------------------------------------------------------
@pytest.mark.parametrize("browser", ["found", "none", "error"])
def test_open_shows_the_written_report_or_says_no_browser_was_found(
    small_dir, tmp_path, capsys, monkeypatch, browser
):
    import webbrowser

    seen: list[str] = []

    def fake_open(url, *args, **kwargs):
        seen.append(url)
        if browser == "error":
            raise webbrowser.Error("could not locate runnable browser")
        return browser == "found"

    monkeypatch.setattr(webbrowser, "open", fake_open)
    out = tmp_path / "r.html"
    args = ["report", "--model", str(small_dir), "--samples", "300", "--sobol-samples", "8", "--workers", "1"]
    assert main([*args, "--output", str(out), "--open"]) == 0
    assert seen == [out.resolve().as_uri()] and out.is_file()
    err = capsys.readouterr().err.strip().splitlines()
    notes = [line for line in err if "browser" in line]
    assert notes == ([] if browser == "found" else [f"no web browser found; open {out} yourself"])


def test_open_is_not_called_without_the_flag(small_dir, tmp_path, monkeypatch):
    import webbrowser

    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: pytest.fail("opened a browser unasked"))
    args = ["report", "--model", str(small_dir), "--samples", "300", "--sobol-samples", "8", "--workers", "1"]
    assert main([*args, "--output", str(tmp_path / "r.html")]) == 0
