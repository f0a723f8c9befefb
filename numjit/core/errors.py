"""`numjit.core.errors` is numjit.errors (Numba's `numba.core.errors` spelling)."""
from ..errors import *  # noqa: F401,F403
from ..errors import (  # noqa: F401
    CompilerDiedError, InternalError, LoweringError, NumbaError, NumbaWarning, NumjitError,
    NumjitWarning, TypingError, UnsupportedError)
