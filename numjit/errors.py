"""The exceptions numjit raises, with Numba-compatible names.

Compile errors derive from `NumjitError`; those about the user's code carry the
compiler's formatted text (`file:line:col`, the source line, a caret, one sentence).
Exceptions raised by compiled code at run time are ordinary Python exceptions
(`ZeroDivisionError`, `IndexError`, ...), exactly as the plain function would raise.
"""


class NumjitError(Exception):
    """Base class of numjit's compile-time errors."""

    def __init__(self, message="", *, info=None):
        super().__init__(message)
        self.info = info or {}  # the compiler's error object, when there is one


class TypingError(NumjitError):
    """The code does not type-check for the given argument types."""


class UnsupportedError(NumjitError):
    """The code uses a construct numjit does not support in nopython mode."""


class CompileSyntaxError(NumjitError, SyntaxError):
    """numjit's parser rejected the function's source."""

    def __init__(self, message="", *, info=None):
        NumjitError.__init__(self, message, info=info)
        self.msg = message


class InternalError(NumjitError):
    """A bug in numjit (invalid IR, a compiler crash). Please report it."""


class CompilerDiedError(NumjitError, RuntimeError):
    """The compiler process died or stopped answering; the next compile starts a new one."""


class NumjitWarning(UserWarning):
    """Base class of numjit's warnings."""


class NumjitObjectModeWarning(NumjitWarning):
    """A function fell back to object mode: it runs as plain Python."""


class NumjitDeprecationWarning(NumjitWarning, DeprecationWarning):
    pass


class NumjitPerformanceWarning(NumjitWarning):
    pass


# Numba's names, so `from numba.core.errors import TypingError` style code ports.
NumbaError = NumjitError
LoweringError = InternalError
UnsupportedRewriteError = UnsupportedError
NumbaWarning = NumjitWarning
NumbaDeprecationWarning = NumjitDeprecationWarning
NumbaPerformanceWarning = NumjitPerformanceWarning
NumbaPendingDeprecationWarning = NumjitDeprecationWarning

# the compiler's error "type" field -> exception class
BY_NAME = {
    "TypingError": TypingError,
    "UnsupportedError": UnsupportedError,
    "SyntaxError": CompileSyntaxError,
    "InternalError": InternalError,
}
