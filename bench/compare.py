#!/usr/bin/python3
"""Times whole processes: connplan against what users run today on the same files.

Every pair of commands is run once each as a warm-up (discarded), then N times alternated
(connplan, reference, connplan, ...); the table shows medians of wall time and of peak RSS
(getrusage of each child via os.wait4). Python references run with /usr/bin/python3 (another
python3 may come first on PATH) on a trivial app and settings module that really load, generated
into a temporary directory with the large inputs.

    /usr/bin/python3 bench/compare.py --connplan build-bench/connplan [--runs 5] [--large]
        [--bench-dir build-bench/bench] [--only python,postgres,...]

Exit status: 0 when every goal is met, 1 when one is missed, 2 on a usage or set-up error.
"""

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

PYTHON = "/usr/bin/python3"
PG_BIN = "/usr/lib/postgresql/15/bin"
MB = 1024 * 1024


# ---- generated inputs (the same shapes as bench/generate.cpp) ---------------------------------

def python_settings(size):
    out = ['"""Generated Django settings."""\n'
           "import os\n"
           "from pathlib import Path\n\n"
           "BASE_DIR = Path(__file__).resolve().parent.parent\n"
           'DEBUG = os.environ.get("DEBUG", "0") == "1"\n'
           "DATABASES = {\n"
           '    "default": {\n'
           '        "ENGINE": "django.db.backends.postgresql",\n'
           '        "NAME": os.environ.get("DB_NAME", "app"),\n'
           '        "HOST": os.environ.get("DB_HOST", "localhost"),\n'
           '        "CONN_MAX_AGE": int(os.environ.get("CONN_MAX_AGE", "60")),\n'
           "    }\n"
           "}\n"
           'INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth"]\n\n']
    total = len(out[0])
    i = 0
    while total < size:
        block = (
            "# ---- block {0}: settings of feature {0} -----------------------------------------\n"
            "# Explains why the feature exists and which team owns it; kept as documentation.\n"
            'FEATURE_{0} = os.environ.get("FEATURE_{0}", "off") == "on"\n'
            "CACHE_{0} = {{\n"
            '    "BACKEND": "django.core.cache.backends.redis.RedisCache",\n'
            '    "LOCATION": "redis://cache-{1}.internal:6379/{2}",\n'
            '    "OPTIONS": {{"timeout": {3}, "retries": [1, 2, 3, 5, 8], "ratio": {0}.5}},\n'
            "    'KEY_PREFIX': f\"feature-{{FEATURE_{0}}}-\" + 'v' * 2,\n"
            "}}\n"
            'APPS_{0} = ["app_{0}_a", "app_{0}_b", \'app_{0}_c\', ("pair", {0}), None, True]\n'
            "if FEATURE_{0}:\n"
            "    LIMIT_{0} = {0} * 2 + 1\n"
            "else:\n"
            "    LIMIT_{0} = ({0} - 1) // 3 if {0} > 1 else -{0}\n"
            "MIDDLEWARE_{0} = APPS_{0}[:2] + [\"tail\"]\n\n").format(i, i % 7, i % 16, i % 300)
        out.append(block)
        total += len(block)
        i += 1
    return "".join(out)


PG_NAMES = ["max_connections", "shared_buffers", "work_mem", "maintenance_work_mem",
            "effective_cache_size", "log_min_duration_statement", "statement_timeout",
            "idle_in_transaction_session_timeout", "random_page_cost", "checkpoint_timeout"]
PG_VALUES = ["200", "'4GB'", "'16MB'", "'512MB'", "'12GB'", "250", "'30s'", "'10min'", "1.1",
             "'15min'"]


def pg_comment_heavy(size):
    out = ["# generated postgresql.conf, comment-heavy\n"]
    total = len(out[0])
    i = 0
    while total < size:
        lines = ["#------------------------------------------------------------\n",
                 "# SECTION %d\n" % i,
                 "#------------------------------------------------------------\n"]
        for k in range(16):
            lines.append("#%s = %s\t\t# (change requires restart) explanation %d.%d\n"
                         % (PG_NAMES[(i + k) % 10], PG_VALUES[(i + k) % 10], i, k))
        lines.append("%s = %s\t# set in section %d\n\n" % (PG_NAMES[i % 10], PG_VALUES[i % 10], i))
        block = "".join(lines)
        out.append(block)
        total += len(block)
        i += 1
    return "".join(out)


