"""numjit: a just-in-time compiler for numerical Python with Numba's API.

Importing numjit is cheap: it starts no Node.js process and imports no llvmlite.
Both happen on the first compile.
"""
__version__ = "0.1.0"
