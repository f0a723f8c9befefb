"""Tiny functions for the call-overhead suite: the cost of crossing into compiled code."""
import numpy as np


def two_floats(a, b):
    return a + b


def one_array(x):
    return x[0]


def three_arrays(x, y, z):
    return x[0] + y[0] + z[0]


def new_array(x):
    return np.empty_like(x)
