"""scenarios: rank policy options against weighted criteria and say how far to trust it.

>>> import scenarios
>>> model = scenarios.load_model()          # the packaged default model
>>> scenarios.rank(model).to_frame()
"""

from typing import Any

from .errors import ModelError, Problem, UsageError
from .model.decision import Criterion, Model, Option, Profile, Score
from .model.load import check_model, load_model
from .model.save import save_model

# Names resolve on first use (PEP 562), so `scenarios rank` does not pay for SALib, scipy.stats,
# matplotlib or pandas, which only the analyses and frames that need them import.
_LAZY = {
    "futures": ".analysis.futures",
    "FuturesResult": ".analysis.futures_math",
    "Ranking": ".analysis.ranking",
    "compare_profiles": ".analysis.ranking",
    "rank": ".analysis.ranking",
    "SobolResult": ".analysis.sobol",
    "sobol": ".analysis.sobol",
    "StabilityResult": ".analysis.stability",
    "stability": ".analysis.stability",
    "TornadoResult": ".analysis.tornado",
    "tornado": ".analysis.tornado",
    "nearest_change": ".analysis.tradeoffs",
    "value_curves": ".analysis.tradeoffs",
    "win_shares": ".analysis.tradeoffs",
    "winner_map": ".analysis.tradeoffs",
    "sensitivity": ".montecarlo.engine",
    "SmaaResult": ".montecarlo.result",
    "plot_value_curves": ".present.tradeoff_plots",
    "plot_winner_map": ".present.tradeoff_plots",
}

__all__ = [
    "Criterion",
    "FuturesResult",
    "Model",
    "ModelError",
    "Option",
    "Problem",
    "Profile",
    "Ranking",
    "Score",
    "SmaaResult",
    "SobolResult",
    "StabilityResult",
    "TornadoResult",
    "UsageError",
    "check_model",
    "compare_profiles",
    "futures",
    "load_model",
    "nearest_change",
    "plot_value_curves",
    "plot_winner_map",
    "rank",
    "save_model",
    "sensitivity",
    "sobol",
    "stability",
    "tornado",
    "value_curves",
    "win_shares",
    "winner_map",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from importlib import metadata

        try:
            return metadata.version("scenarios")
        except metadata.PackageNotFoundError:  # a source tree on sys.path without an install
            return "0+unknown"
    if name in _LAZY:
        from importlib import import_module

        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))
