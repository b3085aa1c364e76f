#!/usr/bin/python3
"""Differential test: connplan's reading of postgresql.conf against PostgreSQL 15 itself.

For every case (fixtures/postgresql/**, <shared>/corpus/postgresql/*, PostgreSQL's own
postgresql.conf.sample with every setting uncommented, and generated edge cases) this runs
`connplan inspect --kind postgresql --pg-version 15 --format json FILE` and a standalone
PostgreSQL 15 backend whose config_file is (a temporary copy of) FILE, reading pg_settings. It
compares acceptance and every value connplan reports (the file's settings and CONTRACTS.md §6's
defaults). Exit 0 when everything agrees or every disagreement is an explained exception below,
1 otherwise, 77 when PostgreSQL 15 is not installed.

Python 3 standard library only.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

PG_BIN = "/usr/lib/postgresql/15/bin"
SAMPLE = "/usr/share/postgresql/15/postgresql.conf.sample"

# Keys that touch the machine: rewritten in place (never appended) in the temporary copy given
# to PostgreSQL, and therefore not compared.
MACHINE_KEYS = {
    "data_directory": "would point the backend at another cluster: set to the throwaway one",
    "hba_file": "a path on the machine: set to the throwaway cluster's file",
    "ident_file": "a path on the machine: set to the throwaway cluster's file",
    "external_pid_file": "would write a PID file on the machine: set to ''",
    "shared_preload_libraries": "libraries may be missing here: set to ''",
    "session_preload_libraries": "loaded by the oracle's own backend: set to ''",
    "local_preload_libraries": "loaded by the oracle's own backend: set to ''",
    "huge_pages": "'on' needs huge pages reserved on this machine: set to 'off'",
    "dynamic_shared_memory_type": "depends on the machine: set to 'posix'",
    "shared_memory_type": "depends on the machine: set to 'mmap'",
    "lc_messages": "locales installed on this machine decide validity: set to 'C'",
    "lc_monetary": "locales installed on this machine decide validity: set to 'C'",
    "lc_numeric": "locales installed on this machine decide validity: set to 'C'",
    "lc_time": "locales installed on this machine decide validity: set to 'C'",
}
# Not rewritten: a standalone backend neither listens (listen_addresses, port), creates sockets
# (unix_socket_*), loads TLS files (ssl_*), starts the logging collector, nor runs archive or
# restore commands, so those values are compared like any other.

# Values the oracle cannot compare, with the reason.
NOT_COMPARED = {
    "transaction_isolation": "session state: every transaction starts from default_transaction_isolation",
    "transaction_read_only": "session state",
    "transaction_deferrable": "session state",
    "config_file": "the oracle passes its own copy's path with -c",
    "statement_timeout": "the oracle's session sets it to 0 before reading pg_settings (tool-behaviour.md item 13)",
    "lock_timeout": "the oracle's session sets it to 0",
    "idle_in_transaction_session_timeout": "the oracle's session sets it to 0",
    "search_path": "the oracle's session sets it to pg_catalog",
    "client_encoding": "the standalone backend sets it from the database encoding",
    "application_name": "set by the client",
    "is_superuser": "session state",
    # pg_settings shows these through a show hook; `postgres -C` (connplan's contract) prints the
    # variable itself (guc.c GetConfigOption does not call show hooks).
    "tcp_keepalives_idle": "show hook: 0 without a TCP socket; -C prints the variable",
    "tcp_keepalives_interval": "show hook: 0 without a TCP socket; -C prints the variable",
    "tcp_keepalives_count": "show hook: 0 without a TCP socket; -C prints the variable",
    "tcp_user_timeout": "show hook: 0 without a TCP socket; -C prints the variable",
    "archive_command": "show hook: '(disabled)' when archive_mode is off; -C prints the variable",
    "wal_buffers": "-1 is auto-tuned when shared memory is sized, after -C prints it",
    "session_authorization": "session state",
    "role": "session state",
}
# Large memory settings that a throwaway standalone backend cannot allocate here are rewritten.
SHMEM_LIMIT_KB = 1024 * 1024  # shared_buffers above 1 GB → '128MB'

# Disagreements that are understood and accepted: (case label regex, key or "<accepted>", reason).
EXPLAINED = [
    (r".*", "<accepted>:CP007",
     "an include outside the project root is not read (CONTRACTS.md §1, CP007), so connplan "
     "cannot know whether it exists; PostgreSQL opens it"),
]
# Integer parameters whose show hook prints octal in pg_settings; -C prints them in decimal.
OCTAL_SHOWN = {"log_file_mode", "unix_socket_permissions", "data_directory_mode"}

GENERATED = {
    # tool-behaviour.md, PostgreSQL 15, and guc-file.l's token classes
    "duplicate_same_case_invalid_first": "max_wal_senders = abc\nmax_wal_senders = 3\n",
    "duplicate_other_case_invalid_first": "MAX_WAL_SENDERS = abc\nmax_wal_senders = 3\n",
    "names_case_insensitive": "Max_Connections = 120\nWORK_MEM = '2MB'\n",
    "equals_optional": "max_connections 150\nport '6543'\n",
    "octal_and_hex": "max_connections = '010'\nwork_mem = 0x10000\n",
    "quoted_number_spaces": "max_connections = '  200  '\n",
    "rounding_half_even": "shared_buffers = '1004kB'\nmax_connections = 100.5\nmaintenance_work_mem = '1001kB'\n",
    "rounding_half_even_up": "max_connections = 101.5\n",
    "microseconds_to_zero": "statement_timeout = 500us\nlock_timeout = 1500us\n",
    "below_minimum": "work_mem = 100B\n",
    "fraction_with_unit_unquoted": "statement_timeout = 1.5min\n",
    "fraction_with_unit_quoted": "statement_timeout = '1.5min'\nwork_mem = '1.5MB'\n",
    "exponent_unquoted": "max_connections = 1e3\n",
    "exponent_real": "random_page_cost = 1.5e1\nseq_page_cost = .5\n",
    "space_before_unit": "shared_buffers = 1 GB\n",
    "space_before_unit_quoted": "shared_buffers = '1 GB'\n",
    "unit_case": "shared_buffers = 1gb\n",
    "unit_less_base": "shared_buffers = 100\nstatement_timeout = 30\n",
    "boolean_prefixes": "fsync = of\nautovacuum = YES\nhot_standby = 1\n",
    "boolean_ambiguous": "fsync = o\n",
    "enum_case": "wal_level = REPLICA\n",
    "unknown_name": "max_connection = 100\n",
    "placeholder": "my_ext.x = 1\nmy_ext.Y = 'two words'\n",
    "qualified_value_unquoted": "default_text_search_config = pg_catalog.english\n",
    "unquoted_star": "listen_addresses = *\n",
    "quote_escapes": "application_name = 'a''b'\ncluster_name = 'a\\'b'\n",
    "backslash_escapes": "cluster_name = 'x\\ty\\101\\q'\n",
    "crlf": "max_connections = 77\r\nwork_mem = '3MB'\r\n",
    "bom": "\ufeffmax_connections = 50\n",
    "bom_comment": "\ufeff# a comment\nmax_connections = 50\n",
    "no_final_newline": "max_connections = 90",
    "dangling_name_at_eof": "max_connections = 90\nwork_mem",
    "empty_value": "cluster_name = ''\n",
    "several_syntax_errors": "a = 1\nb=\n c d e\nmax_connections = 5\n",
    "reserved_exceeds": "max_connections = 5\nsuperuser_reserved_connections = 5\n",
    "wal_minimal_senders": "wal_level = minimal\nmax_wal_senders = 3\n",
    "max_backends_sum": "max_connections = 262000\nmax_worker_processes = 1000\n",
    "internal_parameter": "server_version = 3\n",
    "old_name_alias": "sort_mem = 2MB\nvacuum_mem = 1MB\n",
    "real_parameter_range": "random_page_cost = -1\n",
    "negative_integer": "max_connections = -5\n",
    "tab_and_comment": "\tmax_connections\t=\t33\t# trailing comment\n",
    "comment_only": "# nothing\n\n   \n",
    "empty_file": "",
    "dot_value": "cluster_name = .\n",
    "hex_with_unit": "work_mem = 0x10MB\n",
    "high_byte_identifier": "cluster_name = caf\u00e9\n",
    "form_feed": "max_connections = 5\f\n",
    "memory_units": "work_mem = '1TB'\nmaintenance_work_mem = '2GB'\ntemp_buffers = 2048\n",
    "time_units": "checkpoint_timeout = '1h'\nlog_rotation_age = '1d'\nwal_receiver_timeout = '90s'\n",
    "include_missing": "include 'does_not_exist.conf'\nmax_connections = 5\n",
    "include_if_exists_missing": "include_if_exists 'does_not_exist.conf'\nmax_connections = 5\n",
    "include_self": "include 'include_self.conf'\n",
    "include_dir_missing": "include_dir 'no_such_dir'\n",
}


def log(*args):
    print(*args, flush=True)


def as_nobody(cmd):
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
    return cmd


def chown_tree(path):
    if os.geteuid() != 0:
        return
    for root, dirs, files in os.walk(path):
        shutil.chown(root, "nobody", "nogroup")
        for name in files:
            shutil.chown(os.path.join(root, name), "nobody", "nogroup")


NAME_LINE = re.compile(r"^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*=?\s*)('(?:[^'\\\n]|\\.|'')*'|[^\s#']+)(\s*(?:#.*)?)$")


def parse_size_kb(value):
    m = re.fullmatch(r"\s*(\d+)\s*(kB|MB|GB|TB)?\s*", value)
    if not m:
        return None
    n = int(m.group(1))
    unit = m.group(2)
    if unit is None:
        return n * 8
    return n * {"kB": 1, "MB": 1024, "GB": 1024 ** 2, "TB": 1024 ** 3}[unit]


def rewrite_machine_keys(text, datadir):
    """Rewrites the values of machine keys in place; returns (text, set of rewritten keys)."""
    safe = {
        "data_directory": datadir,
        "hba_file": os.path.join(datadir, "pg_hba.conf"),
        "ident_file": os.path.join(datadir, "pg_ident.conf"),
        "external_pid_file": "",
        "shared_preload_libraries": "",
        "session_preload_libraries": "",
        "local_preload_libraries": "",
        "huge_pages": "off",
        "dynamic_shared_memory_type": "posix",
        "shared_memory_type": "mmap",
        "lc_messages": "C",
        "lc_monetary": "C",
        "lc_numeric": "C",
        "lc_time": "C",
    }
    rewritten = set()
    out = []
    for line in text.split("\n"):
        m = NAME_LINE.match(line.rstrip("\r"))
        if m:
            key = m.group(2).lower()
            value = m.group(4)
            if key in safe:
                line = "%s%s = '%s'%s" % (m.group(1), m.group(2), safe[key], m.group(5))
                rewritten.add(key)
            elif key == "shared_buffers":
                kb = parse_size_kb(value.strip("'"))
                if kb is not None and kb > SHMEM_LIMIT_KB:
                    line = "%s%s = '128MB'%s" % (m.group(1), m.group(2), m.group(5))
                    rewritten.add(key)
        out.append(line)
    return "\n".join(out), rewritten


def copy_unescape(field):
    out = []
    i = 0
    while i < len(field):
        c = field[i]
        if c == "\\" and i + 1 < len(field):
            n = field[i + 1]
            out.append({"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "b": "\b", "f": "\f", "v": "\v"}.get(n, n))
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def sql_literal(s):
    return "'" + s.replace("'", "''") + "'"


class Oracle:
    def __init__(self, work):
        self.work = work
        self.datadir = os.path.join(work, "data")
        os.makedirs(work, exist_ok=True)
        chown_tree(work)
        r = subprocess.run(as_nobody([os.path.join(PG_BIN, "initdb"), "-D", self.datadir, "-A", "trust",
                                      "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]),
                           capture_output=True, text=True, cwd=work)
        if r.returncode != 0:
            raise RuntimeError("initdb failed: " + r.stderr)
        self.autoconf = os.path.join(self.datadir, "postgresql.auto.conf")
        with open(self.autoconf) as f:
            self.autoconf_text = f.read()

    def run(self, conf_path, placeholders, autoconf_text=None):
        """Returns (accepted, settings, error_text, environment_failure)."""
        with open(self.autoconf, "w") as f:
            f.write(self.autoconf_text if autoconf_text is None else autoconf_text)
        shutil.chown(self.autoconf, "nobody", "nogroup") if os.geteuid() == 0 else None
        lines = [
            "SET statement_timeout = 0",
            "SET lock_timeout = 0",
            "SET idle_in_transaction_session_timeout = 0",
            "SET search_path = pg_catalog",
            "COPY (SELECT 'ROW', name, setting FROM pg_catalog.pg_settings) TO STDOUT",
        ]
        if placeholders:
            arr = "ARRAY[" + ",".join(sql_literal(p) for p in placeholders) + "]"
            lines.append("COPY (SELECT 'ROW', n, pg_catalog.current_setting(n, true) FROM "
                         "pg_catalog.unnest(%s::text[]) AS n) TO STDOUT" % arr)
        stdin = "\n".join(lines) + "\n"
        try:
            r = subprocess.run(as_nobody([os.path.join(PG_BIN, "postgres"), "--single", "-D", self.datadir,
                                          "-c", "config_file=" + conf_path, "postgres"]),
                               input=stdin.encode(), capture_output=True, timeout=60)
        except subprocess.TimeoutExpired:
            return None, {}, "timeout", True
        out = r.stdout.decode("utf-8", "replace")
        err = r.stderr.decode("utf-8", "replace")
        if "contains errors" in err or ("FATAL" in err and "configuration file" in err):
            return False, {}, err, False
        if r.returncode != 0 or "ROW\t" not in out:
            return None, {}, err, True
        settings = {}
        for line in out.split("\n"):
            i = line.find("ROW\t")
            if i < 0:
                continue
            parts = line[i:].split("\t")
            if len(parts) < 3:
                continue
            value = None if parts[2] == "\\N" else copy_unescape(parts[2])
            settings[copy_unescape(parts[1]).lower()] = value
        return True, settings, err, False


def run_connplan(binary, path):
    r = subprocess.run([binary, "inspect", "--kind", "postgresql", "--pg-version", "15", "--format", "json",
                        os.path.basename(path)], capture_output=True, cwd=os.path.dirname(path) or ".",
                       timeout=120)
    if r.returncode not in (0, 1):
        raise RuntimeError("connplan exited %d: %s" % (r.returncode, r.stderr.decode("utf-8", "replace")))
    doc = json.loads(r.stdout.decode("utf-8"))
    return doc["files"][0]


def explained(label, key):
    for pattern, k, reason in EXPLAINED:
        if re.fullmatch(pattern, label) and k == key:
            return reason
    return None


def collect_cases(args, tmp):
    cases = []  # (label, path, is_corpus)
    fixtures = os.path.join(args.source_dir, "fixtures", "postgresql")
    if os.path.isdir(fixtures):
        for root, dirs, files in os.walk(fixtures):
            dirs.sort()
            for name in sorted(files):
                if name.endswith(".md"):
                    continue
                path = os.path.join(root, name)
                cases.append(("fixture:" + os.path.relpath(path, fixtures), path))
    corpus = os.path.join(args.shared, "corpus", "postgresql")
    if os.path.isdir(corpus):
        for name in sorted(os.listdir(corpus)):
            path = os.path.join(corpus, name)
            if os.path.isfile(path):
                cases.append(("corpus:" + name, path))
    else:
        log("corpus: %s absent, skipped" % corpus)
    if os.path.isfile(SAMPLE):
        sample_dir = os.path.join(tmp, "sample")
        os.makedirs(sample_dir)
        out = []
        with open(SAMPLE) as f:
            for line in f:
                m = re.match(r"^#([a-z_]+)(\s*=.*)$", line.rstrip("\n"))
                if m and not m.group(1).startswith("include"):
                    line = m.group(1) + m.group(2) + "\n"
                out.append(line)
        path = os.path.join(sample_dir, "postgresql.conf.sample.uncommented")
        with open(path, "w") as f:
            f.write("".join(out))
        cases.append(("sample:postgresql.conf.sample (every setting uncommented)", path))
    gen_dir = os.path.join(tmp, "generated")
    os.makedirs(gen_dir)
    for name, text in sorted(GENERATED.items()):
        path = os.path.join(gen_dir, name + ".conf")
        with open(path, "wb") as f:
            f.write(text.encode("utf-8"))
        cases.append(("generated:" + name, path))
    return cases


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connplan", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    if not os.path.exists(os.path.join(PG_BIN, "postgres")):
        log("PostgreSQL 15 is not installed: skipped")
        return 77
    args.connplan = os.path.abspath(args.connplan)
    if not os.path.exists(args.connplan):
        log("connplan binary %s missing" % args.connplan)
        return 1

    tmp = tempfile.mkdtemp(prefix="connplan-pg-oracle-")
    os.chmod(tmp, 0o755)
    try:
        oracle = Oracle(os.path.join(tmp, "pg"))
        cases = collect_cases(args, tmp)
        files_compared = files_agree = values_compared = values_agree = 0
        failures = []
        explained_seen = []
        skipped = []
        for label, path in cases:
            try:
                mine = run_connplan(args.connplan, path)
            except Exception as e:  # a crash of connplan is a disagreement
                failures.append("%s: connplan failed: %s" % (label, e))
                files_compared += 1
                continue
            # PostgreSQL reads a temporary copy of the file's directory (includes resolve the same).
            case_dir = os.path.join(tmp, "case")
            shutil.rmtree(case_dir, ignore_errors=True)
            src_dir = os.path.dirname(path)
            if sum(len(f) for _, _, f in os.walk(src_dir)) > 200:
                os.makedirs(case_dir)
                shutil.copy2(path, case_dir)
            else:
                shutil.copytree(src_dir, case_dir, symlinks=True)
            copy = os.path.join(case_dir, os.path.basename(path))
            with open(path, "rb") as f:
                raw = f.read()
            text = raw.decode("latin-1")
            rewritten_text, rewritten = rewrite_machine_keys(text, oracle.datadir)
            with open(copy, "wb") as f:
                f.write(rewritten_text.encode("latin-1"))
            autoconf = None
            sibling = os.path.join(src_dir, "postgresql.auto.conf")
            if os.path.basename(path) != "postgresql.auto.conf" and os.path.isfile(sibling):
                with open(sibling) as f:
                    autoconf = f.read()
            chown_tree(case_dir)
            placeholders = [k for k, v in mine["settings"].items() if "." in k]
            accepted, theirs, err, env_failure = oracle.run(copy, placeholders, autoconf)
            if env_failure:
                skipped.append("%s: the standalone backend could not run here: %s" % (label, err.strip()[-300:]))
                continue
            files_compared += 1
            file_ok = True
            if accepted != mine["accepted"]:
                kinds = {d["code"] for d in mine["diagnostics"]}
                reason = explained(label, "<accepted>")
                for code in sorted(kinds):
                    reason = reason or explained(label, "<accepted>:" + code)
                if reason:
                    explained_seen.append("%s: acceptance differs: %s" % (label, reason))
                else:
                    file_ok = False
                    failures.append("%s: PostgreSQL %s, connplan %s (%s)\n    postgres: %s" % (
                        label, "accepts" if accepted else "rejects", "accepts" if mine["accepted"] else "rejects",
                        ", ".join(sorted(kinds)), err.strip().replace("\n", "\n    postgres: ")[:800]))
            if accepted and mine["accepted"]:
                for key, entry in sorted(mine["settings"].items()):
                    lk = key.lower()
                    if lk in MACHINE_KEYS and lk in rewritten or lk in NOT_COMPARED:
                        continue
                    if lk == "shared_buffers" and lk in rewritten:
                        continue
                    if entry["status"] != "known" or entry["value"] == "***":
                        continue
                    values_compared += 1
                    if lk not in theirs:
                        ok = False
                    elif lk in OCTAL_SHOWN:
                        try:
                            ok = int(theirs[lk], 8) == int(entry["value"])
                        except (TypeError, ValueError):
                            ok = False
                    else:
                        ok = theirs[lk] == entry["value"]
                    if ok:
                        values_agree += 1
                        continue
                    reason = explained(label, lk)
                    if reason:
                        explained_seen.append("%s: %s: %s" % (label, key, reason))
                        continue
                    file_ok = False
                    failures.append("%s: %s: PostgreSQL %r, connplan %r" % (label, key, theirs.get(lk, "<absent>"),
                                                                          entry["value"]))
            if file_ok:
                files_agree += 1
            if args.verbose:
                log("%-70s %s" % (label, "ok" if file_ok else "DIFFERS"))

        log("PostgreSQL 15 oracle: %d cases" % len(cases))
        for s in skipped:
            log("skipped: " + s)
        for e in explained_seen:
            log("explained: " + e)
        for f in failures:
            log("DISAGREES: " + f)
        log("agreement: files %d/%d, values %d/%d" % (files_agree, files_compared, values_agree, values_compared))
        return 1 if failures else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
