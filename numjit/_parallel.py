"""The parallel runtime: a native thread pool for `parallel=True` functions.

In: nothing at import time. The first compiled module that declares a symbol named
`nj_par_*` makes the backend (`_backend._process_address`) ask `address(name)` here, and
that compiles `RUNTIME_IR` once per process (through the runtime cache, like the array
runtime of `_nrt.py`). No C extension: the pool is LLVM IR calling libc's pthread API
and the Linux futex system call, both resolved from the running process.

Out: the addresses of
  - `nj_par_plan(i64 n) -> i64`: how many chunks a loop of `n` iterations is cut into
    (static scheduling: one per thread; with `set_parallel_chunksize(c)`: ceil(n / c));
  - `nj_par_run(ptr fn, ptr env, i64 n, i64 nchunks)`: calls `fn(env, lo, hi, chunk)` for
    every chunk, on the pool's threads and the caller's; returns when all are done;
  - `nj_par_thread_id() -> i64`: 0 on the calling thread, 1..N-1 on the workers.

The pool (N-1 workers; the caller is thread 0) is created on the first parallel region
and kept. A region publishes its job in globals, bumps a generation counter and wakes the
sleeping workers (futex); everyone, caller included, takes chunk numbers from one atomic
counter; the caller waits until every worker has checked in for the generation, so no
worker lags into the next region. Waiting threads spin (`pause`) for about half a
millisecond before sleeping (`default_spin`; briefly when the pool has more threads than
CPUs), so back-to-back regions cost a few hundred nanoseconds rather than a wake-up and
the threads' CPUs do not go idle between calls.

Concurrency: a region is entered with a compare-and-swap on `busy`; a second caller (a
second Python thread, or a parallel function called from inside a parallel region) does
not wait: it runs its chunks serially on its own thread. After `os.fork` the child has no
workers: `_after_fork_in_child` resets the pool, and the next region starts a new one.
"""
import ctypes
import os
import platform
import sys
import threading

_lib = None
_lock = threading.Lock()
_threads = None      # the thread count set by set_num_threads (None: the default)
_chunksize = 0       # 0: static scheduling
_set_fn = None

_SPIN = 20000  # pause instructions a worker (or the caller, at the end of a region) spins
               # before sleeping on the futex: about 0.5 ms on the 2-core AMD EPYC VM of
               # docs/parallel.md. Shorter (400, ~10 us) let the threads sleep between
               # back-to-back calls, and such samples ran up to 1.3x slower than Numba's
               # (whose OpenMP workers spin for milliseconds); 20000 timed equal to Numba
_SPIN_OVERSUBSCRIBED = 400  # when the pool has more threads than the process has CPUs, a
                            # spinning thread takes a CPU from one with work: spin briefly
_spin = None   # None: the default for the thread count; else set by _set_spin (experiments)

_ARCH = {  # machine: (futex system call number, spin-wait instruction)
    "x86_64": (202, "pause"), "amd64": (202, "pause"),
    "aarch64": (98, "yield"), "arm64": (98, "yield"),
}

_RELAX = {  # the spin-wait instruction as an LLVM intrinsic (no inline assembly)
    "pause": ("call void @llvm.x86.sse2.pause()", "declare void @llvm.x86.sse2.pause()"),
    "yield": ("call void @llvm.aarch64.hint(i32 1)", "declare void @llvm.aarch64.hint(i32)"),
}