def pg_repeated_settings(size):
    out = []
    total = 0
    i = 0
    while total < size:
        line = "%s = %s\n" % (PG_NAMES[i % 10], PG_VALUES[i % 10])
        out.append(line)
        total += len(line)
        i += 1
    return "".join(out)


def pgbouncer_ini(size):
    out = ["[databases]\n"]
    total = len(out[0])
    i = 0
    while total < size * 7 // 10:
        block = ("; tenant {0} of the shared cluster\n"
                 "tenant_{0} = host=db-{1}.internal port=5432 dbname=app_{0} pool_size={2} "
                 "reserve_pool={3} pool_mode=transaction\n").format(i, i % 16, 5 + i % 20, i % 3)
        out.append(block)
        total += len(block)
        i += 1
    out.append("\n[users]\n")
    i = 0
    while total < size:
        line = "user_%d = pool_mode=session max_user_connections=%d\n" % (i, 10 + i % 50)
        out.append(line)
        total += len(line)
        i += 1
    out.append("\n[pgbouncer]\nlisten_addr = *\nlisten_port = 6432\nauth_type = scram-sha-256\n"
               "auth_file = userlist.txt\npool_mode = transaction\nmax_client_conn = 5000\n"
               "default_pool_size = 20\n")
    return "".join(out)


# ---- running and timing -----------------------------------------------------------------------

class run_result:
    def __init__(self, seconds, peak_kb, status, timed_out, cpu_seconds=0.0):
        self.seconds = seconds
        self.cpu_seconds = cpu_seconds  # user + system time of the child
        self.peak_kb = peak_kb
        self.status = status
        self.timed_out = timed_out


def run_once(cmd, cwd, env, timeout):
    """Wall time and peak RSS of one process (os.wait4 gives that child's own rusage)."""
    start = time.perf_counter()
    p = subprocess.Popen(cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         start_new_session=True)
    killed = []
    timer = None
    if timeout:
        def kill():
            killed.append(True)
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        timer = threading.Timer(timeout, kill)
        timer.start()
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    if timer:
        timer.cancel()
    p.returncode = os.waitstatus_to_exitcode(status)  # already reaped: keep Popen quiet
    return run_result(elapsed, usage.ru_maxrss, p.returncode, bool(killed),
                      usage.ru_utime + usage.ru_stime)


class command:
    def __init__(self, argv, cwd=None, env=None, timeout=None, ok=(0,)):
        self.argv = argv
        self.cwd = cwd
        self.env = env
        self.timeout = timeout
        self.ok = ok  # exit statuses that mean "it really ran" (connplan check exits 1 on findings)


def measure_pair(mine, reference, runs):
    """Warm-up once each (discarded), then `runs` alternated runs; medians."""
    results = ([], [])
    for c in (mine, reference):
        if c is None:
            continue
        r = run_once(c.argv, c.cwd, c.env, c.timeout)
        if not r.timed_out and r.status not in c.ok:
            raise RuntimeError("%s exited %d" % (" ".join(c.argv), r.status))
    for _ in range(runs):
        for side, c in enumerate((mine, reference)):
            if c is None:
                continue
            r = run_once(c.argv, c.cwd, c.env, c.timeout)
            results[side].append(r)
            if r.timed_out:
                break  # a reference that hits the cap is not run again
    def summary(rs):
        if not rs:
            return None
        return {"seconds": statistics.median(r.seconds for r in rs),
                "cpu_seconds": statistics.median(r.cpu_seconds for r in rs),
                "peak_mb": statistics.median(r.peak_kb for r in rs) / 1024.0,
                "timed_out": any(r.timed_out for r in rs)}
    return summary(results[0]), summary(results[1])


# ---- the table --------------------------------------------------------------------------------

rows = []


def fmt_seconds(s):
    if s is None:
        return "-"
    text = "%.1f ms" % (s["seconds"] * 1000) if s["seconds"] < 1 else "%.2f s" % s["seconds"]
    return (">" + text) if s.get("timed_out") else text


