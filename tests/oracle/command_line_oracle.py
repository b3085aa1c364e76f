#!/usr/bin/python3
"""Differential test of connplan's command-line parser (src/launch/) against the real parsers:
gunicorn 20.1's argparse parser (gunicorn.config.Config().parser()), Celery 5.2's click commands
(celery.bin.celery.celery and its worker), uvicorn 0.17's click command and daphne 4.0's argparse
parser, as Debian ships them. Nothing is started: only the parsers run.

Cases are generated from the programs' own option tables (every spelling, `=` forms, short
forms glued to their value, argparse abbreviations, invalid values, ordering of positionals) plus
the gunicorn/celery/uvicorn command lines of the shared launch corpus. connplan's side comes from
the gtest `oracle_export.writes_results_when_asked` in connplan_launch_tests.

Exit 77 when a program is missing, 1 on any unexplained disagreement.
"""
import argparse
import contextlib
import io
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

KNOWN_DIFFERENCES = {
    # command -> why the disagreement is expected.
    "gunicorn -w '٣' m": "Python's int() accepts every Unicode decimal digit (here ARABIC-INDIC "
                              "DIGIT THREE); connplan accepts ASCII digits only",
}


def load_programs():
    try:
        from gunicorn.config import Config  # noqa: F401
        import celery.bin.celery  # noqa: F401
        import click  # noqa: F401
    except Exception as e:  # pragma: no cover
        print(f"oracle programs missing: {e}")
        sys.exit(77)
    try:
        import uvicorn  # noqa: F401
        import daphne.cli  # noqa: F401
        return True
    except Exception:
        return False


# ---------------------------------------------------------------- case generation

def gunicorn_cases():
    from gunicorn.config import Config
    parser = Config().parser()
    cases = []
    values = {"int": ["4", "0", "x", "-1", "0x10", "1_0", " 3", "08"], "str": ["v", "-", "a b", ""]}
    for action in parser._actions:
        if not action.option_strings or action.dest in ("help", "version"):
            continue
        is_int = action.type is int or getattr(action.type, "__name__", "") == "auto_int"
        vals = values["int"] if is_int else values["str"]
        takes = action.nargs != 0
        for s in action.option_strings:
            if takes:
                for v in vals[:4]:
                    cases.append(["gunicorn", s, v, "app:app"])
                cases.append(["gunicorn", f"{s}={vals[0]}", "app:app"])
                if not s.startswith("--"):
                    cases.append(["gunicorn", f"{s}{vals[0]}", "app:app"])
                cases.append(["gunicorn", "app:app", s])  # missing value
            else:
                cases.append(["gunicorn", s, "app:app"])
                cases.append(["gunicorn", f"{s}=yes", "app:app"])
            if s.startswith("--"):
                for cut in range(3, len(s)):
                    cases.append(["gunicorn", s[:cut]] + (["3"] if takes else []) + ["app:app"])
    cases += [
        ["gunicorn", "-Dw4", "app"], ["gunicorn", "-Rw", "2", "app"], ["gunicorn", "-w", "-b", "x", "app"],
        ["gunicorn", "app", "-w", "4", "extra"], ["gunicorn", "-w", "4", "a", "b"], ["gunicorn", "a", "b", "-w", "2"],
        ["gunicorn", "--", "-w"], ["gunicorn", "-w", "2", "--", "app"], ["gunicorn", "--workers"],
        ["gunicorn", "--bind", "a", "--bind", "b", "-b", "c", "app"], ["gunicorn", "-e", "A=1", "-e", "B=2"],
        ["gunicorn", "--unknown", "app"], ["gunicorn", "-x", "app"], ["gunicorn", "-w", "3", "-w", "5"],
        ["gunicorn", "--work", "3"], ["gunicorn", "--worker-c", "3"], ["gunicorn", "--past", "x"],
        ["gunicorn", "-", "app"], ["gunicorn", "-1"], ["gunicorn", "--log-level=debug", "--preload", "m:a"],
        ["gunicorn", "-k", "uvicorn.workers.UvicornWorker", "-w", "8", "--threads", "4", "m:app"],
        ["gunicorn", "-c", "conf.py", "-b", ":8000", "--max-requests", "1000", "--max-requests-jitter", "50", "m"],
        ["gunicorn", "-w=4", "m"], ["gunicorn", "-t0", "m"], ["gunicorn", "-m", "0o22", "m"], ["gunicorn", "-m", "022", "m"],
        ["gunicorn", "--no-sendfile", "m"], ["gunicorn", "--reload", "--reload-extra-file", "a", "--reload-extra-file", "b"],
        ["gunicorn", "-w", "٣", "m"],
    ]
    return cases


