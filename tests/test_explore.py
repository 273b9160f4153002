"""The HTML report's Explore panel, driven in a real headless Chromium: what the page computes must
be what `scenarios.rank` and `scenarios rank --format json` give for the same settings (scores
bit for bit, shown to 3 decimals), the page must stay safe with hostile labels, usable by keyboard
and readable at phone width.

The browser is the system Chromium (`apt-get install chromium`; `.ci/run` installs it); without
it, or without the `playwright` package, every test here is skipped with the reason.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from scenarios import Model, load_model, rank
from scenarios.cli import main
from scenarios.model.futures import Effect as _Effect
from scenarios.model.futures import Futures, Outcome
from scenarios.model.futures import Uncertainty as _Uncertainty
from scenarios.present.report import build_report, explore

from .conftest import SMALL_OPTIONS, SMALL_WEIGHTS, write_model

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOSTILE = "<img src=x onerror=alert(1)>"
BREAKOUT = "</script><script>alert(2)</script><!--"
RANKING = """els => els.map(e => ({
    id: e.dataset.option, rank: Number(e.dataset.rank), score: Number(e.dataset.score),
    text: e.querySelector('.x-score').textContent, label: e.querySelector('.x-label').textContent}))"""


# ---- futures built directly (not from a futures.toml), so tests can pick awkward labels ----------
def Uncertainty(uid: str, label: str, outcomes: tuple[Outcome, ...]) -> _Uncertainty:
    return _Uncertainty(uid, label, "", outcomes)


def Effect(when, option, criterion, shift=None, value=None) -> _Effect:
    return _Effect(when, option, criterion, shift, value, "")


FUTURES = Futures(
    (
        Uncertainty(
            "government",
            "Government formed",
            (Outcome("balancing", "Balancing coalition", 0.55), Outcome("tehran", "Tehran-aligned", 0.45)),
        ),
        Uncertainty("oil", "Oil price", (Outcome("high", "High", 0.3), Outcome("low", "Low", 0.7))),
    ),
    (
        Effect((("government", "tehran"),), None, "safety", shift=-2),  # every option
        Effect((("government", "tehran"),), "beta", "safety", shift=4),  # stacks: 9 − 2 + 4 → clipped to 10
        Effect((("government", "tehran"), ("oil", "low")), "alpha", "cost", value=1),  # both must hold
        Effect((("oil", "high"),), "gamma", "speed", shift=50),
    ),
)


def apply_futures(model: Model, futures: Futures, outcomes: dict[str, str]) -> Model:
    """The reference: DESIGN.md's effect rules applied with plain Python, then `Model.with_score`."""
    scores = {(o.id, c): s.value for o in model.options for c, s in o.scores.items()}
    touched = set()
    for e in futures.effects:
        if all(outcomes.get(u) == o for u, o in e.when):
            for oid in [e.option] if e.option else model.option_ids:
                key = (oid, e.criterion)
                scores[key] = scores[key] + e.shift if e.shift is not None else e.value
                touched.add(key)
    for oid, cid in touched:
        lo, hi = model.criterion(cid).scale
        model = model.with_score(oid, cid, min(max(scores[oid, cid], lo), hi))
    return model


def demoted(ranking, crossing: set[str]) -> list[tuple[str, int]]:
    """(option, rank) best first when the options in `crossing` cross a red line: they rank below
    every other option, each group keeping the method's order (DESIGN.md, red lines)."""
    order = ranking.order()
    ok, out = [o for o in order if o not in crossing], [o for o in order if o in crossing]
    ranks = []
    for group, offset in ((ok, 0), (out, len(ok))):
        for o in group:
            ranks.append((o, 1 + offset + sum(ranking.scores[k] > ranking.scores[o] + 1e-12 for k in group)))
    return ranks


# ---- the browser ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install the system Chromium (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


