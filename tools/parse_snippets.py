"""Tricky Python snippets for checking numjit's parser against CPython.

Each entry is source text. Valid ones must give identical trees; invalid ones must be
rejected by both parsers. Used by tests/test_parse_check.py; run this file directly to
check them all against the running interpreter:  python tools/parse_snippets.py
"""
import os
import sys
import tempfile

SNIPPETS = [
    # numbers
    "x = 1_000_000 + 0x_FF + 0o17 + 0b1010 + 0XdeadBEEF\n",
    "x = 1.5e-10 + 1E5 + .5 + 5. + 1_0.0_1e+1_0 + 3j + 1.5J + 0j + 00 + 0_0\n",
    "x = 123456789012345678901234567890 ** 2\n",
    "x = 1e400, 1e-400, 0.1, 1e16, 1e22, 2.5e-320\n",
    "x = 1if y else 2\n",
    "x = 01\n",
    "x = 1__0\n",
    "x = 0x\n",
    "x = 0b2\n",
    "x = 1_\n",
    # strings
    "s = 'a' \"b\" '''c\nd''' \"\"\"e\"\"\" r'\\n' b'\\x00\\xff' rb'\\d' Rb'x' bR'y' U'z'\n",
    "s = u'abc' 'def'\n",
    "s = 'abc' u'def'\n",
    "s = '\\N{EM DASH}\\u00e9\\U0001F600\\x41\\101\\7\\a\\b\\f\\n\\r\\t\\v\\'\\\"\\\\\\q'\n",
    "s = b'\\777' + b'\\x41\\n\\q\\u1234'\n",
    "s = 'line\\\ncontinued'\n",
    "s = '''a\\\nb'''\n",
    "s = 'unterminated\n",
    "s = '''unterminated\n",
    "s = b'\xc3\xa9'\n".encode("latin-1").decode("utf-8"),
    "s = 'a' b'b'\n",
    "s = '\\ud83d\\ude00' + '\\U0001F600'\n",
    "s = 'é' + 'ü' ; t = 'x'\n",
    "# -*- coding: latin-1 -*-\nx = 1\n",
    # f-strings (3.11-compatible)
    "f'{x}' f'{y!r}' f'{z:>10}' f'{w!s:{width}.{prec}}' f'{{literal}}'\n",
    "f'{x=}' f'{x = }' f'{x=!s}' f'{x=:>5}' f'a{b}c{d}e'\n",
    "f'{a[\"k\"]}' f\"{b['k']}\" f'''{c[\"k\"]}''' f'{d:%Y-%m-%d}'\n",
    "f'{x:{y}}' f'{x:a{y}b}' f'{x:a{y}}' f'{x:}' f''\n",
    "f'{ (a, b) }' f'{a, b}' f'{a,}' f'{lambda: 1}'\n",
    "f'{(lambda: 1)()}' f'{yield_}' f'{x if y else z}' f'{[i for i in y]}'\n",
    "'a' f'{x}' 'b' f'c' 'd'\n",
    "f'''multi\n{x\n + y}\nline'''\n",
    "rf'\\d{x}\\n' fr'{x}\\{y}' Rf'{x}' F'{x}' fR'{x}'\n",
    "f'{x!z}'\n",
    "f'{}'\n",
    "f'{x'\n",
    "f'}'\n",
    "f'{x:=10}' f'{(x:=10)}'\n",
    "f'{x!r:^{w}}' f'{3.14:.2f}' f'{\"nested\"}'\n",
    "u'a' f'{x}b' ; u'a' f'{x:a{w}b}' u'c' ; f'{x}' u'b' 'c' ; 'a' f'{x}' u'b'\n",
    "f'{x:{{}}}' ; f'{x:a{{b}}c}' ; fR'{x:\\n}' ; f'{x:{y}}' ; f'{x:}'\n",
    "v = f" + "'" * 3 + "{(x:=10)}{x\n}{ x = }" + "'" * 3 + " u'u'\n",
    "\\\n  x = 1\n",
    "if x:\n\\\n    y\n",
    # expressions
    "x = a if b else c if d else e\n",
    "x = not a and b or c and not d\n",
    "x = a < b <= c == d != e > f >= g is h is not i in j not in k\n",
    "x = -a ** -b ** c + ~d * e @ f // g % h / i - j << k >> l & m ^ n | o\n",
    "x = await_ = 1\n",
    "x = (a)(b)[c].d\n",
    "x = (a) + (b)\n",
    "x = (yield)\n",
    "def g():\n    x = yield a, b\n    y = yield from z\n    await w\n    z = (yield)\n",
    "x = [*a, *b, c] ; y = {*a, b} ; z = {**a, 'b': c, **d}\n",
    "x = a[1:2, ::3, ...] ; y = a[:] ; z = a[::] ; w = a[1:2:3]\n",
    "x = a[b:=1]\n",
    "x = a[(b:=1)]\n",
    "x = a[*b] ; y = a[*b, c]\n",
    "x = a[()] ; y = a[1,] ; z = a[b, c:d]\n",
    "f(a, *b, c=1, **d) ; f(*a, *b, **c, **d) ; f(a=1, *b)\n",
    "f(x for x in y) ; f((x for x in y), z)\n",
    "f(x for x in y, z)\n",
    "f(a=1, b)\n",
    "f(**a, *b)\n",
    "f(a for a in b for c in d if e if f)\n",
    "x = [i async for i in a] ; y = {k: v for k, v in d.items() if k}\n",
    "x = lambda: 0 ; y = lambda a, b=1, *c, d, e=2, **f: 0 ; z = lambda *, a: a ; w = lambda a, /, b: 0\n",
    "x = lambda *a, **k: (a, k)\n",
    "x = (a := 1) ; [y := 2, z := 3]\n",
    "if (n := len(a)) > 10: pass\n",
    "x = a := 1\n",
    "x = ...\nx = Ellipsis\n",
    "x = (1,) ; y = () ; z = (1) ; w = 1, ; v = (1, 2,)\n",
    "x = {} ; y = {1} ; z = {1: 2} ; w = {1, 2,} ; v = {1: 2, 3: 4,}\n",
    "x = *a, *b\n",
    "*a, b = c\n",
    "a, *b = c\n",
    "[a, *b] = c\n",
    "(a, b), c = d\n",
    "x = y = z = 1\n",
    "x: int = 1 ; y: list[int] ; (z): int = 2 ; a.b: int ; a[0]: int = 3\n",
    "x += 1 ; y -= 2 ; z *= 3 ; w @= 4 ; v /= 5 ; u //= 6 ; t %= 7 ; s **= 8 ; r >>= 9 ; q <<= 10 ; p &= 11 ; o ^= 12 ; n |= 13\n",
    "f() = 1\n",
    "1 = x\n",
    "x + 1 = 2\n",
    "(a, b) += 1\n",
    "del f()\n",
    "del a, b[0], c.d, (e, f), [g]\n",
    "None = 1\n",
    "a, b: int\n",
    "print 'hello'\n",
    "x = 1 +\n",
    "x = (1, 2\n",
    "x = [1, 2)\n",
    "x = 1)\n",
    "True = 1\n",
    "x = yield = 1\n",
    # statements
    "import a, b.c as d, e.f.g\nfrom . import x\nfrom .. import y as z\nfrom ...a.b import (c, d as e,)\nfrom .... import f\nfrom a import *\n",
    "from a import b,\n",
    "global a, b\nnonlocal c\n",
    "assert x, 'msg'\nassert y\nraise\nraise E\nraise E from F\nreturn\n",
    "if a:\n    pass\nelif b:\n    pass\nelif c:\n    pass\nelse:\n    pass\n",
    "while a:\n    break\nelse:\n    continue\n",
    "for i in range(10):\n    pass\nelse:\n    pass\nfor a, b in c: pass\nfor (a, b) in c: pass\nfor [a, *b] in c, d: pass\n",
    "try:\n    pass\nexcept E as e:\n    pass\nexcept (A, B):\n    pass\nexcept:\n    pass\nelse:\n    pass\nfinally:\n    pass\n",
    "try:\n    pass\nfinally:\n    pass\n",
    "try:\n    pass\nexcept* E:\n    pass\nexcept* (A, B) as e:\n    pass\n",
    "try:\n    pass\nexcept A, B:\n    pass\n",
    "try:\n    pass\n",
    "try:\n    pass\nexcept E:\n    pass\nexcept* F:\n    pass\n",
    "with a: pass\nwith a as b, c as (d, e): pass\nwith (a, b): pass\nwith (a as b, c as d,): pass\nwith (a, b) as c: pass\nwith (a): pass\nwith (yield): pass\n",
    "with (\n    open(a) as f,\n    open(b) as g,\n):\n    pass\n",
    "async def f():\n    async with a as b: pass\n    async for x in y: pass\n    await z\n    return [i async for i in w]\n",
    "@a\n@b.c(d)\n@e[f]\ndef g(a, b: int = 1, /, c=2, *args: str, d, e: float = 3.0, **kw: dict) -> None:\n    '''doc'''\n",
    "@dec\nclass A(B, C, metaclass=M, **kw):\n    x: int = 1\n    def f(self): ...\n",
    "class A: pass\nclass B(): pass\nclass C(*bases): pass\n",
    "def f(*, a): pass\ndef g(a, /): pass\ndef h(a=1, /, b=2, *, c): pass\ndef i(*args: *Ts): pass\n",
    "def f(a=1, b): pass\n",
    "def f(*): pass\n",
    "def f(**k, a): pass\n",
    "def f(a, a): pass\n",
    "def f(/, a): pass\n",
    "def f(a, *, b, /): pass\n",
    "def f():\npass\n",
    "if x:\n    a = 1\n  b = 2\n",
    "    x = 1\n",
    "if x:\n\ty = 1\n        z = 2\n",
    "if x:\n        y = 1\n\tz = 2\n",
    "x = 1; y = 2;\n",
    "x = 1 \\\n    + 2\n",
    "x = (1 +  # comment\n     2)\n",
    "x = 1 \\ 2\n",
    "\n\n# only a comment\n",
    "",
    "x = 1",
    "if x:\n    pass\n\n\n",
    "if x:\n    pass\n    # trailing comment",
    "def f():\n    return 1\n\n\n\n# end",
    "x = [\n    1,\n    2,\n]\n",
    "class A:\n\n    def f(self):\n\n        pass\n\n\n    x = 1\n",
    "\x0cx = 1\n",
    "if x:\n\x0c    y = 1\n",
    "x = 1\r\ny = 2\r\n",
    "x = '''a\r\nb'''\r\n",
    "x = 1\ry = 2\r",
    "\ufeffx = 1\n",
    "x = 'é' ; é = 1 ; ﬁ = 2\n",
    "x = a€b\n",
    "x = $\n",
    "x = a ? b\n",
    "x = `a`\n",
    "x = a <> b\n",
    # match
    "match x:\n    case 1 | 2 | -3 | 1.5 | 2j | -1+2j | 1-2j | 'a' 'b' | b'c' | None | True | False:\n        pass\n",
    "match x:\n    case [a, b, *rest]:\n        pass\n    case (a, b, *_):\n        pass\n    case [] | () | [_] | (_,):\n        pass\n",
    "match x:\n    case {'a': 1, 'b': b, **rest}:\n        pass\n    case {}:\n        pass\n    case {A.B: c, 1: d, -1: e, None: f}:\n        pass\n",
    "match x:\n    case Point(1, y=2) | Point(x=1, y=2,) | a.b.C() | D(e, f):\n        pass\n",
    "match x:\n    case _:\n        pass\n    case a if a > 1:\n        pass\n    case (a as b) | [c as d]:\n        pass\n    case a.b:\n        pass\n",
    "match x, y:\n    case a, b:\n        pass\n    case *a, b:\n        pass\n",
    "match *x, y:\n    case a:\n        pass\n",
    "match (x):\n    case 1:\n        pass\n",
    "match = 1\nmatch.x = 2\nmatch(x)\nmatch[x]\nprint(match)\ncase = 3\n_ = 4\n",
    "match x:\n    case f'{x}':\n        pass\n",
    "match x:\n    case 1 + 2:\n        pass\n",
    "match x:\n    case a, *b, *c:\n        pass\n",
    "match x:\n    case A(b=1, c):\n        pass\n",
    "match x:\n    case _ as a:\n        pass\n    case a as _:\n        pass\n",
    "match x:\npass\n",
    "match x:\n    case [1, 2] if y:\n        pass\n    case {**rest}:\n        pass\n",
    # soft keyword type as name (3.11 and 3.12)
    "type = 1\ntype(x)\ntype.x = 2\nprint(type)\n",
    # deep nesting
    "x = " + "(" * 50 + "1" + ")" * 50 + "\n",
    "x = " + "[" * 50 + "]" * 50 + "\n",
    "x = " + " + ".join(["a"] * 500) + "\n",
    "x = a" + ".b" * 200 + "\n",
    "x = " + "-" * 100 + "1\n",
    "if a:\n" + "".join("    " * i + "if a:\n" for i in range(1, 40)) + "    " * 40 + "pass\n",
]

