#!/usr/bin/python3
"""Differential test: connplan's reading of pgbouncer.ini against a real pgbouncer 1.18.

For every case (fixtures/pgbouncer/*, <shared>/corpus/pgbouncer/* read in place, and the edge
cases generated below) the script asks connplan for `inspect --kind pgbouncer --pgbouncer-version
1.18 --format json`, then starts the real pgbouncer on a temporary copy of the file and compares:
  - acceptance: does pgbouncer start (connplan's `accepted`)?
  - every SHOW CONFIG value (connplan's `settings`), except the keys this script rewrites because
    they touch the machine;
  - every SHOW DATABASES row (connplan's `databases`) and the [users] rows of SHOW USERS.

The copy is rewritten IN PLACE: the machine-touching keys of [pgbouncer] (listen address and port,
logfile, pidfile, unix_socket_dir, auth_file, admin_users, user, TLS files) get values of this
run, the missing ones are inserted right after the last [pgbouncer] header (appending a new header
would reset the section), and %include paths point at rewritten copies of the included files.
pgbouncer runs as an unprivileged user (nobody when run as root), on a free loopback port, and is
stopped by its PID.

Exit status: 0 when every disagreement is explained, 1 otherwise, 77 when pgbouncer or psql is
missing. Python 3 standard library only.
"""
import argparse
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

PGBOUNCER = "/usr/sbin/pgbouncer"
PSQL = shutil.which("psql") or "/usr/bin/psql"
VERSION = "1.18"
ADMIN = "cpadmin"
ADMIN_PASSWORD = "cpadmin-pw"
NULL = "<NULL>"

# [pgbouncer] keys whose value this script replaces (or that name this machine), so their values
# are not compared.
MACHINE_KEYS = {
    "listen_addr", "listen_port", "logfile", "pidfile", "unix_socket_dir", "auth_file",
    "admin_users", "user", "conffile", "client_tls_key_file", "client_tls_cert_file",
    "client_tls_ca_file", "server_tls_key_file", "server_tls_cert_file", "server_tls_ca_file",
    "client_tls_sslmode", "auth_hba_file", "syslog", "unix_socket_group",
}
# auth types that need something this machine does not have.
UNUSABLE_AUTH = {"hba", "cert", "pam"}

# Differences that are understood, each with its reason: (predicate, explanation).
EXPLAINED = [
    (lambda case, what, key, ours, theirs: what == "config" and key == "auth_query",
     "Debian patches pgbouncer 1.18's auth_query default to the pg_authid query of 1.25; connplan "
     "follows upstream 1.18 (src/main.c @ pgbouncer_1_18_0)"),
]