def add_row(what, size, mine, ref, ratio, goal, kind="time"):
    if kind == "memory":
        m = "%.0f MB" % mine["peak_mb"]
        r = "%.0f MB" % ref["peak_mb"] if ref else "-"
    elif kind == "cpu":
        m = "%.1f ms CPU" % (mine["cpu_seconds"] * 1000)
        r = "%.1f ms CPU" % (ref["cpu_seconds"] * 1000) if ref else "-"
    else:
        m = fmt_seconds(mine)
        r = fmt_seconds(ref) if ref else "-"
    verdict = "-"
    if goal is not None and ratio is not None:
        verdict = "pass" if ratio <= goal else "FAIL"
        if ref and ref.get("timed_out") and ratio <= goal:
            verdict = "pass (ref capped)"
    rows.append((what, size, m, r, "-" if ratio is None else "%.3f" % ratio,
                 "-" if goal is None else "<= %g" % goal, verdict))
    print("  %s %s: %s vs %s" % (what, size, m, r), file=sys.stderr, flush=True)


def print_table():
    header = ("what", "size", "connplan", "reference", "ratio", "goal", "result")
    widths = [max(len(str(r[i])) for r in rows + [header]) for i in range(len(header))]
    line = lambda r: "  ".join(str(v).ljust(widths[i]) for i, v in enumerate(r)).rstrip()
    print(line(header))
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print(line(r))


def size_name(n):
    return "%g MB" % (n / MB) if n >= MB else "%g KB" % (n / 1024)


# ---- the comparisons --------------------------------------------------------------------------

def as_nobody(argv):
    """postgres refuses to run as root (src/backend/main/main.c check_root); so does setpriv's
    child get the same user for both sides of a comparison, to keep the exec cost equal."""
    if os.geteuid() != 0:
        return argv
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"] + argv


def compare_check(args, tmp):
    app = os.path.join(tmp, "app")
    os.makedirs(app, exist_ok=True)
    with open(os.path.join(app, "wsgiapp.py"), "w") as f:
        f.write("def application(environ, start_response):\n"
                "    start_response('200 OK', [('Content-Type', 'text/plain')])\n"
                "    return [b'ok']\n")
    with open(os.path.join(app, "trivial_settings.py"), "w") as f:
        f.write("SECRET_KEY = 'k' * 64 + 'not-a-real-secret-just-long-and-random-ish-0123456789'\n"
                "DEBUG = False\nALLOWED_HOSTS = ['example.com']\nINSTALLED_APPS = []\n"
                "DATABASES = {}\n")
    fixture = os.path.join(args.source_dir, "fixtures", "incident-before")
    mine = command([args.connplan, "check", fixture], cwd=args.source_dir, ok=(0, 1))
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="trivial_settings", PYTHONPATH=app)
    refs = [("python3 -c pass", command([PYTHON, "-c", "pass"]), 0.25),
            ("gunicorn --check-config", command(["/usr/bin/gunicorn", "--check-config",
                                                 "wsgiapp:application"], cwd=app), None),
            ("django check --deploy", command([PYTHON, "-m", "django", "check", "--deploy"],
                                              cwd=app, env=env), None)]
    for name, ref, goal in refs:
        if ref.argv[0] != PYTHON and not os.path.exists(ref.argv[0]):
            print("  skipped %s: not installed" % name, file=sys.stderr)
            continue
        try:
            m, r = measure_pair(mine, ref, args.runs)
        except RuntimeError as e:
            print("  skipped %s: %s" % (name, e), file=sys.stderr)
            continue
        add_row("check incident-before vs " + name, "-", m, r, m["seconds"] / r["seconds"], goal)
        # On a shared machine the wall time of a ~10 ms process is mostly scheduling; the CPU the
        # process itself used (user + system, from wait4) is shown beside it.
        if r["cpu_seconds"] > 0:
            add_row("check incident-before vs " + name + " (CPU)", "-", m, r,
                    m["cpu_seconds"] / r["cpu_seconds"], goal, kind="cpu")


