#!/usr/bin/env python3
"""The GitHub Action (action.yml) and the workflows of docs/github-actions.md.

1. Static: every `run:` step uses bash and interpolates no `${{ }}` expression (docs/github-actions.md:
   "Every input reaches the shell through an environment variable, never through `${{ inputs.* }}`
   inside a script"); every `inputs.X` used is declared.
2. The action's own `run:` steps, except the `setup-*` ones (apt and the build), run with bash as
   GitHub runs them (`bash --noprofile --norc -eo pipefail`), with the `env:` the action sets,
   against copies of fixtures/incident-before and the binary given by --connplan: exit codes,
   GITHUB_OUTPUT, the job summary, annotations and the SARIF file.
3. action.yml and every workflow in docs/github-actions.md pass `action-validator`
   (@action-validator/cli from npm), found through $ACTION_VALIDATOR or
   SOURCE/.cache/npm/node_modules/.bin/action-validator. When it is absent, parts 1 and 2 still run
   and the test exits 77.
"""

import argparse
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

SKIP = 77
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def load_action(source_dir):
    return yaml.safe_load((source_dir / "action.yml").read_text())


def check_static(action):
    declared = set(action["inputs"])
    steps = action["runs"]["steps"]
    if action["runs"]["using"] != "composite":
        fail("action.yml is not a composite action")
    ids = [s.get("id") for s in steps]
    if None in ids or len(set(ids)) != len(ids):
        fail(f"every step needs a unique id: {ids}")
    for step in steps:
        text = yaml.safe_dump(step)
        for name in re.findall(r"\binputs\.([A-Za-z0-9_-]+)", text):
            if name not in declared:
                fail(f"step {step['id']} uses undeclared input {name}")
        if "run" in step:
            if step.get("shell") != "bash":
                fail(f"step {step['id']} must say shell: bash")
            if "${{" in step["run"]:
                fail(f"step {step['id']} interpolates an expression inside run: (script injection)")
    return steps


def evaluate(expr, context, step_id):
    """The few expressions the action's env: uses; anything else fails the test."""
    m = re.fullmatch(r"inputs\.([A-Za-z0-9_-]+)", expr)
    if m:
        return context["inputs"][m.group(1)]
    m = re.fullmatch(r"steps\.([A-Za-z0-9_-]+)\.outputs\.([A-Za-z0-9_-]+)", expr)
    if m:
        return context["outputs"].get(m.group(1), {}).get(m.group(2), "")
    if expr in context["github"]:
        return context["github"][expr]
    fail(f"step {step_id}: the local runner does not know the expression `{expr}`")
    return ""


def parse_outputs(path):
    outputs = {}
    if path.exists():
        for line in path.read_text().splitlines():
            name, sep, value = line.partition("=")
            if sep:
                outputs[name] = value
    return outputs


def run_action(steps, inputs, workspace, tmp, connplan, action_defaults):
    """Runs the non-setup run: steps in order, as GitHub would, stopping at the first failure.
    Returns (results per step id, context outputs, summary text)."""
    summary = tmp / "summary.md"
    summary.write_text("")
    context = {
        "inputs": {**action_defaults, **inputs},
        "outputs": {},
        "github": {"github.action_path": str(SOURCE_DIR), "github.workspace": str(workspace),
                   "runner.temp": str(tmp)},
    }
    results = {}
    for step in steps:
        if step["id"].startswith("setup-") or "run" not in step:
            continue
        if "if" in step:
            fail(f"step {step['id']}: the local runner cannot evaluate `if:`")
        out_file = tmp / f"output-{step['id']}"
        out_file.write_text("")
        env = {
            "PATH": os.pathsep.join([str(pathlib.Path(connplan).parent), "/usr/bin", "/bin"]),
            "HOME": str(tmp),
            "LANG": "C.UTF-8",
            "GITHUB_ACTIONS": "true",
            "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_OUTPUT": str(out_file),
            "GITHUB_STEP_SUMMARY": str(summary),
            "RUNNER_TEMP": str(tmp),
            "RUNNER_OS": "Linux",
        }
        for name, value in (step.get("env") or {}).items():
            env[name] = EXPRESSION.sub(lambda m: evaluate(m.group(1), context, step["id"]),
                                       str(value))
        script = tmp / f"step-{step['id']}.sh"
        script.write_text(step["run"])
        proc = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
                              cwd=workspace, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True, timeout=300)
        context["outputs"][step["id"]] = parse_outputs(out_file)
        results[step["id"]] = proc
        if proc.returncode != 0:
            break
    return results, context["outputs"], summary.read_text()


def new_workspace(tmp, name):
    workspace = tmp / name
    shutil.copytree(SOURCE_DIR / "fixtures" / "incident-before", workspace,
                    ignore=shutil.ignore_patterns("expected"))
    return workspace


def expect(condition, message, results=None):
    if not condition:
        details = ""
        for step_id, proc in (results or {}).items():
            details += f"\n--- {step_id} exited {proc.returncode}\n{proc.stdout}\n{proc.stderr}"
        fail(message + details)


