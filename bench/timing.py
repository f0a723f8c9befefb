"""Timing: warm-up, calibrated loops, interleaved rounds, medians, pairwise ratios.

The machine is shared and noisy, and absolute times drift. So contenders are not timed
one after the other: each round takes one sample of every contender (in a rotating order),
and a ratio A/B is the median over rounds of A's sample divided by B's sample from the
same round. Each sample runs enough calls to last at least `target` seconds, with the
garbage collector off, and is reported per call.
"""
import gc
import statistics
import time


def one_call(f, args):
    t0 = time.perf_counter()
    f(*args)
    return time.perf_counter() - t0


def calibrate(f, args, target):
    """Number of calls per sample so that a sample lasts about `target` seconds.

    The quickest of up to three calls is used, so that one call slowed down by another
    process does not leave every sample too short.
    """
    t = one_call(f, args)
    if t < target:
        t = min(t, one_call(f, args), one_call(f, args))
    if t < target / 20:
        loops = max(1, int(target / 20 / max(t, 1e-9)))
        t0 = time.perf_counter()
        for _ in range(loops):
            f(*args)
        t = (time.perf_counter() - t0) / loops
    return max(1, int(round(target / max(t, 1e-9))))


def sample(f, args, loops):
    enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = time.perf_counter()
        for _ in range(loops):
            f(*args)
        return (time.perf_counter() - t0) / loops
    finally:
        if enabled:
            gc.enable()


SLOW_ROUNDS = 3   # a contender whose one call takes longer than `slow` seconds gets this many rounds


def interleaved(contenders, rounds, target, slow=1.0, settle=0.0):
    """contenders: {name: (callable, args)} -> {name: [seconds per call, one per round]}.

    `settle` > 0 (multi-threaded kernels): sleep that long before each sample, so that the
    worker threads of the contender sampled before, which may spin for milliseconds after
    their last region (GNU OpenMP does), have gone idle instead of taking a core from
    this one (on a 2-core machine that made whichever came second ~15% slower).

    A contender slower than `slow` seconds per call (a young compiler's bad day) is sampled
    in the first SLOW_ROUNDS rounds only, so that it cannot blow the run's time budget;
    paired ratios then use those rounds.
    """
    names = list(contenders)
    loops, slow_ones = {}, set()
    for n in names:
        t = one_call(*contenders[n])
        if t > slow:
            loops[n] = 1
            slow_ones.add(n)
        else:
            loops[n] = calibrate(*contenders[n], target)
    samples = {n: [] for n in names}
    for r in range(rounds):
        order = names[r % len(names):] + names[:r % len(names)] if names else []
        for n in order:
            if n in slow_ones and r >= SLOW_ROUNDS:
                continue
            f, args = contenders[n]
            if settle:
                time.sleep(settle)
                f(*args)  # one unmeasured call: this contender's own threads are awake
            samples[n].append(sample(f, args, loops[n]))
    return samples, loops


def median(xs):
    return statistics.median(xs) if xs else None


def paired_ratio(a, b):
    """Median over rounds of a[i] / b[i]: the ratio of two contenders timed side by side
    (over the rounds both took part in)."""
    if not a or not b:
        return None
    return statistics.median(x / y for x, y in zip(a, b))
