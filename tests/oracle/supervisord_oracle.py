#!/usr/bin/python3
"""Differential test: connplan's reading of supervisord configuration against supervisor 4.2.5.

Cases: every file of fixtures/launch/supervisord/, every supervisord file of
<shared>/corpus/launch/ (a `.conf`/`.ini` with a `[program:` section, read in place; a supervisord
file embedded in an Elastic Beanstalk `.config` YAML block is cut out to a temporary file), and the
tricky cases generated below (inline comments with and without whitespace before them, `%(ENV_X)s`
with X set and unset, `%(process_num)02d`, numprocs, continuation lines, `environment=` with
quotes and commas, repeated sections, ...).

Supervisor side: this same /usr/bin/python3 imports Debian's supervisor and calls
`ServerOptions.read_config` on the file (supervisor/options.py @ 4.2.5), which parses it with
`UnhosedConfigParser`, applies `[supervisord] environment=` and builds every program with
`processes_from_section` — never starting supervisord. What read_config checks on the machine is
neutralised so the result does not depend on it: `existing_dirpath`, `existing_directory` and
`name_to_uid` (log and pid directories, `user=`) accept anything. A file without a
`[supervisord]` section is an included file (conf.d/*.conf): an empty `[supervisord]` header is put
in front of it, as the including file would provide one. `[include]` is not followed (connplan reads
included files as launch files of their own). The environment is exactly the one given to connplan
with `--env`, nothing from this process's environment.

connplan side: `connplan inspect --isolated --kind supervisord --format json --env K=V FILE`.

Compared per `[program:x]`: acceptance (supervisor raises ValueError ⇔ connplan `accepted: false`),
the command's words (`shlex.split` of supervisor's expanded command, what
`ProcessConfig.get_execv_args` runs, against `shlex.split` of connplan's `command`), numprocs (the
processes supervisor creates; connplan's `replicas`), the environment dict (after the
`[supervisord]` merge) and `directory`. With numprocs > 1 connplan describes the first process
(process_num = numprocs_start), so supervisor's first-created process is compared. Secrets are
masked on supervisor's side as connplan redacts them (CONTRACTS §9). `%(here)s` is the file's
directory: supervisor makes it absolute, connplan prints it relative to the project root (CONTRACTS
§1), so connplan's root-relative paths are joined to its `root` before comparing.

Exit: 0 when every disagreement is explained by a named exception below, 1 otherwise, 77 when
supervisor cannot be imported. Python 3 standard library (and supervisor) only.
"""
import argparse
import io
import itertools
import json
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

try:
    import supervisor.datatypes as sup_datatypes
    import supervisor.options as sup_options
except ImportError:
    print("supervisor is not installed (Debian package `supervisor`): skipped")
    sys.exit(77)

VERSION = "4.2.5"
SECRET = re.compile(r"PASS|SECRET|TOKEN|KEY|CREDENTIAL", re.I)
URL_PASSWORD = re.compile(r"(://[^/?#@\s:'\"]*:)([^@/?#\s'\"]*)(@)")

