"""LLVM without importing llvmlite.binding: ctypes straight to libllvmlite.so.

Why: a process with no compile server runs LLVM itself, and `import llvmlite.binding`
costs ~44 ms of CPU (~25 Python modules, then the dlopen of the library), where loading
the library with ctypes costs ~9 ms. The library is the one llvmlite ships
(llvmlite/binding/libllvmlite.so, found without importing llvmlite), so the LLVM is the
same and so is the object code: this module calls the same exported C functions
(LLVMPY_*) that llvmlite.binding calls, in the same order, with the same arguments as
numjit/_backend.py does through llvmlite: parse, verify, set triple and data layout, the
`noinline` attribute, the new pass manager's default O<n> pipeline with the same tuning
options, and the object file emitted to memory by a target machine created with the same
CPU name, features, opt level, relocation and code model. The object is then mapped by
numjit/_elf.py, as a cached object is.

Guards: only for the llvmlite versions in CHECKED (read from llvmlite/_version.py, not
imported) and the LLVM version each was checked with (asked from the library), only when
every symbol below exists; anything unexpected raises Unavailable, and the caller
(`_backend`) goes the llvmlite.binding way instead. The IR is verified before any pass
runs (the library's LLVM aborts the process on invalid IR that reaches a pass), as
`_backend` does. NUMJIT_DIRECT_LLVM=0 turns it off; =1 uses it even where llvmlite.binding
is already imported (tests); unset: used while llvmlite.binding is not imported.
Callers hold `_backend.LOCK` (LLVM is not thread-safe).
"""
import ctypes
import os
import re
import sys

# llvmlite version -> the LLVM version (major, minor, patch) its library reports; the
# signatures below were read from that version's llvmlite/binding/*.py
CHECKED = {"0.50.0": (22, 1, 0)}

_P, _S, _I, _U, _B, _SZ = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_int, ctypes.c_uint,
                           ctypes.c_bool, ctypes.c_size_t)
_OUT = ctypes.POINTER(ctypes.c_char_p)

# name: (restype, argtypes)
_SIGNATURES = {
    "LLVMPY_GetVersionInfo": (_U, []),
    "LLVMPY_DisposeString": (None, [_P]),
    "LLVMPY_InitializeNativeTarget": (_I, []),
    "LLVMPY_InitializeNativeAsmPrinter": (_I, []),
    "LLVMPY_GetProcessTriple": (None, [_OUT]),
    "LLVMPY_GetHostCPUName": (None, [_OUT]),
    "LLVMPY_GetHostCPUFeatures": (_I, [_OUT]),
    "LLVMPY_GetTargetFromTriple": (_P, [_S, _OUT]),
    "LLVMPY_CreateTargetMachine": (_P, [_P, _S, _S, _S, _I, _S, _S, _I, _I, _S]),
    "LLVMPY_CreateTargetMachineData": (_P, [_P]),
    "LLVMPY_CopyStringRepOfTargetData": (None, [_P, _OUT]),
    "LLVMPY_DisposeTargetData": (None, [_P]),
    "LLVMPY_GetGlobalContext": (_P, []),
    "LLVMPY_ParseAssembly": (_P, [_P, _S, _OUT]),
    "LLVMPY_DisposeModule": (None, [_P]),
    "LLVMPY_VerifyModule": (_B, [_P, _OUT]),
    "LLVMPY_SetTarget": (None, [_P, _S]),
    "LLVMPY_SetDataLayout": (None, [_P, _S]),
    "LLVMPY_GetNamedFunction": (_P, [_P, _S]),
    "LLVMPY_GetEnumAttributeKindForName": (_U, [_S, _SZ]),
    "LLVMPY_AddFunctionAttr": (None, [_P, _U]),
    "LLVMPY_PrintModuleToString": (None, [_P, _OUT]),
    "LLVMPY_CreatePipelineTuningOptions": (_P, []),
    "LLVMPY_PTOSetLoopVectorization": (None, [_P, _B]),
    "LLVMPY_PTOSetSLPVectorization": (None, [_P, _B]),
    "LLVMPY_DisposePipelineTuningOptions": (None, [_P]),
    "LLVMPY_CreatePassBuilder": (_P, [_P, _P]),
    "LLVMPY_DisposePassBuilder": (None, [_P]),
    "LLVMPY_buildPerModuleDefaultPipeline": (_P, [_P, _I]),
    "LLVMPY_RunNewModulePassManager": (None, [_P, _P, _P]),
    "LLVMPY_DisposeNewModulePassManger": (None, [_P]),  # (sic: the library's spelling)
    "LLVMPY_TargetMachineEmitToMemory": (_P, [_P, _P, _I, _OUT]),
    "LLVMPY_GetBufferStart": (_P, [_P]),
    "LLVMPY_GetBufferSize": (_SZ, [_P]),
    "LLVMPY_DisposeMemoryBuffer": (None, [_P]),
}


