"""The root's native function is kept out of line when it is not small
(numjit/_backend.py emit_object's `noinline`): LLVM then compiles a kernel's body once,
not a second time inlined into the entry point. Results are unchanged."""
import re

import numjit


@numjit.njit
def loop_sum(n):
    s = 0
    for i in range(n):
        s += i * 3 % 7
    return s


@numjit.njit
def add(a, b):
    return a + b


def _attrs_of(ir, name):
    m = re.search(r"^define [^@]*@" + re.escape(name) + r"\(.*\) [^#{]*#(\d+) \{", ir, re.M)
    assert m, name
    return re.search(r"^attributes #" + m.group(1) + r" = \{(.*)\}", ir, re.M).group(1)


def test_kernel_with_a_loop_is_not_inlined_into_its_entry():
    assert loop_sum(10) == sum(i * 3 % 7 for i in range(10))
    ir = loop_sum.inspect_llvm(loop_sum.signatures[0])
    native = loop_sum.overloads[loop_sum.signatures[0]].reply["native"]
    assert "noinline" in _attrs_of(ir, native).split()
    entry = ir[ir.index("@nj_entry_"):]
    assert f"@{native}(" in entry  # the entry calls it


def test_small_function_is_still_inlined():
    assert add(1.0, 2.0) == 3.0
    ir = add.inspect_llvm(add.signatures[0])
    native = add.overloads[add.signatures[0]].reply["native"]
    assert "noinline" not in _attrs_of(ir, native).split()


def test_ir_lines():
    from numjit._backend import _ir_lines

    ir = "define i32 @f(i64 %a) {\nentry:\n  %x = call i32 @g(i64 %a)\n  ret i32 %x\n}\n" \
         "define i32 @g(i64 %a) {\n  ret i32 0\n}\n"
    assert _ir_lines(ir, "f") == 3 and _ir_lines(ir, "g") == 1 and _ir_lines(ir, "h") == 0