# Generated edge cases: (name, text). Each is a whole file; the machine keys are added by the
# rewriter. They follow the observations in reference/tool-behaviour.md "pgbouncer 1.18".
BASE_DB = "[databases]\napp = host=127.0.0.1 port=5432 dbname=app\n"
GENERATED = [
    ("reset_by_second_header", BASE_DB + "[pgbouncer]\nreserve_pool_size = 7\nmax_db_connections = 77\n"
     "[databases]\nother = host=h\n[pgbouncer]\npool_mode = transaction\n"),
    ("unknown_key", BASE_DB + "[pgbouncer]\nfoo = 1\n"),
    ("key_case_sensitive", BASE_DB + "[pgbouncer]\nPool_Mode = session\n"),
    ("section_case_sensitive", BASE_DB + "[PgBouncer]\npool_mode = session\n"),
    ("enum_case_insensitive", BASE_DB + "[pgbouncer]\npool_mode = Transaction\nserver_tls_sslmode = REQUIRE\n"),
    ("duplicate_key_last_wins", BASE_DB + "[pgbouncer]\ndefault_pool_size = 5\ndefault_pool_size = 9\n"),
    ("duplicate_database_last_wins", "[databases]\napp = host=a pool_size=3\napp = host=b\n[pgbouncer]\n"),
    ("inline_comment_in_int", BASE_DB + "[pgbouncer]\ndefault_pool_size = 20 ; note\n"),
    ("inline_comment_in_enum", BASE_DB + "[pgbouncer]\npool_mode = transaction ; x\n"),
    ("hash_kept_in_string", BASE_DB + "[pgbouncer]\nserver_reset_query = DISCARD ALL # x\n"),
    ("comment_after_connstr", "[databases]\napp = host=127.0.0.1 ; main db\n[pgbouncer]\n"),
    ("quoted_int", BASE_DB + "[pgbouncer]\ndefault_pool_size = \"20\"\n"),
    ("quoted_db_name", "[databases]\n\"Quoted DB\" = host=h\n[pgbouncer]\n"),
    ("strtol_octal_hex", BASE_DB + "[pgbouncer]\ndefault_pool_size = 010\nmax_client_conn = 0x1e\n"),
    ("negative_and_zero", BASE_DB + "[pgbouncer]\nmax_db_connections = -5\nmax_client_conn = 0\n"),
    ("exponent_int_invalid", BASE_DB + "[pgbouncer]\nmax_client_conn = 1e3\n"),
    ("time_fraction", BASE_DB + "[pgbouncer]\nreserve_pool_timeout = 1.5\nquery_wait_timeout = 0.010\n"),
    ("time_unit_invalid", BASE_DB + "[pgbouncer]\nquery_wait_timeout = 2min\n"),
    ("bool_words_invalid", BASE_DB + "[pgbouncer]\nlog_connections = true\n"),
    ("bool_two", BASE_DB + "[pgbouncer]\nlog_connections = 2\nserver_round_robin = 1\n"),
    ("connstr_numbers", "[databases]\na = host=h pool_size=010\nb = host=h pool_size=abc\n"
     "c = host=h pool_size=-3 reserve_pool=2 min_pool_size=1 max_db_connections=-1\n"
     "[pgbouncer]\ndefault_pool_size = 11\nmax_db_connections = 40\n"),
    ("connstr_unknown_key", "[databases]\napp = host=h poolsize=5\n[pgbouncer]\n"),
    ("connstr_key_of_later_version", "[databases]\napp = host=h reserve_pool_size=5\n[pgbouncer]\n"),
    ("connstr_quoted", "[databases]\napp = host=h dbname='my db' user='o''brien' connect_query='SELECT 1'\n[pgbouncer]\n"),
    ("connstr_forced_user_mode", "[databases]\napp = host=h user=svc pool_mode=statement\n[pgbouncer]\npool_mode = transaction\n"),
    ("reserved_db_name", "[databases]\npgbouncer = host=h\n[pgbouncer]\n"),
    ("users_section", BASE_DB + "[users]\nalice = pool_mode=transaction max_user_connections=3\nbob = max_user_connections=0\n"
     "[pgbouncer]\nmax_user_connections = 9\n"),
    ("users_unknown_key", BASE_DB + "[users]\nalice = pool_size=3\n[pgbouncer]\n"),
    ("unix_socket_mode_octal", BASE_DB + "[pgbouncer]\nunix_socket_mode = 0770\n"),
    ("max_packet_size_negative", BASE_DB + "[pgbouncer]\nmax_packet_size = -1\n"),
    ("key_of_later_version", BASE_DB + "[pgbouncer]\ntrack_extra_parameters = IntervalStyle\n"),
    ("peers_section_1_19", BASE_DB + "[peers]\n1 = host=h\n[pgbouncer]\n"),
    ("crlf_line_endings", BASE_DB.replace("\n", "\r\n") + "[pgbouncer]\r\npool_mode = transaction\r\nmax_client_conn = 50\r\n"),
    ("crlf_invalid_value", "[pgbouncer]\r\nmax_client_conn = x\r\n"),
    ("long_connstr_line", "[databases]\nlongdb = host=127.0.0.1 port=5432 dbname=" + "d" * 120 +
     " application_name=" + "a" * 120 + " pool_size=7\n[pgbouncer]\n"),
    ("value_before_section", "pool_mode = session\n[pgbouncer]\n"),
    ("no_main_section", BASE_DB),
    ("empty_key", BASE_DB + "[pgbouncer]\n= 5\n"),
    ("section_then_key_same_line", "[databases] app = host=h pool_size=4\n[pgbouncer] pool_mode = statement\n"),
    ("indented_everything", "  [databases]\n\tapp = host=h\n [pgbouncer]\n   max_client_conn=70\n"),
    ("empty_values", BASE_DB + "[pgbouncer]\nadmin_users =\nserver_reset_query = \nignore_startup_parameters = extra_float_digits, options\n"),
    ("empty_int_invalid", BASE_DB + "[pgbouncer]\ndefault_pool_size =\n"),
    ("unterminated_section", BASE_DB + "[pgbouncer\n"),
    ("markdown_line", BASE_DB + "[pgbouncer]\n*CONNECTION POOL SETTINGS*\n"),
    ("connstr_empty_value", "[databases]\napp = host=\n[pgbouncer]\n"),
    ("connstr_invalid_port", "[databases]\napp = host=h port=abc\n[pgbouncer]\n"),
    ("connstr_invalid_pool_mode", "[databases]\napp = host=h pool_mode=sessions\n[pgbouncer]\n"),
    ("wildcard_unchecked", "[databases]\n* = host=h poolsize=5\n[pgbouncer]\n"),
    ("auth_type_values", BASE_DB + "[pgbouncer]\nauth_type = Plain\n"),
    ("auth_type_invalid", BASE_DB + "[pgbouncer]\nauth_type = password\n"),
    ("include_relative", None),  # written by make_generated (needs two files)
    ("include_missing", BASE_DB + "[pgbouncer]\n%include does-not-exist.ini\n"),
    ("include_resets_main", None),
    ("include_loop", None),
]


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def make_generated(directory):
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for name, text in GENERATED:
        path = directory / f"{name}.ini"
        if name == "include_relative":
            (directory / "inc_pool.ini.part").write_text("default_pool_size = 33\n")
            text = BASE_DB + "[pgbouncer]\n%include inc_pool.ini.part\nmax_client_conn = 44\n"
        elif name == "include_resets_main":
            (directory / "inc_reset.ini.part").write_text("[pgbouncer]\nmin_pool_size = 2\n")
            text = BASE_DB + "[pgbouncer]\ndefault_pool_size = 12\n%include inc_reset.ini.part\n"
        elif name == "include_loop":
            text = BASE_DB + "[pgbouncer]\n%include include_loop.ini\n"
        path.write_bytes(text.encode())
        files.append(path)
    return files