_TEMPLATE = r"""
@nthreads = internal global i64 1
@chunksize = internal global i64 0
@nworkers = internal global i64 0
@maxworkers = internal global i64 0
@busy = internal global i32 0
@gen = internal global i32 0
@state = internal global i64 0 ; [generation:32][closed:1][workers inside the job:31]
@sleepers = internal global i32 0
@mainwait = internal global i32 0
@job_fn = internal global ptr null
@job_env = internal global ptr null
@job_n = internal global i64 0
@job_nc = internal global i64 0
@job_next = internal global i64 0
@job_active = internal global i64 0
@tkey = internal global i32 0
@tkey_ok = internal global i32 0
@redlock = internal global i32 0
@spin = internal global i32 @SPIN@

declare i32 @pthread_create(ptr, ptr, ptr, ptr)
declare i32 @pthread_key_create(ptr, ptr)
declare i32 @pthread_setspecific(i32, ptr)
declare ptr @pthread_getspecific(i32)
declare i64 @syscall(i64, ...)
declare i32 @Py_IsInitialized()
declare i32 @PyGILState_Ensure()
declare ptr @PyEval_SaveThread()
@RELAX_DECL@

define internal void @futex_wait(ptr %a, i32 %v) {
entry:
  %v64 = zext i32 %v to i64
  %r = call i64 (i64, ...) @syscall(i64 @SYS_FUTEX@, ptr %a, i64 128, i64 %v64, ptr null)
  ret void
}

define internal void @futex_wake(ptr %a, i64 %n) {
entry:
  %r = call i64 (i64, ...) @syscall(i64 @SYS_FUTEX@, ptr %a, i64 129, i64 %n)
  ret void
}

define internal void @relax() {
entry:
  @RELAX@
  ret void
}

; first iteration of chunk %c when [0, n) is cut into %nc nearly equal chunks
define internal i64 @chunk_lo(i64 %c, i64 %n, i64 %nc) {
entry:
  %base = udiv i64 %n, %nc
  %rem = urem i64 %n, %nc
  %lt = icmp ult i64 %c, %rem
  %m = select i1 %lt, i64 %c, i64 %rem
  %x = mul i64 %c, %base
  %lo = add i64 %x, %m
  ret i64 %lo
}

define internal void @run_one(ptr %fn, ptr %env, i64 %c, i64 %n, i64 %nc) {
entry:
  %lo = call i64 @chunk_lo(i64 %c, i64 %n, i64 %nc)
  %c1 = add i64 %c, 1
  %hi = call i64 @chunk_lo(i64 %c1, i64 %n, i64 %nc)
  call void %fn(ptr %env, i64 %lo, i64 %hi, i64 %c)
  ret void
}

; takes chunk numbers from @job_next until none is left
define internal void @run_chunks(ptr %fn, ptr %env, i64 %n, i64 %nc) {
entry:
  br label %loop
loop:
  %c = atomicrmw add ptr @job_next, i64 1 monotonic
  %done = icmp uge i64 %c, %nc
  br i1 %done, label %out, label %body
body:
  call void @run_one(ptr %fn, ptr %env, i64 %c, i64 %n, i64 %nc)
  br label %loop
out:
  ret void
}

define internal void @run_serial(ptr %fn, ptr %env, i64 %n, i64 %nc) {
entry:
  %empty = icmp sle i64 %nc, 0
  br i1 %empty, label %out, label %loop
loop:
  %c = phi i64 [0, %entry], [%c1, %loop]
  call void @run_one(ptr %fn, ptr %env, i64 %c, i64 %n, i64 %nc)
  %c1 = add i64 %c, 1
  %more = icmp slt i64 %c1, %nc
  br i1 %more, label %loop, label %out
out:
  ret void
}

define internal ptr @worker(ptr %arg) {
entry:
  %id = ptrtoint ptr %arg to i64
  %key = load i32, ptr @tkey
  %s = call i32 @pthread_setspecific(i32 %key, ptr %arg)
  ; a Python thread state for the worker's whole life (the GIL is let go at once): a helper
  ; that sets a Python error in a chunk (PyGILState_Ensure/Release) leaves it in that state
  ; rather than in one destroyed on release, so the region can hand it to the caller
  %py = call i32 @Py_IsInitialized()
  %haspy = icmp ne i32 %py, 0
  br i1 %haspy, label %pystate, label %wait
pystate:
  %gs = call i32 @PyGILState_Ensure()
  %ts = call ptr @PyEval_SaveThread()
  br label %wait
wait:
  %seen = phi i32 [0, %entry], [0, %pystate], [%g, %got], [%g, %join], [%g, %work], [%g, %wakemain], [%g, %wakeit]
  br label %spin
spin:
  %k = phi i32 [0, %wait], [%k1, %relaxed], [0, %slept]
  %g = load atomic i32, ptr @gen acquire, align 4
  %changed = icmp ne i32 %g, %seen
  br i1 %changed, label %got, label %idle
idle:
  %k1 = add i32 %k, 1
  %lim = load i32, ptr @spin
  %more = icmp ult i32 %k1, %lim
  br i1 %more, label %relaxed, label %sleep
relaxed:
  call void @relax()
  br label %spin
sleep:
  %a = atomicrmw add ptr @sleepers, i32 1 seq_cst
  call void @futex_wait(ptr @gen, i32 %seen)
  %b = atomicrmw sub ptr @sleepers, i32 1 seq_cst
  br label %slept
slept:
  br label %spin
got:
  %act = load i64, ptr @job_active
  %part = icmp sle i64 %id, %act
  br i1 %part, label %join, label %wait
join:
  ; enter the job of generation %g unless the caller has closed it already
  %st = load atomic i64, ptr @state acquire, align 8
  %sgen64 = lshr i64 %st, 32
  %sgen = trunc i64 %sgen64 to i32
  %same = icmp eq i32 %sgen, %g
  %closedbit = and i64 %st, 2147483648
  %open = icmp eq i64 %closedbit, 0
  %can = and i1 %same, %open
  br i1 %can, label %enter, label %wait
enter:
  %st1 = add i64 %st, 1
  %cx = cmpxchg ptr @state, i64 %st, i64 %st1 acq_rel acquire
  %in = extractvalue { i64, i1 } %cx, 1
  br i1 %in, label %work, label %join
work:
  %fn = load ptr, ptr @job_fn
  %env = load ptr, ptr @job_env
  %n = load i64, ptr @job_n
  %nc = load i64, ptr @job_nc
  call void @run_chunks(ptr %fn, ptr %env, i64 %n, i64 %nc)
  %old = atomicrmw sub ptr @state, i64 1 seq_cst
  %cnt = and i64 %old, 2147483647
  %last = icmp eq i64 %cnt, 1
  br i1 %last, label %wakemain, label %wait
wakemain:
  %mw = load atomic i32, ptr @mainwait seq_cst, align 4
  %asleep = icmp ne i32 %mw, 0
  br i1 %asleep, label %wakeit, label %wait
wakeit:
  call void @futex_wake(ptr @state, i64 1)
  br label %wait
}

define internal void @start_pool() {
entry:
  %th = alloca i64
  %ok = load i32, ptr @tkey_ok
  %has = icmp ne i32 %ok, 0
  br i1 %has, label %create, label %mkkey
mkkey:
  %r = call i32 @pthread_key_create(ptr @tkey, ptr null)
  store i32 1, ptr @tkey_ok
  br label %create
create:
  %max = load i64, ptr @maxworkers
  br label %loop
loop:
  %i = phi i64 [0, %create], [%i1, %made]
  %more = icmp slt i64 %i, %max
  br i1 %more, label %make, label %out
make:
  %i1 = add i64 %i, 1
  %arg = inttoptr i64 %i1 to ptr
  %rc = call i32 @pthread_create(ptr %th, ptr null, ptr @worker, ptr %arg)
  %fail = icmp ne i32 %rc, 0
  br i1 %fail, label %out, label %made
made:
  br label %loop
out:
  store i64 %i, ptr @nworkers
  ret void
}

define i64 @nj_par_plan(i64 %n) {
entry:
  %pos = icmp sgt i64 %n, 0
  br i1 %pos, label %plan, label %none
none:
  ret i64 0
plan:
  %cs = load i64, ptr @chunksize
  %dyn = icmp sgt i64 %cs, 0
  br i1 %dyn, label %dynamic, label %static
dynamic:
  %a = add i64 %n, %cs
  %b = sub i64 %a, 1
  %nc = sdiv i64 %b, %cs
  ret i64 %nc
static:
  %t = load i64, ptr @nthreads
  %lt = icmp slt i64 %t, %n
  %m = select i1 %lt, i64 %t, i64 %n
  ret i64 %m
}

define void @nj_par_run(ptr %fn, ptr %env, i64 %n, i64 %nc) {
entry:
  %small = icmp sle i64 %nc, 1
  br i1 %small, label %serial, label %check
check:
  %t = load i64, ptr @nthreads
  %one = icmp sle i64 %t, 1
  br i1 %one, label %serial, label %try
try:
  %cx = cmpxchg ptr @busy, i32 0, i32 1 acquire monotonic
  %won = extractvalue { i32, i1 } %cx, 1
  br i1 %won, label %pool, label %serial
pool:
  %nw0 = load i64, ptr @nworkers
  %none = icmp eq i64 %nw0, 0
  br i1 %none, label %start, label %ready
start:
  call void @start_pool()
  br label %ready
ready:
  %nw = load i64, ptr @nworkers
  %noworkers = icmp eq i64 %nw, 0
  br i1 %noworkers, label %giveup, label %publish
giveup:
  store atomic i32 0, ptr @busy release, align 4
  br label %serial
publish:
  %t1 = sub i64 %t, 1
  %lt = icmp slt i64 %t1, %nw
  %act = select i1 %lt, i64 %t1, i64 %nw
  store ptr %fn, ptr @job_fn
  store ptr %env, ptr @job_env
  store i64 %n, ptr @job_n
  store i64 %nc, ptr @job_nc
  store i64 %act, ptr @job_active
  store i64 0, ptr @job_next
  %g = load i32, ptr @gen
  %g1 = add i32 %g, 1
  %g64 = zext i32 %g1 to i64
  %opened = shl i64 %g64, 32
  store atomic i64 %opened, ptr @state seq_cst, align 8
  store atomic i32 %g1, ptr @gen seq_cst, align 4
  %sl = load atomic i32, ptr @sleepers seq_cst, align 4
  %anyasleep = icmp ne i32 %sl, 0
  br i1 %anyasleep, label %wake, label %mine
wake:
  call void @futex_wake(ptr @gen, i64 2147483647)
  br label %mine
mine:
  call void @run_chunks(ptr %fn, ptr %env, i64 %n, i64 %nc)
  ; no chunk is left: close the job (no worker enters any more), wait for those inside
  %c0 = atomicrmw or ptr @state, i64 2147483648 seq_cst
  br label %wait
wait:
  %k = phi i32 [0, %mine], [%k1, %relaxed], [0, %slept]
  %p = load atomic i64, ptr @state acquire, align 8
  %inside = and i64 %p, 2147483647
  %alldone = icmp eq i64 %inside, 0
  br i1 %alldone, label %done, label %idle
idle:
  %k1 = add i32 %k, 1
  %lim = load i32, ptr @spin
  %more = icmp ult i32 %k1, %lim
  br i1 %more, label %relaxed, label %sleep
relaxed:
  call void @relax()
  br label %wait
sleep:
  store atomic i32 1, ptr @mainwait seq_cst, align 4
  %p2 = load atomic i64, ptr @state seq_cst, align 8
  %inside2 = and i64 %p2, 2147483647
  %still = icmp ne i64 %inside2, 0
  br i1 %still, label %dosleep, label %woke
dosleep:
  %low = trunc i64 %p2 to i32
  call void @futex_wait(ptr @state, i32 %low)
  br label %woke
woke:
  store atomic i32 0, ptr @mainwait seq_cst, align 4
  br label %slept
slept:
  br label %wait
done:
  store atomic i32 0, ptr @busy release, align 4
  ret void
serial:
  call void @run_serial(ptr %fn, ptr %env, i64 %n, i64 %nc)
  ret void
}

define i64 @nj_par_thread_id() {
entry:
  %ok = load i32, ptr @tkey_ok
  %has = icmp ne i32 %ok, 0
  br i1 %has, label %get, label %zero
get:
  %key = load i32, ptr @tkey
  %p = call ptr @pthread_getspecific(i32 %key)
  %id = ptrtoint ptr %p to i64
  ret i64 %id
zero:
  ret i64 0
}

; a spin lock for merging whole-array reductions (held for one array addition per chunk)
define void @nj_par_lock() {
entry:
  br label %try
try:
  %cx = cmpxchg ptr @redlock, i32 0, i32 1 acquire monotonic
  %won = extractvalue { i32, i1 } %cx, 1
  br i1 %won, label %out, label %spin
spin:
  call void @relax()
  %v = load atomic i32, ptr @redlock monotonic, align 4
  %free = icmp eq i32 %v, 0
  br i1 %free, label %try, label %spin
out:
  ret void
}

define void @nj_par_unlock() {
entry:
  store atomic i32 0, ptr @redlock release, align 4
  ret void
}

define i64 @nj_par_num_threads() {
entry:
  %t = load i64, ptr @nthreads
  ret i64 %t
}

define void @nj_par_set(i64 %threads, i64 %chunksize, i64 %maxworkers, i64 %spin) {
entry:
  %sp = trunc i64 %spin to i32
  store i32 %sp, ptr @spin
  store i64 %threads, ptr @nthreads
  store i64 %chunksize, ptr @chunksize
  store i64 %maxworkers, ptr @maxworkers
  ret void
}

; in a forked child: the workers did not survive the fork
define void @nj_par_after_fork() {
entry:
  store i64 0, ptr @nworkers
  store i32 0, ptr @busy
  store i64 0, ptr @state
  store i32 0, ptr @sleepers
  store i32 0, ptr @mainwait
  store i32 0, ptr @redlock
  ret void
}
"""

