"""Parser throughput over the standard library, measured inside Node.js.

Usage: python bench/parse_speed.py [DIR] [--repeat N]

Lists every .py file below DIR (default: the running interpreter's stdlib, skipping
site-packages), hands the list to `numjitc parse-bench`, which reads and decodes all
files first and then times only the parsing (tokenizer + parser + AST), best of N runs.
Process start, file reading and decoding are excluded. Prints MB/s (source bytes) per
wall-clock second, and per CPU second of the Node process (user + system, GC threads
included), which is steadier when other work shares the machine.
"""
import json
import os
import subprocess
import sys
import sysconfig

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLE = os.path.join(ROOT, "numjit", "_compiler", "numjitc.js")


def main(argv):
    repeat = "5"
    if "--repeat" in argv:
        repeat = argv[argv.index("--repeat") + 1]
    dirs = [a for i, a in enumerate(argv) if not a.startswith("--") and (i == 0 or argv[i - 1] != "--repeat")]
    root = dirs[0] if dirs else sysconfig.get_paths()["stdlib"]
    paths = []
    for dp, dns, fns in os.walk(root):
        dns[:] = sorted(d for d in dns if d != "site-packages")
        paths.extend(os.path.join(dp, f) for f in sorted(fns) if f.endswith(".py"))
    args = ["node", BUNDLE, "parse-bench", "--repeat", repeat]
    if sys.version_info < (3, 12):
        args.append("--py311")
    out = subprocess.run(args, input="\n".join(paths).encode(), capture_output=True, check=True)
    r = json.loads(out.stdout)
    print("files: %d (%d rejected as invalid), %.1f MB, best of %s: %.3f s" % (
        r["files"], r["failures"], r["megabytes"], repeat, r["seconds"]))
    print("parse speed: %.1f MB/s (wall clock), %.1f MB/s per CPU second" % (r["mb_per_s"], r["mb_per_cpu_s"]))


if __name__ == "__main__":
    main(sys.argv[1:])