def parse_lines(data):
    """Split into (content, ending) pairs, keeping CRLF/LF endings."""
    out = []
    for raw in data.splitlines(keepends=True):
        body = raw.rstrip(b"\r\n")
        out.append([body, raw[len(body):]])
    return out


KEY_LINE = re.compile(rb"^[ \t\r\v\f]*([A-Za-z0-9_.*-]+)[ \t]*=(.*)$")
SECTION_LINE = re.compile(rb"^\s*\[([^\]\n]*)\]")
INCLUDE_LINE = re.compile(rb"^\s*%include[ \t]+(.*?)\s*$")


class rewriter:
    """Writes rewritten copies of a file and its includes into a temporary directory."""

    def __init__(self, tmp, port, workdir):
        self.tmp = tmp
        self.port = port
        self.workdir = workdir
        self.count = 0
        self.headers = []  # (copy, line index) of [pgbouncer] headers in load order
        self.copies = {}   # copy path → lines
        self.auth_unusable = False

    def machine_value(self, key, value):
        v = value.strip()
        if key == b"listen_addr":
            return b"127.0.0.1"
        if key == b"listen_port":
            return str(self.port).encode()
        if key == b"logfile":
            return str(self.tmp / "pgbouncer.log").encode()
        if key == b"pidfile":
            return str(self.tmp / "pgbouncer.pid").encode()
        if key == b"unix_socket_dir":
            return b""
        if key == b"auth_file":
            return str(self.tmp / "users.txt").encode()
        if key == b"admin_users":
            return ADMIN.encode()
        if key in (b"client_tls_key_file", b"client_tls_cert_file", b"client_tls_ca_file",
                   b"server_tls_key_file", b"server_tls_cert_file", b"server_tls_ca_file"):
            return b""
        if key == b"client_tls_sslmode":
            return b"disable"
        if key == b"auth_type" and v.lower().decode(errors="replace") in UNUSABLE_AUTH:
            self.auth_unusable = True
            return b"trust"
        if key == b"syslog":
            return b"0"
        if key == b"unix_socket_group":
            return b""
        return None

    def copy(self, source, depth=0):
        self.count += 1
        dest = self.tmp / f"case_{self.count}.ini"
        data = source.read_bytes()
        lines = parse_lines(data)
        self.copies[dest] = lines
        section = None
        for i, line in enumerate(lines):
            body = line[0]
            m = SECTION_LINE.match(body)
            if m:
                section = m.group(1)
                if section == b"pgbouncer":
                    self.headers.append((dest, i))
                continue
            m = INCLUDE_LINE.match(body)
            if m:
                target = pathlib.Path(m.group(1).decode(errors="surrogateescape"))
                if not target.is_absolute():
                    target = self.workdir / target
                if target.is_file() and depth < 12:
                    included = self.copy(target, depth + 1)
                    line[0] = b"%include " + str(included).encode()
                else:
                    line[0] = b"%include " + str(target).encode()
                continue
            m = KEY_LINE.match(body)
            if m and section == b"pgbouncer":
                key = m.group(1)
                if key == b"user":
                    line[0] = b"; user removed by the oracle (pgbouncer refuses it when not root)"
                    continue
                value = self.machine_value(key, m.group(2))
                if value is not None:
                    line[0] = key + b" = " + value
        return dest

    def finish(self):
        if self.headers:
            dest, index = self.headers[-1]
            lines = self.copies[dest]
            ending = lines[index][1] or b"\n"
            if not lines[index][1]:
                lines[index][1] = b"\n"
            block = []
            for key in (b"listen_addr", b"listen_port", b"logfile", b"pidfile", b"unix_socket_dir",
                        b"auth_file", b"admin_users"):
                block.append([key + b" = " + self.machine_value(key, b""), ending])
            lines[index + 1:index + 1] = block
        for dest, lines in self.copies.items():
            dest.write_bytes(b"".join(a + b for a, b in lines))


