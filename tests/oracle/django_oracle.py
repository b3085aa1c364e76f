#!/usr/bin/python3
"""Differential test: connplan's Django model against Django 3.2 (Debian's python3-django).

Cases: every settings file of fixtures/django/ (not __init__.py) and every file of
<shared>/corpus/django/ (read in place). For each case:
- Django side: /usr/bin/python3 in a clean environment (`env -i`, only PATH, HOME and
  DJANGO_SETTINGS_MODULE; as root it drops to nobody), in a temporary directory, with sys.path set
  so the file imports as the dotted module its path implies (fixtures/django/incident_split/local.py
  is `incident_split.local` under fixtures/django, so `from .base import *` works; a corpus file is
  a top-level module of the corpus directory). It runs
  `from django.conf import settings; from django.db import connections`, then for every alias
  `connections.ensure_defaults(alias)` and `connections.prepare_test_settings(alias)` (what
  `connections[alias]` does in 3.2 before it creates the connection object), and dumps
  `connections.databases` (= settings.DATABASES after configure_settings).
- connplan side: the gtest `DjangoInspect.OracleDump` of connplan_django_tests (in
  dirname(--connplan)/tests/) writes `inspect` documents for `--django-version 3.2`.
- Compared: the set of aliases, and per alias every key either side has. PASSWORD (and any secret
  key) is "***" on both sides when set. A connplan value that is `unknown` is listed as unresolved,
  not compared; `alternatives` agree when Django's value is one of them. A file Django cannot load
  is listed with the reason; when Django refuses it for a missing 'default' alias, connplan must
  say `accepted: false`.

Exit: 0 when every disagreement is explained by a named exception below, 1 otherwise, 77 when
Django 3.2 is not installed. Python 3 standard library only.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile

PYTHON = "/usr/bin/python3"
VERSION = "3.2"
SECRET = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL", re.I)
URL_PASSWORD = re.compile(r"(://[^/?#@\s:'\"]*:)([^@/?#\s'\"]*)(@)")

CHILD = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
try:
    from django.conf import settings
    from django.db import connections
    settings.DATABASES  # imports the settings module
    aliases = list(connections)
    for alias in aliases:
        connections.ensure_defaults(alias)
        connections.prepare_test_settings(alias)
    out = {"databases": connections.databases}
except BaseException as e:  # noqa: B902 - the oracle reports every failure
    out = {"error": type(e).__name__ + ": " + str(e).splitlines()[0] if str(e) else type(e).__name__}
print("\n@@ORACLE@@" + json.dumps(out, default=repr, sort_keys=True))
"""