class Unavailable(Exception):
    """The direct binding cannot be used here: use llvmlite.binding."""


class IRError(Exception):
    """The IR does not parse or verify (`what`, LLVM's message)."""

    def __init__(self, what, message):
        super().__init__(message)
        self.what = what


compiles = 0  # modules compiled this way in this process (tests)
_lib = None
_failed = None  # why it is unavailable, once known
_target = None  # (triple, cpu, features, target machine, data layout)


def mode():
    """'off', 'force' or 'auto' from NUMJIT_DIRECT_LLVM."""
    v = os.environ.get("NUMJIT_DIRECT_LLVM", "").strip().lower()
    if v in ("0", "off", "no", "false"):
        return "off"
    if v in ("1", "on", "yes", "true", "force"):
        return "force"
    return "auto"


def wanted():
    """Whether a compile in this process should try the direct binding."""
    m = mode()
    if m == "off" or _failed is not None:
        return False
    return m == "force" or "llvmlite.binding" not in sys.modules


def _llvmlite_dir():
    mod = sys.modules.get("llvmlite")
    if mod is not None and getattr(mod, "__file__", None):
        return os.path.dirname(mod.__file__)
    for entry in sys.path:  # the import system's own order, without importing llvmlite
        d = os.path.join(entry or os.getcwd(), "llvmlite")
        if os.path.isfile(os.path.join(d, "__init__.py")):
            return d
    raise Unavailable("llvmlite not found on sys.path")


