"""Compare numjit's syntax errors with CPython's: message, line and column.

Usage: python tools/error_check.py [--show N]

The cases are the doctest examples of the running interpreter's test/test_syntax.py
(each `>>> ...` block whose expected output is a SyntaxError), plus the invalid
snippets of tools/parse_snippets.py. For each source CPython rejects, reports whether
numjit rejects it too, with the same message, and at the same position.
"""
import os
import re
import sys
import sysconfig
import tempfile
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import json  # noqa: E402
import parse_check  # noqa: E402
import parse_snippets  # noqa: E402


def doctest_cases():
    path = os.path.join(sysconfig.get_paths()["stdlib"], "test", "test_syntax.py")
    text = open(path, encoding="utf-8").read()
    cases = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^(\s*)>>> (.*)$", lines[i])
        if not m:
            i += 1
            continue
        ind = m.group(1)
        src = [m.group(2)]
        i += 1
        while i < len(lines) and lines[i].startswith(ind + "... "):
            src.append(lines[i][len(ind) + 4:])
            i += 1
        while i < len(lines) and lines[i].startswith(ind + "..."):
            src.append("")
            i += 1
        cases.append("\n".join(src) + "\n")
    return cases


def cpython_error(src):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            compile(src, "<t>", "exec", 0x400, dont_inherit=True)  # PyCF_ONLY_AST
    except SyntaxError as e:
        return e
    except (ValueError, MemoryError, RecursionError):
        return None
    return None


def main(argv):
    show = int(argv[argv.index("--show") + 1]) if "--show" in argv else 30
    cases = []
    for src in doctest_cases() + parse_snippets.SNIPPETS:
        e = cpython_error(src)
        if e is not None:
            cases.append((src, e))
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, (src, _) in enumerate(cases):
            p = os.path.join(d, "c%04d.py" % i)
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(src)
            paths.append(p)
        results = list(parse_check.run_numjit(paths))
    same_msg = same_pos = rejected = 0
    bad = []
    for (src, e), (_, status, payload) in zip(cases, results):
        if status != "ERR":
            bad.append((src, e, "numjit accepts"))
            continue
        info = json.loads(payload)
        if "internal" in info:
            bad.append((src, e, "internal error " + info["internal"][:200]))
            continue
        rejected += 1
        msg_ok = info["msg"] == e.msg
        pos_ok = info["lineno"] == e.lineno and info["col"] + 1 == (e.offset or 0)
        same_msg += msg_ok
        same_pos += pos_ok
        if not (msg_ok and pos_ok):
            bad.append((src, e, "numjit: %s at %d:%d" % (info["msg"], info["lineno"], info["col"] + 1)))
    for src, e, why in bad[:show]:
        print("%r\n  cpython: %s at %s:%s\n  %s" % (src[:120], e.msg, e.lineno, e.offset, why))
    n = len(cases)
    print("rejected: %d/%d  same message: %d/%d  same position: %d/%d" % (rejected, n, same_msg, n, same_pos, n))


if __name__ == "__main__":
    main(sys.argv[1:])
