"""Compute everything a report shows, once: rank, SMAA-2, stability, tornado, Sobol', profiles,
futures, every method's ranking and the red lines crossed."""

from __future__ import annotations

import datetime as dt
import platform
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ...analysis.futures import futures
from ...analysis.futures_math import FuturesResult
from ...analysis.method_comparison import MethodComparison, compare_methods
from ...analysis.ranking import ProfileComparison, Ranking, compare_profiles, rank
from ...analysis.red_lines import red_line_risk
from ...analysis.side_by_side import by_method
from ...analysis.sobol import DEFAULT_SAMPLES, SobolResult, check_settings, sobol
from ...analysis.stability import StabilityResult, stability, sweep
from ...analysis.tornado import TornadoResult, tornado
from ...errors import UsageError
from ...methods import METHODS
from ...model.decision import Model
from ...montecarlo.engine import sensitivity
from ...montecarlo.result import SmaaResult
from .summary import summarize

Progress = Callable[[int, int], None]  # (units done, units planned)
LIBRARIES = ("scenarios", "numpy", "pandas", "scipy", "SALib", "matplotlib")
SWEEP_POINTS = 101
METHOD_SAMPLES = 20_000  # draws per method in "Does the method matter?": SE ≤ 0.0036


@dataclass(frozen=True)
class Report:
    """Every result the report shows, computed once; `to_html()` and `write_markdown()` only
    format them. `skipped` says why an analysis is missing (e.g. nothing uncertain to swing)."""

    model: Model
    ranking: Ranking
    smaa: SmaaResult
    stability: StabilityResult | None
    sweeps: dict[str, pd.DataFrame]  # criterion id → (points, m) scores as its weight runs 0 → 1
    tornado: TornadoResult | None
    sobol: SobolResult | None
    profiles: ProfileComparison
    summary: list[str]
    weights_name: str  # how the prose names the point weights, e.g. "the analyst's weights"
    settings: dict[str, str]  # label → value, in display order (the appendix's run settings)
    futures: FuturesResult | None = None  # None when the model has no futures.toml uncertainties
    methods: MethodComparison | None = None
    skipped: dict[str, str] = field(default_factory=dict)
    # Hooks for the Monte Carlo engine's per-method and red-line statistics; shown when given.
    method_acceptability: pd.DataFrame | None = None  # (m, methods) share of draws ranking first
    red_line_frequency: pd.DataFrame | None = None  # (m, n) share of draws crossing each red line

    @property
    def future(self) -> dict[str, str]:
        """The outcomes every number is conditioned on ({} for none)."""
        return dict(self.model.future)

    @property
    def red_lines_in_force(self) -> bool:
        return bool(np.isfinite(self.model.red_lines).any())

    @property
    def option_labels(self) -> dict[str, str]:
        return {o.id: o.label for o in self.model.options}

    @property
    def criterion_labels(self) -> dict[str, str]:
        return {c.id: c.label for c in self.model.criteria}

    @property
    def profile_labels(self) -> dict[str, str]:
        return {k: p.label for k, p in self.model.profiles.items()}

    def to_html(self) -> str:
        """One self-contained HTML page (inline SVG charts and CSS, no external references)."""
        from .html import render_html

        return render_html(self)

    def to_markdown(self, image_format: str = "svg") -> tuple[str, dict[str, bytes]]:
        """report.md's text and its chart files (name → bytes)."""
        from .markdown import render_markdown

        return render_markdown(self, image_format)

    def write_markdown(self, folder: str | Path, image_format: str = "svg") -> Path:
        """Write `folder`/report.md and its charts beside it, whole or not at all. Returns the folder."""
        from .markdown import write_markdown

        return write_markdown(self, folder, image_format)