_EXPORTS = ("nj_par_plan", "nj_par_run", "nj_par_thread_id", "nj_par_num_threads", "nj_par_set",
            "nj_par_after_fork", "nj_par_lock", "nj_par_unlock")


def supported():
    """Whether this platform has the native pool (Linux on x86-64 or AArch64)."""
    return sys.platform.startswith("linux") and platform.machine().lower() in _ARCH


def runtime_ir():
    futex, relax = _ARCH.get(platform.machine().lower(), (202, "pause"))
    call, decl = _RELAX[relax]
    return (_TEMPLATE.replace("@SYS_FUTEX@", str(futex)).replace("@RELAX_DECL@", decl).replace("@RELAX@", call)
            .replace("@SPIN@", str(_SPIN)))


def default_threads():
    """NUMJIT_NUM_THREADS (or NUMBA_NUM_THREADS) if set, else the number of usable cores."""
    for var in ("NUMJIT_NUM_THREADS", "NUMBA_NUM_THREADS"):
        v = os.environ.get(var)
        if v not in (None, ""):
            try:
                n = int(v)
            except ValueError:
                raise ValueError(f"{var} must be a positive integer, not {v!r}") from None
            if n < 1:
                raise ValueError(f"{var} must be a positive integer, not {v!r}")
            return n
    try:
        n = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        n = os.cpu_count() or 1
    return max(1, n)