def compare_python(args, tmp):
    # The goal rows compare like with like: `ast.parse` is CPython's tokenizer + parser + tree, and
    # connplan_parse_python is connplan's (read the file, encoding checks, tokenizer, parser, tree).
    # The whole `connplan inspect --kind django` (parse + evaluate + settings model + printing) is
    # what users run, so it is shown too, without a goal.
    parser = os.path.join(args.bench_dir, "connplan_parse_python") if args.bench_dir else None
    if parser is None or not os.access(parser, os.X_OK):
        print("  python: no connplan_parse_python in --bench-dir (build it with "
              "-DCONNPLAN_BUILD_BENCH=ON); only the whole-process rows", file=sys.stderr)
        parser = None
    sizes = [1 * MB, 10 * MB] + ([40 * MB] if args.large else [])
    previous = None
    for size in sizes:
        path = os.path.join(tmp, "settings_%d.py" % (size // MB))
        with open(path, "w") as f:
            f.write(python_settings(size))
        ref = command([PYTHON, "-c", "import ast,sys; ast.parse(open(sys.argv[1]).read())", path])
        if parser:
            m, r = measure_pair(command([parser, path], cwd=tmp), ref, args.runs)
            add_row("python parse (connplan_parse_python) vs ast.parse (time)", size_name(size),
                    m, r, m["seconds"] / r["seconds"], 0.1)
            add_row("python parse (connplan_parse_python) vs ast.parse (peak RSS)",
                    size_name(size), m, r, m["peak_mb"] / r["peak_mb"], 0.1, kind="memory")
            if previous and size == 10 * previous[0]:
                add_row("python parse scaling 10x", size_name(size), m, previous[1],
                        m["seconds"] / previous[1]["seconds"], 11)
            previous = (size, m)
        whole = command([args.connplan, "inspect", "--kind", "django", path], cwd=tmp)
        m, _ = measure_pair(whole, None, args.runs)
        r = ref_summary(ref, args.runs) if not parser else None
        add_row("inspect --kind django (parse+evaluate+model+output), time", size_name(size), m,
                r, None, None)
        add_row("inspect --kind django (parse+evaluate+model+output), peak RSS",
                size_name(size), m, r, None, None, kind="memory")


def ref_summary(ref, runs):
    _, r = measure_pair(None, ref, runs)
    return r


def compare_postgres(args, tmp):
    postgres = os.path.join(PG_BIN, "postgres")
    if not os.path.exists(postgres):
        print("  skipped postgres: %s not installed (postgresql-15)" % postgres, file=sys.stderr)
        return
    data = os.path.join(tmp, "pgdata")
    os.makedirs(data, exist_ok=True)
    if os.geteuid() == 0:
        shutil.chown(data, "nobody", "nogroup")
    os.chmod(data, 0o700)

    def pair(path):
        # The cheapest correct way to have PostgreSQL read a file: `-C` prints the value after
        # reading the configuration and exits before the data directory is checked
        # (src/backend/postmaster/postmaster.c @ REL_15_0: SelectConfigFiles, then -C, then
        # checkDataDir), so no initdb is needed: -D names an empty directory (SelectConfigFiles
        # wants it to find pg_hba.conf; a missing postgresql.auto.conf there is only logged).
        ref = command(as_nobody([postgres, "-C", "max_connections", "-c", "config_file=" + path,
                                 "-D", data]), timeout=args.pg_timeout)
        mine = command(as_nobody([args.connplan, "inspect", path]), cwd=tmp)
        return mine, ref

    for name, gen, sizes, goal in (("comment-heavy", pg_comment_heavy, [1 * MB, 10 * MB], 1.0),
                                   ("repeated settings", pg_repeated_settings,
                                    [100 * 1024, 1 * MB, 10 * MB], None)):
        previous = None
        for size in sizes:
            path = os.path.join(tmp, "pg_%s_%d.conf" % (gen.__name__, size))
            with open(path, "w") as f:
                f.write(gen(size))
            mine, ref = pair(path)
            m, r = measure_pair(mine, ref, args.runs)
            add_row("postgresql.conf %s vs postgres -C" % name, size_name(size), m, r,
                    m["seconds"] / r["seconds"], goal)
            if previous and size == 10 * previous[0]:
                add_row("postgresql.conf %s scaling 10x (connplan)" % name, size_name(size), m,
                        previous[1], m["seconds"] / previous[1]["seconds"], 11)
                if not r["timed_out"] and not previous[2]["timed_out"]:
                    add_row("postgresql.conf %s scaling 10x (postgres)" % name, size_name(size), r,
                            previous[2], r["seconds"] / previous[2]["seconds"], None)
            previous = (size, m, r)


def compare_pgbouncer(args, tmp):
    previous = None
    for size in (1 * MB, 10 * MB):
        path = os.path.join(tmp, "pgbouncer_%d.ini" % (size // MB))
        with open(path, "w") as f:
            f.write(pgbouncer_ini(size))
        m, _ = measure_pair(command([args.connplan, "inspect", path], cwd=tmp), None, args.runs)
        if previous:
            add_row("pgbouncer.ini scaling 10x", size_name(size), m, previous,
                    m["seconds"] / previous["seconds"], 11)
        else:
            add_row("pgbouncer.ini", size_name(size), m, None, None, None)
        previous = m


def compare_yaml(args, tmp):
    exe = os.path.join(args.bench_dir or "", "connplan_bench_launchfiles")
    if not args.bench_dir or not os.path.exists(exe):
        print("  skipped yaml: no connplan_bench_launchfiles (pass --bench-dir)", file=sys.stderr)
        return
    out = subprocess.run([exe, "--benchmark_format=json", "--benchmark_filter=/(1|10|100)$",
                          "--benchmark_repetitions=%d" % args.runs,
                          "--benchmark_report_aggregates_only=true"],
                         capture_output=True, text=True, check=True)
    medians = {}
    for b in json.loads(out.stdout)["benchmarks"]:
        # One repetition has no aggregates: its single run is the median.
        if b.get("aggregate_name") == "median" or (args.runs == 1 and
                                                    b.get("run_type") == "iteration"):
            medians[b["run_name"]] = b["real_time"] / 1000.0  # ms -> s
    for kind in ("compose", "kubernetes"):
        for n in (1, 10, 100):
            mine = medians.get("launchfiles/%s/%d" % (kind, n))
            ref = medians.get("reference/yaml_cpp_%s/%d" % (kind, n))
            if mine is None or ref is None:
                continue
            add_row("%s reader vs YAML::LoadAll (in process)" % kind, "%dx64 KB" % n,
                    {"seconds": mine}, {"seconds": ref}, mine / ref, 1.5)
        a, b = medians.get("launchfiles/%s/10" % kind), medians.get("launchfiles/%s/100" % kind)
        if a and b:
            add_row("%s reader scaling 10x" % kind, "100x64 KB", {"seconds": b}, {"seconds": a},
                    b / a, 11)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--connplan", required=True, help="the connplan binary (a Release build)")
    ap.add_argument("--source-dir", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))))
    ap.add_argument("--bench-dir", help="the build's bench/ directory (for the Python parse and "
                    "YAML comparisons; default: bench/ next to --connplan)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--large", action="store_true", help="also the 40 MB Python module")
    ap.add_argument("--pg-timeout", type=float, default=60.0,
                    help="cap on one postgres run, seconds (it is quadratic on repeated settings)")
    ap.add_argument("--only", help="comma-separated: check,python,postgres,pgbouncer,yaml")
    args = ap.parse_args()
    args.connplan = os.path.abspath(args.connplan)
    if args.bench_dir is None and os.path.isdir(os.path.join(os.path.dirname(args.connplan),
                                                             "bench")):
        args.bench_dir = os.path.join(os.path.dirname(args.connplan), "bench")
    if args.bench_dir:
        args.bench_dir = os.path.abspath(args.bench_dir)  # the commands run in temporary folders
    if not os.access(args.connplan, os.X_OK):
        print("compare: %s is not an executable" % args.connplan, file=sys.stderr)
        return 2
    parts = {"check": compare_check, "python": compare_python, "postgres": compare_postgres,
             "pgbouncer": compare_pgbouncer, "yaml": compare_yaml}
    chosen = args.only.split(",") if args.only else list(parts)
    tmp = tempfile.mkdtemp(prefix="connplan-compare-")
    os.chmod(tmp, 0o755)  # the postgres side runs as nobody
    try:
        for name in chosen:
            print("measuring %s..." % name, file=sys.stderr, flush=True)
            parts[name](args, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("runs: %d alternated after a discarded warm-up; medians; %d cores; %s" % (
        args.runs, os.cpu_count() or 0, time.strftime("%Y-%m-%d")))
    print_table()
    return 1 if any(r[6] == "FAIL" for r in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