# Generated cases: (name, text, env given to both sides).
PROG = "[supervisord]\nnodaemon=true\n\n"
GENERATED = [
    ("inline_comment_after_space", PROG + "[program:web]\ncommand=gunicorn app.wsgi -w 4 ; four\n", {}),
    ("inline_comment_after_tab", PROG + "[program:web]\ncommand=gunicorn app.wsgi -w 4\t# four\n", {}),
    ("semicolon_without_space_is_kept", PROG + "[program:web]\ncommand=gunicorn app.wsgi -w 4;x\n", {}),
    ("hash_without_space_is_kept", PROG + "[program:web]\ncommand=celery -A app#1 worker -c 2\n"
     "environment=A=\"x#y\",B=z\n", {}),
    ("env_var_set", PROG + "[program:celery]\ncommand=celery -A app worker -c %(ENV_CONC)s\n", {"CONC": "6"}),
    ("env_var_unset", PROG + "[program:celery]\ncommand=celery -A app worker -c %(ENV_CONC)s\n", {}),
    ("process_num", PROG + "[program:worker]\ncommand=celery -A app worker -n w%(process_num)02d@%%h -c 2\n"
     "numprocs=3\nnumprocs_start=1\nprocess_name=%(program_name)s_%(process_num)02d\n", {}),
    ("numprocs_without_process_num", PROG + "[program:worker]\ncommand=celery -A app worker\nnumprocs=2\n", {}),
    ("numprocs_from_env", PROG + "[program:worker]\ncommand=celery -A app worker\nnumprocs=%(ENV_N)s\n"
     "process_name=%(program_name)s-%(process_num)d\n", {"N": "4"}),
    ("numprocs_not_a_number", PROG + "[program:worker]\ncommand=celery -A app worker\nnumprocs=two\n", {}),
    ("continuation_lines", PROG + "[program:web]\ncommand=gunicorn\n    app.wsgi:application\n"
     "    --workers 3\n    --threads 2\ndirectory=/srv/app\n", {}),
    ("indented_key_continues_value", PROG + "[program:web]\ncommand=gunicorn app.wsgi\n  numprocs=2\n", {}),
    ("environment_quotes_commas", PROG + "[program:web]\ncommand=gunicorn app.wsgi\n"
     "environment=A=\"1,2\",B='x y',C=plain,D=/a/b:c,DATABASE_URL=\"postgres://u:pw@db/app\","
     "DB_PASSWORD=\"hunter2\"\n", {}),
    ("environment_trailing_comma", PROG + "[program:web]\ncommand=gunicorn app.wsgi\nenvironment=A=1,B=2,\n", {}),
    ("environment_unbalanced", PROG + "[program:web]\ncommand=gunicorn app.wsgi\nenvironment=A=1,B\n", {}),
    ("repeated_section_merges", PROG + "[program:web]\ncommand=gunicorn app.wsgi -w 2\nnumprocs=1\n\n"
     "[program:other]\ncommand=daphne app.asgi:application\n\n[program:web]\ncommand=gunicorn app.wsgi -w 5\n", {}),
    ("program_env_in_command", PROG + "[program:web]\nenvironment=W=\"5\"\ncommand=gunicorn app.wsgi -w %(ENV_W)s\n", {}),
    ("global_environment", "[supervisord]\nenvironment=CONC=\"3\",DJANGO_SETTINGS_MODULE=app.settings\n\n"
     "[program:celery]\ncommand=celery -A app worker -c %(ENV_CONC)s\nenvironment=LOCAL=1\n", {}),
    ("percent_escape", PROG + "[program:celery]\ncommand=celery -A app worker --logfile=/var/log/%%n.log\n", {}),
    ("here_directory", PROG + "[program:web]\ncommand=%(here)s/venv/bin/gunicorn app.wsgi\ndirectory=%(here)s/app\n", {}),
    ("program_name_expansion", PROG + "[program:web]\ncommand=gunicorn app.wsgi --name %(program_name)s\n", {}),
    ("quoted_words", PROG + "[program:web]\ncommand=sh -c \"exec gunicorn -w 2 'app.wsgi'\"\n", {}),
    ("colon_separator_and_case", PROG + "[program:web]\nCommand: gunicorn app.wsgi --workers 2\nNumProcs = 1\n", {}),
    ("no_command", PROG + "[program:web]\ndirectory=/srv\n", {}),
    ("unknown_expansion", PROG + "[program:web]\ncommand=gunicorn app.wsgi --name %(nope)s\n", {}),
    ("value_before_section", "command=gunicorn app.wsgi\n" + PROG, {}),
    ("not_key_value", PROG + "[program:web]\ncommand=gunicorn app.wsgi\nthis is not a key\n", {}),
    ("dsn_on_command_line", PROG + "[program:celery]\ncommand=celery -A app worker "
     "--result-backend=db+postgresql://app:s3cret@db/app\n", {}),
    ("unterminated_quote", PROG + "[program:web]\ncommand=gunicorn \"app.wsgi\n", {}),
    ("crlf", (PROG + "[program:web]\ncommand=gunicorn app.wsgi -w 3\nnumprocs=1\n").replace("\n", "\r\n"), {}),
    ("include_fragment_without_supervisord", "[program:web]\ncommand=gunicorn app.wsgi -w 2\n", {}),
]

# Differences that are understood: (predicate, explanation).
EXPLAINED = [
    (lambda case, what, mine, theirs, ours: what == "acceptance" and theirs is False
     and "contains names ('ENV_" in case.get("sup_error", "")
     and any(d["code"] == "CP002" for d in ours["diagnostics"]) and ours["accepted"],
     "an unset %(ENV_X)s: supervisord refuses to start (options.py `expand`: KeyError), connplan "
     "cannot know the runtime environment and reports the value as unknown (CP002), not CP001"),
    (lambda case, what, mine, theirs, ours: what == "acceptance" and theirs is True
     and any(d["code"] == "CP001" and "cannot be split" in d["message"] for d in ours["diagnostics"]),
     "a command shlex cannot split: supervisord reads the file and fails when it spawns the program "
     "(options.py ProcessConfig.get_execv_args raises BadCommand), so the program never runs; "
     "connplan reports that as CP001 on the command"),
]