def celery_cases():
    from celery.bin.celery import celery
    worker = celery.commands["worker"]
    cases = []
    vals = {"INT": ["4", "0", "x"], "FLOAT": ["1.5", "x"], "STRING": ["v"], "BOOL": []}
    for p in worker.params:
        if not isinstance(p, __import__("click").Option):
            continue
        for s in p.opts:
            if p.is_flag:
                cases.append(["celery", "-A", "oracleapp", "worker", s])
                if s.startswith("--"):
                    cases.append(["celery", "-A", "oracleapp", "worker", f"{s}=1"])
                continue
            tname = str(p.type)
            if p.name == "pool":
                vs = ["prefork", "solo", "threads", "processes", "bogus"]
            elif p.name == "autoscale":
                vs = ["10,3", "3,10", "5", "a,b", "1,2,3"]
            elif p.name == "loglevel":
                vs = ["info", "INFO", "debug", "bogus"]
            elif p.name == "optimization":
                vs = ["fair", "bogus"]
            elif p.name in ("hostname", "statedb", "logfile", "pidfile", "uid", "gid", "umask",
                            "executable", "schedule_filename"):
                continue  # converted with the host's name or paths: not comparable here
            else:
                vs = vals.get(tname, ["v"])
            for v in vs:
                cases.append(["celery", "-A", "oracleapp", "worker", s, v])
                if s.startswith("--"):
                    cases.append(["celery", "-A", "oracleapp", "worker", f"{s}={v}"])
                else:
                    cases.append(["celery", "-A", "oracleapp", "worker", f"{s}{v}"])
    cases += [
        ["celery", "--app=oracleapp", "worker", "-c", "3"], ["celery", "worker", "-A", "oracleapp", "-c", "3"],
        ["celery", "-A", "oracleapp", "worker", "-Bc", "4"], ["celery", "-A", "oracleapp", "worker", "-c=4"],
        ["celery", "-A", "oracleapp", "worker", "--conc", "4"], ["celery", "-A", "oracleapp", "worker", "-c"],
        ["celery", "-A", "oracleapp", "worker", "-c", "4", "-c", "6"], ["celery", "-A", "oracleapp", "worker", "x=1"],
        ["celery", "-A", "oracleapp", "worker", "-P", "prefork", "--autoscale=8,2", "-B"],
        ["celery", "-A", "oracleapp", "worker", "-Q", "a,b", "-Q", "c"],
        ["celery", "-A", "oracleapp", "worker", "--without-gossip", "--without-mingle", "--without-heartbeat", "-l", "info"],
        ["celery", "-A", "oracleapp", "worker", "--", "-c", "4"],
        ["celery", "-A", "oracleapp", "--unknown", "worker"], ["celery", "-A", "oracleapp", "-b", "redis://", "worker", "-c", "2"],
    ]
    env_cases = [
        (["celery", "-A", "oracleapp", "worker"], {"CELERY_WORKER_CONCURRENCY": "7"}),
        (["celery", "-A", "oracleapp", "worker", "-c", "2"], {"CELERY_WORKER_CONCURRENCY": "7"}),
        (["celery", "-A", "oracleapp", "worker"], {"CELERY_WORKER_POOL": "solo"}),
        (["celery", "-A", "oracleapp", "worker"], {"CELERY_WORKER_AUTOSCALE": "9,3"}),
        (["celery", "-A", "oracleapp", "worker"], {"CELERY_WORKER_BEAT": "1"}),
        (["celery", "-A", "oracleapp", "worker"], {"CELERY_WORKER_CONCURRENCY": "x"}),
        (["celery", "-A", "oracleapp", "worker"], {"CELERY_WORKER_CONCURRENCY": ""}),
        (["celery", "worker", "-c", "2"], {"CELERY_APP": "oracleapp"}),
        (["celery", "worker", "-c", "2"], {"APP": "oracleapp"}),
    ]
    return [(c, {}) for c in cases] + env_cases


