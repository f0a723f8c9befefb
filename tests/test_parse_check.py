"""numjit's parser agrees with CPython's `ast` on a fixed sample of the standard library
and on tricky snippets (tools/parse_snippets.py): same node kinds, fields, values and
positions, and the same files rejected. The full check is `make parse-check`."""
import os
import shutil
import sys
import sysconfig

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tools"))

import parse_check  # noqa: E402
import parse_snippets  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not os.path.exists(parse_check.BUNDLE),
    reason="needs node and the compiler bundle (make setup)")

STDLIB_SAMPLE = [
    "abc.py", "argparse.py", "ast.py", "asyncio/base_events.py", "asyncio/taskgroups.py",
    "collections/__init__.py", "dataclasses.py", "datetime.py", "decimal.py", "difflib.py",
    "email/_header_value_parser.py", "enum.py", "fractions.py", "functools.py",
    "idlelib/redirector.py", "inspect.py", "json/decoder.py", "logging/__init__.py",
    "pathlib.py", "pydoc_data/topics.py", "re/_parser.py", "statistics.py", "string.py",
    "textwrap.py", "threading.py", "tokenize.py", "typing.py", "unittest/mock.py",
    "test/test_grammar.py", "test/test_patma.py", "test/test_fstring.py",
    "test/test_unicode.py", "test/test_codecs.py", "test/test_exception_group.py",
    "test/test_typing.py", "test/test_syntax.py", "test/test_source_encoding.py",
    "test/badsyntax_3131.py", "test/bad_coding.py", "test/test_genericalias.py",
    "lib2to3/tests/data/py2_test_grammar.py", "lib2to3/tests/data/crlf.py",
]


def test_stdlib_sample_identical():
    stdlib = sysconfig.get_paths()["stdlib"]
    paths = [os.path.join(stdlib, p) for p in STDLIB_SAMPLE]
    paths = [p for p in paths if os.path.exists(p)]
    assert len(paths) >= 30
    identical, total, diffs = parse_check.check(paths, quiet=True)
    assert diffs == [], "\n".join("%s\n  %s" % d for d in diffs)
    assert identical == total


def test_tricky_snippets_identical():
    todo = parse_snippets.SNIPPETS + (parse_snippets.SNIPPETS_312 if sys.version_info >= (3, 12) else [])
    identical, total, diffs = parse_snippets.run(todo, show=False)
    assert diffs == [], "\n".join("%s\n  %s" % d for d in diffs)
    assert identical == total


def test_cli_ast_matches_ast_dump(tmp_path):
    """`numjitc ast FILE --attrs` prints what ast.dump(indent=2, include_attributes=True) prints."""
    import ast
    import subprocess

    src = ("import numpy as np\n\n@njit(cache=True)\ndef f(a, b=1.5, *c, d: int, **e) -> float:\n"
           "    s = 0.0\n    for i in range(a.shape[0]):\n        s += a[i] ** 2 if i % 2 else -a[i]\n"
           "    return f'{s!r:>10}' + 'x' b'' if False else [x for x in c if x] or {1: 2j, **e}\n")
    path = tmp_path / "m.py"
    path.write_text(src)
    args = ["node", parse_check.BUNDLE, "ast", str(path), "--attrs"] + (["--py311"] if parse_check.PY311 else [])
    out = subprocess.run(args, capture_output=True, text=True)
    assert out.returncode == 1  # 'x' b'' mixes str and bytes
    assert "cannot mix bytes and nonbytes literals" in out.stderr
    path.write_text(src.replace(" b''", ""))
    out = subprocess.run(args, capture_output=True, text=True, check=True)
    expected = ast.dump(ast.parse(path.read_bytes()), indent=2, include_attributes=True)
    assert out.stdout.rstrip("\n") == expected


def test_cli_tokens(tmp_path):
    import subprocess

    path = tmp_path / "t.py"
    path.write_text("x = f'{a!r}'  # c\n")
    out = subprocess.run(["node", parse_check.BUNDLE, "tokens", str(path)], capture_output=True, text=True, check=True)
    kinds = [line.split()[1] for line in out.stdout.splitlines()]
    assert kinds == ["NAME", "OP", "FSTRING_START", "OP", "NAME", "OP", "NAME", "OP", "FSTRING_END", "COMMENT",
                     "NEWLINE", "ENDMARKER"]


def test_mutation_fuzz_sample_agrees():
    """300 mutated stdlib fragments and 200 random f-strings: numjit accepts exactly what
    CPython accepts, with identical trees (tools/fuzz_parse.py runs many more)."""
    import random

    import fuzz_parse

    rng = random.Random(12345)
    stdlib = sysconfig.get_paths()["stdlib"]
    files = parse_check.collect(os.path.join(stdlib, "json")) + parse_check.collect(os.path.join(stdlib, "email"))
    cases = [fuzz_parse.fstring_case(rng) for _ in range(200)]
    while len(cases) < 500:
        blocks = fuzz_parse.blocks(rng.choice(files))
        if blocks:
            m = fuzz_parse.mutate(rng.choice(blocks), rng)
            if m is not None:
                cases.append(m)
    identical, total, diffs = parse_snippets.run(cases, show=False)
    assert diffs == [], "\n".join("%s\n  %s" % d for d in diffs[:5])
