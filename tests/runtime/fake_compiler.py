"""A stand-in for `numjitc serve`, speaking docs/protocol.md with hand-written IR.

It lets the runtime's tests exercise the service, backend and dispatcher without the
TypeScript compiler. What it answers depends on the root function's name:
`add*` → the IR of handir.ADD_FLOATS (renamed per request; `addwarn` also warns), `die` → exits at once,
`hang` → never answers, `typo` → a TypingError reply, `badir` → IR that fails the
verifier, `missing` → IR that needs an unknown symbol. Every request is also appended
to the file named by $FAKE_COMPILER_LOG, one JSON line each, so tests can read it.
"""
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import handir  # noqa: E402

counter = 0


def reply_for(req):
    global counter
    if req["op"] == "ping":
        return {"ok": True, "version": "fake"}
    if req["op"] == "shutdown":
        return {"ok": True}
    desc = req["functions"][req["root"]]
    name = desc["name"]
    counter += 1
    if name == "die":
        sys.exit(3)
    if name == "hang":
        time.sleep(3600)
    if name == "typo":
        return {"ok": False, "error": {
            "type": "TypingError", "message": "cannot add float64 and str",
            "filename": desc["filename"], "lineno": desc["firstlineno"] + 1, "col_offset": 11,
            "formatted": f"{desc['filename']}:{desc['firstlineno'] + 1}:12: error: cannot add "
                         "float64 and str\n    return x + 'a'\n           ^^^^^^^\n"}}
    if name == "badir":
        return {"ok": True, "ir": handir.UNVERIFIED, "entry": "nj_dom", "native": "nj_dom",
                "argtypes": req["argtypes"], "restype": "int64", "annotations": "", "warnings": []}
    if name == "missing":
        return {"ok": True, "ir": handir.MISSING_SYMBOL, "entry": "nj_miss", "native": "nj_miss",
                "argtypes": req["argtypes"], "restype": "float64", "annotations": "", "warnings": []}
    if name.startswith("add") and req["argtypes"] == ["float64", "float64"]:
        sfx = f"_{counter}"
        ir = handir.ADD_FLOATS.replace("@nj_add", "@nj_add" + sfx).replace(
            "@nj_entry_add", "@nj_entry_add" + sfx)
        return {"ok": True, "ir": ir, "entry": "nj_entry_add" + sfx, "native": "nj_add" + sfx,
                "argtypes": req["argtypes"], "restype": "float64",
                "annotations": "x = float64\ny = float64\n",
                "warnings": ["f.py:1:1: warning: this is a test warning"] if name == "addwarn" else []}
    return {"ok": False, "error": {
        "type": "UnsupportedError", "message": f"the fake compiler cannot compile {name}"
        f"({', '.join(req['argtypes'])})", "formatted": f"fake: cannot compile {name}"
        f"({', '.join(req['argtypes'])})"}}


def main():
    log = os.environ.get("FAKE_COMPILER_LOG")
    for line in sys.stdin:
        req = json.loads(line)
        if log:
            with open(log, "a") as f:
                f.write(json.dumps(req) + "\n")
        rep = reply_for(req)
        rep["id"] = req["id"]
        sys.stdout.write(json.dumps(rep) + "\n")
        sys.stdout.flush()
        if req["op"] == "shutdown":
            return


if __name__ == "__main__":
    main()
