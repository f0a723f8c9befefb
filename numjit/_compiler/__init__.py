"""Holds numjitc.js, the bundled TypeScript compiler that numjit runs with Node.js."""
import os

BUNDLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "numjitc.js")
