#!/usr/bin/python3
"""Generate src/postgres/catalogue_15.inc from a real PostgreSQL 15 server.

Usage:
    gen_pg_catalogue.py [--bindir DIR] [--output FILE]   write the include file
    gen_pg_catalogue.py --check [--bindir DIR] [--output FILE]
                                                          exit 1 when FILE is stale, 77 when no server

Sources, and why each is needed:
  * `postgres --describe-config` names the parameters a configuration file is meant to set (it
    skips GUC_NO_SHOW_ALL, GUC_NOT_IN_SAMPLE and GUC_DISALLOW_IN_FILE ones, help_config.c @ 15).
    Its "default" column is the *reset_val*, which is never initialised in that mode, so booleans
    print FALSE and numbers 0 (observed: `autovacuum BOOLEAN FALSE`); we use it only to
    cross-check names, contexts, types and ranges.
  * pg_settings, read by one standalone backend (`postgres --single`) on a throwaway cluster made by
    initdb and started with an empty configuration file, gives every visible parameter with its
    unit, enum values and boot value.
  * Hidden enum aliases (`wal_level = hot_standby` -> replica, `huge_pages = yes` -> on) are not
    listed anywhere outside guc_tables; we ask `postgres -C name -c name=ALIAS` for each candidate
    and keep the ones the server accepts, with the canonical name it prints.
  * `postgres -C name` without a configuration file prints the boot value except for "dynamic
    defaults" set while starting up; those we take from -C when they do not depend on the machine.

Everything runs as an unprivileged user (PostgreSQL refuses to run as root) in a temporary
directory that is removed afterwards.
"""

import argparse
import csv
import os
import pwd
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUTPUT = os.path.join(HERE, "..", "src", "postgres", "catalogue_15.inc")
DEFAULT_BINDIR = "/usr/lib/postgresql/15/bin"

# Candidate hidden aliases of enum values, from guc.c @ REL_15_STABLE: the boolean spellings
# accepted by the "bool-like" enums (huge_pages, synchronous_commit, constraint_exclusion, ...),
# wal_level's archive/hot_standby, and the message levels' debug/info.
ALIAS_CANDIDATES = ["on", "off", "true", "false", "yes", "no", "1", "0", "archive",
                    "hot_standby", "debug", "info", "log", "default"]

# Dynamic defaults that `postgres -C` prints instead of the boot value and that do not depend on
# the machine or the data directory (guc.c InitializeGUCOptions @ 15: max_stack_depth is raised
# to 2MB when the stack rlimit allows it; timezone_abbreviations is set to "Default").
# Parameters whose startup value depends on the machine (data_directory, lc_*, client_encoding,
# shared_memory_size, ...) keep the boot value; the header of the output lists them.
TAKE_FROM_DASH_C = {"max_stack_depth", "timezone_abbreviations"}

TYPES = {"bool": "boolean", "integer": "integer", "real": "real", "string": "string",
         "enum": "enumeration"}


def unprivileged():
    """preexec_fn dropping root to nobody:nogroup (postgres refuses to run as root)."""
    if os.getuid() != 0:
        return None
    pw = pwd.getpwnam("nobody")

    def drop():
        os.setgroups([])
        os.setgid(pw.pw_gid)
        os.setuid(pw.pw_uid)
    return drop


def run(args, **kw):
    env = {"PATH": "/usr/bin:/bin", "LC_ALL": "C"}
    return subprocess.run(args, env=env, preexec_fn=unprivileged(), capture_output=True,
                          text=True, **kw)


def describe_config(bindir):
    out = run([os.path.join(bindir, "postgres"), "--describe-config"], check=True).stdout
    rows = {}
    for line in out.splitlines():
        f = line.split("\t")
        # name, context, group, type, reset value, min, max, short desc, long desc
        rows[f[0].lower()] = {"context": f[1], "type": f[3], "min": f[5], "max": f[6]}
    return rows


def make_cluster(tmp, bindir):
    if os.getuid() == 0:
        pw = pwd.getpwnam("nobody")
        os.chown(tmp, pw.pw_uid, pw.pw_gid)
    data = os.path.join(tmp, "data")
    run([os.path.join(bindir, "initdb"), "-D", data, "-A", "trust", "-U", "postgres",
         "--no-sync"], check=True)
    empty = os.path.join(tmp, "empty.conf")
    open(empty, "w").close()
    return data, empty


def pg_settings(tmp, bindir, data, empty):
    out = os.path.join(tmp, "settings.csv")
    sql = ("copy (select name, unit, vartype, context, min_val, max_val, enumvals, boot_val "
           "from pg_settings order by lower(name)) to '%s' with (format csv, header)\n" % out)
    run([os.path.join(bindir, "postgres"), "--single", "-D", data, "-c",
         "config_file=" + empty, "postgres"], input=sql, check=True)
    with open(out, newline="") as f:
        return list(csv.DictReader(f))


