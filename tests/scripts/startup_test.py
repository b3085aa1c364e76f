#!/usr/bin/python3
"""What connplan loads at start-up: libpq only when `observe` runs.

docs/observe.md: "libpq itself (`libpq.so.5`, Debian package libpq5) is loaded when `observe`
starts, not linked into connplan, so the other commands never pay its start-up
(`CONNPLAN_LIBPQ=/path/libpq.so.5` loads another file); if it cannot be loaded, `observe` exits 2
with `observe needs libpq (Debian package libpq5): cannot load libpq.so.5: …`."

Checks: the binary's ELF dynamic section needs no libpq (readelf, from binutils); `check` runs and
never maps libpq (the dynamic loader's own trace, LD_DEBUG=files); `observe` with CONNPLAN_LIBPQ
naming a missing file, or a library without libpq's functions, exits 2 with the message and no
connection attempt.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys

FAILURES = []


def fail(message):
    FAILURES.append(message)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared")
    args = parser.parse_args()
    binary = args.connplan
    fixture = pathlib.Path(args.source_dir) / "fixtures" / "incident-before"

    if shutil.which("readelf"):
        dynamic = subprocess.run(["readelf", "-d", binary], capture_output=True, text=True).stdout
        needed = [line for line in dynamic.splitlines() if "(NEEDED)" in line]
        if not needed:
            fail(f"readelf -d {binary} lists no NEEDED library at all: {dynamic[:400]!r}")
        if any("libpq" in line for line in needed):
            fail("the binary links libpq: " + "; ".join(needed))
    else:
        print("skip: readelf (binutils) is not installed")

    env = dict(os.environ, LD_DEBUG="files")
    proc = subprocess.run([binary, "check", str(fixture), "--format", "json"], capture_output=True,
                          text=True, env=env, timeout=60)
    if proc.returncode not in (0, 1):
        fail(f"check exited {proc.returncode}: {proc.stderr[-400:]}")
    if "file=" not in proc.stderr:
        fail("LD_DEBUG=files printed no trace (the test would prove nothing): "
             f"{proc.stderr[:200]!r}")
    if "libpq" in proc.stderr:
        fail("check mapped libpq: " +
             " | ".join(line for line in proc.stderr.splitlines() if "libpq" in line)[:400])

    cases = [
        ("/nonexistent/libpq.so.5",
         "observe needs libpq (Debian package libpq5): cannot load /nonexistent/libpq.so.5"),
        ("libc.so.6", "cannot use libc.so.6: it has no function PQconnectdbParams"),
    ]
    for library, message in cases:
        env = dict(os.environ, CONNPLAN_LIBPQ=library)
        # A DSN no server answers: reaching it would be a different error (cannot connect).
        proc = subprocess.run([binary, "observe", str(fixture), "--dsn",
                               "host=/nonexistent-socket-dir dbname=x"],
                              capture_output=True, text=True, env=env, timeout=60)
        if proc.returncode != 2:
            fail(f"CONNPLAN_LIBPQ={library}: observe exited {proc.returncode}, not 2: "
                 f"{proc.stderr[-300:]}")
        if message not in proc.stderr:
            fail(f"CONNPLAN_LIBPQ={library}: {message!r} not in {proc.stderr[-300:]!r}")
        if "cannot connect" in proc.stderr:
            fail(f"CONNPLAN_LIBPQ={library}: observe tried to connect: {proc.stderr[-300:]!r}")

    for f in FAILURES:
        print("FAIL:", f)
    if not FAILURES:
        print("ok: libpq is loaded by observe only")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
