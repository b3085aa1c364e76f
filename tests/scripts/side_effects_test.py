#!/usr/bin/python3
"""connplan never writes a file unless asked, and never opens a network connection (issue 7).

Issue 7: "connplan never executes, imports or evaluates user code, never opens a network connection
outside `observe`, and never writes a file unless asked (`--output`, `--write-baseline`, the GitHub
step summary)."

1. fixtures/incident-before is copied to a temporary root; check, report and inspect run in every
   format from a separate, empty working directory; afterwards the root and the working directory
   hold exactly the same files with the same bytes, modes and modification times (no caches,
   no __pycache__, no .pyc: the Python files were never imported), and nothing new appeared.
2. The same commands run under `unshare --net` (a process without any network interface but the
   loopback, down) give byte-identical output: nothing waited for or depended on the network.
   Skipped (with a note) where unshare is not permitted.
"""
import argparse
import hashlib
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


def snapshot(*dirs):
    state = {}
    for d in dirs:
        for p in sorted(d.rglob("*")):
            st = p.lstat()
            digest = hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else ""
            state[str(p)] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
        state[str(d)] = (d.stat().st_mode, d.stat().st_mtime_ns)
    return state


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared")
    args = parser.parse_args()
    cp = str(pathlib.Path(args.connplan).resolve())
    fixture = pathlib.Path(args.source_dir) / "fixtures" / "incident-before"
    failures = []

    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp) / "root"
        cwd = pathlib.Path(tmp) / "cwd"
        shutil.copytree(fixture, root, ignore=shutil.ignore_patterns("expected"))
        cwd.mkdir()
        files = sorted(str(p) for p in root.rglob("*") if p.suffix in (".py", ".conf"))
        argvs = []
        for command in ("check", "report"):
            argvs += [[command, str(root), "--format", f] for f in formats_of(cp, command)]
        argvs += [["inspect"] + files + ["--format", f] for f in formats_of(cp, "inspect")]
        argvs += [["rules"], ["explain", "CP101"]]

        before = snapshot(root, cwd)
        outputs = []
        for argv in argvs:
            proc = subprocess.run([cp] + argv, cwd=cwd, capture_output=True,
                                  env=dict(os.environ, GITHUB_STEP_SUMMARY=""))
            if proc.returncode not in (0, 1):
                failures.append(f"{' '.join(argv[:1])}: exit {proc.returncode}: {proc.stderr[:300]!r}")
            outputs.append(proc.stdout)
        after = snapshot(root, cwd)
        for path in sorted(set(before) | set(after)):
            if before.get(path) != after.get(path):
                what = "new" if path not in before else "removed" if path not in after else "changed"
                failures.append(f"{what}: {path}")

        probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
        if probe.returncode != 0:
            print(f"note: unshare --net is not permitted here ({probe.stderr.decode().strip()}); "
                  "the network part is skipped")
        else:
            for argv, expected in zip(argvs, outputs):
                proc = subprocess.run(["unshare", "--net", cp] + argv, cwd=cwd, capture_output=True)
                if proc.stdout != expected:
                    failures.append(f"{' '.join(argv[:1] + argv[-2:])}: differs without a network")

    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print(f"ok: {len(argvs)} commands wrote nothing and need no network")
    return 0


if __name__ == "__main__":
    sys.exit(main())