def versions() -> dict[str, str]:
    out = {"Python": platform.python_version()}
    for name in LIBRARIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def build_report(
    model: Model,
    samples: int | None = None,
    seed: int | None = None,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
    weight_model: str | None = None,
    fixed_scores: bool = False,
    sobol_samples: int = DEFAULT_SAMPLES,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Progress | None = None,
    weights_name: str | None = None,
    command: str | None = None,
    future: Mapping[str, str] | None = None,
    method_acceptability: pd.DataFrame | None = None,
    red_line_frequency: pd.DataFrame | None = None,
) -> Report:
    """Run every analysis of `model` once and gather the results.

    `profile` then `weights` set the point weights as in `rank()`; `samples`, `seed`,
    `weight_model`, `fixed_scores`, `workers`, `scheduler` go to the SMAA-2 run (defaults: the model's),
    `sobol_samples` (a power of 2) and `seed` to Sobol'. `progress(done, total)` is called as
    work completes. `weights_name` says in prose whose weights these are (default: the profile's,
    else "the analyst's weights"); `command` is recorded in the run settings as given.

    `future` ({uncertainty: outcome}) conditions every analysis on those outcomes; the futures
    section then judges the options across the futures where they hold (`futures(..., given=)`),
    which needs the model unconditioned: a model conditioned beforehand (`model.in_future`) gets no
    futures section. `method_acceptability` (options × methods, the share of Monte Carlo draws each
    method ranks an option first) and `red_line_frequency` (options × criteria, the share of draws
    crossing each red line) are computed unless given: each method's own SMAA-2 run of up to
    `METHOD_SAMPLES` draws with the same seed, and the exact crossing probabilities.
    """
    if weights_name is None:
        weights_name = "the analyst's weights"
        if profile:
            weights_name = f"the weights of profile {model.profile(profile).label}"
    if profile:
        model = model.with_profile(profile)
    model = model.with_weights(weights)
    given = dict(future or {})
    skipped: dict[str, str] = {}
    fut = None
    if model.futures.uncertainties and model.future and not given:
        skipped["futures"] = (
            f"the model was conditioned on {_outcomes(model.future)} before the report was built; "
            "pass the unconditioned model and future= to judge the options across its futures"
        )
    elif model.futures.uncertainties:
        fut = futures(model, method=method, given=given)
    model = model.in_future(given)
    samples = model.samples if samples is None else samples
    seed = model.seed if seed is None else seed
    check_settings(sobol_samples, seed, "--sobol-samples")  # fail now, not after the Monte Carlo
    draws = samples * (1 if fixed_scores else 2)
    step = max(1, draws // 20)  # the one-way analyses and Sobol' are quick next to the Monte Carlo
    total = draws + 4 * step

    def tick(done: int, planned: int) -> None:
        if progress:
            progress(done, total)

    ranking = rank(model, method=method)
    method = ranking.method
    smaa = sensitivity(
        model,
        samples=samples,
        seed=seed,
        weight_model=weight_model,
        fixed_scores=fixed_scores,
        workers=workers,
        scheduler=scheduler,
        method=method,
        progress=tick,
    )
    done = draws

    def advance() -> None:
        nonlocal done
        done += step
        tick(done, total)

    stab, sweeps = None, {}
    if len(model.options) > 1:
        stab = stability(model, method=method)
        sweeps = {cid: sweep(model, cid, SWEEP_POINTS, method=method) for cid in model.criterion_ids}
    else:
        skipped["stability"] = "there is only one option, so there is no leader to unseat"
    advance()
    torn = _optional(lambda: tornado(model, method=method), "tornado", skipped)
    advance()
    sob = _optional(lambda: sobol(model, samples=sobol_samples, seed=seed, method=method), "sobol", skipped)
    advance()
    profiles = compare_profiles(model, method=method)
    methods = compare_methods(model)
    if method_acceptability is None:  # the same draws under every method: does it matter?
        runs: dict[str, Any] = {
            "samples": min(samples, METHOD_SAMPLES),
            "seed": seed,
            "weight_model": weight_model,
            "fixed_scores": fixed_scores,
            "workers": workers,
            "scheduler": scheduler,
        }
        method_acceptability = by_method(model, list(METHODS), **runs).first.drop(columns="mixed")
    if red_line_frequency is None and np.isfinite(model.red_lines).any():
        red_line_frequency = red_line_risk(model, fixed_scores=fixed_scores).crossing.dropna(
            axis=1, how="all"
        )
    advance()
    labels = {k: p.label for k, p in model.profiles.items()}
    summary = summarize(
        ranking,
        smaa,
        stab,
        torn,
        sob,
        profiles,
        labels,
        weights_name,
        futures=fut,
        methods=methods,
        uncertainty_labels={u.id: u.label for u in model.futures.uncertainties},
    )
    return Report(
        model=model,
        ranking=ranking,
        smaa=smaa,
        stability=stab,
        sweeps=sweeps,
        tornado=torn,
        sobol=sob,
        profiles=profiles,
        summary=summary,
        weights_name=weights_name,
        settings=_settings(model, smaa, stab, sob, weights_name, command, fut),
        futures=fut,
        methods=methods,
        skipped=skipped,
        method_acceptability=method_acceptability,
        red_line_frequency=red_line_frequency,
    )


def _outcomes(given: Mapping[str, str]) -> str:
    return " and ".join(f"{u} = {o}" for u, o in given.items())


def _optional(run: Callable[..., Any], key: str, skipped: dict[str, str]) -> Any:
    """The analysis's result, or None with the reason recorded when the model gives it nothing
    to work on (the analyses say so with a UsageError)."""
    try:
        return run()
    except UsageError as e:
        skipped[key] = e.problems[0].message if e.problems else str(e)
        return None


def _settings(
    model: Any, smaa: Any, stab: Any, sob: Any, weights_name: Any, command: Any, fut: Any
) -> dict[str, str]:
    wm = smaa.weight_model + (
        f" (concentration {model.concentration:g})" if smaa.weight_model == "dirichlet" else ""
    )
    run = f"{smaa.samples:,} draws" + (
        f" of {smaa.requested:,} requested (interrupted)" if smaa.partial else ""
    )
    out = {
        "Model": model.title,
        "Model folder": str(Path(model.path).resolve()) if model.path else "(built in memory)",
        "Source": model.source or "–",
        "Aggregation method": smaa.method,
        "Point weights": ", ".join(f"{c.id} = {c.weight:.4g}" for c in model.criteria),
        "Red lines": ", ".join(f"{c.id} = {c.red_line:g}" for c in model.criteria if c.red_line is not None)
        or "none",
        "Future": f"conditioned on {_outcomes(model.future)}" if model.future else "not conditioned",
        "Futures": f"{len(fut.futures)} futures of {len(fut.uncertainties)} uncertainties, point scores"
        if fut is not None
        else "none",
        "Weights": weights_name[:1].upper() + weights_name[1:],
        "Monte Carlo (SMAA-2)": f"{run}, seed {smaa.seed}, weight model {wm}, "
        + ("scores fixed at their point values" if smaa.fixed_scores else "scores drawn from their ranges"),
        "Weight stability": f"{stab.computed} intervals, sweeps of {SWEEP_POINTS} points"
        if stab
        else "not run",
        "Sobol'": (
            f"N = {sob.samples} base samples ({sob.evaluations:,} evaluations), seed {sob.seed}; "
            f"weights: {sob.weights_treatment}"
            if sob
            else "not run"
        ),
    }
    if command:
        out["Command"] = command
    out |= {f"{k} version": v for k, v in versions().items()}
    out["Created"] = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    return out
