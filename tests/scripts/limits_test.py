#!/usr/bin/python3
"""Hard limits and bad input through the CLI: a finding or exit 2, never a crash or a hang.

CONTRACTS §2: "`2`: usage error; a file or directory named on the command line, or the config file
in use, is missing, unreadable or over a limit" and "Content problems (syntax, unknown keys,
unreadable *included* files) are findings, never exit 2."
CONTRACTS §11: "CP005 unreadable-input (an included or discovered file cannot be read, is binary or
not a regular file)", "CP006 input-limit-exceeded (size, include depth, nesting depth)", "CP007
file-outside-root".
tool-behaviour.md (PostgreSQL 15) 10: "`include` of itself: "configuration file recursion"; a loop
through two files: "maximum nesting depth exceeded" (depth 10)." and 9: "CRLF line endings are
fine (`\\r` is whitespace)."

Every case runs `connplan inspect` (and `check` where a deployment is involved) with a 60 s
timeout; a signal, a sanitizer report or a timeout fails the case. Unreadable files are tested as
the user `nobody` (setpriv, as root reads everything), skipped when that is impossible.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

FAILURES = []
LOCATED = re.compile(r"^[^:\s]+:\d+:\d+: ", re.M)


def fail(case, message):
    FAILURES.append(f"{case}: {message}")


def run(connplan, argv, cwd, case, user=None):
    cmd = [connplan] + argv
    if user:
        cmd = ["setpriv", f"--reuid={user}", "--regid=nogroup", "--clear-groups", "--"] + cmd
    try:
        proc = subprocess.run(cmd, cwd=cwd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        fail(case, f"{' '.join(argv)} did not finish in 60 s (a hang)")
        return None
    out, err = proc.stdout.decode(errors="replace"), proc.stderr.decode(errors="replace")
    if proc.returncode < 0 or proc.returncode > 2:
        fail(case, f"{' '.join(argv)} exited with {proc.returncode}: {err[-800:]}")
    if "internal error" in err:
        fail(case, f"{' '.join(argv)}: {err[-400:]}")
    if "Sanitizer" in err or "runtime error:" in err:
        fail(case, f"sanitizer report: {err[-800:]}")
    return proc.returncode, out, err


def expect(connplan, case, argv, cwd, code, pattern, where="stdout", user=None):
    """Runs argv and checks the exit code and that `pattern` (a regex) is in stdout or stderr."""
    result = run(connplan, argv, cwd, case, user)
    if result is None:
        return None
    rc, out, err = result
    text = out if where == "stdout" else err
    if rc != code:
        fail(case, f"exit {rc}, expected {code}; stdout: {out[:600]} stderr: {err[:400]}")
    elif not re.search(pattern, text, re.M):
        fail(case, f"{where} lacks /{pattern}/: {text[:800]}")
    return result


def json_findings(out):
    doc = json.loads(out)
    found = list(doc.get("diagnostics", []))
    for f in doc.get("files", []):
        found += f.get("diagnostics", [])
    return found


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir")
    parser.add_argument("--shared")
    args = parser.parse_args()
    cp = str(pathlib.Path(args.connplan).resolve())
    has_size_flag = "--max-file-size" in subprocess.run(
        [cp, "inspect", "--help"], capture_output=True, text=True).stdout

    with tempfile.TemporaryDirectory() as tmp:
        t = pathlib.Path(tmp)
        os.chmod(t, 0o755)
        (t / ".git").mkdir()  # the root of every case below

        # --- size -------------------------------------------------------------------------
        big = t / "big.conf"
        with open(big, "wb") as f:  # sparse: 64 MiB + 1 byte costs nothing
            f.truncate(64 * 1024 * 1024 + 1)
        expect(cp, "named file over the default 64 MiB", ["inspect", "--kind", "postgresql",
               "big.conf"], t, 2, r"big\.conf: is 67108865 bytes, over the limit of 67108864",
               "stderr")
        big.unlink()
        (t / "size").mkdir()
        (t / "size/postgresql.conf").write_text("include 'tuning.conf'\nmax_connections = 50\n")
        (t / "size/tuning.conf").write_text("# " + "x" * 4000 + "\nwork_mem = '4MB'\n")
        if has_size_flag:
            expect(cp, "named file over --max-file-size", ["inspect", "size/tuning.conf",
                   "--max-file-size", "1KiB"], t, 2, r"over the limit of 1024 bytes", "stderr")
            expect(cp, "included file over --max-file-size",
                   ["inspect", "size/postgresql.conf", "--max-file-size", "2k"], t, 1,
                   r"^size/postgresql\.conf:1:\d+: error: .*over the limit.*\[CP006")
            expect(cp, "a malformed --max-file-size is a usage error",
                   ["inspect", "size/postgresql.conf", "--max-file-size", "lots"], t, 2,
                   r"--max-file-size", "stderr")
            env_run = subprocess.run([cp, "inspect", "size/tuning.conf"], cwd=t,
                                     capture_output=True, timeout=60,
                                     env=dict(os.environ, CONNPLAN_MAX_FILE_SIZE="100"))
            if env_run.returncode != 2:
                fail("CONNPLAN_MAX_FILE_SIZE", f"exit {env_run.returncode}, expected 2")
            expect(cp, "under the limit", ["inspect", "size/postgresql.conf", "--max-file-size",
                   "64MiB"], t, 0, r"work_mem")
        else:
            fail("--max-file-size", "the option is missing from `connplan inspect --help`")

        # --- include depth and cycles (PostgreSQL: depth 10, recursion) -------------------
        (t / "deep").mkdir()
        for i in range(15):
            (t / f"deep/c{i}.conf").write_text(f"include 'c{i + 1}.conf'\n")
        (t / "deep/c15.conf").write_text("max_connections = 7\n")
        expect(cp, "include depth 10", ["inspect", "--kind", "postgresql", "deep/c0.conf"], t, 1,
               r"^deep/c\d+\.conf:1:\d+: error: .*nesting depth.*\[CP006")
        (t / "loop").mkdir()
        (t / "loop/postgresql.conf").write_text("include 'postgresql.conf'\n")
        expect(cp, "include of itself", ["inspect", "loop/postgresql.conf"], t, 1,
               r"^loop/postgresql\.conf:1:\d+: error: .*recursion")
        (t / "loop2").mkdir()
        (t / "loop2/a.conf").write_text("include 'b.conf'\n")
        (t / "loop2/b.conf").write_text("include 'a.conf'\n")
        expect(cp, "include cycle", ["inspect", "--kind", "postgresql", "loop2/a.conf"], t, 1,
               r"^loop2/[ab]\.conf:1:\d+: error: .*(nesting depth|recursion)")
        (t / "bloop").mkdir()
        (t / "bloop/pgbouncer.ini").write_text("%include pgbouncer.ini\n[pgbouncer]\n")
        expect(cp, "pgbouncer %include cycle", ["inspect", "bloop/pgbouncer.ini"], t, 1,
               r"^bloop/pgbouncer\.ini:1:\d+: error: .*\[CP00[56]")

        # --- Python nesting --------------------------------------------------------------
        (t / "py").mkdir()
        (t / "py/settings.py").write_text("DATABASES = " + "(" * 500 + "1" + ")" * 500 + "\n")
        expect(cp, "expression nesting depth", ["inspect", "--kind", "django", "py/settings.py"],
               t, 1, r"^py/settings\.py:1:\d+: error: .*\[CP006")
        (t / "py/deep.py").write_text("X = " + "[" * 100000 + "\n")
        expect(cp, "100000 open brackets", ["inspect", "--kind", "django", "py/deep.py"], t, 1,
               r"^py/deep\.py:1:\d+: error: .*\[CP00[16]")
        (t / "py/long.py").write_text("X = " + "+".join(["1"] * 200000) + "\n")
        run(cp, ["inspect", "--kind", "django", "py/long.py"], t, "a 200000-term sum")
        (t / "py/imp.py").write_text("from .imp import *\nX = 1\n")
        run(cp, ["inspect", "--kind", "django", "py/imp.py"], t, "a module importing itself")

        # --- outside the root ---------------------------------------------------------------
        outside = pathlib.Path(tmp).parent / f"connplan-outside-{os.getpid()}.conf"
        outside.write_text("max_connections = 9\n")
        try:
            (t / "out").mkdir()
            (t / "out/postgresql.conf").write_text(f"include '{outside}'\n")
            expect(cp, "absolute include outside the root", ["inspect", "out/postgresql.conf"], t,
                   0, r"^out/postgresql\.conf:1:\d+: warning: .*\[CP007")
            (t / "out/link.conf").symlink_to(outside)
            (t / "out/viasymlink.conf").write_text("include 'link.conf'\n")
            expect(cp, "a symlink out of the root", ["inspect", "--kind", "postgresql",
                   "out/viasymlink.conf"], t, 0, r"^out/viasymlink\.conf:1:\d+: warning: .*CP007")
            expect(cp, "--allow-outside-root reads it", ["inspect", "out/postgresql.conf",
                   "--allow-outside-root"], t, 0, r"max_connections")
        finally:
            outside.unlink()

        # --- binary, NUL, invalid UTF-8, CRLF, BOM ---------------------------------------
        (t / "bad").mkdir()
        (t / "bad/nul.conf").write_bytes(b"max_connections = 10\n\0\0\0")
        expect(cp, "named binary file", ["inspect", "bad/nul.conf"], t, 1,
               r"bad/nul\.conf.*binary.*\[CP005|CP005.*binary")
        (t / "bad/postgresql.conf").write_text("include 'nul.conf'\n")
        expect(cp, "included binary file", ["inspect", "bad/postgresql.conf"], t, 1,
               r"^bad/postgresql\.conf:1:\d+: error: .*binary.*\[CP005")
        latin = b"# caf\xe9\nmax_connections = 10\napplication_name = 'caf\xe9 \xff\xfe'\n"
        (t / "bad/latin.conf").write_bytes(latin)
        for fmt in ("text", "json"):
            r = run(cp, ["inspect", "--kind", "postgresql", "bad/latin.conf", "--format", fmt],
                    t, f"invalid UTF-8 ({fmt})")
            if r and fmt == "json":
                try:
                    json.loads(r[1])
                except ValueError as e:
                    fail("invalid UTF-8 (json)", f"the document is not JSON: {e}")
        (t / "bad/latin.py").write_bytes(b"# caf\xe9\nX = 'caf\xe9'\nDATABASES = {}\n")
        # CPython: "SyntaxError: Non-UTF-8 code starting with '\xe9' in file bad/latin.py on
        # line 1, but no encoding declared" (PEP 263).
        expect(cp, "invalid UTF-8 in Python", ["inspect", "--kind", "django", "bad/latin.py"], t,
               1, r"^bad/latin\.py:1:6: error: non-UTF-8 code starting with '\\xe9'.*\[CP001")
        run(cp, ["inspect", "--kind", "django", "bad/latin.py", "--format", "json"], t,
            "invalid UTF-8 in Python (json)")
        (t / "bad/latin_gunicorn.py").write_bytes(b"workers = 'caf\xe9'\nworker_class = '\xff'\n")
        (t / "bad/latin1_cookie.py").write_bytes(
            b"# -*- coding: latin-1 -*-\nworkers = 'caf\xe9'\nbind = '\xff'\n")
        for name in ("latin_gunicorn.py", "latin1_cookie.py"):
            for fmt in ("text", "json"):
                run(cp, ["inspect", "--kind", "gunicorn", f"bad/{name}", "--format", fmt], t,
                    f"invalid UTF-8 in {name} ({fmt})")
        (t / "bad/latin.ini").write_bytes(b"[databases]\ncaf\xe9 = host=db\n[pgbouncer]\n")
        for fmt in ("text", "json"):
            run(cp, ["inspect", "bad/latin.ini", "--format", fmt], t, "invalid UTF-8 in an ini")
        lf = "max_connections = 150\nshared_buffers = '1GB' # c\ninclude_if_exists 'x.conf'\n"
        (t / "bad/lf.conf").write_text(lf)
        (t / "bad/crlf.conf").write_bytes(lf.replace("\n", "\r\n").encode())
        a = run(cp, ["inspect", "--kind", "postgresql", "bad/lf.conf", "--format", "json"], t, "LF")
        b = run(cp, ["inspect", "--kind", "postgresql", "bad/crlf.conf", "--format", "json"], t,
                "CRLF")
        if a and b:
            sa = json.loads(a[1])["files"][0]["settings"]["max_connections"]["value"]
            sb = json.loads(b[1])["files"][0]["settings"]["max_connections"]["value"]
            if sa != sb:
                fail("CRLF", f"max_connections {sb} with CRLF, {sa} with LF")
        (t / "bad/bom.conf").write_bytes(b"\xef\xbb\xbfmax_connections = 150\n")
        run(cp, ["inspect", "--kind", "postgresql", "bad/bom.conf"], t, "BOM in postgresql.conf")
        (t / "bad/bom.py").write_bytes(b"\xef\xbb\xbfworkers = 3\n")
        r = expect(cp, "BOM in a Python file (Python skips it)", ["inspect", "--kind", "gunicorn",
                   "bad/bom.py"], t, 0, r"workers")

        # --- FIFOs, directories -----------------------------------------------------------
        os.mkfifo(t / "bad/fifo.conf")
        expect(cp, "named FIFO", ["inspect", "--kind", "postgresql", "bad/fifo.conf"], t, 2,
               r"bad/fifo\.conf: is a FIFO", "stderr")
        (t / "bad/withfifo.conf").write_text("include 'fifo.conf'\n")
        expect(cp, "included FIFO", ["inspect", "--kind", "postgresql", "bad/withfifo.conf"], t,
               1, r"^bad/withfifo\.conf:1:\d+: error: .*\[CP005")
        (t / "bad/dir.conf").mkdir()
        expect(cp, "named directory", ["inspect", "--kind", "postgresql", "bad/dir.conf"], t, 2,
               r"bad/dir\.conf: is a directory", "stderr")
        (t / "bad/withdir.conf").write_text("include 'dir.conf'\n")
        expect(cp, "included directory", ["inspect", "--kind", "postgresql", "bad/withdir.conf"],
               t, 1, r"^bad/withdir\.conf:1:\d+: error: .*\[CP005")
        (t / "dirtoml").mkdir()
        (t / "dirtoml/connplan.toml").mkdir()
        expect(cp, "a directory named connplan.toml", ["check", "."], t / "dirtoml", 2,
               r"connplan\.toml", "stderr")
        (t / "fifoproj").mkdir()
        os.mkfifo(t / "fifoproj/settings.py")
        (t / "fifoproj/connplan.toml").write_text('[django]\nsettings = "settings.py"\n')
        run(cp, ["check", "."], t / "fifoproj", "a FIFO named by connplan.toml")

        # --- unreadable files, as an unprivileged user ------------------------------------
        probe = subprocess.run(["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups",
                                "--", "true"], capture_output=True)
        if probe.returncode == 0:
            (t / "perm").mkdir()
            (t / "perm/secret.conf").write_text("max_connections = 5\n")
            os.chmod(t / "perm/secret.conf", 0o000)
            (t / "perm/postgresql.conf").write_text("include 'secret.conf'\n")
            for p in (t, t / "perm", t / "perm/postgresql.conf", t / ".git"):
                os.chmod(p, 0o755 if p.is_dir() else 0o644)
            os.chmod(pathlib.Path(tmp).parent, os.stat(pathlib.Path(tmp).parent).st_mode | 0o005)
            expect(cp, "named unreadable file", ["inspect", "--kind", "postgresql",
                   "perm/secret.conf"], t, 2, r"perm/secret\.conf: permission denied", "stderr",
                   user="nobody")
            expect(cp, "included unreadable file", ["inspect", "perm/postgresql.conf"], t, 1,
                   r"^perm/postgresql\.conf:1:\d+: error: .*\[CP005", user="nobody")
        else:
            print("note: setpriv cannot switch to nobody; unreadable files are covered by the "
                  "injected reader in the unit tests")

    if FAILURES:
        for f in FAILURES:
            print("FAIL:", f)
        return 1
    print("ok: every limit gives a finding or exit 2")
    return 0


if __name__ == "__main__":
    sys.exit(main())
