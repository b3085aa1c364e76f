#!/usr/bin/python3
"""Generate src/launch/*_table.inc: the command-line option tables of gunicorn, daphne, uvicorn and
Celery, read from the programs' own parsers (never written by hand).

    /usr/bin/python3 scripts/gen_launch_tables.py OUTDIR \
        [--gunicorn-src VERSION=DIR ...] [--uvicorn-src VERSION=DIR ...]

Without --*-src only the Debian packages are read: gunicorn 20.1 (gunicorn.config.Config.parser()),
daphne 4.0 (daphne.cli.CommandLineInterface().parser), uvicorn 0.17 (uvicorn.main.main) and
Celery 5.2 (celery.bin.celery.celery and its worker/beat commands). DIR is a directory holding the
package at a tag, e.g. `git archive 23.0.0 gunicorn | tar -x -C DIR` in benoitc/gunicorn; it is
imported in a child process (the package's own code, never a user's).
"""
import argparse
import json
import os
import subprocess
import sys

ARGPARSE_DUMP = r"""
import argparse, json, sys
which = sys.argv[1]
if which == "gunicorn":
    from gunicorn.config import Config
    parser = Config().parser()
    import gunicorn
    version = gunicorn.__version__
else:
    import daphne
    from daphne.cli import CommandLineInterface
    parser = CommandLineInterface().parser
    version = daphne.__version__
kinds = {argparse._StoreAction: "store", argparse._StoreTrueAction: "store_true",
         argparse._StoreFalseAction: "store_false", argparse._StoreConstAction: "store_const",
         argparse._AppendAction: "append", argparse._VersionAction: "version",
         argparse._HelpAction: "help", argparse._CountAction: "count"}
rows = []
for a in parser._actions:
    t = a.type
    tname = "str" if t is None else getattr(t, "__name__", "str")
    rows.append({"dest": a.dest, "strings": a.option_strings, "action": kinds[type(a)],
                 "nargs": a.nargs, "type": tname,
                 "const": None if a.const is None else str(a.const)})
print(json.dumps({"version": version, "actions": rows}))
"""

CLICK_DUMP = r"""
import json, sys, click
which = sys.argv[1]
def dump(cmd):
    rows = []
    for p in cmd.params:
        t = p.type
        if isinstance(t, click.Choice):
            tname, choices = "choice", list(t.choices)
        else:
            tname, choices = {click.INT: "int", click.FLOAT: "float", click.BOOL: "bool"}.get(t, "str"), []
        if type(t).__name__ == "LogLevel":  # celery/bin/base.py: `value = value.upper()` first
            tname = "choice_upper"
        if type(t).__name__ == "Autoscale":
            tname = "autoscale"
        if type(t).__name__ == "WorkersPool":
            tname = "choice"
            from celery import concurrency
            choices = list(concurrency.get_available_pool_names())
        if type(t).__name__ == "CommaSeparatedList":
            tname = "list"
        rows.append({"name": p.name, "kind": type(p).__name__ if isinstance(p, click.Argument) else "option",
                     "opts": p.opts, "secondary": p.secondary_opts,
                     "flag": bool(getattr(p, "is_flag", False)), "multiple": bool(getattr(p, "multiple", False)),
                     "type": tname, "choices": choices,
                     "envvar": p.envvar if isinstance(p.envvar, str) else None,
                     "default": None if p.name == "hostname" else p.default if isinstance(p.default, (str, int, float, bool, type(None))) else None})
    return {"params": rows, "context": {k: v for k, v in (cmd.context_settings or {}).items()
                                         if isinstance(v, (str, bool))}}
if which == "uvicorn":
    import uvicorn
    cmd = sys.modules["uvicorn.main"].main
    print(json.dumps({"version": uvicorn.__version__, "commands": {"uvicorn": dump(cmd)}}))
else:
    import celery
    from celery.bin.celery import celery as group
    out = {"celery": dump(group)}
    # `multi` has no parameters of its own (ignore_unknown_options): celery/apps/multi.py parses.
    for name in ("worker", "beat"):
        out[name] = dump(group.commands[name])
    print(json.dumps({"version": celery.__version__, "commands": out}))
"""