def run_connplan(connplan, path):
    proc = subprocess.run([connplan, "inspect", "--kind", "pgbouncer", "--pgbouncer-version", VERSION,
                           "--format", "json", str(path)], capture_output=True, text=True,
                          cwd=str(path.parent), timeout=60)
    try:
        doc = json.loads(proc.stdout)
        return doc["files"][0], None
    except (ValueError, KeyError, IndexError):
        return None, f"connplan exit {proc.returncode}: {proc.stderr.strip()[:300]}"


def as_nobody(cmd):
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
    return cmd


def psql(port, query):
    env = dict(os.environ, PGPASSWORD=ADMIN_PASSWORD, PGCONNECT_TIMEOUT="3")
    proc = subprocess.run([PSQL, "-X", "-h", "127.0.0.1", "-p", str(port), "-U", ADMIN, "-d", "pgbouncer",
                           "-A", "-F", "\x1f", "-P", "footer=off", "-P", f"null={NULL}", "-c", query],
                          capture_output=True, text=True, env=env, timeout=20)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.strip())
    rows = [line.split("\x1f") for line in proc.stdout.splitlines()]
    header, body = rows[0], rows[1:]
    return [dict(zip(header, r)) for r in body]


def run_pgbouncer(case_path, workdir):
    """Returns (started, facts, log, skip_reason)."""
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="connplan-pgb-"))
    port = free_port()
    rw = rewriter(tmp, port, workdir)
    main = rw.copy(case_path)
    rw.finish()
    (tmp / "users.txt").write_text(f'"{ADMIN}" "{ADMIN_PASSWORD}"\n')
    if os.geteuid() == 0:
        for p in [tmp] + list(tmp.iterdir()):
            shutil.chown(p, "nobody", "nogroup")
    pidfile = tmp / "pgbouncer.pid"
    logfile = tmp / "pgbouncer.log"
    facts = None
    started = False
    try:
        proc = subprocess.run(as_nobody([PGBOUNCER, "-d", str(main)]), cwd=str(tmp),
                              capture_output=True, text=True, timeout=20)
        if proc.returncode == 0:
            for _ in range(100):
                if pidfile.exists() and pidfile.read_text().strip():
                    break
                time.sleep(0.02)
        if pidfile.exists() and pidfile.read_text().strip():
            started = True
            last = None
            for _ in range(50):
                try:
                    facts = {"config": psql(port, "SHOW CONFIG"), "databases": psql(port, "SHOW DATABASES"),
                             "users": psql(port, "SHOW USERS")}
                    break
                except RuntimeError as e:
                    last = str(e)
                    time.sleep(0.05)
            if facts is None:
                facts = {"error": last}
        log = (logfile.read_text(errors="replace") if logfile.exists() else "") + proc.stderr
        return started, facts, log, rw.auth_unusable
    finally:
        if pidfile.exists():
            try:
                pid = int(pidfile.read_text().strip())
                os.kill(pid, signal.SIGINT)
                for _ in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.02)
                os.kill(pid, signal.SIGKILL)
            except (ValueError, ProcessLookupError):
                pass
        shutil.rmtree(tmp, ignore_errors=True)


