"""scenarios: rank policy options against weighted criteria and say how far to trust it.

>>> import scenarios
>>> model = scenarios.load_model()          # the packaged default model
>>> scenarios.rank(model).to_frame()
"""

from .engine import sensitivity
from .errors import ModelError, Problem, UsageError
from .load import check_model, load_model
from .model import Criterion, Model, Option, Profile, Score
from .ranking import Ranking, compare_profiles, rank
from .save import save_model
from .smaa_result import SmaaResult
from .sobol import SobolResult, sobol
from .stability import StabilityResult, stability
from .tornado import TornadoResult, tornado
from .tradeoff_plots import plot_value_curves, plot_winner_map
from .tradeoffs import nearest_change, value_curves, win_shares, winner_map

__all__ = [
    "Criterion",
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
__version__ = "0.1.0"
