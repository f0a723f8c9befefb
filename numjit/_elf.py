"""A minimal loader of LLVM's x86-64 ELF object files, so cached code runs without LLVM.

In: the object code that `_backend` emitted for the host (relocatable ELF, x86-64, the
JIT's large code model), the symbols to export, and a resolver for undefined symbols
(the CPython C API, libm, numjit's runtime). Out: a `Loaded` image with the exports'
addresses. Steps: parse the section and symbol tables; map the allocatable sections
(code in pages of their own, then read-only and writable data), copy them in; apply the
relocations LLVM emits for this code model (R_X86_64_64 above all; PC32/PLT32/32/32S/PC64
are handled too); make the code pages read+execute. The unwind tables (.eh_frame) are
not loaded: nothing unwinds through numjit's code.

Anything else (another architecture, a relocation type or section kind not listed, a
symbol the resolver does not know) raises `Unsupported`, and the caller links with LLVM
instead; this loader never guesses. Loading a cached function this way costs well under
a millisecond, against ~30 ms for importing llvmlite alone.
"""
import ctypes
import mmap
import os
import struct
import sys

_EHDR = struct.Struct("<16sHHIQQQIHHHHHH")
_SHDR = struct.Struct("<IIQQQQIIQQ")
_SYM = struct.Struct("<IBBHQQ")
_RELA = struct.Struct("<QQq")

SHT_PROGBITS, SHT_SYMTAB, SHT_NOBITS, SHT_RELA, SHT_REL = 1, 2, 8, 4, 9
SHF_WRITE, SHF_ALLOC, SHF_EXECINSTR = 0x1, 0x2, 0x4
SHN_UNDEF, SHN_ABS, SHN_COMMON = 0, 0xFFF1, 0xFFF2
R_64, R_PC32, R_32, R_32S, R_PLT32, R_PC64, R_NONE = 1, 2, 10, 11, 4, 24, 0
PAGE = mmap.PAGESIZE


class Unsupported(Exception):
    """The object uses something this loader does not handle: link with LLVM instead."""


def available():
    return (sys.platform.startswith("linux") and sys.byteorder == "little"
            and ctypes.sizeof(ctypes.c_void_p) == 8 and _machine() in ("x86_64", "amd64"))


def _machine():
    return os.uname().machine.lower() if hasattr(os, "uname") else ""


_libc = None


def _c():
    global _libc
    if _libc is None:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.mmap.restype = ctypes.c_void_p
        libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                              ctypes.c_int, ctypes.c_long]
        libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
        libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
        _libc = libc
    return _libc


class Loaded:
    """The mapped image. It is never unmapped: code may still run after the last Python
    reference is gone (threads of the parallel runtime while the interpreter exits,
    arrays whose destructor lives here), and an image is a few pages per function."""

    def __init__(self, base, size, addresses):
        self.base, self.size, self.addresses = base, size, addresses

    def __getitem__(self, name):
        return self.addresses[name]


def _round(n, a):
    return (n + a - 1) // a * a if a > 1 else n


