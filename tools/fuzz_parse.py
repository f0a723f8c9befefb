"""Mutation fuzzing of numjit's parser against CPython's.

Usage: python tools/fuzz_parse.py [N] [--seed S] [--fstrings]

Takes random top-level blocks of standard-library files, applies one random token-level
mutation (delete, duplicate, swap, or insert an operator/keyword), and checks that numjit
and CPython agree: both reject, or both accept with identical trees. Prints disagreements
(minimal context) and a final `agree: N/M` line. With --fstrings the cases are random
f-strings instead (prefixes, quotes, conversions, nested specs, debug `=`, concatenation
with plain and u-strings), where CPython's positions have most quirks.
"""
import io
import os
import random
import sys
import sysconfig
import tempfile
import tokenize
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import parse_check  # noqa: E402

INSERTS = ["(", ")", "[", "]", "{", "}", ",", ":", "=", "*", "**", "if", "else", "for", "in", "not",
           "lambda", "yield", "await", "async", "return", "import", "from", "as", "@", ".", ";",
           "del", "global", "pass", "x", "1", "'s'", "f'{x}'", ":=", "->", "...", "|", "match",
           "case", "type", "with", "try", "except", "except*", "finally", "class", "def", "\\\n", "\n"]


def blocks(path):
    try:
        src = open(path, encoding="utf-8").read()
    except (UnicodeDecodeError, OSError):
        return []
    lines = src.split("\n")
    out, cur = [], []
    for ln in lines:
        if ln and not ln[0].isspace() and cur:
            out.append("\n".join(cur) + "\n")
            cur = []
        cur.append(ln)
    if cur:
        out.append("\n".join(cur) + "\n")
    return [b for b in out if 40 < len(b) < 3000]


def mutate(src, rng):
    try:
        toks = list(tokenize.generate_tokens(io.StringIO(src).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return None
    toks = [t for t in toks if t.type not in (tokenize.ENDMARKER, tokenize.DEDENT, tokenize.INDENT)]
    if len(toks) < 3:
        return None
    lines = src.split("\n")
    offs = [0]
    for ln in lines:
        offs.append(offs[-1] + len(ln) + 1)

    def at(pos):
        return offs[pos[0] - 1] + pos[1]

    t = rng.choice(toks)
    a, b = at(t.start), at(t.end)
    kind = rng.randrange(6)
    if kind == 4:
        i = rng.randrange(len(src))
        return src[:i] + src[i + 1:]
    if kind == 5:
        i = rng.randrange(len(src))
        return src[:i] + rng.choice("()[]{}'\"\\\t\n #:,.=*!{}fbru0_") + src[i:]
    if kind == 0:
        return src[:a] + src[b:]
    if kind == 1:
        return src[:b] + " " + src[a:b] + src[b:]
    if kind == 2:
        u = rng.choice(toks)
        c, d = at(u.start), at(u.end)
        if d <= a:
            return src[:c] + src[a:b] + src[d:a] + src[c:d] + src[b:]
        return None
    ins = rng.choice(INSERTS)
    return src[:a] + ins + " " + src[a:]


FPIECES = ["abc", "\\n", "\\x41", "{{", "}}", "\u00e9", "\\N{EM DASH}", "{x}", "{x!r}", "{x!s:>10}", "{x:>10}",
           "{x:{w}}", "{x:a{w}b}", "{x=}", "{ x = }", "{x=!r}", "{x=:>5}", "{x:{w}.{p}}", "{x, y}", "{(x, y)}",
           "{x[1:2]}", "{x if y else z}", "{a.b.c()}", "{3.14:.2f}", "{x!a}", "{x:%Y-%m-%d %H:%M}", "{[1, 2]}",
           "{ {'a': 1}['a'] }", "{x:}", "{x::}", "{x:{{}}}", "\\\\", "\\'", "{x:\\n}", "{'a' 'b'}", "{b'x'}",
           "{x:=10}", "{(x:=10)}", "{-x}", "{not x}", "{*x,}", "{x}{y}", "{x:{y}{z}}"]
FMULTILINE = ["\n", "{x\n}", "{\nx}", "a\nb", "{x:\n>10}", "{x=\n}"]
QUOTES = ["'", '"', "'" * 3, '"' * 3]


def fstring_case(rng):
    prefix = rng.choice(["f", "F", "rf", "fR", "Rf"])
    q = rng.choice(QUOTES)
    ps = [rng.choice(FPIECES + (FMULTILINE if len(q) == 3 else [])) for _ in range(rng.randrange(1, 5))]
    body = "".join(ps)
    if q == "'" and rng.random() < 0.5:
        body = body.replace("'", '"')
    s = prefix + q + body + q
    if rng.random() < 0.4:
        other = rng.choice(["'plain'", '"p2"', "f'{z}'", "u'u'", "rf'{w}'", "'" * 3 + "t\n" + "'" * 3])
        s = (s + " " + other) if rng.random() < 0.5 else (other + " " + s)
    return "def g():\n    v = " + s + "\n"


def main(argv):
    n = int(argv[0]) if argv and not argv[0].startswith("--") else 2000
    seed = int(argv[argv.index("--seed") + 1]) if "--seed" in argv else 1
    rng = random.Random(seed)
    stdlib = sysconfig.get_paths()["stdlib"]
    files = parse_check.collect(stdlib)
    cases = []
    while "--fstrings" in argv and len(cases) < n:
        cases.append(fstring_case(rng))
    while len(cases) < n:
        bl = blocks(rng.choice(files))
        if not bl:
            continue
        m = mutate(rng.choice(bl), rng)
        if m is not None:
            cases.append(m)
    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, s in enumerate(cases):
            p = os.path.join(d, "f%05d.py" % i)
            with open(p, "w", encoding="utf-8") as fh:
                fh.write(s)
            paths.append(p)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            identical, total, diffs = parse_check.check(paths, quiet=True)
        for path, why in diffs[:40]:
            i = int(os.path.basename(path)[1:6])
            print("CASE %r\n  %s" % (cases[i][:600], why[:600]))
    print("agree: %d/%d" % (identical, total))


if __name__ == "__main__":
    main(sys.argv[1:])
