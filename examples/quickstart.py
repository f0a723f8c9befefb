"""numjit quickstart: placeholder until the compiler lands (see README)."""
import numjit

print(f"numjit {numjit.__version__}: the compiler is under construction; nothing compiles yet.")
