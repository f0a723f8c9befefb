import numpy as np
import pytest

from numjit import types as t


def test_interned_and_named_like_numba():
    assert t.int64 is t.parse_type("int64") and str(t.float64) == "float64"
    assert t.boolean is t.bool_ and str(t.boolean) == "bool"
    assert t.UniTuple(t.int64, 3) is t.Tuple((t.int64, t.int64, t.int64))
    assert str(t.UniTuple(t.int64, 3)) == "UniTuple(int64 x 3)"
    assert str(t.Tuple((t.int64, t.float64))) == "Tuple(int64, float64)"
    assert str(t.Optional(t.int64)) == "OptionalType(int64)"
    assert str(t.Array(t.float32, 1, "A", readonly=True)) == "readonly array(float32, 1d, A)"


@pytest.mark.parametrize("key", [
    "bool", "int8", "uint64", "float32", "complex128", "none", "UniTuple(int64 x 3)",
    "Tuple(int64, float64)", "OptionalType(int64)", "array(float64, 2d, C)",
    "readonly array(float32, 1d, A)", "unicode_type", "Tuple(UniTuple(int64 x 2), float64)"])
def test_keys_round_trip(key):
    assert t.parse_type(key).key == key


def test_array_types_from_slices():
    assert t.float64[:] is t.Array(t.float64, 1, "A")
    assert t.float64[::1] is t.Array(t.float64, 1, "C")
    assert t.int32[:, ::1] is t.Array(t.int32, 2, "C")
    assert t.int32[::1, :] is t.Array(t.int32, 2, "F")
    with pytest.raises(TypeError):
        t.float64[:, ::2]


def test_signatures():
    s = t.float64(t.int32, t.float32)
    assert s.return_type is t.float64 and s.args == (t.int32, t.float32)
    assert t.parse_signature("float64(float64, int64)") == t.float64(t.float64, t.int64)
    assert str(t.parse_signature("void(float64[:, ::1], UniTuple(int64, 2))")) == \
        "none(array(float64, 2d, C), UniTuple(int64 x 2))"
    s = t.parse_signature("(float64, int64)")
    assert s.return_type is None and s.args == (t.float64, t.int64)
    assert t.parse_signature("(int64,)").args == (t.int64,)
    assert t.parse_signature((t.int64, "float64")).args == (t.int64, t.float64)
    assert t.parse_signature("types.float64(types.int64)").args == (t.int64,)
    with pytest.raises(TypeError, match="cannot parse"):
        t.parse_signature("float64(nosuchtype)")
    with pytest.raises(TypeError):
        t.parse_signature(42)


@pytest.mark.parametrize("value,key", [
    (1, "int64"), (-(2**63), "int64"), (2**63, "uint64"), (1.5, "float64"), (True, "bool"),
    (1j, "complex128"), (None, "none"), ("s", "unicode_type"),
    (np.float32(1), "float32"), (np.int8(1), "int8"), (np.uint16(1), "uint16"),
    (np.float64(1), "float64"), (np.complex64(1), "complex64"), (np.bool_(True), "bool"),
    ((1, 2), "UniTuple(int64 x 2)"), ((1, 2.0), "Tuple(int64, float64)"), ((), "Tuple()"),
    (np.zeros(3), "array(float64, 1d, C)"), (np.zeros((2, 3), order="F"), "array(float64, 2d, F)"),
    (np.zeros((4, 4))[::2, ::2], "array(float64, 2d, A)"), (np.zeros((2, 2), np.int32), "array(int32, 2d, C)"),
    (np.zeros(()), "array(float64, 0d, C)"), (np.zeros(5, np.bool_), "array(bool, 1d, C)"),
])
def test_typeof(value, key):
    assert t.typeof(value).key == key


def test_typeof_readonly_array():
    a = np.arange(3.0)
    a.flags.writeable = False
    assert t.typeof(a).key == "readonly array(float64, 1d, C)"


@pytest.mark.parametrize("value,name", [({1}, "set"), ({}, "dict"), ([], "empty list"), (2**64, "64 bits"),
                                        (np.zeros(2, "M8[s]"), "datetime64"), (object(), "object")])
def test_typeof_rejects_naming_the_type(value, name):
    with pytest.raises(TypeError, match=name):
        t.typeof(value)
