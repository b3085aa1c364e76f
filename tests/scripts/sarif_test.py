#!/usr/bin/env python3
"""SARIF from `connplan check --format sarif` passes Microsoft's SARIF validator
(@microsoft/sarif-multitool, `validate` with the SARIF and GitHub rule kinds), on the incident
fixtures and a few small ones.

The validator writes a SARIF log of its own findings; any result at level "error" fails the test
(warnings are printed). Where the validator is looked for, first found wins:
  1. $SARIF_MULTITOOL (the path of the executable);
  2. <source-dir>/.cache/npm/node_modules/.bin/sarif-multitool
     (`npm install --prefix .cache/npm @microsoft/sarif-multitool`);
  3. `sarif-multitool` on PATH.
Exit 77 (skipped) when none exists.
"""
import argparse
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

FIXTURES = [
    "fixtures/incident-before",
    "fixtures/incident-after",
    "fixtures/django/incident_split",
    "fixtures/django/string_conn_max_age",
    "fixtures/postgresql",
]


def find_validator(source_dir):
    env = os.environ.get("SARIF_MULTITOOL")
    if env:
        return env
    local = source_dir / ".cache/npm/node_modules/.bin/sarif-multitool"
    if local.exists():
        return str(local)
    return shutil.which("sarif-multitool")


def validate(validator, sarif_path, log_path):
    args = ["validate", str(sarif_path), "-o", str(log_path),
            "--rule-kind", "Sarif;Gh", "--level", "Error;Warning"]
    # npm's wrapper runs the native tool through a shell (spawnSync with shell: true), which would
    # split "Sarif;Gh" at the semicolon: quote the arguments for it.
    with open(validator, "rb") as f:
        through_shell = b"node" in f.readline()
    if through_shell:
        args = [shlex.quote(a) for a in args]
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1")
    return subprocess.run([validator, *args], capture_output=True, text=True, env=env)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True, type=pathlib.Path)
    parser.add_argument("--shared", type=pathlib.Path)
    args = parser.parse_args()

    validator = find_validator(args.source_dir)
    if not validator:
        print("SKIP: @microsoft/sarif-multitool not found (set SARIF_MULTITOOL or "
              "npm install --prefix .cache/npm @microsoft/sarif-multitool)")
        sys.exit(77)

    connplan = str(pathlib.Path(args.connplan).resolve())
    failed = checked = 0
    with tempfile.TemporaryDirectory() as tmp:
        for rel in FIXTURES:
            fixture = args.source_dir / rel
            if not fixture.is_dir():
                continue
            proc = subprocess.run([connplan, "check", "--format", "sarif", "--exit-zero", "."],
                                  cwd=fixture, capture_output=True, text=True)
            if proc.returncode != 0:
                print(f"FAIL {rel}: connplan exited {proc.returncode}\n{proc.stderr}")
                failed += 1
                continue
            sarif = json.loads(proc.stdout)
            results = sarif["runs"][0]["results"]
            name = rel.replace("/", "_")
            sarif_path = pathlib.Path(tmp) / f"{name}.sarif"
            sarif_path.write_text(proc.stdout)
            log_path = pathlib.Path(tmp) / f"{name}.validation.sarif"
            run = validate(validator, sarif_path, log_path)
            if not log_path.exists():
                print(f"FAIL {rel}: the validator wrote no log (exit {run.returncode})\n"
                      f"{run.stdout}\n{run.stderr}")
                failed += 1
                continue
            log = json.loads(log_path.read_text(encoding="utf-8-sig"))
            problems = [r for run_ in log["runs"] for r in run_.get("results", [])]
            errors = [r for r in problems if r.get("level", "warning") == "error"]
            for r in problems:
                args_ = r.get("message", {}).get("arguments", [])
                print(f"  {rel}: {r.get('level', 'warning')} {r.get('ruleId')} {args_}")
            checked += 1
            if errors:
                failed += 1
                print(f"FAIL {rel}: {len(errors)} validator errors")
            else:
                print(f"ok   {rel}: {len(results)} results, no validator errors")
        # The validator must be able to fail: a leading '/' in a relative URI is its SARIF1004.
        if checked:
            broken = json.loads(sarif_path.read_text())
            for result in broken["runs"][0]["results"]:
                for loc in result.get("locations", []):
                    loc["physicalLocation"]["artifactLocation"]["uri"] = "/leading/slash.conf"
            broken_path = pathlib.Path(tmp) / "broken.sarif"
            broken_path.write_text(json.dumps(broken))
            broken_log = pathlib.Path(tmp) / "broken.validation.sarif"
            validate(validator, broken_path, broken_log)
            log = json.loads(broken_log.read_text(encoding="utf-8-sig")) if broken_log.exists() else {}
            if not any(r.get("ruleId") == "SARIF1004" for run_ in log.get("runs", [])
                       for r in run_.get("results", [])):
                print("FAIL the validator did not report SARIF1004 on a deliberately broken file")
                failed += 1
    print(f"{checked} validated, {failed} failed")
    sys.exit(1 if failed or checked == 0 else 0)


if __name__ == "__main__":
    main()
