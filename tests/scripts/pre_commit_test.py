#!/usr/bin/env python3
"""The pre-commit hook (.pre-commit-hooks.yaml) refuses a commit with connplan's findings and accepts
it once the configuration is fixed; offline, with Debian's pre-commit (3.0.4).

docs/pre-commit.md: "`git commit` is refused while `connplan check` exits non-zero (findings at the
fail level, default `warning`), and the findings are printed above pre-commit's `Failed` line".

The hook repository is a throwaway git repository holding only the current .pre-commit-hooks.yaml
(for `language: system` that file is all pre-commit takes from it), so the test neither needs nor
changes the git state of this checkout. HOME, PRE_COMMIT_HOME and the git identity point into a
temporary directory. Exit 77 when pre-commit or git is absent.
"""

import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

SKIP = 77

# The fixes of the founding incident, applied to a copy of fixtures/incident-before (its
# expected/check.txt lists the findings they remove): each (file, old, new) must match exactly,
# so a changed fixture fails loudly here instead of silently testing nothing.
FIXES = [
    ("crm/settings/local.py", 'DATABASES["default"]["CONN_MAX_AGE"] = 60\n', ""),
    ("crm/settings/production.py", 'DATABASES["default"]["CONN_MAX_AGE"] = None\n', ""),
    ("crm/settings/base.py", '"CONN_MAX_AGE": 600,', '"CONN_MAX_AGE": 0,'),
    ("crm/settings/base.py", "CELERY_BROKER_URL", "CELERY_WORKER_CONCURRENCY = 4\nCELERY_BROKER_URL"),
    ("gunicorn_config.py", 'worker_class = "gevent"\nworker_connections = 100\n',
     'worker_class = "sync"\n'),
    ("gunicorn_config.py", "max_worker_age = 1800\n", "max_requests_jitter = 50\n"),
    ("connplan.toml", '[[service]]\nname = "channels"\nkind = "daphne"\n\n', ""),
    ("postgresql.conf", "idle_in_transaction_session_timeout = 0",
     "idle_in_transaction_session_timeout = '5min'"),
    # The team's start script starts daphne too (the channels service of connplan.toml).
    ("start-server.sh",
     "nohup daphne -b 0.0.0.0 -p 8001 crm.asgi:application > logs/daphne.log 2>&1 &\n", ""),
]
# Fixture files that only some versions of the fixture have.
OPTIONAL_FILES = {"start-server.sh"}


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(cmd, cwd, env, check=True):
    proc = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=300)
    if check and proc.returncode != 0:
        fail(f"{' '.join(cmd)} exited {proc.returncode}:\n{proc.stdout}")
    return proc


def git_env(tmp, connplan):
    env = {
        "HOME": str(tmp / "home"),
        "PRE_COMMIT_HOME": str(tmp / "pre-commit-home"),
        "PATH": os.pathsep.join([str(pathlib.Path(connplan).resolve().parent), "/usr/bin", "/bin"]),
        "GIT_AUTHOR_NAME": "connplan test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "connplan test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
        "GIT_CONFIG_NOSYSTEM": "1",
        "PRE_COMMIT_COLOR": "never",
        "NO_COLOR": "1",
        "LANG": "C.UTF-8",
    }
    (tmp / "home").mkdir()
    return env


def make_hook_repo(tmp, source_dir, env):
    repo = tmp / "hook-repo"
    repo.mkdir()
    shutil.copy(source_dir / ".pre-commit-hooks.yaml", repo / ".pre-commit-hooks.yaml")
    run(["git", "init", "-q", "-b", "main", str(repo)], tmp, env)
    run(["git", "add", ".pre-commit-hooks.yaml"], repo, env)
    run(["git", "commit", "-q", "-m", "hooks"], repo, env)
    return repo, run(["git", "rev-parse", "HEAD"], repo, env).stdout.strip()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared")
    args = parser.parse_args()
    args.connplan = str(pathlib.Path(args.connplan).resolve())
    source_dir = pathlib.Path(args.source_dir).resolve()

    pre_commit = shutil.which("pre-commit", path="/usr/bin:/usr/local/bin")
    if not pre_commit or not shutil.which("git"):
        print("SKIP: pre-commit or git is not installed (Debian packages pre-commit, git)")
        sys.exit(SKIP)

    with tempfile.TemporaryDirectory(prefix="connplan-pre-commit-") as tmp_name:
        tmp = pathlib.Path(tmp_name)
        env = git_env(tmp, args.connplan)
        hook_repo, rev = make_hook_repo(tmp, source_dir, env)

        project = tmp / "project"
        shutil.copytree(source_dir / "fixtures" / "incident-before", project,
                        ignore=shutil.ignore_patterns("expected"))
        (project / ".pre-commit-config.yaml").write_text(
            f"repos:\n  - repo: {hook_repo}\n    rev: {rev}\n    hooks:\n      - id: connplan\n")
        run(["git", "init", "-q", "-b", "main", str(project)], tmp, env)
        run([pre_commit, "install"], project, env)
        run(["git", "add", "-A"], project, env)

        refused = run(["git", "commit", "-m", "the incident's configuration"], project, env,
                      check=False)
        if refused.returncode == 0:
            fail(f"git commit of incident-before was accepted:\n{refused.stdout}")
        out = refused.stdout
        # The hook ran connplan (not a pre-commit error) and printed its findings.
        if "connplan" not in out or "Failed" not in out:
            fail(f"the connplan hook did not fail:\n{out}")
        for expected in ("postgresql.conf:6:1: error:", "[CP105 unbounded-demand]",
                         "gunicorn_config.py:7:1: warning:", "exit code: 1"):
            if expected not in out:
                fail(f"`{expected}` missing from the refused commit's output:\n{out}")
        if run(["git", "rev-parse", "--verify", "-q", "HEAD"], project, env,
               check=False).returncode == 0:
            fail("a commit exists although the hook failed")

        for name, old, new in FIXES:
            path = project / name
            if name in OPTIONAL_FILES and not path.exists():
                continue
            text = path.read_text()
            if old not in text:
                fail(f"{name}: the fixture no longer contains {old!r}")
            path.write_text(text.replace(old, new, 1))
        # The premise of the second half: the fixed deployment is clean for connplan itself.
        direct = run([args.connplan, "check", str(project)], tmp, env, check=False)
        if direct.returncode != 0:
            fail(f"connplan check of the fixed fixture exits {direct.returncode}:\n{direct.stdout}")

        run(["git", "add", "-A"], project, env)
        accepted = run(["git", "commit", "-m", "the fixed configuration"], project, env,
                       check=False)
        if accepted.returncode != 0:
            fail(f"git commit of the fixed configuration was refused:\n{accepted.stdout}")
        if "connplan" not in accepted.stdout or "Passed" not in accepted.stdout:
            fail(f"the connplan hook did not run and pass:\n{accepted.stdout}")

        # A commit touching no file the hook reads does not run connplan ("Skipped").
        (project / "README.md").write_text("docs only\n")
        run(["git", "add", "README.md"], project, env)
        skipped = run(["git", "commit", "-m", "docs"], project, env, check=False)
        if skipped.returncode != 0 or "Skipped" not in skipped.stdout:
            fail(f"a README-only commit did not skip the hook:\n{skipped.stdout}")

    print("PASS: the connplan pre-commit hook refuses incident-before and accepts the fix")


if __name__ == "__main__":
    main()
