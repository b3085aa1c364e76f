#!/usr/bin/python3
"""No output of any command, in any format, contains a secret (CONTRACTS.md §9).

CONTRACTS §9: "One redaction, applied in the model before any text leaves it (messages, echoed source
lines, SARIF snippets, `expr`, assumptions, `--env` echoes, every format): the password in URL
userinfo, `password=` in connection strings, userlist contents, and the value of any key or name
matching `PASS|SECRET|TOKEN|KEY|CREDENTIAL` (case-insensitive) become `***`."

A deployment is written to a temporary directory with a distinct secret in every place one hides
(DATABASES PASSWORD, OPTIONS password, DATABASE_URL defaults of os.environ.get / dj_database_url /
env.db(), broker_url, result_backend, pgbouncer connection strings and a malformed line echoed with
its finding, the auth_file userlist, SECRET_KEY, a *_TOKEN variable, a password in a gunicorn config,
connplan.toml [env] and [[service]] env, --env values, postgresql.conf's ssl_passphrase_command).
Every command (check, report, inspect, explain) runs in every format its --help lists, with
--output files too, and neither stdout, stderr nor any written file may contain any secret. The
test also checks that the files were really read (CP701 fires, a "***" is printed), so a run that
reads nothing cannot pass.
"""
import argparse
import pathlib
import re
import subprocess
import sys
import tempfile

SECRETS = {
    "settings_password": "pw-databases-9182x",
    "options_password": "pw-options-5521x",
    "environ_get_default": "pw-environget-2209x",
    "dj_database_url_default": "pw-dburl-default-3310x",
    "env_db_default": "pw-envdb-8841x",
    "secret_key": "sk-django-4f1a77e0x",
    "api_token": "tok-api-6612x",
    "broker_url": "pw-broker-4471x",
    "result_backend": "pw-result-7093x",
    "gunicorn_password": "pw-gunicorn-1188x",
    "gunicorn_raw_env": "pw-rawenv-3391x",
    "pgbouncer_connstr": "pw-pgbouncer-5150x",
    "pgbouncer_bad_line": "pw-badline-2468x",
    "userlist": "md5-userlist-0417x",
    "toml_env": "pw-toml-env-7731x",
    "toml_service_env": "pw-toml-svc-4422x",
    "cli_env": "pw-cli-env-6064x",
    "cli_url": "pw-cli-url-2777x",
    "pg_passphrase": "pw-pgconf-6650x",
}
S = SECRETS

FILES = {
    "connplan.toml": f"""
[django]
settings = "proj/settings.py"

[env]
DB_PASSWORD = "{S['toml_env']}"

[postgres]
config = "postgresql.conf"

[[pgbouncer]]
name = "bouncer"
config = "pgbouncer.ini"

[[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn.conf.py"
via = "bouncer"
env = {{ CACHE_TOKEN = "{S['toml_service_env']}" }}

[[service]]
name = "worker"
kind = "celery-worker"
config = "proj/celeryconfig.py"
""",
    "proj/__init__.py": "",
    "proj/settings.py": f"""
import os
import dj_database_url
import environ

env = environ.Env()
SECRET_KEY = "{S['secret_key']}"
API_TOKEN = "{S['api_token']}"
DEFAULT_URL = os.environ.get("DATABASE_URL", "postgres://app:{S['environ_get_default']}@db/app")
DATABASES = {{
    "default": {{
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "app",
        "USER": "app",
        "PASSWORD": "{S['settings_password']}",
        "HOST": "pgbouncer",
        "PORT": 6432,
        "CONN_MAX_AGE": 0,
        "OPTIONS": {{"password": "{S['options_password']}", "sslmode": "require"}},
    }},
    "reports": dj_database_url.config(env="REPORTS_URL",
                                      default="postgres://rep:{S['dj_database_url_default']}@db/rep"),
    "replica": {{"ENGINE": "django.db.backends.postgresql", "NAME": "app", "HOST": "replica",
                "PASSWORD": os.environ.get("DB_PASSWORD", "")}},
    "archive": env.db("ARCHIVE_URL", default="postgres://arc:{S['env_db_default']}@db/arc"),
}}
""",
    "proj/celeryconfig.py": f"""
broker_url = "redis://:{S['broker_url']}@redis:6379/0"
result_backend = "db+postgresql://celery:{S['result_backend']}@db/celery"
worker_concurrency = 4
""",
    "gunicorn.conf.py": f"""
workers = 3
db_password = "{S['gunicorn_password']}"
raw_env = ["DB_PASSWORD={S['gunicorn_raw_env']}"]
""",
    "pgbouncer.ini": f"""[databases]
app = host=db port=5432 dbname=app user=app password={S['pgbouncer_connstr']}
bad = host=db password={S['pgbouncer_bad_line']} bogus_param=1

[pgbouncer]
listen_addr = 0.0.0.0
listen_port = 6432
auth_type = md5
auth_file = userlist.txt
pool_mode = transaction
default_pool_size = 20
""",
    "userlist.txt": f'"app" "{S["userlist"]}"\n',
    "postgresql.conf": f"""max_connections = 100
ssl_passphrase_command = 'echo {S['pg_passphrase']}'
""",
}