def uvicorn_cases():
    import click
    import uvicorn  # noqa: F401
    main = sys.modules["uvicorn.main"].main
    cases = []
    for p in main.params:
        if not isinstance(p, click.Option) or p.name == "version":
            continue
        for s in p.opts + p.secondary_opts:
            if p.is_flag:
                cases.append((["uvicorn", "m:app", s], {}))
                continue
            t = str(p.type)
            vs = {"INT": ["4", "x"], "FLOAT": ["0.5", "x"]}.get(t, ["v"])
            if isinstance(p.type, click.Choice):
                vs = [p.type.choices[-1], "bogus"]
            if isinstance(p.type, click.Path):
                continue  # checks the file system
            for v in vs:
                cases.append((["uvicorn", "m:app", s, v], {}))
                cases.append((["uvicorn", f"{s}={v}", "m:app"], {}))
    cases += [
        (["uvicorn"], {}), (["uvicorn", "a", "b"], {}), (["uvicorn", "m:app", "--workers", "4", "--limit-concurrency", "50"], {}),
        (["uvicorn", "m:app"], {"UVICORN_WORKERS": "3"}), (["uvicorn", "m:app"], {"WEB_CONCURRENCY": "5"}),
        (["uvicorn", "m:app", "--workers", "2"], {"UVICORN_WORKERS": "3"}), (["uvicorn", "m:app"], {"UVICORN_PORT": "x"}),
        (["uvicorn", "--work", "2", "m:app"], {}),
    ]
    return cases


def daphne_cases():
    from daphne.cli import CommandLineInterface
    parser = CommandLineInterface().parser
    cases = []
    for a in parser._actions:
        if not a.option_strings or a.dest == "help":
            continue
        for s in a.option_strings:
            if a.nargs == 0:
                cases.append(["daphne", s, "m:app"])
            else:
                for v in (["8001", "x"] if a.type is int else ["v"]):
                    cases.append(["daphne", s, v, "m:app"])
                    cases.append(["daphne", f"{s}={v}", "m:app"])
            if s.startswith("--"):
                cases.append(["daphne", s[:5]] + (["1"] if a.nargs != 0 else []) + ["m:app"])
    cases += [["daphne"], ["daphne", "a", "b"], ["daphne", "-b", "0.0.0.0", "-p", "8001", "proj.asgi:application"],
              ["daphne", "-e", "tcp:8000", "-e", "unix:/tmp/s", "m:app"], ["daphne", "-u", "/tmp/d.sock", "--fd", "3", "m"]]
    return cases


def corpus_commands(shared):
    out = []
    d = os.path.join(shared, "corpus", "launch")
    if not os.path.isdir(d):
        return out
    for name in sorted(os.listdir(d)):
        text = open(os.path.join(d, name), encoding="utf-8", errors="replace").read().replace("\\\n", " ")
        for line in text.splitlines():
            m = re.search(r"((?:gunicorn|celery|uvicorn|daphne)\s.*)$", line)
            if not m or "$" in line or "#" in line.split(m.group(1))[0]:
                continue
            cmd = m.group(1).strip().strip('"')
            try:
                words = shlex.split(cmd)
            except ValueError:
                continue
            words[0] = os.path.basename(words[0])
            if words[0] in ("gunicorn", "celery", "uvicorn", "daphne"):
                out.append(words)
    return out


# ---------------------------------------------------------------- the real parsers

def norm(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (list, tuple)):
        return [norm(x) for x in v]
    if v is None:
        return None
    return str(v)


def real_gunicorn(argv):
    from gunicorn.config import Config
    parser = Config().parser()
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            ns = parser.parse_args(argv)
        except SystemExit:
            return {"error": True}
    vals = {k: norm(v) for k, v in vars(ns).items() if v is not None and k != "args"}
    app = ns.args[0] if ns.args else None
    return {"error": False, "flags": vals, "app": app}


def real_daphne(argv):
    from daphne.cli import CommandLineInterface
    parser = CommandLineInterface().parser
    with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
        try:
            ns = parser.parse_args(argv)
        except SystemExit:
            return {"error": True}
    defaults = vars(parser.parse_args(["m"]))
    vals = {k: norm(v) for k, v in vars(ns).items() if v != defaults.get(k) and k != "application"}
    return {"error": False, "flags": vals, "app": ns.application}


