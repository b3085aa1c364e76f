#!/usr/bin/python3
"""Differential test of the Celery model against Debian's Celery 5.2.6.

Cases: every Python file of fixtures/celery/ (except package `__init__.py` files) and of
<shared>/corpus/celery/ (read in place; skipped when absent). For each case:

- connplan side: the gtest `CeleryInspect.OracleDump` of connplan_celery_tests writes the inspect
  document of each case (`--celery-version 5.2`, the same environment). Its `source_kind` says how
  connplan read the file, and the Celery side loads it the same way:
  - config_module: `app = Celery(); app.config_from_object(<the module>)` (the file imported as a
    module, its directory and the case's root on sys.path), or the module's attribute named by
    `config_object` (Superset's CELERY_CONFIG class);
  - django_settings: the file as DJANGO_SETTINGS_MODULE (through a symlink in a temporary
    directory, so the file is read in place), then
    `app.config_from_object("django.conf:settings", namespace="CELERY")`;
  - app_module: the file imported as a module (as `proj.celery` when it sits in a package under
    the root), and its `app` (else its first Celery instance) taken as is.
- Celery side: /usr/bin/python3 in a clean environment (`env -i PATH=/usr/bin:/bin HOME=/tmp` plus
  only the variables the case sets), as `nobody` when run as root, in a temporary working
  directory, with a timeout. It reads `getattr(app.conf, key)` for every setting connplan reports
  (so Settings' properties, e.g. the CELERY_BROKER_URL override, apply), and catches Celery's
  ImproperlyConfigured "Cannot mix ..." refusal.

Compared: acceptance (connplan's `accepted` against the refusal) and every setting connplan reports
as known (an `alternatives` entry agrees when Celery's value is one of them; unknown entries are
counted, not compared). Files Celery cannot load (a corpus app module importing its project, a
settings module with relative imports) are listed with the reason, not hidden.
A fixture may name its environment on a line `# oracle-env: NAME=VALUE ...`.

Prints `N passed, M failed`; exits 1 on any disagreement not covered by a named exception below,
77 when Debian's Celery or the test binary is not available.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

VERSION = "5.2"
TIMEOUT = 60

# The Celery side, run inside the clean environment; output goes to a file because modules print.
CHILD = r'''
import datetime, importlib.util, json, math, os, sys
out_path, spec = sys.argv[1], json.loads(sys.argv[2])

def plain(v):
    if isinstance(v, datetime.timedelta):
        return v.total_seconds()
    if isinstance(v, float) and math.isinf(v):
        return "inf"
    if isinstance(v, (list, tuple, set, frozenset)):
        return [plain(x) for x in v]
    if isinstance(v, dict):
        return {str(k): plain(x) for k, x in v.items()}
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    if isinstance(v, bytes):
        return v.decode("utf-8", "replace")
    return "<object " + type(v).__module__ + "." + type(v).__qualname__ + ">"

def load(name, path):
    s = importlib.util.spec_from_file_location(name, path)
    m = importlib.util.module_from_spec(s)
    sys.modules[name] = m
    s.loader.exec_module(m)
    return m

result = {}
try:
    sys.path[:0] = spec["path"]
    from celery import Celery
    from celery.exceptions import ImproperlyConfigured
    try:
        if spec["mode"] == "config_module":
            app = Celery(set_as_current=False)
            module = load("connplan_oracle_config", spec["file"])
            app.config_from_object(getattr(module, spec["object"]) if spec["object"] else module)
        elif spec["mode"] == "django_settings":
            os.environ["DJANGO_SETTINGS_MODULE"] = spec["module"]
            # Import it first: Celery's lookups catch KeyError, so a settings module failing with
            # KeyError (os.environ["SECRET_KEY"]) would look like a configuration without keys.
            importlib.import_module(spec["module"])
            app = Celery(set_as_current=False)
            app.config_from_object("django.conf:settings", namespace="CELERY")
        else:
            if "." in spec["module"]:
                importlib.import_module(spec["module"].rsplit(".", 1)[0])
            mod = load(spec["module"], spec["file"])
            app = getattr(mod, "app", None)
            if not isinstance(app, Celery):
                apps = [v for v in vars(mod).values() if isinstance(v, Celery)]
                if not apps:
                    raise RuntimeError("no Celery app in the module")
                app = apps[0]
            if os.environ.get("DJANGO_SETTINGS_MODULE"):
                importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
        values = {}
        for key in spec["keys"]:
            values[key] = plain(getattr(app.conf, key))
        result = {"status": "ok", "values": values}
    except ImproperlyConfigured as e:
        if "Cannot mix" not in str(e):
            raise
        result = {"status": "refused", "message": " ".join(str(e).split())}
except BaseException as e:
    result = {"status": "not_loadable", "reason": (type(e).__name__ + ": " + str(e))[:300]}
with open(out_path, "w") as f:
    json.dump(result, f)
'''

SECRET_NAME = re.compile("PASS|SECRET|TOKEN|KEY|CREDENTIAL", re.I)

# Differences that are understood, each with its reason: (predicate, explanation).
def holds_object(v):
    if isinstance(v, str):
        return v.startswith("<object ")
    if isinstance(v, list):
        return any(holds_object(x) for x in v)
    if isinstance(v, dict):
        return any(holds_object(x) for x in v.values())
    return False


def same_where_known(mine, theirs):
    """Equal, except where connplan has null inside a container (a call it does not model)."""
    if mine is None:
        return True
    if isinstance(mine, list) and isinstance(theirs, list):
        return len(mine) == len(theirs) and all(
            same_where_known(a, b) for a, b in zip(mine, theirs))
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return mine.keys() == theirs.keys() and all(
            same_where_known(mine[k], theirs[k]) for k in mine)
    return same("", mine, theirs)


EXPLAINED = [
    (lambda case, key, ours, theirs: holds_object(theirs),
     "the setting holds Python objects (kombu Queues, crontabs, classes); connplan reports the "
     "constructor's qualified name, not the object"),
    (lambda case, key, ours, theirs: isinstance(ours, (list, dict)) and
     same_where_known(ours, theirs),
     "inside the container, connplan has null where the file calls something it does not model "
     "(timedelta(...), crontab(...)); everything else agrees"),
]


def redacted_match(mine, theirs):
    """connplan's string with "***" where a secret was matches Celery's unredacted one."""
    if "***" not in mine:
        return False
    pattern = "^" + ".*".join(re.escape(p) for p in mine.split("***")) + "$"
    return re.match(pattern, theirs, re.S) is not None


def same(name, mine, theirs):
    if SECRET_NAME.search(name) and mine == "***" and theirs is not None:
        return True
    if isinstance(mine, str) and isinstance(theirs, str):
        return mine == theirs or redacted_match(mine, theirs)
    if isinstance(mine, bool) or isinstance(theirs, bool):
        return mine is theirs
    if isinstance(mine, (int, float)) and isinstance(theirs, (int, float)):
        return float(mine) == float(theirs)
    if isinstance(mine, list) and isinstance(theirs, list):
        return len(mine) == len(theirs) and all(same(name, a, b) for a, b in zip(mine, theirs))
    if isinstance(mine, dict) and isinstance(theirs, dict):
        return mine.keys() == theirs.keys() and all(same(k, mine[k], theirs[k]) for k in mine)
    return mine == theirs


def oracle_env(path):
    env = {}
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            m = re.match(r"\s*#\s*oracle-env:\s*(.*)", line)
            if m:
                for item in m.group(1).split():
                    k, _, v = item.partition("=")
                    env[k] = v
    return env


def cases(source_dir, shared):
    out = []
    fixtures = os.path.join(source_dir, "fixtures", "celery")
    for top in sorted(os.listdir(fixtures)):
        root = os.path.join(fixtures, top)
        if not os.path.isdir(root):
            continue
        for dirpath, _, files in sorted(os.walk(root)):
            for name in sorted(files):
                if name.endswith(".py") and name != "__init__.py":
                    path = os.path.join(dirpath, name)
                    out.append((path, root, oracle_env(path)))
    corpus = os.path.join(shared, "corpus", "celery")
    if os.path.isdir(corpus):
        for name in sorted(os.listdir(corpus)):
            if name.endswith(".py"):
                out.append((os.path.join(corpus, name), corpus, {}))
    return out


def run_connplan(binary, case_list, workdir):
    manifest = []
    for i, (path, root, env) in enumerate(case_list):
        manifest.append({"file": os.path.abspath(path), "root": os.path.abspath(root),
                         "version": VERSION, "env": env,
                         "out": os.path.join(workdir, f"connplan-{i}.json")})
    manifest_path = os.path.join(workdir, "manifest.json")
    with open(manifest_path, "w") as f:
        json.dump(manifest, f)
    env = dict(os.environ, CONNPLAN_CELERY_DUMP=manifest_path)
    proc = subprocess.run([binary, "--gtest_filter=CeleryInspect.OracleDump"], env=env,
                          capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        sys.exit(f"connplan dump failed:\n{proc.stdout}\n{proc.stderr}")
    docs = []
    for m in manifest:
        with open(m["out"]) as f:
            docs.append(json.load(f))
    return docs


def module_name(path, root):
    """`proj.celery` for root/proj/celery.py when proj is a package; else a neutral name."""
    rel = os.path.relpath(path, root)
    parts = rel[:-3].split(os.sep)
    ok = all(re.fullmatch(r"[A-Za-z_]\w*", p) for p in parts)
    if ok and len(parts) > 1 and all(
            os.path.isfile(os.path.join(root, *parts[:i], "__init__.py"))
            for i in range(1, len(parts))):
        return ".".join(parts)
    return "connplan_oracle_app"


def run_celery(case, doc, workdir, index):
    path, root, env = case
    mode = doc.get("source_kind", "config_module")
    tmp = os.path.join(workdir, f"case-{index}")
    os.mkdir(tmp)
    os.chmod(tmp, 0o777)
    # Python runs from the project root (`celery -A proj worker`); the file's own directory is on
    # sys.path only for a config module that is not next to a celery.py (proj/celery.py would
    # shadow the celery package).
    directory = os.path.dirname(os.path.abspath(path))
    sys_path = [tmp, os.path.abspath(root)]
    if mode == "config_module" and not os.path.exists(os.path.join(directory, "celery.py")):
        sys_path.append(directory)
    spec = {"mode": mode, "file": os.path.abspath(path), "keys": sorted(doc["settings"]),
            "path": sys_path, "object": doc.get("config_object")}
    if mode == "django_settings":
        os.symlink(os.path.abspath(path), os.path.join(tmp, "connplan_oracle_settings.py"))
        spec["module"] = "connplan_oracle_settings"
    elif mode == "app_module":
        spec["module"] = module_name(os.path.abspath(path), os.path.abspath(root))
    out = os.path.join(tmp, "result.json")
    child_env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "PYTHONDONTWRITEBYTECODE": "1"}
    child_env.update(env)
    command = ["/usr/bin/python3", "-W", "ignore", "-c", CHILD, out, json.dumps(spec)]
    if os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + command
    try:
        proc = subprocess.run(command, env=child_env, cwd=tmp, capture_output=True, text=True,
                              timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return {"status": "not_loadable", "reason": f"timed out after {TIMEOUT} s"}
    if not os.path.exists(out):
        lines = [l for l in proc.stderr.strip().splitlines() if l.strip()]
        return {"status": "not_loadable", "reason": lines[-1] if lines else f"exit {proc.returncode}"}
    with open(out) as f:
        return json.load(f)


def explained(case, key, ours, theirs):
    for predicate, reason in EXPLAINED:
        if predicate(case, key, ours, theirs):
            return reason
    return None


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared", required=True)
    args = parser.parse_args()

    probe = subprocess.run(["/usr/bin/python3", "-c", "import celery; print(celery.__version__)"],
                           env={"PATH": "/usr/bin:/bin", "HOME": "/tmp"}, capture_output=True,
                           text=True)
    if probe.returncode != 0 or not probe.stdout.startswith("5.2"):
        print("Debian's python3-celery 5.2 is not installed: skipped")
        return 77
    binary = os.path.join(os.path.dirname(args.connplan), "tests", "connplan_celery_tests")
    if not os.path.exists(binary):
        binary = os.path.join(os.path.dirname(args.connplan), "connplan_celery_tests")
    if not os.path.exists(binary):
        print(f"{binary} is not built: skipped")
        return 77

    case_list = cases(args.source_dir, args.shared)
    workdir = tempfile.mkdtemp(prefix="connplan-celery-oracle-")
    os.chmod(workdir, 0o755)
    try:
        docs = run_connplan(binary, case_list, workdir)
        passed = failed = unknown = 0
        not_loadable, failures, notes = [], [], []
        for index, (case, doc) in enumerate(zip(case_list, docs)):
            shown = os.path.relpath(case[0], args.source_dir if case[0].startswith(
                args.source_dir) else args.shared)
            if "error" in doc:
                failures.append(f"{shown}: connplan failed: {doc['error']}")
                failed += 1
                continue
            entry = doc  # one inspected file (CONTRACTS §6)
            result = run_celery(case, entry, workdir, index)
            if result["status"] == "not_loadable":
                not_loadable.append(f"{shown}: {result['reason']}")
                continue
            accepted = result["status"] == "ok"
            if accepted != entry["accepted"]:
                failures.append(f"{shown}: connplan accepted={entry['accepted']}, Celery "
                                f"{'accepts' if accepted else 'refuses: ' + result.get('message', '')}")
                failed += 1
            else:
                passed += 1
            if not accepted:
                continue
            for key, ours in sorted(entry["settings"].items()):
                theirs = result["values"].get(key)
                if ours["status"] == "unknown":
                    unknown += 1
                    continue
                if ours["status"] == "alternatives":
                    ok = any(same(key, a, theirs) for a in ours["alternatives"])
                else:
                    ok = same(key, ours["value"], theirs)
                if ok:
                    passed += 1
                    continue
                reason = explained(case, key, ours["value"], theirs)
                if reason:
                    notes.append(f"{shown}: {key}: connplan {ours['value']!r}, Celery {theirs!r} "
                                 f"(explained: {reason})")
                    passed += 1
                else:
                    failures.append(f"{shown}: {key}: connplan {json.dumps(ours['value'])}, "
                                    f"Celery {json.dumps(theirs)}")
                    failed += 1
        print(f"cases: {len(case_list)}, loaded by Celery: {len(case_list) - len(not_loadable)}")
        for line in not_loadable:
            print(f"  not loadable: {line}")
        for line in notes:
            print(f"  {line}")
        for line in failures:
            print(f"  DISAGREE {line}")
        print(f"{passed} passed, {failed} failed ({unknown} unknown values not compared)")
        return 1 if failed else 0
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
