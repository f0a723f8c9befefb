"""Index arrays (integer arrays of any ndim, broadcast together, or one 1-D mask) among
integers, slices and None in a subscript — `a[:, idx]`, `a[idx, 3]`, `a[2, idx]`,
`a[1:, idx]`, `a[:, mask]`, `a[i, j]`, `a[i, :, j]` — read,
assigned (broadcasting) and updated in place, differentially against NumPy: its result
shapes (the array's dimensions replace the indexed axis, or lead when the integers and the
array are not consecutive), negative indices, duplicate indices (the last write wins) and
its IndexError/ValueError messages."""
import gc

import numpy as np
import pytest

from numjit import TypingError, _nrt, njit
from numjit.testing import assert_compile_error, assert_same


def get_cols(a, i):
    return a[:, i]


def get_row_int(a, i):
    return a[i, 3]


def get_int_row(a, i):
    return a[2, i]


def get_slice_first(a, i):
    return a[1:, i]


def get_3d(a, i):
    # in place (consecutive advanced indices) and leading (an int, a slice, the array)
    return a[:, 0, i], a[0, :, i], a[i, :, 1], a[:, ::-1, i], a[-1, i], a[1:, :, i]


def get_newaxis(a, i):
    return a[None, :, i], a[:, None, i], a[0, None, i]


def get_steps(a, i):
    return a[::2, i], a[::-1, i], a[i, ::-2], a[i, 1:3]


def set_scalar(a, i, x):
    a[:, i] = x
    return a


def set_int_scalar(a, i):
    a[1, i] = 5
    a[i, 0] = -1
    return a


def set_array(a, i, v):
    a[:, i] = v
    return a


def set_aug(a, i):
    a[:, i] += 1
    a[1:, i] *= 2
    a[0, i] -= 3
    return a


def set_overlap(a, i):
    # the value is a view of the target: it is read before anything is written
    a[:, i] = a[:, ::-1][:, :3]
    return a


def set_3d(a, i, v):
    a[0, :, i] = v
    a[:, 1, i] = 9
    return a


def mask_get(a, m):
    return a[:, m], a[1, m], a[1:, m]


def mask_set(a, m, v):
    a[:, m] = v
    a[0, m] += 10
    return a


INT_DTYPES = [np.int64, np.int32, np.uint8, np.int16]


@pytest.mark.parametrize("it", INT_DTYPES)
def test_get_2d(it):
    a = np.arange(35.0).reshape(5, 7)
    idx = np.array([6, 0, 3, 3], dtype=it)
    for x in (a, np.asfortranarray(a), a[::-1, ::2]):
        assert_same(get_cols, x, idx[idx < x.shape[1]])
        assert_same(get_int_row, x, idx[idx < x.shape[1]])
        assert_same(get_row_int, x, idx[idx < x.shape[0]])
        assert_same(get_slice_first, x, idx[idx < x.shape[1]])
        assert_same(get_steps, x, np.array([0, 1], dtype=it))


def test_get_negative_nd_and_empty():
    a = np.arange(24).reshape(4, 6).astype(np.float32)
    assert_same(get_cols, a, np.array([-1, -6, 2]))
    assert_same(get_cols, a, np.array([[0, -1], [2, 3], [5, 5]]))
    assert_same(get_int_row, a, np.array([[-2], [1]]))
    assert_same(get_cols, a, np.zeros(0, dtype=np.int64))
    assert_same(get_cols, np.zeros((0, 3)), np.array([2, 0]))
    c = (np.arange(12) + 1j * np.arange(12)[::-1]).reshape(3, 4)
    assert_same(get_cols, c, np.array([3, -4]))
    b = np.arange(12).reshape(3, 4) % 3 == 0
    assert_same(get_slice_first, b, np.array([1, 1, 0]))


def test_get_3d_shapes():
    a = np.arange(60.0).reshape(3, 4, 5)
    idx = np.array([1, -1, 2])
    assert_same(get_3d, a, idx)
    assert_same(get_3d, a, np.array([[0, 2], [1, 1]]))
    assert_same(get_3d, np.asfortranarray(a), idx)
    assert_same(get_newaxis, a, idx)