POOL_NAMES = {"prefork": "prefork", "solo": "solo", "thread": "threads", "eventlet": "eventlet", "gevent": "gevent"}


def real_celery(argv, env):
    import click
    from celery.bin.celery import celery
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            try:
                ctx = celery.make_context("celery", list(argv), auto_envvar_prefix="CELERY")
                ctx.invoked_subcommand = "worker"
                with ctx:
                    ctx.invoke(celery.callback, **ctx.params)
                    name, cmd, args = celery.resolve_command(ctx, ctx.protected_args + ctx.args)
                    sub = cmd.make_context(name, args, parent=ctx)
            except (click.exceptions.ClickException, click.exceptions.Exit, SystemExit):
                return {"error": True}
            except AttributeError:
                # Autoscale.convert @ 5.2: `value.join(',')` on a list raises AttributeError for
                # "a,b" — celery stops with a traceback.
                return {"error": True}
    finally:
        os.environ.clear()
        os.environ.update(saved)
    p = dict(sub.params)
    if p.get("beat") is None:
        p["beat"] = False  # CeleryBeat flag: None when absent, falsy like False
    pool = p.pop("pool", None)
    if isinstance(pool, type):
        pool = POOL_NAMES.get(pool.__module__.rsplit(".", 1)[-1], pool.__module__)
    return {"error": False, "params": {k: norm(v) for k, v in p.items()}, "pool": pool,
            "params_raw_beat": p.get("beat"),
            "app": ctx.params.get("app").main if ctx.params.get("app") is not None else None}


def real_uvicorn(argv, env):
    import click
    main = sys.modules["uvicorn.main"].main
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            try:
                ctx = main.make_context("uvicorn", list(argv))
            except (click.exceptions.ClickException, click.exceptions.Exit, SystemExit):
                return {"error": True}
    finally:
        os.environ.clear()
        os.environ.update(saved)
    defaults = {p.name: p.default for p in main.params}
    vals = {k: norm(v) for k, v in ctx.params.items() if v != defaults.get(k) and k != "app"
            and not (v == () and defaults.get(k) is None)}
    workers = ctx.params["workers"]
    if workers is None:
        workers = int(env["WEB_CONCURRENCY"]) if "WEB_CONCURRENCY" in env else 1
    return {"error": False, "flags": vals, "app": ctx.params["app"], "workers": str(workers or 1)}


# ---------------------------------------------------------------- comparison

INT_DESTS_GUNICORN = None


def mine_value(f, kind):
    """connplan's raw value converted as the real type conversion would."""
    v = f["value"]
    if isinstance(v, dict):
        return None
    if kind == "int":
        return str(int(v))
    if kind == "auto_int":
        # gunicorn/config.py auto_int: a leading 0 followed by a digit is octal.
        return str(int(re.sub(r"^0(?=\d)", "0o", v), 0))
    if kind == "float":
        return str(float(v))
    return v


def compare_argparse(real, mine, parser, drop_defaults=False):
    """argparse programs (gunicorn, daphne): same error/no error, same stored values."""
    mine_error = bool(mine["errors"])
    if real["error"] or mine_error:
        return real["error"] == mine_error, f"real error={real['error']} connplan errors={mine['errors']}"
    kinds = {}
    appends = set()
    for a in parser._actions:
        t = a.type
        kinds[a.dest] = "int" if t is int else getattr(t, "__name__", "str") if t else "str"
        if type(a).__name__ == "_AppendAction":
            appends.add(a.dest)
    got = {}
    for dest, f in mine["flags"].items():
        if dest in appends:
            got[dest] = [x for x in f["items"]]
        else:
            got[dest] = mine_value(f, kinds.get(dest, "str"))
    expected = dict(real["flags"])
    if drop_defaults:  # daphne's real side lists only values that differ from the defaults
        base = vars(parser.parse_args(["m"]))
        got = {k: v for k, v in got.items() if norm(base.get(k)) != v}
    if "application" in got:
        got.pop("application")
    if got != expected:
        return False, f"values: real={expected} connplan={got}"
    mine_app = mine["app"] if not isinstance(mine["app"], dict) else None
    if (real["app"] or None) != (mine_app or None):
        return False, f"app: real={real['app']} connplan={mine_app}"
    return True, ""


