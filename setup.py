"""Build hook: make sure the compiler bundle exists before the package is built.

`pip install .` from a clean checkout runs `npm ci` and `npm run build` in compiler/,
which writes numjit/_compiler/numjitc.js; the wheel then ships that one file. Node.js
and npm are needed only here, at build time, and only when the bundle is missing.
"""
import os
import shutil
import subprocess

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))
BUNDLE = os.path.join(HERE, "numjit", "_compiler", "numjitc.js")


def build_bundle():
    compiler = os.path.join(HERE, "compiler")
    if os.path.exists(BUNDLE) or not os.path.isdir(compiler):
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("building numjit from source needs npm (Node.js) to bundle the compiler")
    if not os.path.isdir(os.path.join(compiler, "node_modules")):
        subprocess.check_call([npm, "ci", "--no-audit", "--no-fund"], cwd=compiler)
    subprocess.check_call([npm, "run", "build"], cwd=compiler)


class BuildPy(build_py):
    def run(self):
        build_bundle()
        super().run()


setup(cmdclass={"build_py": BuildPy})