def compare(case, ours, facts, auth_rewritten):
    """Yields (what, key, connplan value, pgbouncer value)."""
    config = {r["key"]: (None if r["value"] == NULL else r["value"]) for r in facts["config"]}
    for key, theirs in config.items():
        if key in MACHINE_KEYS or (key == "auth_type" and auth_rewritten):
            continue
        entry = ours["settings"].get(key)
        mine = entry["value"] if entry else "<missing>"
        if mine == "***":
            continue  # redacted by connplan (CONTRACTS §9): not comparable
        yield "config", key, mine, theirs
    for key in ours["settings"]:
        if key not in config:
            yield "config", key, ours["settings"][key]["value"], "<missing>"
    rows = {r["name"]: r for r in facts["databases"] if r["name"] != "pgbouncer"}
    mine_dbs = ours.get("databases", {})
    for name in sorted(set(rows) | set(mine_dbs)):
        row, db = rows.get(name), mine_dbs.get(name)
        if row is None or db is None:
            yield "databases", name, "present" if db else "absent", "present" if row else "absent"
            continue

        def num(v):
            return None if v == NULL else int(v)

        def text(v):
            return None if v == NULL else v
        pairs = [("host", db["host"]["value"], text(row["host"])),
                 ("port", db["port"]["value"], num(row["port"])),
                 ("dbname", db["dbname"]["value"], text(row["database"])),
                 ("user", db["user"]["value"], text(row["force_user"])),
                 ("pool_size", db["pool_size"]["value"], num(row["pool_size"])),
                 ("min_pool_size", db["min_pool_size"]["value"], num(row["min_pool_size"])),
                 ("reserve_pool", db["reserve_pool"]["value"], num(row["reserve_pool"])),
                 ("max_db_connections", db["max_db_connections"]["value"], num(row["max_connections"]))]
        inherited = row["pool_mode"] == NULL
        pairs.append(("pool_mode_inherited", db["pool_mode_inherited"]["value"], inherited))
        pairs.append(("pool_mode", db["pool_mode"]["value"], config["pool_mode"] if inherited else row["pool_mode"]))
        for key, mine, theirs in pairs:
            yield "databases", f"{name}.{key}", mine, theirs
    users = {r["name"]: r for r in facts["users"]}
    for name, u in ours.get("users", {}).items():
        row = users.get(name)
        theirs = None if row is None or row["pool_mode"] == NULL else row["pool_mode"]
        yield "users", f"{name}.pool_mode", u["pool_mode"]["value"], theirs if row else "absent"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connplan", required=True)
    ap.add_argument("--source-dir", required=True)
    ap.add_argument("--shared", required=True)
    args = ap.parse_args()
    if not os.access(PGBOUNCER, os.X_OK) or not os.access(PSQL, os.X_OK):
        print("pgbouncer or psql is not installed: skipped")
        return 77
    cases = sorted(pathlib.Path(args.source_dir, "fixtures", "pgbouncer").rglob("*.ini"))
    corpus = pathlib.Path(args.shared, "corpus", "pgbouncer")
    if corpus.is_dir():
        cases += sorted(p for p in corpus.iterdir() if p.is_file())
    else:
        print(f"note: {corpus} is absent; corpus cases skipped")
    gen_dir = pathlib.Path(tempfile.mkdtemp(prefix="connplan-pgb-gen-"))
    cases += make_generated(gen_dir)
    cases = [c.resolve() for c in cases]

    started_at = time.time()
    total = agree = 0
    unexplained, explained, skipped = [], [], []
    try:
        for case in cases:
            label = case.name if case.parent == gen_dir.resolve() else case.name
            ours, problem = run_connplan(args.connplan, case)
            if ours is None:
                unexplained.append(f"{label}: connplan gave no JSON ({problem})")
                total += 1
                continue
            started, facts, log, auth_rewritten = run_pgbouncer(case, case.parent)
            if started and facts and "error" in facts:
                skipped.append(f"{label}: pgbouncer started but its console refused the oracle ({facts['error']})")
                continue
            total += 1
            if started != ours["accepted"]:
                reason = " | ".join(l for l in log.splitlines() if "ERROR" in l or "FATAL" in l)[:400]
                if not started and re.search(r"could not bind|cannot listen|Address already in use|TLS|tls", log):
                    skipped.append(f"{label}: pgbouncer could not start for a machine reason: {reason}")
                    total -= 1
                    continue
                codes = sorted({d["code"] for d in ours["diagnostics"]})
                unexplained.append(f"{label}: acceptance: connplan {ours['accepted']} {codes}, "
                                   f"pgbouncer {started} ({reason})")
                continue
            agree += 1
            if not started:
                continue
            for what, key, mine, theirs in compare(case, ours, facts, auth_rewritten):
                total += 1
                if mine == theirs:
                    agree += 1
                    continue
                why = next((text for pred, text in EXPLAINED if pred(case, what, key, mine, theirs)), None)
                message = f"{label}: {what} {key}: connplan {mine!r}, pgbouncer {theirs!r}"
                if why:
                    agree += 1
                    explained.append(f"{message} — {why}")
                else:
                    unexplained.append(message)
    finally:
        shutil.rmtree(gen_dir, ignore_errors=True)

    for line in skipped:
        print(f"skipped: {line}")
    seen = set()
    for line in explained:
        key = line.split(" — ")[1]
        if key not in seen:
            seen.add(key)
            print(f"explained ({sum(1 for l in explained if l.endswith(key))}x): {key}")
    for line in unexplained:
        print(f"DISAGREE: {line}")
    print(f"pgbouncer {VERSION} oracle: {len(cases)} cases ({len(skipped)} skipped), "
          f"{agree}/{total} comparisons agree ({100.0 * agree / max(total, 1):.2f}%), "
          f"{len(explained)} explained, {len(unexplained)} unexplained, "
          f"{time.time() - started_at:.1f} s")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
