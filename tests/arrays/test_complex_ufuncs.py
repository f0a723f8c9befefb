"""Complex ufuncs (np.exp log sqrt sin cos tan sinh cosh tanh), conj/conjugate, real, imag,
angle on complex numbers and arrays, differentially against NumPy."""
import numpy as np
import pytest

from numjit.testing import assert_same


def ufuncs(z):
    return np.exp(z), np.log(z), np.sqrt(z), np.sin(z), np.cos(z)


def ufuncs2(z):
    return np.tan(z), np.sinh(z), np.cosh(z), np.tanh(z)


def fused(z, w):
    return np.exp(z) * w + np.sqrt(z * w), np.sum(np.log(z + 1))


def conj_parts(z):
    return np.conj(z), np.conjugate(z), z.conj(), z.conjugate(), np.real(z), np.imag(z)


def angles(z):
    return np.angle(z), np.angle(z, deg=True), np.angle(z, True)


def scalar_ufuncs(z):
    return np.exp(z), np.log(z), np.sqrt(z), np.sin(z), np.cos(z), np.conj(z), np.real(z), np.imag(z), np.angle(z)


def write_real(z):
    r = np.real(z)
    r[0] = 100.0
    return z


VALUES = np.array([1 + 2j, -3.5 + 0.25j, 0j, -4 + 0j, -4 - 0j, 1e-3 - 7j, 2.5 + 1e10j, -0.0 - 2j,
                   complex(np.inf, 1), complex(1, np.nan), complex(-np.inf, np.inf), 1j])


ANGLE32_RTOL = 2.5e-7


@pytest.mark.parametrize("dt", [np.complex128, np.complex64])
def test_complex_ufuncs_arrays(dt):
    z = VALUES.astype(dt)
    with np.errstate(all="ignore"):
        for x in (z, z.reshape(3, 4), np.asfortranarray(z.reshape(3, 4)), z[::-2]):
            assert_same(ufuncs, x)
            assert_same(ufuncs2, x)
            assert_same(conj_parts, x)
            # float32 angles within 2 ulp: NumPy's float32 arctan2 is its own SIMD code on
            # AVX-512 machines, not libm's atan2f (which numjit calls), and differs by an ulp
            assert_same(angles, x, rtol=ANGLE32_RTOL if dt == np.complex64 else 1e-12)
        w = (np.arange(12) * 0.5 - 2).astype(dt)
        assert_same(fused, z, w)
        assert_same(fused, z.reshape(3, 4), w.reshape(3, 4)[0])
    assert_same(write_real, z.copy())


def test_complex_scalars():
    with np.errstate(all="ignore"):
        for v in VALUES:
            assert_same(scalar_ufuncs, complex(v))
            assert_same(scalar_ufuncs, np.complex64(v), rtol=ANGLE32_RTOL)   # np.angle: see above


@pytest.mark.parametrize("dt", [np.float64, np.float32, np.int64, np.int32, np.int16])
def test_real_inputs(dt):
    a = (np.arange(6) - 2).astype(dt)
    assert_same(conj_parts, a)
    assert_same(angles, a)
    assert_same(angles, a.reshape(2, 3)[:, ::2])


def np_parts(z):
    return np.conj(z), np.conjugate(z), np.real(z), np.imag(z)


def test_real_scalars():
    assert_same(angles, -2.0)
    assert_same(angles, 3)
    assert_same(np_parts, 2.5)
    assert_same(np_parts, -4)