class Tab:
    """One page of the report, recording console errors, uncaught exceptions, dialogs and requests."""

    def __init__(self, browser, path: Path, width: int = 1280):
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", self._dialog)
        self.context.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())

    def _dialog(self, d) -> None:
        self.dialogs.append(d.message)
        d.dismiss()

    def ranking(self) -> list[dict]:
        return self.page.locator("#explore-ranking ol > li").evaluate_all(RANKING)

    def slider(self, cid: str):
        return self.page.locator(f'input[type=range][data-criterion="{cid}"]')

    def set_slider(self, cid: str, value: str) -> None:
        """Set a slider the way a script-driven drag does: new value, then an `input` event."""
        self.slider(cid).evaluate(
            "(el, v) => { el.value = v; el.dispatchEvent(new Event('input', {bubbles: true})); }", value
        )

    def assert_clean(self) -> None:
        assert self.errors == [] and self.dialogs == []
        assert all(u.startswith(("file:", "data:")) for u in self.requests), self.requests


@pytest.fixture
def tab(browser):
    opened: list[Tab] = []

    def open_(path: Path, width: int = 1280) -> Tab:
        opened.append(Tab(browser, path, width))
        return opened[-1]

    yield open_
    for t in opened:
        t.context.close()


def assert_matches(t: Tab, expected) -> None:
    """The page's ranking is `expected`: same order, ranks, scores (exactly) and shown scores."""
    shown = t.ranking()
    want = expected.to_dict()["options"]
    assert [s["id"] for s in shown] == [o["id"] for o in want]
    assert [s["rank"] for s in shown] == [o["rank"] for o in want]
    for s, o in zip(shown, want, strict=True):
        assert s["score"] == o["score"]  # bit for bit: same value functions, same pairwise sums
        assert s["text"] == f"{o['score']:.3f}"


