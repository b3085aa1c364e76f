#!/usr/bin/python3
"""Output is byte-identical across runs, input orders and file times (CONTRACTS.md §1).

CONTRACTS §1: "Output is byte-identical across runs, input orders and thread counts; no timestamps
unless asked."

For fixtures/incident-before (declared in connplan.toml) and the same files without connplan.toml
(discovery), every format of check, report and inspect is run:
1. twice on the same copy: the same bytes;
2. on two copies whose files were created in opposite orders, with different modification times
   (and one copy with extra unrelated files created first, so directory order differs): the same
   bytes, since paths are shown relative to the root;
3. no output contains today's date or a clock time.
"""
import argparse
import datetime
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile


def formats_of(connplan, command):
    out = subprocess.run([connplan, command, "--help"], capture_output=True, text=True).stdout
    m = re.search(r"--format TEXT:\{([^}]*)\}", out)
    return m.group(1).split(",") if m else ["text"]


def copy_tree(src, dst, reverse, mtime, noise):
    """Copies src to dst file by file, in sorted or reversed order, with the given mtime."""
    files = sorted(p for p in src.rglob("*") if p.is_file() and "expected" not in p.parts)
    if reverse:
        files.reverse()
    dst.mkdir(parents=True)  # same base name in both copies
    if noise:
        for i in range(20):  # unrelated files first: they change the directory's entry order
            (dst / f"zz-noise-{i}.txt").write_text("noise\n")
    for f in files:
        target = dst / f.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(f.read_bytes())
        os.utime(target, (mtime, mtime))
    if noise:
        for i in range(20):
            (dst / f"zz-noise-{i}.txt").unlink()
    return [f.relative_to(src) for f in files]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared")
    args = parser.parse_args()
    connplan = str(pathlib.Path(args.connplan).resolve())
    fixture = pathlib.Path(args.source_dir) / "fixtures" / "incident-before"

    commands = []
    for command in ("check", "report"):
        for fmt in formats_of(connplan, command):
            commands.append([command, ".", "--format", fmt])
    inspect_formats = formats_of(connplan, "inspect")

    today = datetime.date.today()
    stamps = re.compile(rf"{today.year}-{today.month:02d}-{today.day:02d}|\b\d\d:\d\d:\d\d\b")
    failures = []
    runs = 0

    def outputs(root, discovered):
        nonlocal runs
        result = {}
        files = sorted(str(p.relative_to(root)) for p in root.rglob("*")
                       if p.is_file() and p.suffix in (".py", ".conf", ".ini"))
        todo = list(commands) + [["inspect"] + files + ["--format", f] for f in inspect_formats]
        for argv in todo:
            proc = subprocess.run([connplan] + argv, cwd=root, capture_output=True)
            runs += 1
            key = " ".join(argv[:1] + argv[-2:])
            # The documents name the root as an absolute path (CONTRACTS §6 "root"): the only
            # place where the two copies may differ.
            rooted = str(root).encode()
            result[key] = (proc.returncode, proc.stdout.replace(rooted, b"<ROOT>"),
                           proc.stderr.replace(rooted, b"<ROOT>"))
            if proc.returncode not in (0, 1):
                failures.append(f"{key}: exit {proc.returncode}: {proc.stderr[:300]!r}")
            m = stamps.search(proc.stdout.decode(errors="replace"))
            if m:
                failures.append(f"{key}: output contains a timestamp {m.group(0)!r}")
        return result

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for discovered in (False, True):
            label = "discovered" if discovered else "declared"
            a, b = tmp / "a" / label, tmp / "b" / label
            copy_tree(fixture, a, reverse=False, mtime=1_000_000_000, noise=False)
            copy_tree(fixture, b, reverse=True, mtime=1_700_000_000, noise=True)
            if discovered:
                (a / "connplan.toml").unlink()
                (b / "connplan.toml").unlink()
            first = outputs(a, discovered)
            again = outputs(a, discovered)
            other = outputs(b, discovered)
            for key in first:
                if first[key] != again[key]:
                    failures.append(f"{label}: {key}: two runs differ")
                if first[key] != other[key]:
                    failures.append(f"{label}: {key}: differs between input orders / mtimes")
            if not any(out for _, out, _ in first.values()):
                failures.append(f"{label}: no output at all")

    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print(f"ok: {runs} runs, byte-identical")
    return 0


if __name__ == "__main__":
    sys.exit(main())