def test_set():
    a = np.arange(35.0).reshape(5, 7)
    idx = np.array([6, 0, -2, 0])   # duplicate 0: the last write wins
    for x in (a, np.asfortranarray(a), a[::-1, ::2]):
        j = idx[(idx < x.shape[1]) & (idx >= -x.shape[1])]
        assert_same(set_scalar, x, j, 2.5)
        assert_same(set_int_scalar, x, np.array([1, -1]))
        assert_same(set_array, x, j, np.arange(float(len(j))))
        assert_same(set_array, x, j, np.arange(float(x.shape[0]))[:, None])
        assert_same(set_array, x, j, np.arange(x.shape[0] * len(j)).reshape(x.shape[0], len(j)))
        assert_same(set_aug, x, j)
        assert_same(set_overlap, x, np.array([1, 0, 2]))
    ia = np.arange(12).reshape(3, 4)
    assert_same(set_scalar, ia, np.array([3, 1]), 7)
    assert_same(set_aug, ia, np.array([3, 1]))
    assert_same(set_array, ia, np.array([[0, 1], [2, 3]]), np.array([[10, 20], [30, 40]]))
    a3 = np.zeros((3, 4, 5))
    assert_same(set_3d, a3, np.array([4, 0]), np.arange(8.0).reshape(2, 4))


def test_masks():
    a = np.arange(20.0).reshape(4, 5)
    m = np.array([True, False, True, True, False])
    for x in (a, np.asfortranarray(a), a[::-1]):
        assert_same(mask_get, x, m)
        assert_same(mask_set, x, m, 1.5)
        assert_same(mask_set, x, m, np.array([7.0, 8.0, 9.0]))
    assert_same(mask_get, a, np.zeros(5, dtype=bool))
    assert_same(mask_get, a, np.array([True, False]))       # IndexError, length mismatch
    assert_same(mask_set, a, m, np.ones(4))                 # ValueError, shape mismatch


def test_errors():
    a = np.arange(12.0).reshape(3, 4)
    # IndexError with NumPy's message, for the array and for an integer beside it
    assert_same(get_cols, a, np.array([1, 4]), check_message=True)
    assert_same(get_cols, a, np.array([-5]), check_message=True)
    assert_same(get_row_int, a, np.array([0, 3]), check_message=True)
    assert_same(get_int_row, a.T, np.array([0]), check_message=True)
    assert_same(set_scalar, a, np.array([9]), 1.0, check_message=True)
    assert_same(set_array, a, np.array([0, 1]), np.ones(3))         # ValueError
    assert_same(set_array, a, np.array([0, 1]), np.ones((3, 3)))    # ValueError
    assert_compile_error(get_cols, a, np.array([0.5]), exc=TypingError, match="float64")
    assert_compile_error(get_cols, a, np.zeros((2, 2), dtype=bool), exc=TypingError, match="1-dimensional")

    def two_arrays(a, i):
        return a[i, i]

    assert_same(two_arrays, a, np.array([0, 2]))      # several index arrays broadcast together

    def readonly_set(a, i):
        a[:, i] = 1.0

    ro = a.copy()
    ro.flags.writeable = False
    assert_compile_error(readonly_set, ro, np.array([0]), exc=TypingError, match="read-only")


def test_errors_leak_nothing():
    a = np.arange(12.0).reshape(3, 4)
    f, g = njit(get_cols), njit(set_array)
    for _ in range(3):
        with pytest.raises(IndexError):
            f(a, np.array([0, 7]))
    gc.collect()
    start = _nrt.live_allocations()
    for _ in range(200):
        with pytest.raises(IndexError):
            f(a, np.array([0, 7]))
        with pytest.raises(ValueError):
            g(a.copy(), np.array([0, 1]), np.ones(3))
    gc.collect()
    assert _nrt.live_allocations() == start


def set_nd_alone(a, i, v):
    a[i] = v
    return a


def aug_nd_alone(a, i):
    a[i] += 1
    return a


def test_set_through_nd_index_array():
    i2 = np.array([[0, -1], [2, 0]])
    assert_same(set_nd_alone, np.zeros(4), i2, 3.0)
    assert_same(set_nd_alone, np.zeros(4), i2, np.array([1.0, 2.0]))
    assert_same(set_nd_alone, np.zeros(4), i2, np.array([[1.0, 2.0], [3.0, 4.0]]))
    assert_same(set_nd_alone, np.arange(12.0).reshape(4, 3), i2, np.array([7.0, 8.0, 9.0]))
    assert_same(set_nd_alone, np.arange(12).reshape(4, 3), i2, 5)
    assert_same(aug_nd_alone, np.zeros(4), i2)     # duplicates: each position once, as NumPy
    assert_same(set_nd_alone, np.zeros(4), np.array([[0, 4]]), 1.0, check_message=True)
    assert_same(set_nd_alone, np.zeros(4), i2, np.ones(3))   # ValueError


