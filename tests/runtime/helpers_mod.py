"""A user module whose attributes a jitted function reaches as `helpers_mod.name`."""
from numjit import njit

N = 3


@njit
def twice(x):
    return 2.0 * x
