"""SMAA-2 statistics as streaming, mergeable accumulators over Monte Carlo draws.

Definitions follow Lahdelma & Salminen (2001), "SMAA-2: Stochastic multicriteria
acceptability analysis for group decision making", Operations Research 49(3):444–454, and
the survey of Tervonen & Figueira (2008), "A survey on stochastic multicriteria acceptability
analysis methods", J. Multi-Criteria Decision Analysis 15:1–14:

- rank acceptability b(i, r): share of draws in which option i holds rank r;
- central weight vector w_i^c: mean weight vector over the draws in which i is first;
- confidence factor p_i^c: share of value draws in which i is first when every option is
  judged with i's central weights;
- pairwise winning index P(i beats k): share of draws with score_i > score_k (Leskinen et
  al. (2006), Forest Science 52(3):304–312; R smaa's ``smaa.pwi``).

Ranking follows R's ``smaa`` package (``smaa_rank`` in its C source): rank = 1 + number of
options with a strictly higher score, so tied options share the better rank and all count as
"first". Pure numpy, no I/O, no knowledge of the model: callers hand in weights and scores.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import numpy as np

__all__ = ["ConfidenceAccumulator", "SmaaAccumulator", "ranks", "standard_error"]

# Scores a hair outside [0, 1] come from floating-point rounding of weights @ values.
_SCORE_SLACK = 1e-9
# Up to this many options ranks are counted pair by pair over (B,) rows; above it in one
# (m, m, B) comparison (measured: 13 options, 9 ms → 7 ms per 4,096 draws).
_LOOP_OPTIONS = 8
# Scores (on the 0–1 value scale) closer than this are tied: a sum of weighted values that is
# exactly tied on paper can differ in the last bit (0.22000000000000003 vs 0.22).
TIE_TOLERANCE = 1e-12


def ranks(scores: np.ndarray) -> np.ndarray:
    """Rank options by score, 1 = best.

    scores: (..., m) → (..., m) int64. Rank of option i = 1 + #{k : score_k > score_i}, so
    ties share the better rank (scores [0.5, 0.5, 0.2] → ranks [1, 1, 3]), as R's smaa does;
    scores within `TIE_TOLERANCE` of each other count as tied.
    """
    scores = np.asarray(scores)
    beaten_by = scores[..., None, :] > scores[..., :, None] + TIE_TOLERANCE  # [..., i, k]: k above i
    return cast(np.ndarray, 1 + np.count_nonzero(beaten_by, axis=-1).astype(np.int64))


def standard_error(p: np.ndarray | float, n: int) -> np.ndarray:
    """Monte Carlo standard error of a share: sqrt(p(1 − p)/n); NaN where p is NaN or n = 0.

    p: any shape of shares in [0, 1]; n: number of draws the shares were estimated from.
    """
    p = np.asarray(p, dtype=np.float64)
    if n <= 0:
        return np.full(p.shape, np.nan)
    return np.sqrt(p * (1.0 - p) / n)


def _shares(counts: np.ndarray, total: int) -> np.ndarray:
    if total <= 0:
        return np.full(counts.shape, np.nan)
    return counts / total


@dataclass
class _Workspace:
    """Scratch arrays for one block size B of ``SmaaAccumulator.add``."""

    by_option: np.ndarray  # (m, B) float64
    above: np.ndarray  # (m, B) unsigned int
    flag_a: np.ndarray  # (B,) bool
    flag_b: np.ndarray  # (B,) bool
    scaled: np.ndarray  # (m, B) float64
    bin_index: np.ndarray  # (m, B) int32

    @classmethod
    def allocate(cls, m: int, b: int) -> _Workspace:
        return cls(
            by_option=np.empty((m, b)),
            above=np.empty((m, b), dtype=np.min_scalar_type(m)),
            flag_a=np.empty(b, dtype=bool),
            flag_b=np.empty(b, dtype=bool),
            scaled=np.empty((m, b)),
            bin_index=np.empty((m, b), dtype=np.int32),
        )


_SCRATCH = threading.local()


def _workspace(m: int, b: int) -> _Workspace:
    """This thread's scratch arrays for blocks of B draws over m options.

    Shared by every accumulator on the thread (the engine makes one per block): allocating
    ~30·m·B bytes afresh per block let the allocator hand the pages back to the OS and
    fault them in again, which tripled the cost of ``add``.
    """
    work = getattr(_SCRATCH, "work", None)
    if work is None or work.by_option.shape != (m, b):
        work = _Workspace.allocate(m, b)
        _SCRATCH.work = work
    return work


@dataclass(eq=False)
class SmaaAccumulator:
    """Streaming sums for SMAA-2 over draws of (weights, scores).

    Mergeable; all counts are integers so merging is exact; float sums (central-weight and
    score sums) are folded in the order blocks are added, so the same blocks merged in the same
    order give the same sums whatever the worker layout.

    m options, n criteria, ``bins`` equal histogram bins of the scores over [0, 1].
    Fields (built by the constructor, not passed in):
      draws: int                          number of draws folded in;
      rank_counts: (m, m) int64           [option, rank − 1];
      first_weight_sums: (m, n) float64   sum of weights over draws where the option is first;
      pairwise_counts: (m, m) int64       [i, k] = #draws with score_i > score_k + TIE_TOLERANCE;
      score_sum, score_sumsq: (m,) float64;
      score_hist: (m, bins) int64.
    """

    m: int
    n: int
    bins: int = 2000
    draws: int = field(default=0, init=False)
    rank_counts: np.ndarray = field(init=False, repr=False)
    first_weight_sums: np.ndarray = field(init=False, repr=False)
    pairwise_counts: np.ndarray = field(init=False, repr=False)
    score_sum: np.ndarray = field(init=False, repr=False)
    score_sumsq: np.ndarray = field(init=False, repr=False)
    score_hist: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.m < 1 or self.n < 1 or self.bins < 1:
            raise ValueError(f"need m, n, bins ≥ 1, got m={self.m}, n={self.n}, bins={self.bins}")
        m, n = self.m, self.n
        self.rank_counts = np.zeros((m, m), dtype=np.int64)
        self.first_weight_sums = np.zeros((m, n), dtype=np.float64)
        self.pairwise_counts = np.zeros((m, m), dtype=np.int64)
        self.score_sum = np.zeros(m, dtype=np.float64)
        self.score_sumsq = np.zeros(m, dtype=np.float64)
        self.score_hist = np.zeros((m, self.bins), dtype=np.int64)

    @classmethod
    def empty(cls, m: int, n: int, bins: int = 2000) -> SmaaAccumulator:
        """An accumulator with no draws for m options, n criteria and ``bins`` score bins."""
        return cls(m, n, bins)

    def add(self, weights: np.ndarray, keys: np.ndarray, scores: np.ndarray | None = None) -> None:
        """Fold in a block of B draws.

        weights: (B, n) weight vectors; keys: (B, m) what ranks the options, higher = better;
        scores: (B, m) the option scores to report, in [0, 1] (values up to 1e-9 outside are
        rounding and go to the edge bins; anything further raises) — the keys themselves when
        not given (keys differ from scores when red lines demote options that cross them).
        """
        weights = np.asarray(weights, dtype=np.float64)
        reported = None if scores is None else np.asarray(scores, dtype=np.float64)
        scores = np.asarray(keys, dtype=np.float64)
        if scores.ndim != 2 or scores.shape[1] != self.m:
            raise ValueError(f"scores must be (B, {self.m}), got {scores.shape}")
        if weights.shape != (scores.shape[0], self.n):
            raise ValueError(f"weights must be ({scores.shape[0]}, {self.n}), got {weights.shape}")
        b = scores.shape[0]
        if b == 0:
            return
        shown = scores if reported is None else reported
        lo, hi = shown.min(), shown.max()
        if not (lo >= -_SCORE_SLACK and hi <= 1.0 + _SCORE_SLACK):
            raise ValueError(f"scores must lie in [0, 1], got range [{lo}, {hi}]")
        m = self.m
        work = _workspace(m, b)
        # Option-major copy: every reduction below then runs along contiguous rows, and the
        # only Python loops are over options (m ≤ ~10), never over draws.
        by_option = work.by_option  # (m, B)
        np.copyto(by_option, scores.T)

        if m > _LOOP_OPTIONS:
            self._add_many(weights, by_option, work, reported)
            return
        above = work.above  # (m, B): number of options strictly above = rank − 1
        above.fill(0)
        i_beats_k, k_beats_i = work.flag_a, work.flag_b  # (B,) bool
        diff = work.scaled[0]  # (B,) scratch; the histogram below overwrites it
        for i in range(m):
            for k in range(i + 1, m):
                np.subtract(by_option[i], by_option[k], out=diff)
                np.greater(diff, TIE_TOLERANCE, out=i_beats_k)
                np.less(diff, -TIE_TOLERANCE, out=k_beats_i)
                self.pairwise_counts[i, k] += np.count_nonzero(i_beats_k)
                self.pairwise_counts[k, i] += np.count_nonzero(k_beats_i)
                above[k] += i_beats_k.view(np.uint8)
                above[i] += k_beats_i.view(np.uint8)
        for i in range(m):
            for r in range(m):
                np.equal(above[i], r, out=i_beats_k)
                self.rank_counts[i, r] += np.count_nonzero(i_beats_k)
        if reported is not None:
            np.copyto(by_option, reported.T)
        self._add_scores(weights, by_option, above, work)

    def _add_many(
        self, weights: np.ndarray, by_option: np.ndarray, work: _Workspace, reported: np.ndarray | None
    ) -> None:
        """``add`` for many options: one (m, m, B) comparison instead of m² Python-level passes."""
        m = self.m
        beats = by_option[:, None, :] - by_option[None, :, :] > TIE_TOLERANCE  # [i, k, b]: i above k
        self.pairwise_counts += np.count_nonzero(beats, axis=2)
        above = work.above
        np.sum(beats, axis=0, out=above, dtype=above.dtype)  # [k, b]: options above k
        del beats
        cells = np.arange(m)[:, None] * m + above
        self.rank_counts += np.bincount(cells.ravel(), minlength=m * m).reshape(m, m)
        if reported is not None:
            np.copyto(by_option, reported.T)
        self._add_scores(weights, by_option, above, work)

    def _add_scores(
        self, weights: np.ndarray, by_option: np.ndarray, above: np.ndarray, work: _Workspace
    ) -> None:
        m, bins, b = self.m, self.bins, by_option.shape[1]
        first = above == 0  # (m, B); tied leaders are all first
        # Float sums run draw by draw (a cumulative sum is sequential by definition), the order
        # the compiled kernel uses, so both give the same last bit.
        for i in range(m):
            if first[i].any():
                self.first_weight_sums[i] += np.cumsum(weights[first[i]], axis=0)[-1]
        self.score_sum += np.cumsum(by_option, axis=1)[:, -1]
        self.score_sumsq += np.cumsum(by_option * by_option, axis=1)[:, -1]
        # Truncation sends the −1e-9 slack to bin 0; the minimum sends score 1.0 to the last
        # bin. int32 because float → int64 casts are several times slower.
        scaled, idx = work.scaled, work.bin_index
        np.multiply(by_option, bins, out=scaled)
        np.minimum(scaled, bins - 0.5, out=scaled)
        np.copyto(idx, scaled, casting="unsafe")
        for i in range(m):
            self.score_hist[i] += np.bincount(idx[i], minlength=bins)
        self.draws += b

    def merge(self, other: SmaaAccumulator) -> None:
        """Fold another accumulator's sums into this one (counts exactly)."""
        if (other.m, other.n, other.bins) != (self.m, self.n, self.bins):
            raise ValueError(
                f"cannot merge accumulators of shape (m, n, bins)={(other.m, other.n, other.bins)}"
                f" into {(self.m, self.n, self.bins)}"
            )
        self.draws += other.draws
        self.rank_counts += other.rank_counts
        self.first_weight_sums += other.first_weight_sums
        self.pairwise_counts += other.pairwise_counts
        self.score_sum += other.score_sum
        self.score_sumsq += other.score_sumsq
        self.score_hist += other.score_hist

    def merge_counts(self, other: SmaaAccumulator) -> None:
        """Fold in only another accumulator's integer counts (exact in any order); its float
        sums are folded separately, unit by unit, with ``add_sums`` so their rounding does not
        depend on how units were grouped."""
        if (other.m, other.n, other.bins) != (self.m, self.n, self.bins):
            raise ValueError(
                f"cannot merge {(other.m, other.n, other.bins)} into {(self.m, self.n, self.bins)}"
            )
        self.draws += other.draws
        self.rank_counts += other.rank_counts
        self.pairwise_counts += other.pairwise_counts
        self.score_hist += other.score_hist

    def sums(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The float sums (first_weight_sums (m, n), score_sum (m,), score_sumsq (m,))."""
        return self.first_weight_sums, self.score_sum, self.score_sumsq

    def add_sums(self, sums: tuple[np.ndarray, np.ndarray, np.ndarray]) -> None:
        """Add float sums taken from ``sums()`` of another accumulator (counts untouched)."""
        self.first_weight_sums += sums[0]
        self.score_sum += sums[1]
        self.score_sumsq += sums[2]

    def acceptability(self) -> np.ndarray:
        """Rank acceptability b(i, r) as (m, m) shares [option, rank − 1] (Lahdelma & Salminen
        2001). Rows sum to 1; columns also sum to 1 when scores never tie."""
        return _shares(self.rank_counts, self.draws)

    def acceptability_se(self) -> np.ndarray:
        """(m, m) Monte Carlo standard errors of ``acceptability()``."""
        return standard_error(self.acceptability(), self.draws)

    def central_weights(self) -> np.ndarray:
        """Central weight vectors w_i^c as (m, n): mean weights over draws where i is first.

        Rows are NaN for options that were never first (Lahdelma & Salminen 2001)."""
        firsts = self.rank_counts[:, 0]
        out = np.full((self.m, self.n), np.nan)
        seen = firsts > 0
        out[seen] = self.first_weight_sums[seen] / firsts[seen, None]
        return out

    def pairwise(self) -> np.ndarray:
        """Pairwise winning indices as (m, m): [i, k] = P(score_i > score_k); diagonal NaN."""
        out = _shares(self.pairwise_counts, self.draws).astype(np.float64)
        np.fill_diagonal(out, np.nan)
        return out

    def score_mean(self) -> np.ndarray:
        """(m,) mean score per option (exact sum, not from the histogram)."""
        return _shares(self.score_sum, self.draws)

    def score_std(self) -> np.ndarray:
        """(m,) population standard deviation of each option's score."""
        mean = self.score_mean()
        var = _shares(self.score_sumsq, self.draws) - mean * mean
        return cast(np.ndarray, np.sqrt(np.maximum(var, 0.0)))

    def score_quantiles(self, qs: Sequence[float] = (0.05, 0.25, 0.5, 0.75, 0.95)) -> np.ndarray:
        """(m, len(qs)) score quantiles read from the histogram.

        The empirical CDF is interpolated linearly inside the bin holding the q·N-th draw, so
        results are accurate to the bin width 1/bins (0.0005 at the default 2000 bins).
        NaN when no draws have been added.
        """
        q = np.asarray(qs, dtype=np.float64)
        if np.any((q < 0) | (q > 1)):
            raise ValueError(f"quantile levels must be in [0, 1], got {qs}")
        out = np.full((self.m, q.size), np.nan)
        if self.draws == 0:
            return out
        width = 1.0 / self.bins
        targets = q * self.draws
        for i in range(self.m):  # m is small; the work is the O(bins) cumsum per option
            counts = self.score_hist[i]
            cum = np.cumsum(counts)
            # First bin whose cumulative count reaches the target; target 0 → first non-empty bin.
            j = np.where(
                targets > 0,
                np.searchsorted(cum, targets, side="left"),
                np.searchsorted(cum, 0, side="right"),
            )
            j = np.minimum(j, self.bins - 1)
            below = np.where(j > 0, cum[j - 1], 0)
            frac = (targets - below) / counts[j]
            out[i] = (j + np.clip(frac, 0.0, 1.0)) * width
        return out

    se = staticmethod(standard_error)


@dataclass(eq=False)
class ConfidenceAccumulator:
    """Confidence factor p_i^c: share of score draws in which option i is first when every
    option is judged with i's own central weight vector held fixed (Lahdelma & Salminen 2001;
    Tervonen & Figueira 2008).

    Fields (built by the constructor): draws: int; first_counts: (m,) int64;
    defined: (m,) bool, False for options whose central weights were NaN (never first).
    """

    m: int
    draws: int = field(default=0, init=False)
    first_counts: np.ndarray = field(init=False, repr=False)
    defined: np.ndarray = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.m < 1:
            raise ValueError(f"need m ≥ 1, got {self.m}")
        self.first_counts = np.zeros(self.m, dtype=np.int64)
        self.defined = np.ones(self.m, dtype=bool)

    @classmethod
    def empty(cls, m: int) -> ConfidenceAccumulator:
        """An accumulator with no draws for m options."""
        return cls(m)

    def add_under(self, under: np.ndarray, central_weights: np.ndarray) -> None:
        """Fold in B draws given as `under` (m, m, B): the key of option k (axis 1) in each draw
        under option i's central weights (axis 0), higher = better. Option i is first when no
        option beats it by more than the tie tolerance."""
        defined = np.all(np.isfinite(np.asarray(central_weights, dtype=np.float64)), axis=1)
        self.defined &= defined
        b = under.shape[2]
        if b == 0:
            return
        best = under.max(axis=1)  # (m, B): the top key in each draw under each w_i^c
        for i in np.flatnonzero(defined):
            self.first_counts[i] += np.count_nonzero(under[i, i] >= best[i] - TIE_TOLERANCE)
        self.draws += b

    def add(self, values: np.ndarray, central_weights: np.ndarray) -> None:
        """Fold in a block of B value draws.

        values: (B, m, n) criterion values in [0, 1]; central_weights: (m, n), NaN rows for
        options never first. Option i is first in a draw when its score under w_i^c is ≥ every
        other option's score under w_i^c (ties count as first, as in R's smaa.cf).
        """
        values = np.asarray(values, dtype=np.float64)
        cw = np.asarray(central_weights, dtype=np.float64)
        if values.ndim != 3 or values.shape[1] != self.m:
            raise ValueError(f"values must be (B, {self.m}, n), got {values.shape}")
        if cw.shape != (self.m, values.shape[2]):
            raise ValueError(f"central_weights must be {(self.m, values.shape[2])}, got {cw.shape}")
        defined = np.all(np.isfinite(cw), axis=1)
        self.defined &= defined
        b = values.shape[0]
        if b == 0:
            return
        m, n = self.m, values.shape[2]
        # One (m, n) @ (n, m·B) product scores every option under every central weight vector:
        # under[i, k, b] = score of option k in draw b under w_i^c. Option-major, so the max
        # over k below is m − 1 elementwise passes over contiguous (B,) rows.
        safe_cw = np.where(defined[:, None], cw, 0.0)
        by_option = np.ascontiguousarray(values.transpose(1, 0, 2)).reshape(m * b, n)
        under = (safe_cw @ by_option.T).reshape(m, m, b)
        best = under.max(axis=1)  # (m, B): the top score in each draw under each w_i^c
        for i in np.flatnonzero(defined):
            # i is first when no option beats it by more than the tolerance: own ≥ max − tol
            self.first_counts[i] += np.count_nonzero(under[i, i] >= best[i] - TIE_TOLERANCE)
        self.draws += b

    def merge(self, other: ConfidenceAccumulator) -> None:
        """Fold another accumulator's counts into this one (exact)."""
        if other.m != self.m:
            raise ValueError(f"cannot merge m={other.m} into m={self.m}")
        self.draws += other.draws
        self.first_counts += other.first_counts
        self.defined &= other.defined

    def confidence(self) -> np.ndarray:
        """(m,) confidence factors p_i^c; NaN where central weights were undefined or no draws."""
        out = _shares(self.first_counts, self.draws).astype(np.float64)
        out[~self.defined] = np.nan
        return out

    def confidence_se(self) -> np.ndarray:
        """(m,) Monte Carlo standard errors of ``confidence()``."""
        return standard_error(self.confidence(), self.draws)
