"""Source extraction and constant descriptors."""
import numpy as np

from numjit import _request


class Holder:
    @staticmethod
    def method(x):
        # a comment
        return x + 1


def test_source_of_an_indented_function():
    src, filename, lineno, col = _request.function_source(Holder.method)
    assert src.startswith("@staticmethod\ndef method(x):\n    # a comment\n")
    assert filename == __file__ and col == 4
    with open(__file__) as f:
        assert f.readlines()[lineno - 1].strip() == "@staticmethod"


def test_const_descriptors():
    c = _request.const_desc
    assert c(True) == {"type": "bool", "value": True}
    assert c(-5) == {"type": "int64", "value": "-5"}
    assert c(2 ** 64 - 1) == {"type": "uint64", "value": str(2 ** 64 - 1)}
    assert c(2 ** 65) is None
    assert c(float("inf")) == {"type": "float64", "value": "inf"}
    assert c(float("nan"))["value"] == "nan"
    assert c(0.1) == {"type": "float64", "value": "0.1"}
    assert c(1 + 2j) == {"type": "complex128", "real": "1.0", "imag": "2.0"}
    assert c(np.float32(0.5)) == {"type": "float32", "value": "0.5"}
    assert c(np.int16(-3)) == {"type": "int16", "value": "-3"}
    assert c(np.bool_(False)) == {"type": "bool", "value": False}
    assert c(("a", None)) == {"type": "tuple", "items": [{"type": "str", "value": "a"}, {"type": "none"}]}
    assert c([1]) is None and c(np.zeros(1 << 18)) is None  # arrays over 1 MiB are not frozen
    small = c(np.arange(3.0))
    assert small["type"] == "array" and small["dtype"] == "float64" and small["shape"] == [3]


def test_unsupported_and_module_attrs():
    b = _request.RequestBuilder()
    assert b.value(np.sqrt) == {"kind": "module_attr", "module": "numpy", "attr": "sqrt"}
    assert b.value(np.random.rand)["module"] in ("numpy.random",)
    assert b.value(abs) == {"kind": "builtin", "name": "abs"}
    assert b.value(range) == {"kind": "builtin", "name": "range"}
    u = b.value(np.zeros(1 << 18))
    assert u["kind"] == "unsupported" and u["pytype"] == "numpy.ndarray"
    assert b.value(lambda: 0)["pytype"] == "function"


def test_code_names_walks_nested_code():
    def outer():
        def inner():
            return foo.bar  # noqa: F821
        return inner
    assert {"foo", "bar"} <= set(_request.code_names(outer.__code__))


def _decorated(f):
    return f


@_decorated
def multi_line(x,
               y=(1,
                  2)):
    s = """
text at column 0
"""
    return (x +
            len(s)
            )


def test_fast_source_matches_inspect():
    import inspect

    for fn in (multi_line, Holder.method, test_const_descriptors):
        src, filename, lineno, col = _request.function_source(fn)
        lines, lno = inspect.getsourcelines(fn)
        assert lineno == lno and filename == __file__
        assert src.rstrip() == "".join(ln[col:] if ln.strip() and ln.startswith(" " * col) else ln
                                       for ln in lines).rstrip()
    assert _request.function_source(multi_line)[0].endswith("            )\n")


def test_lambda_source_falls_back_to_inspect():
    f = lambda x: x + 1  # noqa: E731
    src, _, lineno, col = _request.function_source(f)
    assert "lambda x: x + 1" in src
