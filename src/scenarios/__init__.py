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
from .smaa_result import SmaaResult
from .sobol import SobolResult, sobol
from .stability import StabilityResult, stability
from .tornado import TornadoResult, tornado

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
    "rank",
    "sensitivity",
    "sobol",
    "stability",
    "tornado",
]
__version__ = "0.1.0"
