#!/usr/bin/env python3
"""`connplan observe` against a real PostgreSQL 15 and PgBouncer (issue 8: "a real server, not a mock").

Starts a throwaway cluster (initdb in a temp dir as an unprivileged user, a free loopback port) and a
pgbouncer in front of it, opens known numbers of connections with chosen application_names through
libpq (psycopg2) - some idle, one idle in transaction, some through PgBouncer, one that no service
matches - writes a fixture deployment, and asserts every number and finding of
`connplan observe --format json`, the text output, and `--watch 1` (JSON Lines, clean on SIGINT).
Each of CP901-CP905 is shown firing (variant "fires") and not firing (variant "passes").
Exit 77 (skipped) when /usr/lib/postgresql/15/bin/initdb, pgbouncer or psycopg2 is missing.
Everything started is stopped by PID in a finally block; the temp dir is removed.
"""
import argparse
import json
import os
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

PG_BIN = "/usr/lib/postgresql/15/bin"
PGBOUNCER = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"

try:
    import psycopg2
except ImportError:
    psycopg2 = None

FAILURES = []


def check(cond, label):
    if not cond:
        FAILURES.append(label)
        print("FAIL:", label)


def as_unprivileged(cmd):
    # As tests/oracle/postgresql_oracle.py does: postgres and pgbouncer refuse to run as root.
    if os.geteuid() == 0:
        return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + cmd
    return cmd


def chown_tree(path):
    if os.geteuid() != 0:
        return
    for root, dirs, files in os.walk(path):
        shutil.chown(root, "nobody", "nogroup")
        for name in dirs + files:
            shutil.chown(os.path.join(root, name), "nobody", "nogroup")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(fn, what, timeout=30):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        try:
            return fn()
        except Exception as e:  # noqa: BLE001 - any failure means "not yet"
            last = e
            time.sleep(0.2)
    raise RuntimeError(f"{what} did not come up: {last}")


def connect(port, dbname, user, app, autocommit=True):
    c = psycopg2.connect(host="127.0.0.1", port=port, dbname=dbname, user=user, application_name=app)
    c.autocommit = autocommit
    return c


def schema_validator(source_dir):
    try:
        import jsonschema
    except ImportError:
        return None
    store = {}
    for path in sorted((source_dir / "docs" / "schema").glob("*.schema.json")):
        schema = json.loads(path.read_text())
        store[schema["$id"]] = schema
        store[path.name] = schema
    schema = store["observe.schema.json"]
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, resolver=resolver)


def write_deployment(root, pg_port, bouncer_port, variant):
    """`fires`: every CP90x fires; `passes`: none does."""
    fires = variant == "fires"
    root.mkdir(parents=True, exist_ok=True)
    (root / "connplan.toml").write_text(f"""\
[postgres]
name = "main"
config = "postgresql.conf"

[[pgbouncer]]
name = "bouncer"
config = "pgbouncer.ini"
server = "main"

[django]
settings = "settings.py"

[budget]
warn_percent = {20 if fires else 80}

[[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn.conf.py"
match = {{ application_name = "web*", usename = "app", client_addr = "127.0.0.0/8" }}

[[service]]
name = "worker"
kind = "command"
replicas = 3
match = {{ application_name = "celery", datname = "app?b" }}

[[service]]
name = "api"
kind = "command"
replicas = 2
via = "bouncer"
match = {{ application_name = "api" }}
""" + ("" if fires else """
[[service]]
name = "adhoc"
kind = "command"
match = { application_name = "adhoc" }
"""))
    # The live server runs with max_connections 40 and work_mem 8MB.
    (root / "postgresql.conf").write_text(
        "max_connections = 40\n" + ("work_mem = '4MB'\n" if fires else "work_mem = '8MB'\n"))
    (root / "pgbouncer.ini").write_text(f"""\
[databases]
appdb = host=127.0.0.1 port={pg_port} dbname=appdb

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {bouncer_port}
pool_mode = session
default_pool_size = 5
""")
    (root / "settings.py").write_text(f"""\
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "appdb",
        "USER": "app",
        "HOST": "127.0.0.1",
        "PORT": "{pg_port}",
        "CONN_MAX_AGE": 0,
    }}
}}
""")
    (root / "gunicorn.conf.py").write_text(f"workers = {2 if fires else 4}\n")


def run_connplan(binary, args, cwd):
    return subprocess.run([binary] + args, cwd=cwd, capture_output=True, text=True, timeout=120)


