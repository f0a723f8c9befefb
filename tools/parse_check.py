"""Compare numjit's parser with CPython's `ast` on every .py file below a directory.

Usage: python tools/parse_check.py DIR [--quiet] [--max-diffs N] [FILE ...]

Walks DIR recursively (skipping site-packages), parses every `.py` file with numjit's
parser (one Node.js process on the compiler bundle, file paths streamed to it) and with
the running interpreter's `ast.parse` (bytes in, so encoding declarations are honoured
the same way), and compares canonical dumps of the two trees: node kinds, every field,
constant values (ints exactly, floats bit for bit) and positions. A file CPython rejects
must be rejected by numjit too; both rejecting counts as identical. The target version
given to numjit is the running interpreter's (`--py311` for 3.11).

Prints each differing file with its first difference, then `identical: N/M` last.
"""
import ast
import os
import struct
import subprocess
import sys
import threading
import warnings

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLE = os.path.join(ROOT, "numjit", "_compiler", "numjitc.js")

PY311 = sys.version_info < (3, 12)


def canon_str(s):
    out = ['"']
    for ch in s:
        cp = ord(ch)
        if 0x20 <= cp < 0x7F and ch != '"' and ch != "\\":
            out.append(ch)
        else:
            out.append("\\u{%x}" % cp)
    out.append('"')
    return "".join(out)


def float_bits(x):
    return struct.pack(">d", x).hex()


def canon_const(v):
    if v is None:
        return "None"
    if v is True:
        return "True"
    if v is False:
        return "False"
    if v is Ellipsis:
        return "..."
    t = type(v)
    if t is int:
        return "i%d" % v
    if t is float:
        return "f" + float_bits(v)
    if t is complex:
        return "j" + float_bits(v.imag)
    if t is str:
        return "s" + canon_str(v)
    if t is bytes:
        return "b'" + v.hex() + "'"
    raise TypeError(t)


_SIMPLE = (ast.expr_context, ast.operator, ast.unaryop, ast.cmpop, ast.boolop)


def canonical_dump(node):
    """The same canonical form as compiler/src/syntax/dump.ts canonicalDump."""
    parts = []
    append = parts.append

    def walk(x):
        if x is None:
            append("None")
        elif isinstance(x, str):
            append(canon_str(x))
        elif isinstance(x, int):
            append(str(x))
        elif isinstance(x, list):
            append("[")
            for i, e in enumerate(x):
                if i:
                    append(",")
                walk(e)
            append("]")
        elif isinstance(x, _SIMPLE):
            append(type(x).__name__)
        else:
            cls = type(x)
            kind = cls.__name__
            append(kind)
            append("(")
            first = True
            for f in cls._fields:
                if not first:
                    append(",")
                first = False
                v = getattr(x, f, None)
                if f == "value" and (kind == "Constant" or kind == "MatchSingleton"):
                    append("value=")
                    append(canon_const(v))
                    continue
                append(f)
                append("=")
                walk(v)
            append(")")
            if "lineno" in cls._attributes and kind != "TypeIgnore":
                append("@%d,%d,%d,%d" % (x.lineno, x.col_offset, x.end_lineno, x.end_col_offset))

    walk(node)
    return "".join(parts)


def cpython_dump(path):
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(data, filename=path)
    except (SyntaxError, ValueError) as e:
        return None, "%s: %s" % (type(e).__name__, e)
    except (RecursionError, MemoryError) as e:
        return None, "%s" % type(e).__name__
    return canonical_dump(tree), None


def collect(root):
    if os.path.isfile(root):
        return [root]
    out = []
    for dp, dns, fns in os.walk(root):
        dns[:] = sorted(d for d in dns if d != "site-packages" and not d.startswith("."))
        for f in sorted(fns):
            if f.endswith(".py"):
                out.append(os.path.join(dp, f))
    return out


def first_difference(a, b, width=70):
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    lo = max(0, i - width)
    return "  cpython: ...%s\n  numjit:  ...%s" % (a[lo:i + width], b[lo:i + width])


def run_numjit(paths, node="node"):
    """Yields (path, 'OK'|'ERR', payload) for each path, from one Node process."""
    args = [node, "--stack-size=8000", BUNDLE, "parse-dump"] + (["--py311"] if PY311 else [])
    proc = subprocess.Popen(args, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=sys.stderr, bufsize=1 << 20)

    def feed():
        try:
            for p in paths:
                proc.stdin.write((p + "\n").encode("utf-8", "surrogateescape"))
            proc.stdin.close()
        except BrokenPipeError:
            pass

    th = threading.Thread(target=feed, daemon=True)
    th.start()
    for p in paths:
        line = proc.stdout.readline()
        if not line:
            yield p, "ERR", "numjit process ended early"
            continue
        line = line.decode("utf-8", "surrogateescape").rstrip("\n")
        status, _, payload = line.partition(" ")
        yield p, status, payload
    proc.wait()


def check(paths, quiet=False, max_diffs=100):
    identical = 0
    diffs = []
    for path, status, payload in run_numjit(paths):
        expected, err = cpython_dump(path)
        if expected is None:
            ok = status == "ERR" and "internal" not in payload
            why = "CPython rejects (%s); numjit accepts" % err if not ok else ""
            if ok is False and status == "ERR":
                why = "numjit internal error: %s" % payload[:2000]
        elif status == "ERR":
            ok = False
            why = "numjit rejects: %s" % payload[:2000]
        else:
            ok = payload == expected
            why = "" if ok else "trees differ:\n" + first_difference(expected, payload)
        if ok:
            identical += 1
        else:
            diffs.append((path, why))
    if not quiet:
        for path, why in diffs[:max_diffs]:
            print("DIFF %s\n  %s" % (path, why))
        if len(diffs) > max_diffs:
            print("... and %d more differing files" % (len(diffs) - max_diffs))
    return identical, len(paths), diffs


def main(argv):
    quiet = "--quiet" in argv
    max_diffs = 100
    if "--max-diffs" in argv:
        max_diffs = int(argv[argv.index("--max-diffs") + 1])
    roots = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--max-diffs")]
    if not roots:
        print(__doc__)
        return 2
    if not os.path.exists(BUNDLE):
        print("compiler bundle missing: run `make setup` first", file=sys.stderr)
        return 2
    paths = []
    for r in roots:
        paths.extend(collect(r))
    identical, total, _ = check(paths, quiet, max_diffs)
    print("identical: %d/%d" % (identical, total))
    return 0 if identical == total else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