def dash_c(bindir, data, empty, name, value=None):
    args = [os.path.join(bindir, "postgres"), "-D", data, "-c", "config_file=" + empty]
    if value is not None:
        args += ["-c", "%s=%s" % (name, value)]
    r = run(args + ["-C", name])
    return r.stdout.rstrip("\n") if r.returncode == 0 else None


def parse_array(text):
    """pg_settings.enumvals is a text[] literal: {a,"b c",""}."""
    if not text:
        return []
    items, cur, quoted, i, body = [], "", False, 0, text[1:-1]
    started = False
    while i < len(body):
        c = body[i]
        if quoted:
            if c == "\\":
                i += 1
                cur += body[i]
            elif c == '"':
                quoted = False
            else:
                cur += c
        elif c == '"':
            quoted, started = True, True
        elif c == ",":
            items.append(cur)
            cur, started = "", False
        else:
            cur += c
            started = True
        i += 1
    if started or cur or text != "{}":
        items.append(cur)
    return items


def cxx_string(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def cxx_number(text, vartype):
    if text == "":
        return "0"
    # pg_settings prints real bounds with %g, so DBL_MAX comes out as 1.79769e+308, which is
    # below DBL_MAX; restore the exact value (guc.c uses DBL_MAX for the open-ended costs).
    if text in ("1.79769e+308", "-1.79769e+308"):
        return ("-" if text[0] == "-" else "") + "std::numeric_limits<double>::max()"
    if vartype == "integer":
        return text
    return repr(float(text))


def generate(bindir):
    version = run([os.path.join(bindir, "postgres"), "--version"], check=True).stdout.strip()
    described = describe_config(bindir)
    tmp = tempfile.mkdtemp(prefix="connplan-pgcat-")
    try:
        data, empty = make_cluster(tmp, bindir)
        rows = sorted(pg_settings(tmp, bindir, data, empty), key=lambda r: r["name"].lower())
        notes, lines = [], []
        for r in rows:
            name, vartype = r["name"], r["vartype"]
            boot = r["boot_val"]
            shown = dash_c(bindir, data, empty, name)
            if shown is not None and shown != boot:
                if name in TAKE_FROM_DASH_C:
                    notes.append("%s: boot value %r, `postgres -C` prints %r (used)"
                                 % (name, boot, shown))
                    boot = shown
                else:
                    notes.append("%s: boot value %r kept; this machine's startup value %r"
                                 % (name, boot, shown.replace(tmp, "$TMP")))
            enum_values = parse_array(r["enumvals"])
            aliases = []
            # transaction_isolation is forced by the startup transaction whatever -c says.
            if vartype == "enum" and name != "transaction_isolation":
                # A visible name may print as another one too (wal_compression = on -> pglz):
                # config_enum_lookup_by_value returns the first entry with that value.
                visible = [v for v in enum_values if v != ""]
                hidden = [c for c in ALIAS_CANDIDATES if c not in {v.lower() for v in visible}]
                for cand in visible + hidden:
                    canonical = dash_c(bindir, data, empty, name, cand)
                    if canonical is not None and (canonical != cand or cand in hidden):
                        aliases.append("%s=%s" % (cand, canonical))
            d = described.get(name.lower())
            if d is None:
                notes.append("%s: not listed by --describe-config"
                             % name)
            elif d["context"] != r["context"]:
                raise SystemExit("context of %s disagrees: %s vs %s" % (name, d, r))
            lines.append("    {%s, param_type::%s, %s, %s, %s, %s, %s, %s, %s},"
                         % (cxx_string(name), TYPES[vartype], cxx_string(r["unit"]),
                            cxx_string(r["context"]), cxx_number(r["min_val"], vartype),
                            cxx_number(r["max_val"], vartype), cxx_string(boot),
                            cxx_string(",".join(enum_values)), cxx_string(",".join(aliases))))
        missing = sorted(set(described) - {r["name"].lower() for r in rows})
        if missing:
            raise SystemExit("in --describe-config but not pg_settings: %s" % missing)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    head = ["// Generated by scripts/gen_pg_catalogue.py from %s; do not edit." % version,
            "// Every parameter pg_settings shows, sorted by lower-case name:",
            "// {name, type, unit, context, min, max, boot value, enum values, hidden aliases}.",
            "// clang-format off",
            "//",
            "// Notes from the generator:"]
    head += ["//   " + n for n in notes]
    return "\n".join(head + lines + ["// clang-format on", ""])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bindir", default=DEFAULT_BINDIR)
    ap.add_argument("--output", default=DEFAULT_OUTPUT)
    ap.add_argument("--check", action="store_true",
                    help="compare with the committed file instead of writing it")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(args.bindir, "postgres")):
        print("no PostgreSQL server in %s" % args.bindir, file=sys.stderr)
        return 77
    text = generate(args.bindir)
    if args.check:
        with open(args.output) as f:
            current = f.read()
        if current != text:
            print("%s is out of date; run %s" % (args.output, sys.argv[0]), file=sys.stderr)
            return 1
        print("%s is up to date" % args.output)
        return 0
    with open(args.output, "w") as f:
        f.write(text)
    print("wrote %s (%d parameters)" % (args.output, text.count("param_type::")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