def write_page(model: Model, path: Path) -> Path:
    report = build_report(model, samples=300, seed=1, sobol_samples=8, workers=1)
    path.write_text(report.to_html(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> tuple[Path, Model, Path]:
    """The small test model, with a piecewise-linear value function on speed: (folder, model, page)."""
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    weights["criteria"]["speed"]["value_function"] = [[0, 0.0], [30, 0.5], [100, 1.0]]
    root = tmp_path_factory.mktemp("explore")
    folder = write_model(root / "small", weights, options)
    model = load_model(folder)
    return folder, model, write_page(model, root / "small.html")


@pytest.fixture(scope="module")
def default_page(tmp_path_factory) -> tuple[Model, Path]:
    """The packaged model: eight criteria, long labels, three profiles."""
    model = load_model()
    return model, write_page(model, tmp_path_factory.mktemp("explore") / "default.html")


# ---- the numbers ---------------------------------------------------------------------------------------
def test_panel_opens_on_the_reports_ranking(tab, small, default_page):
    for model, path in ((small[1], small[2]), default_page):
        t = tab(path)
        assert_matches(t, rank(model))
        weights = t.page.locator(".x-weight output").all_text_contents()
        assert weights == [f"{100 * c.weight:.1f}%" for c in model.criteria]
        if not model.futures.uncertainties:
            assert t.page.locator("input[type=radio]").count() == 0  # no futures, no toggles
        t.assert_clean()


def test_arrow_keys_on_a_slider_rerank_as_with_weights_and_the_cli(tab, small, capsys):
    folder, model, path = small
    t = tab(path)
    t.slider("cost").focus()
    for _ in range(25):
        t.page.keyboard.press("ArrowLeft")  # 0.50 → 0.25: the raw weight of cost
    value = t.slider("cost").input_value()
    assert float(value) == pytest.approx(0.25)
    expected = rank(model.with_weights({"cost": float(value)}))
    assert expected.order()[0] != rank(model).order()[0]  # the move changes the leader
    assert_matches(t, expected)
    assert main(["rank", "--model", str(folder), "--weight", f"cost={value}", "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert [(o["id"], o["score"]) for o in cli["options"]] == [(s["id"], s["score"]) for s in t.ranking()]
    shown = t.page.locator(".x-weight output").all_text_contents()
    assert shown == [f"{100 * w:.1f}%" for w in cli["weights"].values()]
    t.assert_clean()


def test_profiles_then_sliders_rerank_as_with_profile_then_with_weights(tab, default_page):
    model, path = default_page
    t = tab(path)
    for pid in model.profiles:
        t.page.select_option("#explore-profile", pid)
        assert_matches(t, rank(model, profile=pid))
    pid = list(model.profiles)[-1]
    t.page.select_option("#explore-profile", pid)
    first, second = model.criterion_ids[0], model.criterion_ids[3]
    t.set_slider(first, "0.05")
    t.set_slider(second, "0.6")
    assert_matches(t, rank(model.with_profile(pid).with_weights({first: 0.05, second: 0.6})))
    t.page.select_option("#explore-profile", "")  # back to the model's weights
    assert_matches(t, rank(model))
    t.assert_clean()


def test_red_lines_demote_crossing_options_below_all_others(tab, small):
    _, model, path = small
    t = tab(path)
    assert t.page.locator('[data-red-line="cost"]').input_value() == ""  # the model sets none
    base = rank(model)
    t.page.fill('[data-red-line="cost"]', "6")  # lower is better: Beta's 7 crosses it
    assert [(s["id"], s["rank"]) for s in t.ranking()] == demoted(base, {"beta"})
    assert [s["score"] for s in t.ranking()] == [base.scores[s["id"]] for s in t.ranking()]
    crossed = t.page.locator('li[data-option="beta"] .x-crossed').text_content()
    assert "Cost" in crossed
    t.page.fill('[data-red-line="safety"]', "6.5")  # higher is better: Alpha's 6 and Gamma's 3 cross
    assert [(s["id"], s["rank"]) for s in t.ranking()] == demoted(base, {"alpha", "beta", "gamma"})
    t.page.fill('[data-red-line="cost"]', "")
    t.page.fill('[data-red-line="safety"]', "")
    assert_matches(t, base)
    t.assert_clean()


def test_red_lines_from_the_model_are_prefilled_and_match_the_cli(tab, tmp_path, capsys):
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    weights["criteria"]["cost"]["red_line"] = 6
    folder = write_model(tmp_path / "m", weights, options)
    t = tab(write_page(load_model(folder), tmp_path / "r.html"))
    assert float(t.page.locator('[data-red-line="cost"]').input_value()) == 6
    assert main(["rank", "--model", str(folder), "--format", "json"]) == 0
    cli = json.loads(capsys.readouterr().out)
    assert [(s["id"], s["rank"], s["score"]) for s in t.ranking()] == [
        (o["id"], o["rank"], o["score"]) for o in cli["options"]
    ]
    t.assert_clean()


def test_outcome_toggles_apply_the_futures_effects(tab, small, tmp_path, monkeypatch):
    model = small[1]
    monkeypatch.setattr(explore, "futures_of", lambda m: FUTURES)
    t = tab(write_page(model, tmp_path / "futures.html"))
    radios = t.page.locator("input[type=radio][data-uncertainty]")
    assert radios.count() == 2 * 3  # "as scored" and two outcomes, per uncertainty
    assert_matches(t, rank(model))  # nothing picked: no effects
    for outcomes in (
        {"government": "tehran"},
        {"government": "tehran", "oil": "low"},
        {"government": "balancing", "oil": "high"},
    ):
        for u, o in outcomes.items():
            t.page.check(f'[data-uncertainty="{u}"][data-outcome="{o}"]')
        assert_matches(t, rank(apply_futures(model, FUTURES, outcomes)))
    t.page.check('[data-uncertainty="government"][data-outcome=""]')
    t.page.check('[data-uncertainty="oil"][data-outcome=""]')
    assert_matches(t, rank(model))
    t.assert_clean()


def test_outcome_toggles_match_the_cli_future_flag(tab, tmp_path, capsys):
    folder = tmp_path / "m"
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    write_model(folder, weights, options)
    (folder / "futures.toml").write_text(
        "[uncertainties.government]\nlabel = 'Government'\n"
        "outcomes.balancing = { probability = 0.55, label = 'Balancing' }\n"
        "outcomes.tehran = { probability = 0.45, label = 'Tehran-aligned' }\n"
        "[[effects]]\nwhen = 'government.tehran'\ncriterion = 'safety'\nshift = -2\n"
        "[[effects]]\nwhen = 'government.tehran'\noption = 'beta'\ncriterion = 'safety'\nshift = 4\n",
        encoding="utf-8",
    )
    t = tab(write_page(load_model(folder), tmp_path / "r.html"))
    t.page.check('[data-uncertainty="government"][data-outcome="tehran"]')
    args = ["rank", "--model", str(folder), "--future", "government=tehran", "--format", "json"]
    assert main(args) == 0
    cli = json.loads(capsys.readouterr().out)
    assert [(s["id"], s["rank"], s["score"]) for s in t.ranking()] == [
        (o["id"], o["rank"], o["score"]) for o in cli["options"]
    ]
    t.assert_clean()


# ---- safety, keyboard, small screens -------------------------------------------------------------------
def test_hostile_labels_render_as_text_and_run_nothing(tab, tmp_path, monkeypatch):
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    weights["criteria"]["cost"]["label"] = BREAKOUT
    weights["profiles"]["safety_first"]["label"] = HOSTILE
    options["alpha"]["label"] = HOSTILE
    options["beta"]["label"] = BREAKOUT
    model = load_model(write_model(tmp_path / "m", weights, options))
    hostile_futures = Futures((Uncertainty("u", BREAKOUT, (Outcome("o", HOSTILE, 1.0),)),))
    monkeypatch.setattr(explore, "futures_of", lambda m: hostile_futures)
    t = tab(write_page(model, tmp_path / "r.html"))
    labels = {s["id"]: s["label"] for s in t.ranking()}
    assert labels["alpha"] == HOSTILE and labels["beta"] == BREAKOUT
    assert t.page.locator('label[for="explore-w0"]').text_content() == BREAKOUT
    assert BREAKOUT in t.page.locator("#explore-legend").text_content()
    assert t.page.locator("#explore-profile option").all_text_contents()[1] == HOSTILE
    assert t.page.locator("#explore fieldset fieldset legend").text_content() == BREAKOUT
    assert t.page.locator('label[for="explore-u0-0"]').text_content().startswith(HOSTILE)
    assert t.page.locator("img").count() == 0
    assert t.page.evaluate("document.querySelectorAll('script').length") == 2
    assert_matches(t, rank(model))  # the escaped data still parses to the model's numbers
    t.assert_clean()


def test_tab_reaches_the_first_slider_and_every_control_has_a_label(tab, small):
    t = tab(small[2])
    first = t.slider("cost")
    for _ in range(200):
        t.page.keyboard.press("Tab")
        if first.evaluate("el => el === document.activeElement"):
            break
    else:
        pytest.fail("Tab never reached the first weight slider")
    outline = first.evaluate("el => getComputedStyle(el).outlineStyle")
    assert outline not in ("", "none")  # a visible focus ring
    unlabelled = t.page.evaluate(
        """() => [...document.querySelectorAll('#explore-panel input, #explore-panel select')]
            .filter(el => !document.querySelector(`label[for="${el.id}"]`)).map(el => el.id)"""
    )
    assert unlabelled == []
    t.assert_clean()


def test_phone_width_has_no_horizontal_scroll_and_arabic_runs_right_to_left(tab, tmp_path, default_page):
    weights, options = copy.deepcopy(SMALL_WEIGHTS), copy.deepcopy(SMALL_OPTIONS)
    weights["criteria"]["cost"]["label"] = "التكلفة على المدى الطويل للحكومة والمواطنين"
    options["alpha"]["label"] = "الانسحاب الكامل"
    arabic = write_page(load_model(write_model(tmp_path / "ar", weights, options)), tmp_path / "ar.html")
    for path in (default_page[1], arabic):
        t = tab(path, width=375)
        assert t.page.evaluate("document.scrollingElement.scrollWidth") <= 375
        t.assert_clean()
    rtl = t.page.evaluate(
        """() => [document.querySelector('label[for="explore-w0"]'),
                  document.querySelector('li[data-option="alpha"] .x-label')]
                 .map(el => el.matches(':dir(rtl)'))"""
    )
    assert rtl == [True, True]


def test_markdown_report_points_to_the_html_panel(small):
    report = build_report(small[1], samples=300, seed=1, sobol_samples=8, workers=1)
    text, _ = report.to_markdown()
    assert "## Explore: weights, futures and red lines" in text
    assert "Open the HTML report" in text