def masked(name, value):
    """CONTRACTS §9 on supervisor's side: secret names' values and URL passwords."""
    if value is None:
        return None
    if name is not None and SECRET.search(name):
        return "***"
    value = URL_PASSWORD.sub(r"\1***\3", value)
    return re.sub(r"((?:^|[\s,])[\w.-]*(?:PASS|SECRET|TOKEN|KEY|CREDENTIAL)[\w.-]*=)([^\s,]+)",
                  lambda m: m.group(1) + "***", value, flags=re.I)


class _Recorded(sup_options.ProcessConfig):
    """ProcessConfig that remembers the order supervisor created the processes in."""
    counter = itertools.count()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.created = next(_Recorded.counter)


def supervisor_view(path, env):
    """What supervisor makes of the file: {"error": str} or {"programs": {name: {...}}}."""
    text = pathlib.Path(path).read_bytes().decode("utf-8", errors="surrogateescape")
    probe = sup_options.UnhosedConfigParser()
    try:
        probe.read_string(text)
        if not probe.has_section("supervisord"):
            text = "[supervisord]\n" + text
    except Exception:  # noqa: BLE001 - read_config below reports the same error
        pass
    opts = sup_options.ServerOptions()
    opts.environ_expansions = {f"ENV_{k}": v for k, v in env.items()}
    opts.configfile = str(path)
    opts.here = os.path.abspath(os.path.dirname(path))
    by_section = {}
    original = sup_options.ServerOptions.processes_from_section

    def recording(parser, section, group_name, klass=None):
        processes = original(opts, parser, section, group_name, _Recorded)
        by_section[section] = processes
        return processes
    opts.processes_from_section = recording
    saved = (sup_options.existing_dirpath, sup_options.existing_directory, sup_options.name_to_uid,
             sup_datatypes.existing_dirpath)
    sup_options.existing_dirpath = lambda v: v
    sup_options.existing_directory = lambda v: v
    sup_options.name_to_uid = lambda v: 0
    sup_datatypes.existing_dirpath = lambda v: v  # logfile_name (stdout_logfile=...)
    try:
        fp = io.StringIO(text)
        fp.name = str(path)
        opts.read_config(fp)
    except ValueError as e:
        return {"error": str(e)}
    finally:
        (sup_options.existing_dirpath, sup_options.existing_directory,
         sup_options.name_to_uid, sup_datatypes.existing_dirpath) = saved
    programs = {}
    for section, processes in by_section.items():
        if not section.startswith("program:"):
            continue
        first = min(processes, key=lambda p: p.created)
        programs[section.split(":", 1)[1].strip()] = {
            "command": first.command,
            "numprocs": len(processes),
            "environment": dict(first.environment or {}),
            "directory": first.directory,
        }
    return {"programs": programs}


def run_connplan(connplan, path, env):
    cmd = [connplan, "inspect", "--isolated", "--kind", "supervisord", "--format", "json"]
    for k, v in sorted(env.items()):
        cmd += ["--env", f"{k}={v}"]
    cmd.append(str(path))
    run = subprocess.run(cmd, capture_output=True, text=True, cwd=os.path.dirname(path), timeout=60)
    if run.returncode not in (0, 1):
        return None, f"exit {run.returncode}: {run.stderr.strip()[:300]}"
    doc = json.loads(run.stdout)
    if len(doc["files"]) != 1:
        return None, "no file entry"
    return (doc, doc["files"][0]), ""


def absolute(word, here_rel, root):
    """connplan's root-relative path for %(here)s back to supervisor's absolute one."""
    if word == here_rel or word.startswith(here_rel + "/"):
        return os.path.normpath(os.path.join(root, word))
    return word


def compare(label, path, ours, doc, theirs):
    """Yields (what, connplan value, supervisor value)."""
    uses_here = "%(here)s" in pathlib.Path(path).read_text(errors="replace")
    here_rel = os.path.dirname(ours["path"]) or "."
    root = doc["root"]
    mine_by_name = {p["name"]: p for p in ours["processes"]}
    for name in sorted(set(mine_by_name) | set(theirs)):
        mine, sup = mine_by_name.get(name), theirs.get(name)
        if mine is None or sup is None:
            yield f"{name}: present", mine is not None, sup is not None
            continue
        try:
            my_words = shlex.split(mine["command"] or "")
        except ValueError as e:
            my_words = [f"<unsplittable: {e}>"]
        if uses_here:
            my_words = [absolute(w, here_rel, root) for w in my_words]
        their_words = [masked(None, w) for w in shlex.split(sup["command"])]
        yield f"{name}: command", my_words, their_words
        replicas = mine["replicas"]
        yield f"{name}: numprocs", 1 if replicas is None else replicas["value"], sup["numprocs"]
        my_env = {k: e["value"] for k, e in mine["env"].items()}
        yield f"{name}: environment", my_env, {k: masked(k, v) for k, v in sup["environment"].items()}
        directory = mine["workdir"]
        if directory is not None and uses_here:
            directory = absolute(directory, here_rel, root)
        yield f"{name}: directory", directory, masked(None, sup["directory"])


