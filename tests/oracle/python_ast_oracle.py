#!/usr/bin/python3
"""Differential test: connplan's Python parser against CPython's own `ast` module.

For every Python file of ../shared/corpus/{django,gunicorn,celery} and every fixture under
fixtures/python/, compares what connplan's parser saw with what `ast.parse` (CPython 3.11, Debian)
sees: the statement kinds and lines (nested bodies included, `elif` chains flattened as connplan
keeps them), the assignment targets, and every literal constant with its line, column and value.
A file CPython rejects must be one connplan marks incomplete.

The files are only parsed, never imported or executed. connplan's side comes from the python
layer's test binary (`corpus.dump_for_oracle`), found next to the CLI in the build directory.
Exit 0 when everything agrees, 1 on a disagreement, 77 when the test binary is missing.
"""

import argparse
import ast
import json
import os
import subprocess
import sys
import tempfile


def constant_json(value):
    if value is None or isinstance(value, bool) or isinstance(value, str):
        return value
    if isinstance(value, int):
        return value if -(2**63) <= value < 2**63 else str(value)
    if isinstance(value, float):
        return value
    if isinstance(value, complex):
        return {"imag": value.imag}
    if isinstance(value, bytes):
        return {"bytes": value.hex()}
    if value is Ellipsis:
        return {"ellipsis": True}
    return repr(value)


def target_text(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return target_text(node.value) + "." + node.attr
    if isinstance(node, ast.Subscript):
        index = node.slice
        literal = isinstance(index, ast.Constant) and type(index.value) in (str, int)
        key = json.dumps(index.value, ensure_ascii=False) if literal else "?"
        return target_text(node.value) + "[" + key + "]"
    if isinstance(node, (ast.Tuple, ast.List)):
        return "(" + ",".join(target_text(e) for e in node.elts) + ")"
    if isinstance(node, ast.Starred):
        return "*" + target_text(node.value)
    return "?"


class summary:
    def __init__(self, source_lines):
        self.lines = source_lines
        self.statements = []
        self.targets = []

    def is_elif(self, node):
        line = self.lines[node.lineno - 1]
        return line[node.col_offset:].startswith(b"elif")

    def body(self, stmts):
        for s in stmts:
            self.stmt(s)

    def stmt(self, s, emit=True):
        if emit:
            self.statements.append([type(s).__name__, s.lineno])
        if isinstance(s, ast.Assign):
            self.targets += [[s.lineno, target_text(t)] for t in s.targets]
        elif isinstance(s, (ast.AugAssign, ast.AnnAssign)):
            self.targets.append([s.lineno, target_text(s.target)])
        if isinstance(s, ast.If):
            self.body(s.body)
            # connplan keeps `if/elif/else` as one statement with flat branches
            if len(s.orelse) == 1 and isinstance(s.orelse[0], ast.If) and self.is_elif(s.orelse[0]):
                self.stmt(s.orelse[0], emit=False)
            else:
                self.body(s.orelse)
        elif isinstance(s, (ast.For, ast.AsyncFor, ast.While)):
            self.body(s.body)
            self.body(s.orelse)
        elif isinstance(s, ast.Try):
            self.body(s.body)
            for h in s.handlers:
                self.body(h.body)
            self.body(s.orelse)
            self.body(s.finalbody)
        elif isinstance(s, (ast.With, ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef,
                            ast.ClassDef)):
            self.body(s.body)


def constants_of(tree):
    inside_fstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for inner in ast.walk(node):
                if inner is not node:
                    inside_fstrings.add(id(inner))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and id(node) not in inside_fstrings:
            out.append([node.lineno, node.col_offset, constant_json(node.value)])
    return out


def cpython_view(path):
    with open(path, "rb") as f:
        data = f.read()
    try:
        tree = ast.parse(data, filename=path)
    except (SyntaxError, ValueError) as e:
        return {"error": f"{type(e).__name__}: {e}"}
    s = summary(data.splitlines())  # bytes split at LF, CR LF and CR only, as the tokenizer
    if data.startswith(b"\xef\xbb\xbf"):
        s.lines[0] = s.lines[0][3:]
    s.body(tree.body)
    return {"statements": s.statements, "targets": s.targets, "constants": constants_of(tree)}


def sort_key(c):
    return (c[0], c[1], json.dumps(c[2], sort_keys=True))


def compare(path, mine, theirs):
    """Returns (items compared, list of disagreements)."""
    if "error" in theirs:
        if mine["complete"]:
            return 1, [f"CPython rejects it ({theirs['error']}) but connplan parsed it completely"]
        return 1, []
    problems = []
    if not mine["complete"]:
        problems.append(f"connplan did not parse it completely: {mine['findings'][:3]}")
    items = 0
    for field in ("statements", "targets", "constants"):
        a = mine[field]
        b = theirs[field]
        if field == "constants":
            a = sorted(a, key=sort_key)
            b = sorted(b, key=sort_key)
        items += max(len(a), len(b))
        for i in range(max(len(a), len(b))):
            x = a[i] if i < len(a) else None
            y = b[i] if i < len(b) else None
            if x != y:
                problems.append(f"{field}[{i}]: connplan {x} vs CPython {y}")
                break
    return items, problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared", required=True)
    args = parser.parse_args()

    test_binary = os.path.join(os.path.dirname(args.connplan), "tests", "connplan_python_tests")
    if not os.path.exists(test_binary):
        print(f"skipped: {test_binary} is not built")
        return 77

    files = []
    corpus = os.path.join(args.shared, "corpus")
    for kind in ("django", "gunicorn", "celery"):
        d = os.path.join(corpus, kind)
        if os.path.isdir(d):
            files += sorted(os.path.join(d, n) for n in os.listdir(d))
    fixtures = os.path.join(args.source_dir, "fixtures", "python")
    for root, _, names in os.walk(fixtures):
        files += sorted(os.path.join(root, n) for n in names if n.endswith(".py"))
    if not files:
        print("skipped: no corpus and no fixtures")
        return 77

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, CONNPLAN_PY_DUMP_DIR=tmp, CONNPLAN_PY_DUMP_FILES="\n".join(files))
        run = subprocess.run([test_binary, "--gtest_filter=corpus.dump_for_oracle"], env=env,
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr)
            return 1
        with open(os.path.join(tmp, "connplan.json"), encoding="utf-8") as f:
            mine = {entry["file"]: entry for entry in json.load(f)}

    agreeing_files = 0
    total_items = 0
    disagreements = 0
    for path in files:
        items, problems = compare(path, mine[path], cpython_view(path))
        total_items += items
        name = os.path.relpath(path, args.shared if path.startswith(args.shared) else args.source_dir)
        if problems:
            disagreements += 1
            print(f"DISAGREE {name}")
            for p in problems:
                print(f"    {p}")
        else:
            agreeing_files += 1
    print(f"python ast oracle: {agreeing_files}/{len(files)} files agree with CPython "
          f"{sys.version.split()[0]} ({total_items} statements, targets and constants compared)")
    return 0 if disagreements == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
