#!/usr/bin/python3
"""Differential test of the gunicorn model against Debian's gunicorn 20.1.

Cases: every file of fixtures/gunicorn/ and of <shared>/corpus/gunicorn/ (read in place; skipped
when absent). For each case:

- gunicorn side: /usr/bin/python3 in a clean environment (`env -i PATH=/usr/bin:/bin HOME=/tmp`
  plus only the variables the case sets), as `nobody` when run as root, in a temporary working
  directory, with a timeout. It creates gunicorn's `Config()` and loads the file with gunicorn's own
  `Application.load_config_from_file` (gunicorn/app/base.py @ 20.1.0: exec the file as module
  `__config__`, then `cfg.set(k.lower(), v)` for every known name), then reports
  `cfg.settings[name].get()` for every setting and `cfg.worker_class_str`.
- connplan side: the gtest `GunicornInspect.OracleDump` of connplan_gunicorn_tests writes the
  inspect document of each case (`--gunicorn-version 20.1`, the same environment, and
  `cpus = os.cpu_count()` of this process, which is what cpu_count() returns to gunicorn's side).

A fixture may name its environment on a line `# oracle-env: NAME=VALUE ...`.

Every setting's value and the effective worker class are compared. Files gunicorn cannot load
(missing app dependencies, KeyError on an unset variable) are listed with the reason, not hidden.
Prints `N passed, M failed`; exits 1 on any disagreement not covered by a named exception below,
77 when Debian's gunicorn or the test binary is not available.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

VERSION = "20.1"

# The gunicorn side, run inside the clean environment. Output goes to a file because config files
# print (e.g. tiangolo's prints its settings as JSON).
CHILD = r'''
import inspect, json, sys
out_path, config_path = sys.argv[1], sys.argv[2]
from gunicorn.config import Config
from gunicorn.app.base import Application

class Loader(Application):
    def __init__(self):
        self.cfg = Config()
    def init(self, parser, opts, args):
        pass
    def load(self):
        pass

def plain(v):
    if v is None or isinstance(v, (bool, str)):
        return v
    if isinstance(v, int):
        return int(v)
    if isinstance(v, float):
        return v
    if isinstance(v, (list, tuple)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if inspect.isclass(v):
        return v.__module__ + "." + v.__qualname__
    if callable(v):
        return "<callable>" + getattr(v, "__qualname__", repr(v))
    return repr(v)

app = Loader()
result = {}
try:
    app.load_config_from_file(config_path)
except SystemExit as e:
    result = {"status": "not_loadable"}
except BaseException as e:
    result = {"status": "refused", "error": "%s: %s" % (type(e).__name__, e)}
else:
    settings = {name: plain(s.get()) for name, s in app.cfg.settings.items()}
    try:
        worker_class = app.cfg.worker_class_str
    except Exception as e:
        worker_class = None
    result = {"status": "loaded", "settings": settings, "worker_class_str": plain(worker_class)}
with open(out_path, "w") as f:
    json.dump(result, f)
'''

# --- Named exceptions: every difference the comparison accepts, and why. ---

# chdir, user and group default to the process's working directory, uid and gid
# (gunicorn/config.py @ 20.1.0 `util.getcwd()`, `os.geteuid()`, `os.getegid()`): connplan reports
# them as unknown because they depend on the host, not on the file.
RUNTIME_DEFAULTS = {"chdir", "user", "group"}

# validate_post_request wraps a 2- or 3-argument hook in a lambda, so gunicorn's value has no
# name of its own (gunicorn/config.py @ 20.1.0); connplan shows the user's function.
WRAPPED_HOOK = "validate_post_request.<locals>.<lambda>"

# worker_class_str prints "threads" for the switched sync worker in 20.1 ("gthread" from 23.0) and
# the value as written otherwise; connplan's worker_class_effective is CONTRACTS §6's canonical
# name (aliases and built-in class paths as sync/gthread/gevent/eventlet/tornado).
CANONICAL_CLASSES = {
    "threads": "gthread",
    "gevent_wsgi": "gevent",
    "gevent_pywsgi": "gevent",
    "egg:gunicorn#sync": "sync",
    "egg:gunicorn#gevent": "gevent",
    "egg:gunicorn#eventlet": "eventlet",
    "egg:gunicorn#gthread": "gthread",
    "egg:gunicorn#tornado": "tornado",
    "gunicorn.workers.sync.SyncWorker": "sync",
    "gunicorn.workers.gthread.ThreadWorker": "gthread",
    "gunicorn.workers.ggevent.GeventWorker": "gevent",
    "gunicorn.workers.ggevent.GeventPyWSGIWorker": "gevent",
    "gunicorn.workers.geventlet.EventletWorker": "eventlet",
    "gunicorn.workers.gtornado.TornadoWorker": "tornado",
}

# CONTRACTS §9: values of names matching these, and URL passwords, are "***" on connplan's side.
SECRET_NAME = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL", re.I)

# connplan keeps a value unknown when it comes from an environment variable that the case does
# not set (it may be set where gunicorn runs); the clean environment of the gunicorn side leaves it
# unset. Such values are listed, not failed.
ENV_UNKNOWN = re.compile(r"environment|env var|not set|unset", re.I)


def oracle_available():
    try:
        subprocess.run(["/usr/bin/python3", "-c", "import gunicorn.config"], check=True,
                       env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"}, capture_output=True,
                       timeout=60)
        return True
    except (OSError, subprocess.SubprocessError):
        return False


def case_env(path):
    env = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"\s*#\s*oracle-env:\s*(.*)", line)
                if m:
                    for item in m.group(1).split():
                        k, _, v = item.partition("=")
                        env[k] = v
    except OSError:
        pass
    return env


def run_gunicorn(path, env, workdir):
    out = os.path.join(workdir, "result.json")
    clean = {"PATH": "/usr/bin:/bin", "HOME": "/tmp"}
    clean.update(env)
    cmd = ["/usr/bin/python3", "-c", CHILD, out, os.path.abspath(path)]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
        os.chmod(workdir, 0o777)
    try:
        proc = subprocess.run(cmd, env=clean, cwd=workdir, capture_output=True, text=True,
                              timeout=30)
    except subprocess.TimeoutExpired:
        return {"status": "not_loadable", "reason": "timed out"}
    try:
        with open(out) as f:
            result = json.load(f)
    except (OSError, ValueError):
        result = {"status": "not_loadable"}
    if result["status"] == "refused":
        # app/base.py prints "Invalid value for <name>: <value>" before re-raising.
        m = re.search(r"Invalid value for (\w+):", proc.stderr)
        result["setting"] = m.group(1) if m else None
    if result["status"] == "not_loadable":
        lines = [l for l in proc.stderr.strip().splitlines() if l.strip()]
        result["reason"] = lines[-1] if lines else f"exit {proc.returncode}"
    return result


def run_connplan(binary, cases, workdir):
    manifest = []
    for i, (path, env, cpus) in enumerate(cases):
        manifest.append({"file": os.path.abspath(path), "version": VERSION, "env": env,
                         "cpus": cpus, "out": os.path.join(workdir, f"connplan-{i}.json")})
    manifest_path = os.path.join(workdir, "manifest.json")
    with open(manifest_path, "w") as f:
        json.dump(manifest, f)
    env = dict(os.environ, CONNPLAN_GUNICORN_DUMP=manifest_path)
    proc = subprocess.run([binary, "--gtest_filter=GunicornInspect.OracleDump"], env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit(f"connplan dump failed:\n{proc.stdout}\n{proc.stderr}")
    docs = []
    for m in manifest:
        with open(m["out"]) as f:
            docs.append(json.load(f))
    return docs


def redacted_match(mine, theirs):
    """connplan's string with "***" where a secret was matches gunicorn's unredacted one."""
    if "***" not in mine:
        return False
    pattern = "^" + ".*".join(re.escape(p) for p in mine.split("***")) + "$"
    return re.match(pattern, theirs, re.S) is not None


def same(name, mine, theirs):
    if isinstance(theirs, str) and theirs.startswith("<callable>"):
        qualname = theirs[len("<callable>"):]
        if qualname == WRAPPED_HOOK:
            return isinstance(mine, str)
        return mine == qualname
    if SECRET_NAME.search(name) and isinstance(theirs, str) and theirs and mine == "***":
        return True
    if isinstance(mine, str) and isinstance(theirs, str):
        return mine == theirs or redacted_match(mine, theirs)
    if isinstance(mine, list) and isinstance(theirs, list):
        return len(mine) == len(theirs) and all(same(name, a, b) for a, b in zip(mine, theirs))
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return mine.keys() == theirs.keys() and all(same(k, mine[k], theirs[k]) for k in mine)
    if isinstance(mine, bool) or isinstance(theirs, bool):
        return mine is theirs or mine == theirs and type(mine) is type(theirs)
    return mine == theirs


def compare(doc, real):
    """(failures, explained) for one loaded file."""
    failures, explained = [], []
    settings = doc.get("settings", {})
    for name, theirs in sorted(real["settings"].items()):
        entry = settings.get(name)
        if entry is None:
            failures.append(f"{name}: missing from connplan's settings")
            continue
        status = entry.get("status")
        if status == "unknown":
            if name in RUNTIME_DEFAULTS:
                continue
            if ENV_UNKNOWN.search(entry.get("reason", "")):
                explained.append(f"{name}: unknown ({entry.get('reason')}); gunicorn: {theirs!r}")
                continue
            failures.append(f"{name}: connplan unknown ({entry.get('reason')}), gunicorn "
                            f"{theirs!r}")
            continue
        if status == "alternatives":
            if any(same(name, alt, theirs) for alt in entry.get("alternatives", [])):
                continue
            failures.append(f"{name}: gunicorn {theirs!r} not among connplan's alternatives "
                            f"{entry.get('alternatives')}")
            continue
        if not same(name, entry.get("value"), theirs):
            failures.append(f"{name}: connplan {entry.get('value')!r}, gunicorn {theirs!r}")
    theirs = real.get("worker_class_str")
    theirs = CANONICAL_CLASSES.get(theirs, theirs)
    mine = doc.get("worker_class_effective")
    wc = settings.get("worker_class", {})
    if mine is None and settings.get("threads", {}).get("status") == "unknown":
        explained.append(f"worker_class_effective: unknown (threads unknown); gunicorn {theirs!r}")
    elif wc.get("status") == "alternatives" and mine != theirs:
        explained.append(f"worker_class_effective: worst case {mine!r} of alternatives; "
                         f"gunicorn {theirs!r}")
    elif mine != theirs:
        failures.append(f"worker_class_effective: connplan {mine!r}, gunicorn {theirs!r}")
    return failures, explained


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared", required=True)
    args = parser.parse_args()

    if not oracle_available():
        print("skipped: Debian's gunicorn (python3-gunicorn) is not installed")
        return 77
    binary = os.path.join(os.path.dirname(args.connplan), "tests", "connplan_gunicorn_tests")
    if not os.access(binary, os.X_OK):
        print(f"skipped: {binary} is not built")
        return 77

    paths = []
    fixtures = os.path.join(args.source_dir, "fixtures", "gunicorn")
    corpus = os.path.join(args.shared, "corpus", "gunicorn")
    for folder in (fixtures, corpus):
        if os.path.isdir(folder):
            paths += [os.path.join(folder, n) for n in sorted(os.listdir(folder))
                      if os.path.isfile(os.path.join(folder, n))]
    cpus = os.cpu_count()
    cases = [(p, case_env(p), cpus) for p in paths]

    passed, failed, values_checked = 0, 0, 0
    not_loadable = []
    unexplained = []
    with tempfile.TemporaryDirectory() as tmp:
        docs = run_connplan(binary, cases, tmp)
        for (path, env, _), doc in zip(cases, docs):
            shown = os.path.relpath(path, os.path.dirname(os.path.dirname(path)))
            work = tempfile.mkdtemp(prefix="gunicorn-oracle-")
            real = run_gunicorn(path, env, work)
            shutil.rmtree(work, ignore_errors=True)
            if "error" in doc:
                failed += 1
                unexplained.append(f"{shown}: connplan failed: {doc['error']}")
                continue
            if real["status"] == "not_loadable":
                not_loadable.append(f"{shown}: {real['reason']}")
                continue
            if real["status"] == "refused":
                entry = doc.get("settings", {}).get(real.get("setting") or "", {})
                if (doc.get("accepted") is not False and entry.get("status") == "unknown"
                        and ENV_UNKNOWN.search(entry.get("reason", ""))):
                    # ENV_UNKNOWN: the variable is unset only in the oracle's clean environment.
                    passed += 1
                    print(f"note {shown}: gunicorn refuses {real['setting']} in a clean "
                          f"environment ({real['error']}); connplan: unknown "
                          f"({entry.get('reason')})")
                    continue
                if doc.get("accepted") is False:
                    passed += 1
                    print(f"ok   {shown}: both refuse it ({real['error']})")
                else:
                    failed += 1
                    unexplained.append(f"{shown}: gunicorn refuses it ({real['error']}), "
                                       f"connplan accepts it")
                continue
            if doc.get("accepted") is False:
                failed += 1
                errors = [d["message"] for d in doc.get("diagnostics", [])
                          if d.get("severity") == "error"]
                unexplained.append(f"{shown}: gunicorn loads it, connplan refuses it: {errors}")
                continue
            failures, explained = compare(doc, real)
            values_checked += len(real["settings"]) + 1
            for e in explained:
                print(f"note {shown}: {e}")
            if failures:
                failed += 1
                unexplained += [f"{shown}: {f}" for f in failures]
            else:
                passed += 1
                print(f"ok   {shown}")

    if not_loadable:
        print(f"\ngunicorn cannot load {len(not_loadable)} file(s) in a clean environment:")
        for line in not_loadable:
            print(f"  {line}")
    if unexplained:
        print("\ndisagreements:")
        for line in unexplained:
            print(f"  {line}")
    print(f"\n{passed} passed, {failed} failed ({values_checked} values compared, "
          f"{len(not_loadable)} not loadable, cpus={cpus}, gunicorn {VERSION})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
