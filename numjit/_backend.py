"""The LLVM backend: LLVM IR text in, addresses of native functions out.

In: one textual LLVM module from the compiler (opaque pointers), and the names of the
symbols to export. Steps, all under one process-wide lock (LLVM is not thread-safe):
parse → verify (always before optimising: the llvmlite wheels' LLVM aborts the process
on invalid IR that reaches a pass) → optimise at NUMJIT_OPT (default 3) with the new pass
builder for the host CPU → emit an object file → link it into an ORC LLJIT library whose
imports resolve against the running process (the CPython C API, libm).
Out: a `Library` holding the exported addresses, the optimised IR and the object code
(kept so the cache of issue 6 can store it and reload it with `load_object`).

llvmlite is imported here, on first use, never by `import numjit`. A process that runs
LLVM itself (no compile server) and has not imported llvmlite.binding compiles through
numjit/_llvm_direct.py instead (ctypes straight to llvmlite's libllvmlite.so, the same
calls and the same object code, ~35 ms less CPU than importing llvmlite.binding) and maps
the object with numjit/_elf.py; anything that path cannot do goes through llvmlite.
"""
import ctypes
import os
import re
import threading

from .errors import InternalError

LOCK = threading.RLock()
_state = None  # the _State, created on first use
_counter = 0

REPORT = ("This is a bug in numjit; please report it with the function's source "
          "(set NUMJIT_DEBUG=1 for details).")


class _State:
    """llvmlite, the host target machine and the JIT, created once per process."""

    def __init__(self):
        import llvmlite.binding as llvm

        self.llvm = llvm
        llvm.initialize_native_target()
        llvm.initialize_native_asmprinter()
        self.triple = llvm.get_process_triple()
        target = llvm.Target.from_triple(self.triple)
        self.cpu = llvm.get_host_cpu_name()
        try:
            self.features = llvm.get_host_cpu_features().flatten()
        except RuntimeError:  # not available on every platform; the CPU name still tunes
            self.features = ""
        import platform

        reloc = "static" if platform.machine().lower() in ("x86_64", "amd64", "i386", "i686") else "default"
        self.tm = target.create_target_machine(cpu=self.cpu, features=self.features, opt=3,
                                               reloc=reloc, codemodel="jitdefault", jit=True)
        self.lljit = llvm.create_lljit_compiler(self.tm)
        self.pid = os.getpid()


def state():
    global _state
    if _state is None:
        # imported outside the lock (imports are thread-safe): the ~50 ms import must
        # not hold up another thread mapping cached code meanwhile (numjit's dispatcher)
        import llvmlite.binding  # noqa: F401
    with LOCK:
        if _state is None:
            _state = _State()
        return _state


def _after_fork_in_child():
    # a fork while another thread held the lock must not leave the child's lock held
    global LOCK
    LOCK = threading.RLock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def opt_level():
    """NUMJIT_OPT from the environment if set now, else numjit.config.OPT (default 3)."""
    from . import config

    env = os.environ.get("NUMJIT_OPT")
    try:
        level = int(env) if env not in (None, "") else int(config.OPT)
    except ValueError:
        raise ValueError("NUMJIT_OPT must be an integer from 0 to 3") from None
    return min(max(level, 0), 3)


class Library:
    """Compiled native code kept alive: exported addresses, IR text, object code."""

    def __init__(self, tracker, addresses, ir, obj, name, imports=()):
        self._tracker = tracker  # keeps the JIT-linked code in memory
        self.addresses = addresses
        self.imports = sorted(imports)  # process symbols the object code needs
        self.ir = ir            # optimised IR text (inspect_llvm)
        self.object_code = obj  # bytes, for the on-disk cache
        self.name = name
        self._asm = None

    def __getitem__(self, name):
        return self.addresses[name]

    def asm(self):
        """Native assembly of the optimised module (inspect_asm)."""
        if self._asm is None:
            with LOCK:
                st = state()
                mod = st.llvm.parse_assembly(self.ir)
                self._asm = st.tm.emit_assembly(mod)
        return self._asm


_DECL_FN = re.compile(r"^declare\b[^@]*@(\"[^\"]+\"|[\w.$]+)\s*\(", re.M)
_DECL_GV = re.compile(r"^@(\"[^\"]+\"|[\w.$]+)\s*=\s*external\b", re.M)