def embedded_supervisord(path, out_dir):
    """A `[program:` block embedded in a YAML `content: |` scalar (Elastic Beanstalk), cut out."""
    lines = pathlib.Path(path).read_text(errors="replace").splitlines()
    for i, line in enumerate(lines):
        if line.strip() != "[program:" and not line.strip().startswith("[program:"):
            continue
        indent = len(line) - len(line.lstrip())
        block = []
        for follow in lines[i:]:
            if follow.strip() and len(follow) - len(follow.lstrip()) < indent:
                break
            block.append(follow[indent:])
        target = out_dir / (path.name + ".supervisord.conf")
        target.write_text("\n".join(block) + "\n")
        return target
    return None


def cases(source_dir, shared, gen_dir):
    fixtures = (source_dir / "fixtures" / "launch" / "supervisord").resolve()
    out = [(p, {}) for p in sorted(fixtures.glob("*")) if p.is_file()]
    out.append((fixtures / "supervisord.conf", {"CELERY_CONCURRENCY": "8"}))
    corpus = shared / "corpus" / "launch"
    if corpus.is_dir():
        for p in sorted(corpus.iterdir()):
            head = p.read_bytes()[:65536].decode("utf-8", errors="replace")
            if p.suffix in (".conf", ".ini") and "[program:" in head:
                out.append((p, {}))
            elif "[program:" in head:
                cut = embedded_supervisord(p, gen_dir)
                if cut is not None:
                    out.append((cut, {}))
    else:
        print(f"note: {corpus} is absent; corpus cases skipped")
    for name, text, env in GENERATED:
        p = gen_dir / f"{name}.conf"
        p.write_bytes(text.encode())
        out.append((p, env))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--connplan", required=True)
    ap.add_argument("--source-dir", required=True, type=pathlib.Path)
    ap.add_argument("--shared", required=True, type=pathlib.Path)
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    args.connplan = os.path.abspath(args.connplan)
    started_at = time.time()
    gen_dir = pathlib.Path(tempfile.mkdtemp(prefix="connplan-supervisord-"))
    files_agree = values_agree = values_total = 0
    unexplained, explained = [], []
    try:
        case_list = cases(args.source_dir, args.shared, gen_dir)
        for path, env in case_list:
            label = path.name + (f" {env}" if env else "")
            result, problem = run_connplan(args.connplan, path, env)
            if result is None:
                unexplained.append(f"{label}: connplan gave no JSON ({problem})")
                values_total += 1
                continue
            doc, ours = result
            theirs = supervisor_view(path, env)
            case = {"sup_error": theirs.get("error", "")}
            accepted = "error" not in theirs
            values_total += 1
            ok = True
            if accepted != ours["accepted"]:
                why = next((t for pred, t in EXPLAINED if pred(case, "acceptance", ours["accepted"], accepted, ours)), None)
                codes = sorted({d["code"] for d in ours["diagnostics"]})
                message = (f"{label}: acceptance: connplan {ours['accepted']} {codes}, supervisor {accepted}"
                           f" ({theirs.get('error', '')[:200]})")
                if why:
                    values_agree += 1
                    explained.append(f"{message} — {why}")
                else:
                    unexplained.append(message)
                    ok = False
                files_agree += ok
                continue
            values_agree += 1
            if args.verbose and not accepted:
                print(f"both refuse {label}: {theirs['error'][:160]}")
            if accepted:
                for what, mine, sup in compare(label, path, ours, doc, theirs["programs"]):
                    values_total += 1
                    if mine == sup:
                        values_agree += 1
                    else:
                        ok = False
                        unexplained.append(f"{label}: {what}: connplan {mine!r}, supervisor {sup!r}")
            files_agree += ok
    finally:
        shutil.rmtree(gen_dir, ignore_errors=True)
    for line in explained:
        print(f"explained: {line}")
    for line in unexplained:
        print(f"DISAGREE: {line}")
    print(f"supervisor {VERSION} oracle: {files_agree}/{len(case_list)} files, "
          f"{values_agree}/{values_total} values agree, {len(explained)} explained, "
          f"{len(unexplained)} unexplained, {time.time() - started_at:.1f} s")
    return 1 if unexplained or values_total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