def compare_celery(real, mine, baseline):
    mine_error = bool(mine["errors"])
    if real["error"] or mine_error:
        return real["error"] == mine_error, f"real error={real['error']} connplan errors={mine['errors']}"
    w = mine.get("worker", {})
    params = real["params"]
    checks = []
    # Pool after WorkersPool.convert.
    # 'processes' is the compat alias of prefork (celery/concurrency/__init__.py ALIASES).
    checks.append(("pool", real["pool"], {"processes": "prefork"}.get(w.get("pool"), w.get("pool"))))
    # Concurrency after the callback (`value or conf.worker_concurrency`; conf unset here).
    conc = w.get("concurrency")
    checks.append(("concurrency", params.get("concurrency"), None if isinstance(conc, dict) else str(int(conc))))
    checks.append(("autoscale", params.get("autoscale"), norm(w.get("autoscale"))))
    # CeleryBeat keeps an envvar's string as it is: compare truthiness.
    checks.append(("beat", norm(bool(real["params_raw_beat"])), norm(w.get("beat"))))
    simple = {"max_tasks_per_child": int, "max_memory_per_child": int, "heartbeat_interval": int,
              "time_limit": float, "soft_time_limit": float, "prefetch_multiplier": int}
    for name, conv in simple.items():
        f = mine["flags"].get(name)
        mine_v = str(conv(f["value"])) if f else baseline.get(name)
        if name == "prefetch_multiplier" and f and conv(f["value"]) == 0:
            mine_v = baseline.get(name)  # `value or app.conf.worker_prefetch_multiplier`
        checks.append((name, params.get(name), mine_v))
    for name in ("without_gossip", "without_mingle", "without_heartbeat", "detach", "purge", "task_events"):
        f = mine["flags"].get(name)
        checks.append((name, params.get(name), f["value"] if f else baseline.get(name)))
    f = mine["flags"].get("queues")
    checks.append(("queues", params.get("queues"), f["value"].split(",") if f else baseline.get("queues")))
    f = mine["flags"].get("loglevel")
    if f:
        import logging
        checks.append(("loglevel", params.get("loglevel"), str(getattr(logging, f["value"].upper()))))
    f = mine["flags"].get("optimization")
    checks.append(("optimization", params.get("optimization"), f["value"] if f else baseline.get("optimization")))
    mine_app = mine["app"] if not isinstance(mine["app"], dict) else None
    checks.append(("app", real["app"], mine_app))
    bad = [(n, r, m) for n, r, m in checks if r != m]
    return not bad, f"differs: {bad}"