def default_spin(threads):
    """Spin-wait iterations before a waiting thread sleeps, for a pool of `threads` threads."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cpus = os.cpu_count() or 1
    return _SPIN if threads <= cpus else _SPIN_OVERSUBSCRIBED


def max_threads():
    from . import config

    n = getattr(config, "NUMBA_NUM_THREADS", None) or default_threads()
    return max(1, int(n)) if supported() else 1


def _push():
    """Writes the Python-side settings into the native runtime (if it is loaded)."""
    if _set_fn is not None:
        mx = max_threads()
        t = mx if _threads is None else min(_threads, mx)
        _set_fn(t, _chunksize, mx - 1, _spin if _spin is not None else default_spin(t))


def _runtime():
    global _lib, _set_fn
    with _lock:
        if _lib is None:
            from . import _cache

            lib = _cache.runtime_library(runtime_ir(), _EXPORTS, name="parallel", opt=None)
            _set_fn = ctypes.CFUNCTYPE(None, ctypes.c_int64, ctypes.c_int64, ctypes.c_int64,
                                       ctypes.c_int64)(lib["nj_par_set"])
            _immortal(lib)
            _lib = lib
            _push()
    return _lib


def _immortal(lib):
    """Workers live until the process exits and run the pool's code between regions (spinning
    or asleep in it): that code must never be unmapped, not even when the interpreter tears
    down its modules at exit. One extra reference to the library and to the JIT that holds
    it (`_backend`'s state) keeps them from being freed."""
    from . import _backend

    for obj in (lib, _backend.state()):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(obj))


