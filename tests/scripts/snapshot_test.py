#!/usr/bin/env python3
"""Snapshot tests: every fixture folder with an `expected/` directory is run through connplan and
compared byte for byte with what is committed there.

`expected/commands` lists one run per line: `<snapshot file> <connplan arguments...>`, run in the
fixture folder with the path `.`. The absolute root in JSON documents is replaced by "<root>".

Updating snapshots is an explicit, reviewed step:
    /usr/bin/python3 tests/scripts/snapshot_test.py --connplan build/connplan --source-dir . --update
then review `git diff fixtures/`.
"""
import argparse
import difflib
import pathlib
import shlex
import subprocess
import sys


def run(connplan, fixture, args):
    proc = subprocess.run([str(pathlib.Path(connplan).resolve()), *args], cwd=fixture, capture_output=True, text=True)
    out = proc.stdout.replace(f'"root": "{fixture.resolve()}"', '"root": "<root>"')
    return f"{out}[exit {proc.returncode}]\n" + (f"[stderr]\n{proc.stderr}" if proc.stderr else "")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True, type=pathlib.Path)
    parser.add_argument("--shared", type=pathlib.Path)
    parser.add_argument("--update", action="store_true")
    args = parser.parse_args()

    passed = failed = 0
    for commands in sorted(args.source_dir.glob("fixtures/**/expected/commands")):
        expected_dir = commands.parent
        fixture = expected_dir.parent
        for line in commands.read_text().splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            name, *argv = shlex.split(line)
            actual = run(args.connplan, fixture, argv)
            target = expected_dir / name
            if args.update:
                target.write_text(actual)
                print(f"updated {target}")
                continue
            expected = target.read_text() if target.exists() else ""
            if actual == expected:
                passed += 1
            else:
                failed += 1
                print(f"FAIL {target.relative_to(args.source_dir)}: output differs")
                sys.stdout.writelines(difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), "expected", "actual", n=2))
    if not args.update:
        print(f"{passed} passed, {failed} failed")
        sys.exit(1 if failed or passed == 0 else 0)


if __name__ == "__main__":
    main()
