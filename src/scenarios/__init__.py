"""scenarios: rank policy options against weighted criteria and say how far to trust it.

>>> import scenarios
>>> model = scenarios.load_model()          # the packaged default model
>>> scenarios.rank(model).to_frame()
"""

from importlib import metadata as _metadata

from .analysis.futures import futures
from .analysis.futures_math import FuturesResult
from .analysis.ranking import Ranking, compare_profiles, rank
from .analysis.sobol import SobolResult, sobol
from .analysis.stability import StabilityResult, stability
from .analysis.tornado import TornadoResult, tornado
from .analysis.tradeoffs import nearest_change, value_curves, win_shares, winner_map
from .errors import ModelError, Problem, UsageError
from .model.decision import Criterion, Model, Option, Profile, Score
from .model.load import check_model, load_model
from .model.save import save_model
from .montecarlo.engine import sensitivity
from .montecarlo.result import SmaaResult
from .present.tradeoff_plots import plot_value_curves, plot_winner_map

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
try:
    __version__ = _metadata.version("scenarios")
except _metadata.PackageNotFoundError:  # a source tree on sys.path without an install
    __version__ = "0+unknown"