def set_from_view(a, i):
    # the value is a view of a (its memory overlaps a's): read before any write, as NumPy
    a[:, i] = a[:, : len(i)]
    a[1:, i] = a[0, 3 : 3 + len(i)]
    return a


def set_from_other(a, b, i):
    a[:, i] = b[::2, 1:]     # a strided value that does not overlap a, converted to a's dtype
    return a


def test_set_value_overlap_and_strides():
    a = np.arange(30.0).reshape(5, 6)
    for i in (np.array([1, 0, 2]), np.array([2, 1]), np.array([5, -6, 0])):
        assert_same(set_from_view, a, i)
    assert_same(set_from_other, a, np.arange(40).reshape(10, 4), np.array([4, 0, 1]))
    assert_same(set_from_other, a, np.arange(20).reshape(10, 2), np.array([4, 0, 1]))  # broadcast (5, 1)


def two_get(a, i, j):
    return a[i, j]


def two_get_3d(a, i, j):
    # consecutive (in place: a[0, i, j], a[i, 0, j], a[:, i, j]) and split (leading: a[i, :, j])
    return a[0, i, j], a[i, 0, j], a[:, i, j], a[i, :, j], a[i, j], a[i, j, 1:]


def two_set(a, i, j, v):
    a[i, j] = v
    return a


def two_aug(a, i, j):
    a[i, j] += 10
    return a


def test_several_index_arrays():
    a = np.arange(20.0).reshape(4, 5)
    i, j = np.array([0, 3, -1]), np.array([4, 0, 2])
    assert_same(two_get, a, i, j)
    assert_same(two_get, a, i[:, None], j)                        # broadcast to (3, 3)
    assert_same(two_get, a, np.array([[1], [2]]), np.array([[0, 1, 2]]))
    assert_same(two_get, np.asfortranarray(a), i, j.astype(np.int32))
    a3 = np.arange(60).reshape(3, 4, 5)
    assert_same(two_get_3d, a3, np.array([1, 2]), np.array([0, -1]))
    assert_same(two_get_3d, a3, np.array([[1], [2]]), np.array([0, 3, 1]))
    assert_same(two_set, a, i, j, 1.5)
    assert_same(two_set, a, i, j, np.array([7.0, 8.0, 9.0]))
    assert_same(two_set, a, i[:, None], j, np.arange(9.0).reshape(3, 3))
    assert_same(two_set, a, np.array([0, 0]), np.array([1, 1]), np.array([1.0, 2.0]))   # last wins
    assert_same(two_aug, a, i, j)
    # errors: NumPy's IndexError for a shape mismatch and for an index out of range
    assert_same(two_get, a, np.array([0, 1]), np.array([0, 1, 2]))
    assert_same(two_get, a, np.array([0, 4]), np.array([0, 1]), check_message=True)
    assert_same(two_get, a, np.array([0, 1]), np.array([0, 5]), check_message=True)
    assert_same(two_set, a, np.array([0, 1]), np.array([0, 1]), np.ones(3))             # ValueError
    assert_compile_error(two_get, a, np.array([0]), np.array([True, False, True, False, True]), exc=TypingError, match="boolean")


def alias_take(a):
    a[a] = 7
    return a


def alias_take_values(a):
    a[a] = a[::-1] * 3
    return a


def alias_tuple(a):
    a[0, a[0]] = 9
    a[a[:, 0], 1] += 1
    return a


def alias_two(a):
    a[a[0], a[1]] = a[2]
    return a


def alias_mask_full(b):
    b[b[::-1]] = False          # a full mask is read while writing, as NumPy does
    return b


def alias_mask_full_values(b):
    b[b[::-1]] = np.array([False, False, False])
    return b


def alias_mask_rows(a):
    a[a[:, 0] > 0] = 0          # a fresh mask: no aliasing
    a[a[0] > 1] = 5             # (a square array: a mask over rows made from a row)
    return a


def test_index_arrays_aliasing_the_target():
    # NumPy reads every index before writing: an index array that is a view of the target
    # gives NumPy's answer (and never writes out of bounds)
    assert_same(alias_take, np.array([1, 0, 2]))
    assert_same(alias_take_values, np.array([2, 0, 1]))
    assert_same(alias_tuple, np.array([[1, 0, 2], [0, 2, 1], [2, 1, 0]]))
    assert_same(alias_two, np.array([[0, 1, 2], [2, 1, 0], [5, 6, 7]]))
    assert_same(alias_mask_full, np.array([True, False, False, True, True]))
    assert_same(alias_mask_full_values, np.array([True, False, False, True, True]))
    assert_same(alias_mask_rows, np.array([[1, 2, 0], [0, 1, 2], [3, 0, 1]]))
