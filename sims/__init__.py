"""Simulation core: pure, exact models of the article "Reasoning & Test-Time Compute".

Every module imports only numpy and the standard library. Each module declares its public
names in ``__all__``; this package re-exports all of them.
"""

from sims.best_of_n import *  # noqa: F403
from sims.best_of_n import __all__ as _best_of_n_all
from sims.distillation import *  # noqa: F403
from sims.distillation import __all__ as _distillation_all
from sims.kv_cache import *  # noqa: F403
from sims.kv_cache import __all__ as _kv_cache_all
from sims.latency import *  # noqa: F403
from sims.latency import __all__ as _latency_all
from sims.prm import *  # noqa: F403
from sims.prm import __all__ as _prm_all
from sims.revision import *  # noqa: F403
from sims.revision import __all__ as _revision_all
from sims.route_table import *  # noqa: F403
from sims.route_table import __all__ as _route_table_all
from sims.routing import *  # noqa: F403
from sims.routing import __all__ as _routing_all
from sims.scaling import *  # noqa: F403
from sims.scaling import __all__ as _scaling_all
from sims.tokens import *  # noqa: F403
from sims.tokens import __all__ as _tokens_all

__all__ = [
    *_best_of_n_all,
    *_revision_all,
    *_prm_all,
    *_kv_cache_all,
    *_latency_all,
    *_tokens_all,
    *_routing_all,
    *_route_table_all,
    *_scaling_all,
    *_distillation_all,
]