def _version(d):
    try:
        with open(os.path.join(d, "_version.py"), encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        raise Unavailable(f"llvmlite's version: {e}") from None
    m = re.search(r"^version_version\s*=\s*['\"]([^'\"]+)['\"]", text, re.M)
    if not m:
        raise Unavailable("llvmlite's version not found")
    return m.group(1)


def _load():
    """The library with every function's types set; raises Unavailable."""
    global _lib, _failed
    if _lib is not None:
        return _lib
    if _failed is not None:
        raise Unavailable(_failed)
    try:
        d = _llvmlite_dir()
        version = _version(d)
        if version not in CHECKED:
            raise Unavailable(f"llvmlite {version} is not a version this binding was checked with")
        path = os.path.join(d, "binding", "libllvmlite.so")
        if not os.path.isfile(path):
            raise Unavailable(f"{path} is missing")
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            raise Unavailable(f"cannot load {path}: {e}") from None
        for name, (restype, argtypes) in _SIGNATURES.items():
            try:
                fn = getattr(lib, name)
            except AttributeError:
                raise Unavailable(f"{path} lacks {name}") from None
            fn.restype = restype
            fn.argtypes = argtypes
        v = lib.LLVMPY_GetVersionInfo()
        llvm = ((v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF)
        if llvm != CHECKED[version]:
            raise Unavailable(f"llvmlite {version} with LLVM {llvm}, checked with {CHECKED[version]}")
    except Unavailable as e:
        _failed = str(e)
        raise
    _lib = lib
    return lib


def _take(out):
    """The text of an LLVMPY_CreateString'd output (then freed), or ''."""
    ptr = ctypes.cast(out, ctypes.c_void_p).value
    if not ptr:
        return ""
    try:
        return ctypes.string_at(ptr).decode("utf-8", "replace")
    finally:
        _lib.LLVMPY_DisposeString(ptr)


def _out():
    return ctypes.c_char_p()


def target():
    """(triple, cpu, features, target machine, data layout), created once; the same
    settings as _backend._State's target machine."""
    global _target, _failed
    if _target is not None:
        return _target
    lib = _load()
    try:
        lib.LLVMPY_InitializeNativeTarget()
        lib.LLVMPY_InitializeNativeAsmPrinter()
        o = _out()
        lib.LLVMPY_GetProcessTriple(ctypes.byref(o))
        triple = _take(o)
        o = _out()
        lib.LLVMPY_GetHostCPUName(ctypes.byref(o))
        cpu = _take(o)
        o = _out()
        ok = lib.LLVMPY_GetHostCPUFeatures(ctypes.byref(o))
        text = _take(o)
        feats = {}
        if ok and text:
            for f in text.split(","):
                if f:
                    feats[f[1:]] = f[0] == "+"
        # llvmlite's FeatureMap.flatten(): sorted by name, "+name" / "-name"
        features = ",".join(("+" if v else "-") + k for k, v in sorted(feats.items()))
        o = _out()
        tgt = lib.LLVMPY_GetTargetFromTriple(triple.encode(), ctypes.byref(o))
        err = _take(o)
        if not tgt:
            raise Unavailable(f"no target for {triple}: {err}")
        import platform

        reloc = "static" if platform.machine().lower() in ("x86_64", "amd64", "i386", "i686") else "default"
        tm = lib.LLVMPY_CreateTargetMachine(tgt, triple.encode(), cpu.encode(), features.encode(), 3,
                                            reloc.encode(), b"jitdefault", 0, 1, b"")
        if not tm:
            raise Unavailable("no target machine")
        td = lib.LLVMPY_CreateTargetMachineData(tm)
        o = _out()
        lib.LLVMPY_CopyStringRepOfTargetData(td, ctypes.byref(o))
        layout = _take(o)
        lib.LLVMPY_DisposeTargetData(td)
    except Unavailable as e:
        _failed = str(e)
        raise
    _target = (triple, cpu, features, tm, layout)
    return _target


def emit_object(ir, level, noinline=(), count=True):
    """(object code, optimised IR) of `ir`: the steps of _backend.emit_object. Raises
    IRError for IR that does not parse or verify, Unavailable if the binding cannot be
    used. `noinline`: the function names to mark (the caller decided which); `count`:
    whether it counts in `compiles` (not the warm-up's module)."""
    global compiles
    lib = _load()
    triple, _cpu, _features, tm, layout = target()
    ctx = lib.LLVMPY_GetGlobalContext()
    err = _out()
    mod = lib.LLVMPY_ParseAssembly(ctx, ir.encode("utf-8"), ctypes.byref(err))
    msg = _take(err)
    if msg or not mod:
        if mod:
            lib.LLVMPY_DisposeModule(mod)
        raise IRError("LLVM IR that does not parse", "LLVM IR parsing error\n" + msg)
    try:
        err = _out()
        bad = lib.LLVMPY_VerifyModule(mod, ctypes.byref(err))
        msg = _take(err)
        if bad:
            raise IRError("invalid LLVM IR", msg)
        lib.LLVMPY_SetTarget(mod, triple.encode())
        lib.LLVMPY_SetDataLayout(mod, layout.encode())
        if noinline:
            kind = lib.LLVMPY_GetEnumAttributeKindForName(b"noinline", 8)
            if not kind:
                raise Unavailable("no attribute kind for noinline")
            for fname in noinline:
                fn = lib.LLVMPY_GetNamedFunction(mod, fname.encode())
                if not fn:
                    raise Unavailable(f"no function {fname}")
                lib.LLVMPY_AddFunctionAttr(fn, kind)
        pto = lib.LLVMPY_CreatePipelineTuningOptions()
        try:
            if level >= 2:
                lib.LLVMPY_PTOSetLoopVectorization(pto, True)
                lib.LLVMPY_PTOSetSLPVectorization(pto, True)
            pb = lib.LLVMPY_CreatePassBuilder(tm, pto)
            try:
                mpm = lib.LLVMPY_buildPerModuleDefaultPipeline(pb, level)
                try:
                    lib.LLVMPY_RunNewModulePassManager(mpm, mod, pb)
                finally:
                    lib.LLVMPY_DisposeNewModulePassManger(mpm)
            finally:
                lib.LLVMPY_DisposePassBuilder(pb)
        finally:
            lib.LLVMPY_DisposePipelineTuningOptions(pto)
        o = _out()
        lib.LLVMPY_PrintModuleToString(mod, ctypes.byref(o))
        opt_ir = _take(o)
        err = _out()
        mb = lib.LLVMPY_TargetMachineEmitToMemory(tm, mod, 1, ctypes.byref(err))
        msg = _take(err)
        if not mb:
            raise Unavailable(f"code generation failed: {msg}")
        try:
            obj = ctypes.string_at(lib.LLVMPY_GetBufferStart(mb), lib.LLVMPY_GetBufferSize(mb))
        finally:
            lib.LLVMPY_DisposeMemoryBuffer(mb)
    finally:
        lib.LLVMPY_DisposeModule(mod)
    compiles += bool(count)
    return obj, opt_ir