def external_symbols(ir):
    """Names the module declares but does not define (functions and globals)."""
    names = set(_DECL_FN.findall(ir)) | set(_DECL_GV.findall(ir))
    return {n.strip('"') for n in names if not n.startswith("llvm.")}


def _process_address(name):
    if name.startswith("nj_rt_"):  # the array runtime (numjit/_nrt.py)
        from . import _nrt
        return _nrt.address(name)
    if name.startswith("nj_par_"):  # the thread pool (numjit/_parallel.py)
        from . import _parallel
        return _parallel.address(name)
    try:
        return ctypes.addressof(ctypes.c_char.in_dll(ctypes.pythonapi, name))
    except ValueError:
        return None


def _fail(what, err, ir):
    msg = f"numjit produced {what}: {err}\n{REPORT}"
    if os.environ.get("NUMJIT_DEBUG"):
        msg += "\n--- LLVM IR ---\n" + ir
    return InternalError(msg, info={"type": "InternalError", "message": str(err)})


def compile_ir(ir, exports, name=None, opt=None, noinline=()):
    """Parses, verifies, optimises (at `opt`, default NUMJIT_OPT) and JIT-links `ir`;
    returns a Library with the addresses of `exports`. Invalid IR or an unresolved
    symbol raises InternalError. `noinline`: see emit_object.

    While llvmlite.binding is not imported (a process with no compile server), LLVM is
    driven through numjit/_llvm_direct.py (ctypes straight to llvmlite's library: the
    same object code, without the ~35 ms of importing llvmlite.binding) and the object
    is mapped by numjit's ELF loader, as a cached one is; anything that path cannot do
    goes the llvmlite.binding way."""
    with LOCK:
        lib = _compile_direct(ir, exports, name, opt, noinline)
        if lib is not None:
            return lib
        obj, imports, opt_ir = emit_object(ir, opt, noinline=noinline)
        return _link(obj, exports, imports, opt_ir, name)


def _compile_direct(ir, exports, name, opt, noinline):
    """compile_ir through _llvm_direct and _elf, or None where that path does not apply."""
    from . import _elf, _llvm_direct

    if not (_llvm_direct.wanted() and _elf.available()) or os.environ.get("NUMJIT_LLVM_LOADER"):
        return None
    level = opt_level() if opt is None else opt
    marked = [f for f in noinline if _ir_lines(ir, f) > NOINLINE_MIN_LINES]
    try:
        obj, opt_ir = _llvm_direct.emit_object(ir, level, marked)
    except _llvm_direct.IRError as e:
        raise _fail(e.what, e, ir) from None
    except Exception:  # noqa: BLE001 - _llvm_direct.Unavailable or anything unforeseen
        return None
    imports = _resolve_imports(ir, True)  # (after verifying: the same error first)
    try:
        img = _elf.load(obj, exports, _process_address)
    except _elf.Unsupported:
        return _link(obj, exports, imports, opt_ir, name)
    return Library(img, dict(img.addresses), opt_ir, obj, name or "lib", imports)


def warm():
    """Prepares LLVM for this process's compiles (the background warm-up of a process
    with no compile server): the direct binding's library and target machine where it
    will be used, else llvmlite.binding and the JIT."""
    from . import _elf, _llvm_direct

    if _llvm_direct.wanted() and _elf.available() and not os.environ.get("NUMJIT_LLVM_LOADER"):
        try:
            with LOCK:
                _llvm_direct.target()
                # one throw-away module through the whole pipeline: LLVM's first module
                # costs ~3.5 ms more than the next (its pass and code generator set-up),
                # paid here while Node works rather than after its reply
                _llvm_direct.emit_object(_WARM_IR, opt_level(), count=False)
            return
        except Exception:  # noqa: BLE001 - unavailable: llvmlite.binding instead
            pass
    state()


_WARM_IR = """define double @numjit_warm_up(double %a, double %b) {
  %c = fadd double %a, %b
  ret double %c
}
"""


def _runtime_symbol(name):
    return name.startswith(("nj_rt_", "nj_par_"))


NOINLINE_MIN_LINES = 60  # see emit_object: bodies with a loop are longer, `a + b` is 15