def masked(key, value):
    """CONTRACTS.md §9 on the oracle's side: secret keys' values and URL passwords."""
    if isinstance(value, dict):
        return {k: masked(k, v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [masked(key, v) for v in value]
    if key and SECRET.search(key) and value not in ("", None):
        return "***"
    if isinstance(value, str):
        return URL_PASSWORD.sub(r"\1***\3", value)
    return value


# Differences that are understood: (name, predicate(case_text, alias, key, ours, theirs), reason).
# `ours`/`theirs` are None when that side lacks the key (MISSING marks a missing key).
MISSING = object()
EXPLAINED = [
    ("dj-database-url-new-keys",
     lambda text, alias, key, ours, theirs: "dj_database_url" in text and theirs is MISSING
     and key in ("CONN_HEALTH_CHECKS", "DISABLE_SERVER_SIDE_CURSORS") and ours is False,
     "connplan models current dj-database-url, which always writes CONN_HEALTH_CHECKS (since "
     "1.1.0) and DISABLE_SERVER_SIDE_CURSORS (since 2.2.0); Debian's 0.5 writes neither "
     "(jazzband/dj-database-url CHANGELOG.md)"),
    ("dj-database-url-engine-name",
     lambda text, alias, key, ours, theirs: "dj_database_url" in text and key == "ENGINE"
     and ours == "django.db.backends.postgresql"
     and theirs == "django.db.backends.postgresql_psycopg2",
     "dj-database-url 0.5 maps postgres:// to the old alias postgresql_psycopg2 (the same backend "
     "in Django 3.2); current versions map it to django.db.backends.postgresql"),
    ("django-environ-engine-name",
     lambda text, alias, key, ours, theirs: "environ" in text and key == "ENGINE"
     and ours == "django.db.backends.postgresql"
     and theirs == "django.db.backends.postgresql_psycopg2",
     "django-environ 0.4.4 maps postgres:// to postgresql_psycopg2; current versions map it to "
     "django.db.backends.postgresql"),
]


def module_of(path, root):
    rel = os.path.relpath(path, root)
    return rel[:-3].replace(os.sep, ".")


def drop_privileges():
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    return []


def run_django(path, root):
    module = module_of(path, root)
    if "." in os.path.basename(path)[:-3] or "{" in module:
        return {"error": "file name is not an importable module name"}
    env = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": module,
           "PYTHONDONTWRITEBYTECODE": "1"}
    with tempfile.TemporaryDirectory() as tmp:
        os.chmod(tmp, 0o777)
        cmd = drop_privileges() + ["env", "-i"] + [f"{k}={v}" for k, v in env.items()] + \
            [PYTHON, "-I", "-c", CHILD, root]
        # -I ignores PYTHON* variables and the user site; sys.path[0] is set by the child.
        try:
            proc = subprocess.run(cmd, cwd=tmp, capture_output=True, text=True, timeout=60)
        except subprocess.TimeoutExpired:
            return {"error": "timeout"}
    marker = proc.stdout.rfind("@@ORACLE@@")
    if marker < 0:
        lines = [l for l in proc.stderr.strip().splitlines() if l.strip()]
        return {"error": lines[-1] if lines else f"exit {proc.returncode}"}
    return json.loads(proc.stdout[marker + len("@@ORACLE@@"):])


def run_connplan(binary, cases, workdir):
    manifest = []
    for i, (path, root) in enumerate(cases):
        manifest.append({"file": path, "version": VERSION, "root": root, "python_path": root,
                         "env": {}, "out": os.path.join(workdir, f"connplan-{i}.json")})
    manifest_path = os.path.join(workdir, "manifest.json")
    with open(manifest_path, "w") as f:
        json.dump(manifest, f)
    proc = subprocess.run([binary, "--gtest_filter=DjangoInspect.OracleDump"],
                          env=dict(os.environ, CONNPLAN_DJANGO_DUMP=manifest_path),
                          capture_output=True, text=True, timeout=900)
    if proc.returncode != 0:
        sys.exit(f"connplan dump failed:\n{proc.stdout}\n{proc.stderr}")
    docs = []
    for m in manifest:
        with open(m["out"]) as f:
            docs.append(json.load(f))
    return docs


def explained(text, alias, key, ours, theirs):
    for name, predicate, _ in EXPLAINED:
        try:
            if predicate(text, alias, key, ours, theirs):
                return name
        except Exception:  # a predicate that does not apply
            continue
    return None


def compare(path, text, doc, oracle, report):
    """Returns (passed, failed) counts of compared values for one case."""
    passed = failed = 0
    if "error" in doc:
        report.append(f"FAIL {path}: connplan error {doc['error']}")
        return 0, 1
    if "error" in oracle:
        if "must define a 'default' database" in oracle["error"]:
            if doc.get("accepted") is False:
                return 1, 0
            report.append(f"FAIL {path}: Django refuses it ({oracle['error']}); connplan accepts it")
            return 0, 1
        report.append(f"NOT LOADABLE {path}: {oracle['error']}")
        return 0, 0
    theirs_all = {a: masked(None, {k: masked(k, v) for k, v in d.items()})
                  for a, d in oracle["databases"].items()}
    ours_all = doc.get("databases", {})
    if set(theirs_all) != set(ours_all):
        report.append(f"FAIL {path}: aliases connplan {sorted(ours_all)} Django {sorted(theirs_all)}")
        failed += 1
    for alias in sorted(set(theirs_all) & set(ours_all)):
        theirs, ours = theirs_all[alias], ours_all[alias]
        for key in sorted(set(theirs) | set(ours)):
            t = theirs.get(key, MISSING)
            entry = ours.get(key)
            if entry is None:
                why = explained(text, alias, key, MISSING, t)
                if why:
                    report.append(f"explained[{why}] {path} {alias}.{key}")
                    passed += 1
                else:
                    report.append(f"FAIL {path} {alias}.{key}: only Django has it ({t!r})")
                    failed += 1
                continue
            if entry["status"] == "unknown":
                report.append(f"unresolved {path} {alias}.{key}: {entry.get('reason')}")
                continue
            o = entry["value"]
            if t is not MISSING and entry["status"] == "alternatives" and t in entry["alternatives"]:
                passed += 1
                continue
            if t is not MISSING and o == t and type(o) == type(t):
                passed += 1
                continue
            why = explained(text, alias, key, o, t)
            if why:
                report.append(f"explained[{why}] {path} {alias}.{key}")
                passed += 1
            else:
                shown = "missing" if t is MISSING else repr(t)
                report.append(f"FAIL {path} {alias}.{key}: connplan {o!r} Django {shown}")
                failed += 1
    return passed, failed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared", required=True)
    args = parser.parse_args()

    probe = subprocess.run([PYTHON, "-I", "-c", "import django; print(django.get_version())"],
                           capture_output=True, text=True)
    if probe.returncode != 0 or not probe.stdout.startswith(VERSION):
        print(f"skipped: Django {VERSION} is not installed for {PYTHON}")
        return 77
    binary = os.path.join(os.path.dirname(os.path.abspath(args.connplan)), "tests",
                          "connplan_django_tests")
    if not os.path.exists(binary):
        print(f"skipped: {binary} is not built")
        return 77

    cases = []
    fixtures = os.path.join(os.path.abspath(args.source_dir), "fixtures", "django")
    for dirpath, _, names in sorted(os.walk(fixtures)):
        for name in sorted(names):
            if name.endswith(".py") and name != "__init__.py":
                cases.append((os.path.join(dirpath, name), fixtures))
    corpus = os.path.join(os.path.abspath(args.shared), "corpus", "django")
    if os.path.isdir(corpus):
        for name in sorted(os.listdir(corpus)):
            if name.endswith(".py"):
                cases.append((os.path.join(corpus, name), corpus))
    else:
        print(f"note: no corpus at {corpus}")

    with tempfile.TemporaryDirectory() as workdir:
        docs = run_connplan(binary, cases, workdir)
    report = []
    passed = failed = loaded = 0
    for (path, root), doc in zip(cases, docs):
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        oracle = run_django(path, root)
        if "error" not in oracle:
            loaded += 1
        p, f = compare(os.path.relpath(path, os.path.dirname(root)), text, doc, oracle, report)
        passed += p
        failed += f
    for line in report:
        print(line)
    print(f"{len(cases)} files, {loaded} loaded by Django {VERSION}; "
          f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