def run_scenarios(steps, defaults, tmp, connplan):
    # Findings at the default fail level: the check step records 1 and succeeds (so the SARIF
    # upload can run), the gate fails the job with 1.
    ws = new_workspace(tmp, "findings")
    (tmp / "findings-run").mkdir()
    results, outputs, summary = run_action(steps, {}, ws, tmp / "findings-run", connplan, defaults)
    expect(results["check"].returncode == 0, "check step failed on findings", results)
    expect(outputs["check"].get("exit-code") == "1", f"exit-code output {outputs['check']}",
           results)
    expect(outputs["check"].get("sarif-file") == "connplan.sarif", "sarif-file output", results)
    expect("gate" in results and results["gate"].returncode == 1, "gate did not fail with 1",
           results)
    expect("::error file=postgresql.conf,line=6" in results["check"].stdout,
           "no annotation for postgresql.conf:6 (CP105) in the log", results)
    expect(summary.strip() != "", "the job summary is empty", results)
    sarif_path = ws / "connplan.sarif"
    expect(sarif_path.is_file(), "connplan.sarif was not written in the workspace", results)
    sarif = json.loads(sarif_path.read_text())
    expect(sarif.get("version") == "2.1.0", "SARIF version is not 2.1.0")
    rule_ids = {r.get("ruleId") for run in sarif["runs"] for r in run.get("results", [])}
    expect("CP105" in rule_ids, f"CP105 missing from the SARIF results: {sorted(rule_ids)}")
    print("ok: findings fail the gate after writing SARIF, annotations and the summary")

    # fail-level never: exit code 0, the gate passes, SARIF is still written.
    ws = new_workspace(tmp, "never")
    (tmp / "never-run").mkdir()
    results, outputs, _ = run_action(steps, {"fail-level": "never", "sarif-file": "never.sarif"},
                                     ws, tmp / "never-run", connplan, defaults)
    expect(outputs["check"].get("exit-code") == "0", "fail-level never: exit-code", results)
    expect(results["gate"].returncode == 0, "fail-level never: the gate failed", results)
    expect((ws / "never.sarif").is_file(), "fail-level never: never.sarif was not written", results)
    print("ok: fail-level never passes the gate")

    # Input and usage errors fail the check step with 2 at once; an input that looks like shell
    # code is only ever a path.
    ws = new_workspace(tmp, "error")
    (tmp / "error-run").mkdir()
    marker = tmp / "injected"
    results, outputs, _ = run_action(
        steps, {"path": f"$(touch {marker})", "sarif-file": ""}, ws, tmp / "error-run", connplan,
        defaults)
    expect(results["check"].returncode == 2, "a missing path did not fail the check with 2",
           results)
    expect(outputs["check"].get("exit-code") == "2", "exit-code output for a usage error", results)
    expect("gate" not in results, "the gate ran after a failed check step", results)
    expect(not marker.exists(), "the path input was executed by the shell")
    print("ok: a bad path fails with 2 and is never executed")

    # A baseline written from the same findings leaves nothing to report.
    ws = new_workspace(tmp, "baseline")
    (tmp / "baseline-run").mkdir()
    written = subprocess.run([connplan, "check", ".", "--write-baseline",
                              "connplan-baseline.json", "--exit-zero"], cwd=ws,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if written.returncode != 0 or not (ws / "connplan-baseline.json").is_file():
        # The precondition is connplan's, not the action's (tests of --write-baseline own it).
        print(f"skip: the baseline input is not tested: connplan check --write-baseline exited "
              f"{written.returncode} {written.stderr.strip()}")
        return
    results, outputs, _ = run_action(steps, {"baseline": "connplan-baseline.json"}, ws,
                                     tmp / "baseline-run", connplan, defaults)
    expect(outputs["check"].get("exit-code") == "0", "baseline input: exit-code", results)
    expect(results["gate"].returncode == 0, "baseline input: the gate failed", results)
    print("ok: the baseline input is passed to connplan")


def docs_workflows(source_dir):
    text = (source_dir / "docs" / "github-actions.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    workflows = [b for b in blocks if "jobs:" in b]
    if not workflows:
        fail("docs/github-actions.md has no workflow")
    return workflows


def find_validator(source_dir):
    candidate = os.environ.get("ACTION_VALIDATOR") or str(
        source_dir / ".cache" / "npm" / "node_modules" / ".bin" / "action-validator")
    return candidate if pathlib.Path(candidate).is_file() and shutil.which("node") else None


def validate(validator, path):
    proc = subprocess.run([validator, str(path)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=120)
    if proc.returncode != 0:
        fail(f"action-validator rejects {path.name}:\n{proc.stdout}")


def main():
    global SOURCE_DIR
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared")
    args = parser.parse_args()
    SOURCE_DIR = pathlib.Path(args.source_dir).resolve()
    connplan = str(pathlib.Path(args.connplan).resolve())

    action = load_action(SOURCE_DIR)
    steps = check_static(action)
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    with tempfile.TemporaryDirectory(prefix="connplan-action-") as tmp_name:
        tmp = pathlib.Path(tmp_name)
        run_scenarios(steps, defaults, tmp, connplan)

        validator = find_validator(SOURCE_DIR)
        if not validator:
            print("SKIP: action-validator not found (npm install --prefix SOURCE/.cache/npm "
                  "@action-validator/cli @action-validator/core, or set ACTION_VALIDATOR)")
            sys.exit(SKIP)
        validate(validator, SOURCE_DIR / "action.yml")
        for i, workflow in enumerate(docs_workflows(SOURCE_DIR)):
            path = tmp / f"workflow-{i}.yml"
            path.write_text(workflow)
            validate(validator, path)
        print("ok: action-validator accepts action.yml and the workflows of the docs")
    print("PASS")


SOURCE_DIR = pathlib.Path(".")

if __name__ == "__main__":
    main()
