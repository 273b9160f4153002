"""Sobol' variance-based sensitivity: which uncertain inputs drive the scores and the leader's margin.

Sampling and estimation are SALib's: `SALib.sample.sobol.sample` (Saltelli's scheme over a
scrambled Sobol' sequence) and `SALib.analyze.sobol.analyze` (first-order S1 and total ST
estimators of Saltelli et al., "Variance based sensitivity analysis of model output", Comput.
Phys. Commun. 181 (2010) 259–270, Table 2, with bootstrap confidence intervals). This module
only maps SALib's unit hypercube onto the model's inputs and evaluates the model on it.

Inputs:
- every criterion whose `weight_range` has a width: its raw weight judgement is drawn uniformly
  in that range, independently of the others, and the whole weight vector is then normalized
  inside the model. Normalized weights cannot be independent inputs (they sum to 1; SALib
  issue 610), so they are never fed to SALib directly; criteria without a range keep their
  point weight as a raw judgement.
- every uncertain score: its distribution's inverse CDF applied to a uniform column, with the
  same distributions as the Monte Carlo (`model.distributions`): uniform, triangular, PERT
  (λ = 4) and normal (sd = range/3.92, truncated to the scale).
A score without a range, or a zero-width weight range, is not an input at all.

Outputs: each option's score, and the margin of the leader (the top option at the point
estimate, held fixed) over the best of the others.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

import numpy as np
import pandas as pd
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import sobol as sobol_sample

from ..errors import UsageError
from ..model.decision import Model
from ..model.distributions import KINDS
from ..model.evaluation import Evaluation
from ..model.prepare import prepare
from .whatif import leader_margin, plain, point_order

WEIGHTS_TREATMENT = "raw judgements sampled independently within weight_range, normalized inside the model"
DEFAULT_SAMPLES = 1024
MAX_SAMPLES = 2**15  # SALib's sampler loops in Python and the model is evaluated in one call
MAX_INPUTS = 21_201  # the most dimensions scipy's Sobol' sequence (under SALib's sampler) supports
MAX_CELLS = 2**28  # evaluations × options × criteria held at once: 2 GiB of float64 scores
INDEX_COLUMNS = ("S1", "S1_conf", "ST", "ST_conf")


# ---- the SALib core: unit hypercube → any model → indices ---------------------------------
@dataclass(frozen=True)
class SobolIndices:
    """Indices of every output on every input, as SALib estimated them.

    `indices`: long frame with columns output, input, S1, S1_conf, ST, ST_conf; outputs in the
    order given, inputs by descending ST within each output. `second_order`: per output, a
    frame of input pairs (input_a, input_b, S2, S2_conf), or None when not computed.
    """

    indices: pd.DataFrame
    second_order: dict[str, pd.DataFrame] | None
    evaluations: int


def sobol_indices(
    evaluate: Callable[[np.ndarray], np.ndarray],
    inputs: Sequence[str],
    outputs: Sequence[str],
    samples: int,
    seed: int,
    calc_second_order: bool = False,
) -> SobolIndices:
    """Sobol' indices of `evaluate` over the unit hypercube [0, 1]^D, D = len(inputs).

    evaluate: (rows, D) points in [0, 1] → (rows, K) outputs, K = len(outputs); called once on
    SALib's whole sample, rows = samples·(D + 2) (samples·(2D + 2) with second order).
    `seed` seeds the scrambled Sobol' sequence, and a stream derived from it the bootstrap.
    An output that does not vary at all gets every index 0 (SALib's convention).
    """
    d = len(inputs)
    problem = {"num_vars": d, "names": list(inputs), "bounds": [[0.0, 1.0]] * d}
    x = sobol_sample.sample(problem, samples, calc_second_order=calc_second_order, seed=seed)
    y = np.asarray(evaluate(x), dtype=float).reshape(len(x), len(outputs))
    # SALib's bootstrap falls back to the global RNG when its seed is 0, so never hand it one.
    boot_seed = int(np.random.SeedSequence([seed, 1]).generate_state(1)[0]) or 1
    pairs: dict[Any, Any] | None
    frames, pairs = [], {} if calc_second_order else None
    for k, out in enumerate(outputs):
        yk = y[:, k]
        if np.ptp(yk) <= 1e-12 * max(1.0, float(np.abs(yk).max())):
            si = {c: np.zeros(d) for c in INDEX_COLUMNS}
            si |= {"S2": np.full((d, d), np.nan), "S2_conf": np.full((d, d), np.nan)}
        else:
            with warnings.catch_warnings():  # bootstrap resamples of a near-constant output
                warnings.simplefilter("ignore", RuntimeWarning)
                si = sobol_analyze.analyze(problem, yk, calc_second_order=calc_second_order, seed=boot_seed)
        frame = pd.DataFrame({c: np.asarray(si[c], float) for c in INDEX_COLUMNS})
        frame.insert(0, "input", list(inputs))
        frame.insert(0, "output", out)
        frames.append(frame.sort_values("ST", ascending=False, kind="stable"))
        if pairs is not None:
            a, b = np.triu_indices(d, 1)
            pairs[out] = pd.DataFrame(
                {
                    "input_a": np.asarray(inputs, dtype=object)[a],
                    "input_b": np.asarray(inputs, dtype=object)[b],
                    "S2": np.asarray(si["S2"], float)[a, b],
                    "S2_conf": np.asarray(si["S2_conf"], float)[a, b],
                }
            )
    return SobolIndices(pd.concat(frames, ignore_index=True), pairs, len(x))


# ---- the model's inputs --------------------------------------------------------------------
@dataclass(frozen=True)
class UncertainInputs:
    """The model's uncertain inputs and the map from SALib's unit columns onto them.

    `table` is indexed by input id (`weight:<criterion>`, `score:<option>/<criterion>`) with
    kind, criterion, option, distribution, point, low, high; weights come first.
    """

    table: pd.DataFrame
    weight_cols: np.ndarray  # (W,) criterion index of each weight input
    cells: np.ndarray  # (S, 2) (option, criterion) index of each score input
    point_weights: np.ndarray  # (n,) raw judgements of the criteria not sampled
    value: np.ndarray  # (m, n) point scores
    low: np.ndarray  # (m, n)
    high: np.ndarray  # (m, n)
    kinds: np.ndarray  # (S,) distribution of each score input
    scale_low: np.ndarray  # (n,)
    scale_high: np.ndarray  # (n,)

    def __call__(self, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """u: (N, W + S) in [0, 1] → raw scores (N, m, n) and normalized weights (N, n)."""
        nw = self.weight_cols.size
        raw_w = np.tile(self.point_weights, (len(u), 1))
        lo, hi = self.table["low"].to_numpy(float)[:nw], self.table["high"].to_numpy(float)[:nw]
        raw_w[:, self.weight_cols] = lo + u[:, :nw] * (hi - lo)
        weights = raw_w / raw_w.sum(axis=1, keepdims=True)
        raw = np.tile(self.value, (len(u), 1, 1))
        oi, cj = self.cells[:, 0], self.cells[:, 1]
        for kind, dist in KINDS.items():
            sel = np.flatnonzero(self.kinds == kind)
            if sel.size:
                i, j = oi[sel], cj[sel]
                cell = (self.value[i, j], self.low[i, j], self.high[i, j])
                raw[:, i, j] = dist.ppf(u[:, nw + sel], *cell, self.scale_low[j], self.scale_high[j])
        return raw, weights


def uncertain_inputs(model: Model) -> UncertainInputs:
    """Every weight range with a width and every uncertain score of `model`, weights first."""
    rows: list[tuple[Any, ...]]
    rows, wcols, cells = [], [], []
    for j, c in enumerate(model.criteria):
        if c.weight_range is not None and c.weight_range[1] > c.weight_range[0]:
            rows.append((f"weight:{c.id}", "weight", c.id, None, "uniform", c.weight, *c.weight_range))
            wcols.append(j)
    for i, o in enumerate(model.options):
        for j, cid in enumerate(model.criterion_ids):
            s = o.scores[cid]
            if s.uncertain:
                spec = (s.distribution, s.value, s.low, s.high)
                rows.append((f"score:{o.id}/{cid}", "score", cid, o.id, *spec))
                cells.append((i, j))
    if not rows:
        where = str(model.path) if model.path else "model"
        raise UsageError.at(
            where, "", "nothing uncertain: no criterion has a weight_range and no score has a range"
        )
    cols = ["input", "kind", "criterion", "option", "distribution", "point", "low", "high"]
    table = pd.DataFrame(rows, columns=cols).set_index("input")
    table["option"] = pd.Series([r[3] for r in rows], index=table.index, dtype=object)
    cells_arr = np.array(cells, dtype=int).reshape(-1, 2)
    return UncertainInputs(
        table=table,
        weight_cols=np.array(wcols, dtype=int),
        cells=cells_arr,
        point_weights=model.weights,
        value=model.score_array("value"),
        low=model.score_array("low"),
        high=model.score_array("high"),
        kinds=np.array([model.options[i].scores[model.criterion_ids[j]].distribution for i, j in cells], str),
        scale_low=model.scale[0],
        scale_high=model.scale[1],
    )


# ---- the analysis --------------------------------------------------------------------------
@dataclass(frozen=True)
class SobolResult:
    """Sobol' indices of each option's score and of the leader's margin on every uncertain input.

    `indices`: long frame (output, input, S1, S1_conf, ST, ST_conf), outputs "margin" then
    "score:<option>", inputs by descending ST within each output; `inputs` describes each input.
    Confidence columns are half-widths of SALib's 95 % bootstrap intervals.
    """

    title: str
    method: str
    samples: int  # base samples N (a power of 2)
    evaluations: int  # model evaluations, N·(D + 2), or N·(2D + 2) with second order
    seed: int
    calc_second_order: bool
    leader: str
    runner_up: str | None
    inputs: pd.DataFrame
    indices: pd.DataFrame
    second_order: dict[str, pd.DataFrame] | None = None
    weights_treatment: str = WEIGHTS_TREATMENT

    @property
    def outputs(self) -> list[str]:
        return list(dict.fromkeys(self.indices["output"]))

    def for_output(self, output: str) -> pd.DataFrame:
        """(D, 4) S1, S1_conf, ST, ST_conf of one output, indexed by input id, top ST first."""
        if output not in self.outputs:
            known = ", ".join(self.outputs)
            raise UsageError.at("output", output, f"unknown output; expected one of {known}")
        return self.indices[self.indices["output"] == output].set_index("input")[list(INDEX_COLUMNS)]

    def to_frame(self) -> pd.DataFrame:
        """The long frame indexed by (output, input), with each input's kind, criterion and option."""
        described = self.indices.join(self.inputs[["kind", "criterion", "option"]], on="input")
        return described.set_index(["output", "input"])

    def to_dict(self) -> dict[str, Any]:
        outputs = {}
        for out in self.outputs:
            outputs[out] = [
                {"input": key, **{c: float(v) for c, v in row.items()}}
                for key, row in self.for_output(out).iterrows()
            ]
        inputs = [
            {"input": key, **{c: plain(v) for c, v in row.items()}} for key, row in self.inputs.iterrows()
        ]
        second = None
        if self.second_order is not None:
            second = {
                out: [{k: plain(v) for k, v in r.items()} for r in f.to_dict(orient="records")]
                for out, f in self.second_order.items()
            }
        return {
            "title": self.title,
            "method": self.method,
            "samples": self.samples,
            "evaluations": self.evaluations,
            "seed": self.seed,
            "calc_second_order": self.calc_second_order,
            "weights_treatment": self.weights_treatment,
            "leader": self.leader,
            "runner_up": self.runner_up,
            "inputs": inputs,
            "outputs": outputs,
            "second_order": second,
        }

    def __repr__(self) -> str:
        head = (
            f"SobolResult({len(self.inputs)} inputs, N={self.samples}, {self.evaluations:,} evaluations, "
            f"seed={self.seed}, leader={self.leader!r})"
        )
        return f"{head}\n{self.indices.round(4).to_string(index=False)}"

    def _repr_html_(self) -> str:
        return cast(
            str, self.to_frame().to_html(float_format="{:.3f}".format, na_rep="–")
        )  # no jinja2 needed

    def plot(self, ax: Any = None, output: str = "margin", **kw: Any) -> Any:
        """S1 and ST bars of one output (`plots.plot_sobol`; pass `option_labels` and
        `criterion_labels` for readable input names)."""
        from ..present.plots import plot_sobol

        return plot_sobol(self, ax, output=output, **kw)


def sobol(
    model: Model,
    samples: int = DEFAULT_SAMPLES,
    seed: int | None = None,
    weights: Mapping[str, float] | np.ndarray | None = None,
    profile: str | None = None,
    method: str | None = None,
    calc_second_order: bool = False,
) -> SobolResult:
    """Sobol' indices of every option's score and of the leader's margin.

    `samples`: SALib's base sample size N, a power of 2 from 2 to `MAX_SAMPLES`; the model is
    evaluated N·(D + 2) times (N·(2D + 2) with `calc_second_order`), D = number of inputs.
    `seed` (default: the model's) makes the run reproducible. `weights`, `profile`, `method`
    as in `rank()`; they set the point weights, i.e. the raw judgements of unsampled criteria.
    """
    model, method = prepare(model, weights, profile, method)
    seed = model.seed if seed is None else seed
    check_settings(samples, seed)
    inputs = uncertain_inputs(model)
    check_size(len(inputs.table), samples, calc_second_order, len(model.options), len(model.criteria))
    ev = Evaluation.of(model, method)
    order = point_order(model, method)
    leader = int(order[0])
    two = order.size >= 2
    outputs = (["margin"] if two else []) + [f"score:{oid}" for oid in model.option_ids]

    def evaluate(u: np.ndarray) -> np.ndarray:
        raw, w = inputs(u)
        scores = ev.keys(raw, w)  # (rows, m)
        return np.column_stack([leader_margin(scores, leader), scores]) if two else scores

    est = sobol_indices(evaluate, list(inputs.table.index), outputs, samples, seed, calc_second_order)
    return SobolResult(
        title=model.title,
        method=method,
        samples=samples,
        evaluations=est.evaluations,
        seed=seed,
        calc_second_order=calc_second_order,
        leader=model.option_ids[leader],
        runner_up=model.option_ids[int(order[1])] if two else None,
        inputs=inputs.table,
        indices=est.indices,
        second_order=est.second_order,
    )


def check_size(d: int, samples: int, second_order: bool, m: int, n: int, flag: str = "--samples") -> None:
    """Refuse, before sampling, a run with more inputs than Sobol' sequences support or more
    evaluations than fit in memory at once (the model is evaluated in one call)."""
    rows = samples * ((2 * d + 2) if second_order else (d + 2))
    if d > MAX_INPUTS:
        raise UsageError.at(
            "sobol",
            f"{d:,} inputs",
            f"more uncertain inputs (weight ranges and score ranges) than Sobol' sequences support "
            f"({MAX_INPUTS:,}); fix some scores (drop their ranges) or use `scenarios sensitivity`",
        )
    if rows * m * n > MAX_CELLS:
        gib = rows * m * n * 8 / 2**30
        raise UsageError.at(
            flag,
            str(samples),
            f"{d:,} inputs need {rows:,} evaluations of {m}×{n} scores (≈{gib:,.0f} GiB, at most "
            f"{MAX_CELLS * 8 / 2**30:g} GiB); lower --samples, fix some scores, "
            "or use `scenarios sensitivity`",
        )


def check_settings(samples: Any, seed: Any, flag: str = "--samples") -> None:
    """Reject a base sample size that is not a power of 2 in range, or a negative seed."""
    whole = not isinstance(samples, bool) and isinstance(samples, int | np.integer)
    if not whole or not 2 <= samples <= MAX_SAMPLES or samples & (samples - 1):
        raise UsageError.at(
            flag,
            str(samples),
            f"must be a power of 2 from 2 to {MAX_SAMPLES:,} (Sobol' sequences balance only "
            "at powers of 2), e.g. 1024",
        )
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise UsageError.at("--seed", str(seed), "must be a whole number of at least 0")