def load(obj, exports, resolve):
    """Maps `obj` and returns a Loaded image with the addresses of `exports`;
    `resolve(name)` gives the address of an undefined symbol, or None."""
    if not available():
        raise Unsupported("not Linux x86-64")
    if len(obj) < _EHDR.size:
        raise Unsupported("short object")
    (ident, etype, machine, _v, _entry, _phoff, shoff, _flags, _ehsize, _phes, _phnum,
     shentsize, shnum, shstrndx) = _EHDR.unpack_from(obj, 0)
    if ident[:4] != b"\x7fELF" or ident[4] != 2 or ident[5] != 1 or etype != 1 or machine != 62:
        raise Unsupported("not a relocatable x86-64 ELF object")
    if shentsize != _SHDR.size or shoff + shnum * shentsize > len(obj):
        raise Unsupported("bad section table")
    secs = [_SHDR.unpack_from(obj, shoff + i * shentsize) for i in range(shnum)]
    strtab_off = secs[shstrndx][4]

    def secname(s):
        end = obj.index(b"\0", strtab_off + s[0])
        return obj[strtab_off + s[0]:end].decode("ascii", "replace")

    names = [secname(s) for s in secs]
    # layout: code first, then data, each section at its alignment; code pages apart
    load_idx = [i for i, s in enumerate(secs)
                if s[2] & SHF_ALLOC and s[5] > 0 and names[i] != ".eh_frame"]
    for i in load_idx:
        if secs[i][1] not in (SHT_PROGBITS, SHT_NOBITS):
            raise Unsupported(f"section {names[i]} of type {secs[i][1]}")
        if names[i].startswith((".init_array", ".fini_array", ".ctors", ".dtors", ".tbss", ".tdata")):
            raise Unsupported(f"section {names[i]}")
    code = [i for i in load_idx if secs[i][2] & SHF_EXECINSTR]
    data = [i for i in load_idx if not secs[i][2] & SHF_EXECINSTR]
    offsets = {}
    pos = 0
    for i in code:
        pos = _round(pos, max(secs[i][8], 1))
        offsets[i] = pos
        pos += secs[i][5]
    code_size = _round(pos, PAGE)
    pos = code_size
    for i in data:
        pos = _round(pos, max(secs[i][8], 1))
        offsets[i] = pos
        pos += secs[i][5]
    total = max(_round(pos, PAGE), PAGE)
    libc = _c()
    base = libc.mmap(None, total, mmap.PROT_READ | mmap.PROT_WRITE,
                     mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
    if base in (None, ctypes.c_void_p(-1).value):
        raise Unsupported("mmap failed")
    try:
        return _fill(obj, base, total, secs, names, load_idx, offsets, code_size, exports, resolve)
    except Unsupported:
        libc.munmap(base, total)  # nothing points into it yet
        raise


def _fill(obj, base, total, secs, names, load_idx, offsets, code_size, exports, resolve):
    libc = _c()
    image = Loaded(base, total, {})
    for i in load_idx:
        if secs[i][1] == SHT_PROGBITS:
            off, size = secs[i][4], secs[i][5]
            ctypes.memmove(base + offsets[i], obj[off:off + size], size)
    # symbols
    symtabs = [i for i, s in enumerate(secs) if s[1] == SHT_SYMTAB]
    if len(symtabs) != 1:
        raise Unsupported("no single symbol table")
    st = secs[symtabs[0]]
    sym_str_off = secs[st[6]][4]
    syms = []
    for k in range(st[5] // _SYM.size):
        nm, info, _other, shndx, value, _size = _SYM.unpack_from(obj, st[4] + k * _SYM.size)
        end = obj.index(b"\0", sym_str_off + nm)
        syms.append((obj[sym_str_off + nm:end].decode("utf-8", "replace"), info, shndx, value))
    resolved = {}

    def sym_addr(k):
        name, info, shndx, value = syms[k]
        if shndx == SHN_UNDEF:
            if name not in resolved:
                a = resolve(name)
                if not a:
                    raise Unsupported(f"unresolved symbol {name}")
                resolved[name] = a
            return resolved[name]
        if shndx == SHN_ABS:
            return value
        if shndx >= 0xFF00 or shndx not in offsets:
            raise Unsupported(f"symbol {name} in an unloaded section")
        return base + offsets[shndx] + value

    for s in secs:
        if s[1] == SHT_REL:
            raise Unsupported("REL relocations")
        if s[1] != SHT_RELA:
            continue
        target = s[7]
        if target not in offsets:
            if names[target] == ".eh_frame" or not secs[target][2] & SHF_ALLOC:
                continue
            raise Unsupported(f"relocations for {names[target]}")
        tbase = base + offsets[target]
        for k in range(s[5] // _RELA.size):
            r_off, r_info, addend = _RELA.unpack_from(obj, s[4] + k * _RELA.size)
            rtype, rsym = r_info & 0xFFFFFFFF, r_info >> 32
            if rtype == R_NONE:
                continue
            S = sym_addr(rsym) if rsym else 0
            P = tbase + r_off
            if rtype == R_64:
                ctypes.c_uint64.from_address(P).value = (S + addend) & 0xFFFFFFFFFFFFFFFF
            elif rtype == R_PC64:
                ctypes.c_int64.from_address(P).value = S + addend - P
            elif rtype in (R_PC32, R_PLT32):
                v = S + addend - P
                if not -(1 << 31) <= v < (1 << 31):
                    raise Unsupported("PC32 relocation out of range")
                ctypes.c_int32.from_address(P).value = v
            elif rtype == R_32:
                v = S + addend
                if not 0 <= v < (1 << 32):
                    raise Unsupported("32-bit relocation out of range")
                ctypes.c_uint32.from_address(P).value = v
            elif rtype == R_32S:
                v = S + addend
                if not -(1 << 31) <= v < (1 << 31):
                    raise Unsupported("32-bit relocation out of range")
                ctypes.c_int32.from_address(P).value = v
            else:
                raise Unsupported(f"relocation type {rtype}")
    if code_size and libc.mprotect(base, code_size, mmap.PROT_READ | mmap.PROT_EXEC) != 0:
        raise Unsupported("mprotect failed")
    by_name = {}
    for k, (name, info, shndx, _value) in enumerate(syms):
        if name and shndx not in (SHN_UNDEF,) and (info >> 4) in (1, 2):  # GLOBAL, WEAK
            by_name[name] = k
    for name in exports:
        if name not in by_name:
            raise Unsupported(f"no symbol {name}")
        image.addresses[name] = sym_addr(by_name[name])
    return image
