"""`numjit.core.types` is numjit.types (Numba's `numba.core.types` spelling)."""
from ..types import *  # noqa: F401,F403
from ..types import Array, Optional, Signature, Tuple, Type, UniTuple, typeof  # noqa: F401