def compare_uvicorn(real, mine):
    mine_error = bool(mine["errors"])
    if real["error"] or mine_error:
        return real["error"] == mine_error, f"real error={real['error']} connplan errors={mine['errors']}"
    import click
    main = sys.modules["uvicorn.main"].main
    types = {p.name: p.type for p in main.params}
    multiple = {p.name for p in main.params if getattr(p, "multiple", False)}
    defaults = {p.name: p.default for p in main.params}
    got = {}
    for name, f in mine["flags"].items():
        t = types.get(name)
        if name in multiple:
            got[name] = f["items"]
            continue
        v = f["value"]
        if t is click.INT:
            v = str(int(v))
        elif t is click.FLOAT:
            v = str(float(v))
        elif t is click.BOOL:
            v = "true" if v.lower() in ("1", "true", "t", "yes", "y", "on") else "false"
        if norm(defaults.get(name)) == v:
            continue
        got[name] = v
    if got != real["flags"]:
        return False, f"values: real={real['flags']} connplan={got}"
    if real["app"] != mine["app"]:
        return False, f"app: real={real['app']} connplan={mine['app']}"
    if real["workers"] != mine.get("uvicorn_workers"):
        return False, f"workers: real={real['workers']} connplan={mine.get('uvicorn_workers')}"
    return True, ""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connplan", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()
    have_asgi = load_programs()
    test_bin = os.path.join(os.path.dirname(args.connplan), "tests", "connplan_launch_tests")
    if not os.path.exists(test_bin):
        print(f"missing {test_bin}")
        return 77

    tmp = tempfile.mkdtemp(prefix="connplan-launch-oracle-")
    # The Celery app the real `-A oracleapp` imports (our file, not a user's).
    with open(os.path.join(tmp, "oracleapp.py"), "w") as f:
        f.write("from celery import Celery\napp = Celery('oracleapp')\n")
    sys.path.insert(0, tmp)

    cases = []

    def add(kind, argv, env=None, version=None):
        cases.append({"id": len(cases), "kind": kind, "argv": argv, "env": env or {},
                      "command": shlex.join(argv), "gunicorn_version": "20.1", "celery_version": "5.2"})

    for argv in gunicorn_cases():
        add("gunicorn", argv)
    for argv, env in celery_cases():
        add("celery", argv, env)
    corpus = corpus_commands(args.shared)
    for argv in corpus:
        if argv[0] == "celery":
            if "worker" not in argv:
                continue
            argv = ["celery", "-A", "oracleapp"] + [w for w in argv[1:]]
            # The corpus names its own apps: replace them with ours (the parse is the same).
            out, skip = [], False
            for i, w in enumerate(argv):
                if skip:
                    skip = False
                    continue
                if i > 2 and w in ("-A", "--app"):
                    skip = True
                    continue
                if i > 2 and w.startswith("--app="):
                    continue
                out.append(w)
            argv = out
        add(argv[0] if argv[0] != "uvicorn" or have_asgi else "skip", argv)
    if have_asgi:
        for argv, env in uvicorn_cases():
            add("uvicorn", argv, env)
        for argv in daphne_cases():
            add("daphne", argv)

    with open(os.path.join(tmp, "cases.json"), "w") as f:
        json.dump(cases, f)
    env = dict(os.environ, CONNPLAN_LAUNCH_ORACLE_DIR=tmp)
    r = subprocess.run([test_bin, "--gtest_filter=oracle_export.*"], env=env, capture_output=True, text=True)
    if r.returncode != 0:
        print(r.stdout[-3000:], r.stderr[-3000:])
        return 1
    results = {x["id"]: x for x in json.load(open(os.path.join(tmp, "results.json")))}

    from gunicorn.config import Config
    gparser = Config().parser()
    dparser = None
    if have_asgi:
        from daphne.cli import CommandLineInterface
        dparser = CommandLineInterface().parser
    baseline = real_celery(["-A", "oracleapp", "worker"], {})["params"]

    totals, agree, failures = {}, {}, []
    for c in cases:
        kind = c["kind"]
        if kind == "skip":
            continue
        mine_cmds = results[c["id"]]["commands"]
        mine = mine_cmds[0] if mine_cmds else {"errors": ["no command"], "flags": {}, "app": None}
        argv = c["argv"][1:]
        try:
            if kind == "gunicorn":
                ok, why = compare_argparse(real_gunicorn(argv), mine, gparser)
            elif kind == "daphne":
                ok, why = compare_argparse(real_daphne(argv), mine, dparser, drop_defaults=True)
            elif kind == "celery":
                ok, why = compare_celery(real_celery(argv, c["env"]), mine, baseline)
            else:
                ok, why = compare_uvicorn(real_uvicorn(argv, c["env"]), mine)
        except Exception as e:  # a comparison we could not make is a disagreement
            ok, why = False, f"comparison failed: {type(e).__name__}: {e}"
        totals[kind] = totals.get(kind, 0) + 1
        if ok or c["command"] in KNOWN_DIFFERENCES:
            agree[kind] = agree.get(kind, 0) + 1
        else:
            failures.append((c, why))
    all_total = sum(totals.values())
    all_agree = sum(agree.values())
    for k in sorted(totals):
        print(f"{k}: {agree.get(k, 0)}/{totals[k]} command lines agree")
    known = sum(1 for c in cases if c["command"] in KNOWN_DIFFERENCES)
    print(f"{len(corpus)} command lines from the shared launch corpus; {known} known difference(s): "
          + "; ".join(KNOWN_DIFFERENCES.values()))
    print(f"agreement: {all_agree}/{all_total} ({100.0 * all_agree / max(all_total, 1):.1f}%)")
    for c, why in failures[:int(os.environ.get("ORACLE_SHOW", "40"))]:
        print(f"DISAGREE [{c['kind']}] {c['command']!r} env={c['env']}: {why}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