INSPECTED = ["proj/settings.py", "proj/celeryconfig.py", "gunicorn.conf.py", "pgbouncer.ini",
             "postgresql.conf"]


def formats_of(connplan, command):
    """The --format choices a command's --help lists (other formats come and go)."""
    out = subprocess.run([connplan, command, "--help"], capture_output=True, text=True).stdout
    m = re.search(r"--format TEXT:\{([^}]*)\}", out)
    return (m.group(1).split(",") if m else ["text"]), out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir")
    parser.add_argument("--shared")
    args = parser.parse_args()
    args.connplan = str(pathlib.Path(args.connplan).resolve())

    failures = []
    runs = 0
    all_stdout = ""
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp) / "deploy"
        outdir = pathlib.Path(tmp) / "out"
        outdir.mkdir()
        for name, text in FILES.items():
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_text(text)
        env_flags = ["--env", f"DB_PASSWORD={S['cli_env']}",
                     "--env", f"REPORTS_URL=postgres://u:{S['cli_url']}@db/app"]

        def run(argv, written=()):
            nonlocal runs, all_stdout
            runs += 1
            proc = subprocess.run([args.connplan] + argv, cwd=root, capture_output=True,
                                  text=True, errors="replace")
            all_stdout += proc.stdout
            if proc.returncode not in (0, 1):
                failures.append(f"{' '.join(argv)}: exit {proc.returncode}: {proc.stderr[:300]}")
            outputs = {"stdout": proc.stdout, "stderr": proc.stderr}
            for path in written:
                outputs[str(path)] = path.read_text(errors="replace") if path.exists() else ""
            for where, text in outputs.items():
                for place, secret in SECRETS.items():
                    if secret in text:
                        line = next(l for l in text.splitlines() if secret in l)
                        failures.append(f"{' '.join(argv[:3])}: {where} leaks {place}: {line[:200]}")

        for command in ("check", "report"):
            formats, help_text = formats_of(args.connplan, command)
            for fmt in formats:
                run([command, ".", "--format", fmt] + env_flags)
            extra = [f for f in ("--show-files", "--show-config") if f in help_text]
            for flag in extra:
                run([command, ".", flag] + env_flags)
            if "--output" in help_text:
                written = [outdir / f"{command}.{fmt}" for fmt in formats]
                argv = [command, "."] + env_flags
                for fmt, path in zip(formats, written):
                    argv += ["--output", f"{fmt}={path}"]
                run(argv, written)
        formats, _ = formats_of(args.connplan, "inspect")
        for fmt in formats:
            run(["inspect"] + INSPECTED + ["--format", fmt] + env_flags)
            run(["inspect", "--kind", "pgbouncer", "userlist.txt", "--format", fmt] + env_flags)
        run(["explain", "CP701"])

    # The files were read: the hard-coded passwords are found and something was redacted.
    if "CP701" not in all_stdout:
        failures.append("CP701 never fired: the deployment was not read")
    if "***" not in all_stdout:
        failures.append("nothing was redacted: the deployment was not read")
    if failures:
        for f in failures:
            print("FAIL:", f)
        return 1
    print(f"ok: {runs} runs, {len(SECRETS)} secrets, none printed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