SNIPPETS_312 = [
    "type X = int\ntype Y[T] = list[T]\ntype Z[T: int, *Ts, **P] = tuple[T, *Ts]\n",
    "def f[T](x: T) -> T: pass\nclass A[T: (int, str), U]: pass\nasync def g[*Ts](): pass\n",
    "type X[T] = T\ntype = 1\ntype.x = 1\n",
    "f'{\"a\"}' f'{'a'}' f'{f'{f'{1}'}'}' f\"{'\\n'.join(x)}\"\n",
    "f'{x:{'>'}10}' f'{x!r:{a}{b}}'\n",
    "f'''{\n    x  # comment\n}'''\n",
    "f'{x=!r:^20}' f'{x = :>{w}}'\n",
    "class A[]: pass\n",
    "def f[T: int = 1](): pass\n",
]


def run(snippets, show=True):
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import parse_check

    with tempfile.TemporaryDirectory() as d:
        paths = []
        for i, s in enumerate(snippets):
            p = os.path.join(d, "snippet_%03d.py" % i)
            with open(p, "w", encoding="utf-8", newline="") as fh:
                fh.write(s)
            paths.append(p)
        identical, total, diffs = parse_check.check(paths, quiet=True)
        if show:
            for path, why in diffs:
                i = int(os.path.basename(path)[8:11])
                print("SNIPPET %d: %r\n  %s" % (i, snippets[i][:200], why))
        return identical, total, diffs


if __name__ == "__main__":
    todo = SNIPPETS + (SNIPPETS_312 if sys.version_info >= (3, 12) else [])
    identical, total, _ = run(todo)
    print("identical: %d/%d" % (identical, total))