def address(name):
    """The address of runtime symbol `name` (`nj_par_*`), or None if it is unknown."""
    if name in _EXPORTS:
        return _runtime()[name]
    return None


# -- the Python API (re-exported by numjit) -------------------------------------------------

def set_num_threads(n):
    """Sets the number of threads parallel regions use from now on (1..NUMBA_NUM_THREADS)."""
    global _threads
    import operator

    try:
        n = operator.index(n)
    except TypeError:
        raise TypeError(f"set_num_threads() takes an integer, not {type(n).__name__}") from None
    mx = max_threads()
    if not 1 <= n <= mx:
        raise ValueError(f"the number of threads must be between 1 and {mx} (NUMBA_NUM_THREADS), not {n}")
    _threads = n
    _push()


def get_num_threads():
    """The number of threads parallel regions use."""
    mx = max_threads()
    return mx if _threads is None else min(_threads, mx)


def get_thread_id():
    """Outside compiled code: 0 (the calling thread is thread 0 of any region it starts)."""
    return 0


def set_parallel_chunksize(n):
    """Cuts parallel loops into chunks of `n` iterations handed out dynamically (0: one
    static chunk per thread, the default). Returns the previous value, as Numba does."""
    global _chunksize
    import operator

    n = operator.index(n)
    if n < 0:
        raise ValueError("chunk size must be >= 0")
    old, _chunksize = _chunksize, n
    _push()
    return old


def get_parallel_chunksize():
    return _chunksize


def _set_spin(n):
    """Sets how many spin-wait instructions a waiting thread runs before it sleeps (None:
    the default, `default_spin`). Not a public API: for experiments and benchmarks of the
    pool. Returns the previous setting."""
    global _spin
    old, _spin = _spin, None if n is None else max(0, min(int(n), 2**31 - 1))
    _push()
    return old


def threading_layer():
    """The threading layer in use, as Numba's `threading_layer()`: numjit has one, its own
    pthreads pool ("serial" on platforms without it)."""
    return "pthreads" if supported() else "serial"


def _after_fork_in_child():
    global _lock
    _lock = threading.Lock()
    if _lib is not None:
        ctypes.CFUNCTYPE(None)(_lib["nj_par_after_fork"])()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