def _ir_lines(ir, fname):
    """Lines of the definition of @fname in the IR text; 0 when it is not defined."""
    i = ir.find(f"@{fname}(")
    while i >= 0 and not ir.startswith("define", ir.rfind("\n", 0, i) + 1):
        i = ir.find(f"@{fname}(", i + 1)
    if i < 0:
        return 0
    j = ir.find("\n}", i)
    return ir.count("\n", i, j) if j >= 0 else 0


def _resolve_imports(ir, resolve):
    missing = []
    imports = {}
    for sym in external_symbols(ir):
        addr = None if not resolve and _runtime_symbol(sym) else _process_address(sym)
        if addr is None and (resolve or not _runtime_symbol(sym)):
            missing.append(sym)
        else:
            imports[sym] = addr
    if missing:
        raise _fail("a module that needs symbols the process does not have",
                    ", ".join(sorted(missing)), ir)
    return imports


def emit_object(ir, opt=None, resolve=True, noinline=()):
    """(object code, imports, optimised IR) of `ir`: parse, verify, optimise, emit.
    `imports` maps each process symbol the code needs to its address; with
    resolve=False (the shared compile server, which compiles for other processes)
    numjit's runtime symbols are only named, with None, and resolved where it loads.

    `noinline` names functions LLVM must not inline unless they are small (at most
    NOINLINE_MIN_LINES lines of IR): the dispatcher passes the root's native function.
    It is exported, so its body is always compiled; inlined into the entry point (its
    one caller) it was optimised and code-generated a second time there. Kept out of
    line, a kernel with loops (mandelbrot, collatz, primes...) costs LLVM 30-40% less
    time and runs as fast; a small function (`a + b`, `x[0]`) is still inlined, where
    the call would add ~3 ns to a ~40 ns call from Python."""
    with LOCK:
        st = state()
        llvm = st.llvm
        try:
            mod = llvm.parse_assembly(ir)
        except RuntimeError as e:
            raise _fail("LLVM IR that does not parse", e, ir) from None
        try:
            mod.verify()
        except RuntimeError as e:
            raise _fail("invalid LLVM IR", e, ir) from None
        mod.triple = st.triple
        mod.data_layout = str(st.tm.target_data)
        for fname in noinline:
            if _ir_lines(ir, fname) > NOINLINE_MIN_LINES:
                mod.get_function(fname).add_function_attribute("noinline")
        imports = _resolve_imports(ir, resolve)
        level = opt_level() if opt is None else opt
        pto = llvm.create_pipeline_tuning_options(speed_level=level)
        if level >= 2:
            pto.loop_vectorization = True
            pto.slp_vectorization = True
        pb = llvm.create_pass_builder(st.tm, pto)
        pb.getModulePassManager().run(mod, pb)
        opt_ir = str(mod)
        obj = st.tm.emit_object(mod)
        return obj, imports, opt_ir


def load_object(obj, exports, imports=(), ir="", name=None):
    """Links previously emitted object code (from the cache); `imports` names the
    process symbols it needs. On Linux x86-64 numjit's own loader (numjit/_elf.py) maps
    it without importing llvmlite; anything that loader does not handle goes to LLVM."""
    from . import _elf

    if _elf.available() and not os.environ.get("NUMJIT_LLVM_LOADER"):
        with LOCK:
            try:
                img = _elf.load(obj, exports, _process_address)
                return Library(img, dict(img.addresses), ir, obj, name or "lib", imports)
            except _elf.Unsupported:
                pass
    with LOCK:
        imp = {}
        for sym in imports:
            addr = _process_address(sym)
            if addr is None:
                raise InternalError(f"cached code needs the symbol {sym!r}, which this process lacks")
            imp[sym] = addr
        return _link(obj, exports, imp, ir, name)


def _link(obj, exports, imports, ir, name):
    global _counter
    st = state()
    llvm = st.llvm
    _counter += 1
    libname = f"nj{_counter}_{name or 'lib'}"
    b = llvm.JITLibraryBuilder().add_object_img(obj).add_current_process()
    for sym, addr in imports.items():
        b.import_symbol(sym, addr)
    for sym in exports:
        b.export_symbol(sym)
    try:
        tracker = b.link(st.lljit, libname)
    except RuntimeError as e:
        raise _fail("a module that does not link", e, ir) from None
    addrs = {sym: tracker[sym] for sym in exports}
    for sym, addr in addrs.items():
        if not addr:
            raise _fail("a module without the symbol it names", sym, ir)
    return Library(tracker, addrs, ir, obj, libname, imports)
