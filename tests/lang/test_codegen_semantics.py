"""Semantics the code generator's fast paths must keep: unit-step range loops (which test
`i < stop` rather than counting), near the int64 limits and in every loop shape."""
import pytest

from tests.conftest import assert_same

BIG = 2**63 - 1


@pytest.mark.parametrize("a,b", [(0, 5), (5, 0), (3, 3), (-4, 4), (BIG - 3, BIG), (-BIG - 1, -BIG + 2)])
def test_unit_step_range_up(a, b):
    def f(a, b):
        n = 0
        last = 7
        for i in range(a, b):
            n += 1
            last = i
        for i in range(a, b, 1):
            n += 1
        return n, last
    assert_same(f, a, b)


@pytest.mark.parametrize("a,b", [(5, 0), (0, 5), (3, 3), (4, -4), (-BIG + 2, -BIG - 1), (BIG, BIG - 3)])
def test_unit_step_range_down(a, b):
    def f(a, b):
        n = 0
        last = 7
        for i in range(a, b, -1):
            n += 1
            last = i
        return n, last
    assert_same(f, a, b)


def test_unit_step_range_shapes():
    def f(n):
        r = range(n)
        s = 0
        for i in r:          # one range object iterated twice, nested
            for j in r:
                if j > i:
                    break
                s += i * 10 + j
            else:
                s -= 1
        for k in range(n - 1, -1, -1):
            s = s * 3 + k
            if k == 2:
                continue
        for i in range(n):   # a loop variable reassigned in the body does not steer the loop
            i = i * 2
            s += i
        return s, [x * x for x in range(n, 0, -1)], sum([x for x in range(-n, n)])
    assert_same(f, 6)
    assert_same(f, 0)


def test_unit_step_range_reassigned_step():
    def f(n, up):
        step = 1
        if not up:
            step = -1        # two assignments: not a known constant step
        s = 0
        for i in range(0 if up else n, n if up else 0, step):
            s = s * 2 + i
        return s
    assert_same(f, 5, True)
    assert_same(f, 5, False)