def codes(doc):
    return sorted(f["code"] for f in doc["findings"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connplan", required=True)
    ap.add_argument("--source-dir", required=True, type=pathlib.Path)
    ap.add_argument("--shared")
    args = ap.parse_args()
    for need, what in ((os.path.join(PG_BIN, "initdb"), "PostgreSQL 15 (postgresql-15)"),
                       (PGBOUNCER, "pgbouncer")):
        if not os.path.exists(need):
            print(f"skipped: {what} is not installed")
            return 77
    if psycopg2 is None:
        print("skipped: psycopg2 (python3-psycopg2) is not installed")
        return 77

    binary = os.path.abspath(args.connplan)
    validator = schema_validator(args.source_dir)
    tmp = pathlib.Path(tempfile.mkdtemp(prefix="connplan-observe-"))
    processes = []
    connections = []
    try:
        data, sock = tmp / "data", tmp / "sock"
        sock.mkdir()
        chown_tree(tmp)
        r = subprocess.run(as_unprivileged([os.path.join(PG_BIN, "initdb"), "-D", str(data), "-A", "trust",
                                            "-U", "postgres", "--no-sync"]),
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise RuntimeError("initdb failed: " + r.stderr)
        pg_port, bouncer_port = free_port(), free_port()
        pg = subprocess.Popen(as_unprivileged([os.path.join(PG_BIN, "postgres"), "-D", str(data),
                                               "-p", str(pg_port), "-k", str(sock),
                                               "-c", "listen_addresses=127.0.0.1",
                                               "-c", "max_connections=40", "-c", "work_mem=8MB",
                                               "-c", "fsync=off"]),
                              stdout=subprocess.DEVNULL, stderr=open(tmp / "postgres.log", "w"))
        processes.append(pg)
        admin = wait_for(lambda: connect(pg_port, "postgres", "postgres", "setup"), "postgres")
        connections.append(admin)
        with admin.cursor() as cur:
            cur.execute("CREATE ROLE app LOGIN")
            cur.execute("CREATE DATABASE appdb OWNER app")
        admin.close()

        bdir = tmp / "bouncer"
        bdir.mkdir()
        (bdir / "userlist.txt").write_text('"postgres" ""\n"app" ""\n')
        (bdir / "pgbouncer.ini").write_text(f"""\
[databases]
appdb = host=127.0.0.1 port={pg_port} dbname=appdb

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {bouncer_port}
unix_socket_dir =
auth_type = trust
auth_file = {bdir / 'userlist.txt'}
admin_users = postgres
pool_mode = session
default_pool_size = 5
logfile = {bdir / 'pgbouncer.log'}
""")
        chown_tree(bdir)
        bouncer = subprocess.Popen(as_unprivileged([PGBOUNCER, str(bdir / "pgbouncer.ini")]),
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        processes.append(bouncer)
        wait_for(lambda: connect(bouncer_port, "pgbouncer", "postgres", "probe").close(), "pgbouncer")

        # Known connections: web 3 idle; worker ("celery") 1 idle + 1 idle in transaction; api 2
        # through PgBouncer (each holding a server connection: session pooling); adhoc 1 that
        # the "fires" variant's services do not match.
        for _ in range(3):
            connections.append(connect(pg_port, "appdb", "app", "web-1"))
        connections.append(connect(pg_port, "appdb", "app", "celery"))
        in_tx = connect(pg_port, "appdb", "app", "celery", autocommit=False)
        in_tx.cursor().execute("SELECT 1")
        connections.append(in_tx)
        for _ in range(2):
            c = connect(bouncer_port, "appdb", "app", "api")
            c.cursor().execute("SELECT 1")
            connections.append(c)
        connections.append(connect(pg_port, "postgres", "postgres", "adhoc"))
        time.sleep(1.5)  # the transaction is now idle for more than --idle-in-transaction-after 1

        dsn = f"postgresql://postgres:s3cret-pw@127.0.0.1:{pg_port}/postgres"
        bouncer_dsn = f"host=127.0.0.1 port={bouncer_port} dbname=pgbouncer user=postgres"
        common = ["--dsn", dsn, "--pgbouncer-dsn", bouncer_dsn, "--server", "main"]

        # ---- variant "fires" ----------------------------------------------------------------
        proj = tmp / "fires"
        write_deployment(proj, pg_port, bouncer_port, "fires")
        report = json.loads(run_connplan(binary, ["report", "--format", "json", "."], proj).stdout)
        planned = {s["name"]: s for s in report["services"]}
        r = run_connplan(binary, ["observe", ".", "--format", "json", "--idle-in-transaction-after", "1"]
                         + common, proj)
        check(r.returncode == 1, f"observe exits 1 on findings (got {r.returncode}: {r.stderr})")
        doc = json.loads(r.stdout)
        if validator:
            errors = [e.message for e in validator.iter_errors(doc)]
            check(not errors, f"observe document valid against observe.schema.json: {errors[:3]}")
        check(doc["kind"] == "observe" and doc["schema_version"] == 1, "header")
        check("s3cret" not in r.stdout + r.stderr, "the password is never printed")
        server = doc["server"]
        # 3 web + 2 worker + 2 PgBouncer server connections + 1 adhoc; connplan's own excluded.
        check(server == {"name": "main", "max_connections": 40, "usable": 37, "observed": 8, "peak": 8},
              f"server {server}")
        services = {s["name"]: s for s in doc["services"]}
        check(list(services) == ["web", "worker", "api"], f"services in toml order {list(services)}")
        for name in ("web", "worker", "api"):
            check(services[name]["predicted_worst_case"] == planned[name]["total"],
                  f"{name} predicted worst case is the plan's total")
            check(services[name]["predicted_steady_state"] == planned[name]["steady_state"],
                  f"{name} predicted steady state is the plan's")
        check(services["web"]["predicted_worst_case"] == 2, "web: 2 sync workers")
        check(services["worker"]["predicted_worst_case"] == 3, "worker: 3 replicas of a command")

        def states(**nonzero):
            out = {k: 0 for k in ("active", "idle", "idle in transaction", "idle in transaction (aborted)",
                                  "fastpath function call", "disabled", "unknown")}
            out.update({k.replace("_", " "): v for k, v in nonzero.items()})
            return out

        check(services["web"]["observed"] == 3 and services["web"]["peak"] == 3, "web observed 3")
        check(services["web"]["observed_by_state"] == states(idle=3), f"web states {services['web']}")
        check(services["worker"]["observed"] == 2, "worker observed 2")
        check(services["worker"]["observed_by_state"] == states(idle=1, idle_in_transaction=1),
              f"worker states {services['worker']['observed_by_state']}")
        check(services["api"]["observed"] == 2, f"api observed 2 via SHOW CLIENTS {services['api']}")
        check(services["api"]["observed_by_state"] == states(idle=2),
              f"api states {services['api']['observed_by_state']}")
        check(doc["unaccounted"] == [{"application_name": "adhoc", "usename": "postgres", "datname": "postgres",
                                      "client_addr": "127.0.0.1", "state": "idle", "count": 1}],
              f"unaccounted {doc['unaccounted']}")
        pools = doc["pgbouncers"][0]["pools"] if doc["pgbouncers"] else []
        check(doc["pgbouncers"] and doc["pgbouncers"][0]["name"] == "bouncer", "pgbouncer named by the plan")
        check(pools == [{"database": "appdb", "user": "app", "cl_active": 2, "cl_waiting": 0,
                         "sv_active": 2, "sv_idle": 0, "maxwait": 0}], f"pools {pools}")
        check(codes(doc) == ["CP901", "CP902", "CP903", "CP904", "CP905"], f"codes {codes(doc)}")
        by_code = {f["code"]: f for f in doc["findings"]}
        cp901 = by_code.get("CP901", {})
        check(cp901.get("service") == "web" and "3 connections" in cp901.get("message", "")
              and "worst case of 2" in cp901.get("message", ""), f"CP901 {cp901}")
        check((cp901.get("location") or {}).get("file") == "connplan.toml", "CP901 anchors on the [[service]]")
        cp902 = by_code.get("CP902", {})
        check('"adhoc"' in cp902.get("message", "") and cp902.get("location") is None, f"CP902 {cp902}")
        cp903 = by_code.get("CP903", {})
        with in_tx.cursor() as cur:
            pass
        pid = in_tx.get_backend_pid()
        check(f"pid {pid}" in cp903.get("message", "") and cp903.get("service") == "worker", f"CP903 {cp903}")
        check(any(f"SELECT pg_terminate_backend({pid});" in n for n in cp903.get("notes", [])),
              "CP903 notes the SQL an operator could run")
        cp904 = by_code.get("CP904", {})
        check("8 connections" in cp904.get("message", "") and (cp904.get("location") or {}).get("line") == 1,
              f"CP904 on the max_connections line {cp904}")
        cp905 = by_code.get("CP905", {})
        check(cp905.get("message") == "work_mem is 8MB on the running server but 4MB in postgresql.conf"
              and (cp905.get("location") or {}).get("line") == 2, f"CP905 {cp905}")
        # The backend we observed was not touched: connplan is read-only.
        with in_tx.cursor() as cur:
            cur.execute("SELECT 1")
            check(cur.fetchone() == (1,), "the idle-in-transaction session is still alive")
        in_tx.rollback()
        in_tx.cursor().execute("SELECT 1")  # a fresh transaction, idle again
        time.sleep(1.2)

        # Text output.
        r = run_connplan(binary, ["observe", ".", "--idle-in-transaction-after", "1"] + common, proj)
        check(r.returncode == 1, f"text exit 1 ({r.returncode}: {r.stderr})")
        out = r.stdout
        check("s3cret" not in out and "postgresql://postgres:***@127.0.0.1" in out, "text: DSN redacted")
        check("web" in out and "worker" in out and "api" in out, "text: a row per service")
        check("unaccounted" in out and "adhoc" in out, "text: the unaccounted group")
        check("pgbouncer bouncer" in out and "appdb" in out, "text: the pools")
        for code in ("CP901", "CP902", "CP903", "CP904", "CP905"):
            check(f"[{code}]" in out, f"text: {code}")
        check("pg_terminate_backend(" in out, "text: the SQL note")

        # --fail-level error: CP901 is the only error.
        r = run_connplan(binary, ["observe", ".", "--format", "json", "--fail-level", "error",
                                  "--ignore", "CP901"] + common, proj)
        check(r.returncode == 0 and "CP901" not in codes(json.loads(r.stdout)), "--ignore and --fail-level")

        # --watch 1 with JSON Lines, interrupted.
        w = subprocess.Popen([binary, "observe", ".", "--format", "json", "--watch", "1"] + common, cwd=proj,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        processes.append(w)
        time.sleep(2.5)
        w.send_signal(signal.SIGINT)
        wout, werr = w.communicate(timeout=20)
        lines = [line for line in wout.splitlines() if line.strip()]
        check(len(lines) >= 2, f"--watch wrote {len(lines)} lines (want >= 2)")
        check(w.returncode in (0, 1), f"--watch exits cleanly on SIGINT (got {w.returncode}: {werr})")
        for line in lines:
            try:
                d = json.loads(line)
            except ValueError:
                check(False, f"--watch line is a JSON document: {line[:80]}")
                continue
            check(d["kind"] == "observe", "--watch documents are observe documents")
            if validator:
                check(not list(validator.iter_errors(d)), "--watch document valid")
        if lines:
            last = json.loads(lines[-1])
            expected_rc = 1 if last["findings"] else 0
            check(w.returncode == expected_rc, "--watch exit code follows the last round's findings")

        # ---- variant "passes": none of CP901-CP905 ---------------------------------------------
        proj = tmp / "passes"
        write_deployment(proj, pg_port, bouncer_port, "passes")
        r = run_connplan(binary, ["observe", ".", "--format", "json", "--idle-in-transaction-after", "3600"]
                         + common, proj)
        doc = json.loads(r.stdout) if r.stdout else {"findings": [{"code": "none"}]}
        check(r.returncode == 0, f"passes variant exits 0 ({r.returncode}: {r.stderr} {codes(doc)})")
        check(codes(doc) == [], f"passes variant has no findings: {codes(doc)}")
        check(doc.get("unaccounted") == [], "passes: the adhoc service accounts for every connection")

        # A server that does not answer: exit 2, host and port named, no password.
        dead = free_port()
        r = run_connplan(binary, ["observe", ".", "--dsn", f"postgresql://postgres:s3cret-pw@127.0.0.1:{dead}/x"],
                         proj)
        check(r.returncode == 2, f"connection failure exits 2 (got {r.returncode})")
        check(f"127.0.0.1 port {dead}" in r.stderr and "s3cret" not in r.stderr, f"failure message {r.stderr}")
    finally:
        for c in connections:
            try:
                c.close()
            except Exception:  # noqa: BLE001 - already closed
                pass
        for p in reversed(processes):
            if p.poll() is None:
                os.kill(p.pid, signal.SIGINT if p is processes[0] else signal.SIGTERM)
                try:
                    p.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)
                    p.wait()
        shutil.rmtree(tmp, ignore_errors=True)
    if FAILURES:
        print(f"{len(FAILURES)} failure(s)")
        return 1
    print("observe: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
