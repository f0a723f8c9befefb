"""Hand-written LLVM IR following docs/protocol.md, to test the backend and the
wrapper without the compiler: `add(x, y)` on two floats, with its METH_FASTCALL entry."""

ADD_FLOATS = r"""
declare double @PyFloat_AsDouble(ptr)
declare ptr @PyFloat_FromDouble(double)
declare ptr @PyErr_Occurred()
declare void @PyErr_SetString(ptr, ptr)
@PyExc_TypeError = external global ptr
@msg = private unnamed_addr constant [26 x i8] c"add() takes 2 arguments.\0A\00"

define double @nj_add(double %x, double %y) {
  %r = fadd double %x, %y
  ret double %r
}

define ptr @nj_entry_add(ptr %self, ptr %args, i64 %nargs) {
entry:
  %ok = icmp eq i64 %nargs, 2
  br i1 %ok, label %unbox, label %bad
bad:
  %exc = load ptr, ptr @PyExc_TypeError
  call void @PyErr_SetString(ptr %exc, ptr @msg)
  ret ptr null
unbox:
  %a0 = load ptr, ptr %args
  %p1 = getelementptr ptr, ptr %args, i64 1
  %a1 = load ptr, ptr %p1
  %x = call double @PyFloat_AsDouble(ptr %a0)
  %y = call double @PyFloat_AsDouble(ptr %a1)
  %e = call ptr @PyErr_Occurred()
  %failed = icmp ne ptr %e, null
  br i1 %failed, label %err, label %run
err:
  ret ptr null
run:
  %r = call double @nj_add(double %x, double %y)
  %o = call ptr @PyFloat_FromDouble(double %r)
  ret ptr %o
}
"""

# the same, with a type error LLVM's verifier catches (fadd on i64 operands)
INVALID = r"""
define double @nj_bad(i64 %x) {
  %r = fadd double %x, 1.0
  ret double %r
}
"""

# parses and verifies but calls a symbol no process has
MISSING_SYMBOL = r"""
declare double @numjit_no_such_symbol(double)
define double @nj_miss(double %x) {
  %r = call double @numjit_no_such_symbol(double %x)
  ret double %r
}
"""

# parses, but fails LLVM's verifier (an instruction used before it is defined)
UNVERIFIED = r"""
define i64 @nj_dom(i64 %x) {
  %a = add i64 %b, 1
  %b = add i64 %x, 1
  ret i64 %a
}
"""

# an entry returning `ndim` of its one argument, read from the ndarray struct (offset 24)
NDIM_ENTRY = r"""
declare ptr @PyLong_FromLongLong(i64)

define ptr @nj_entry_ndim(ptr %self, ptr %args, i64 %nargs) {
  %a0 = load ptr, ptr %args
  %p = getelementptr inbounds i8, ptr %a0, i64 24
  %nd = load i32, ptr %p
  %nd64 = sext i32 %nd to i64
  %o = call ptr @PyLong_FromLongLong(i64 %nd64)
  ret ptr %o
}
"""
