"""Numba's `numba.core` spelling: `numjit.core.types` and `numjit.core.errors` are
numjit.types and numjit.errors, so code written as `numba.core.types.float64` ports."""
from . import errors, types  # noqa: E402,F401