def run(code, which, src):
    env = dict(os.environ)
    if src:
        env["PYTHONPATH"] = src
    out = subprocess.run([sys.executable, "-c", code, which], capture_output=True, text=True,
                         env=env, cwd="/", check=True)
    return json.loads(out.stdout)


def cstr(s):
    return "nullptr" if s is None else json.dumps(s)


def sv(s):
    return '""' if s is None else json.dumps(s)


def argparse_rows(data):
    lines = []
    for a in data["actions"]:
        nargs = "" if a["nargs"] is None else str(a["nargs"])
        lines.append("    {%s, %s, arg_action::%s, %s, arg_type::%s, %s}," % (
            sv(a["dest"]), sv("|".join(a["strings"])), a["action"], sv(nargs),
            {"int": "int_", "float": "float_", "auto_int": "auto_int"}.get(a["type"], "str"),
            sv(a["const"])))
    return "\n".join(lines)


def click_rows(cmd):
    lines = []
    for p in cmd["params"]:
        default = "" if p["default"] is None else json.dumps(p["default"])
        lines.append("    {%s, %s, %s, %s, %s, %s, click_type::%s, %s, %s, %s}," % (
            sv(p["name"]), "true" if p["kind"] == "Argument" else "false",
            sv("|".join(p["opts"])), sv("|".join(p["secondary"])),
            "true" if p["flag"] else "false", "true" if p["multiple"] else "false",
            {"int": "int_", "float": "float_", "bool": "bool_"}.get(p["type"], p["type"]),
            sv("|".join(str(c) for c in p["choices"])), sv(p["envvar"]), sv(default)))
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("outdir")
    ap.add_argument("--gunicorn-src", action="append", default=[])
    ap.add_argument("--uvicorn-src", action="append", default=[])
    args = ap.parse_args()
    header = ("// Generated by scripts/gen_launch_tables.py from the programs' own parsers. "
              "Do not edit by hand.\n")

    gunicorn = [("20.1", None)] + [tuple(s.split("=", 1)) for s in args.gunicorn_src]
    parts = [header, "// gunicorn: Config().parser() (gunicorn/config.py `Setting.add_option`)\n"]
    for version, src in gunicorn:
        data = run(ARGPARSE_DUMP, "gunicorn", src)
        ident = version.replace(".", "_")
        parts.append("// gunicorn %s\ninline const argparse_option gunicorn_%s[] = {\n%s\n};\n"
                     % (data["version"], ident, argparse_rows(data)))
    daphne = run(ARGPARSE_DUMP, "daphne", None)
    parts.append("// daphne %s: daphne/cli.py CommandLineInterface\n"
                 "inline const argparse_option daphne_4_0[] = {\n%s\n};\n"
                 % (daphne["version"], argparse_rows(daphne)))
    with open(os.path.join(args.outdir, "argparse_tables.inc"), "w") as f:
        f.write("\n".join(parts))

    parts = [header]
    uvicorn = [("0.17", None)] + [tuple(s.split("=", 1)) for s in args.uvicorn_src]
    for version, src in uvicorn:
        data = run(CLICK_DUMP, "uvicorn", src)
        ident = version.replace(".", "_")
        cmd = data["commands"]["uvicorn"]
        parts.append("// uvicorn %s: uvicorn/main.py `main` (context %s)\n"
                     "inline const click_param uvicorn_%s[] = {\n%s\n};\n"
                     % (data["version"], json.dumps(cmd["context"]), ident, click_rows(cmd)))
    celery = run(CLICK_DUMP, "celery", None)
    for name, cmd in celery["commands"].items():
        parts.append("// celery %s: `%s` (celery/bin/*.py, context %s)\n"
                     "inline const click_param celery_5_2_%s[] = {\n%s\n};\n"
                     % (celery["version"], name, json.dumps(cmd["context"]), name, click_rows(cmd)))
    with open(os.path.join(args.outdir, "click_tables.inc"), "w") as f:
        f.write("\n".join(parts))


if __name__ == "__main__":
    main()
