"""Process-wide counters of what the runtime did (for tests and curious users).

compiles       requests the compiler (Node.js) answered with code, in this process
cache_hits     specialisations loaded from the on-disk cache (cache=True)
cache_misses   cache=True specialisations not found (or stale) in the cache
cache_writes   entries written to the cache
cache_corrupt  entries found truncated or altered (warned, ignored and rewritten)

`numjit._stats.snapshot()` returns them as a dict. Per-function counts are on each
jitted function's `stats` (`cache_hits` / `cache_misses` by signature, as Numba's).
"""
compiles = 0
cache_hits = 0
cache_misses = 0
cache_writes = 0
cache_corrupt = 0

_NAMES = ("compiles", "cache_hits", "cache_misses", "cache_writes", "cache_corrupt")


def snapshot():
    g = globals()
    return {n: g[n] for n in _NAMES}
