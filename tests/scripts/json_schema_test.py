#!/usr/bin/env python3
"""Validates real `connplan ... --format json` documents against docs/schema/*.schema.json.

Inputs: every fixture and every corpus file connplan reads (postgresql, pgbouncer), run through
`connplan inspect --format json`. Exit 77 (skipped) when Debian's python3-jsonschema is missing.
"""
import argparse
import json
import pathlib
import subprocess
import sys

try:
    import jsonschema
except ImportError:  # pragma: no cover - the skip path
    print("skipped: python3-jsonschema is not installed")
    sys.exit(77)


def load_schemas(schema_dir):
    store = {}
    for path in sorted(schema_dir.glob("*.schema.json")):
        schema = json.loads(path.read_text())
        store[schema["$id"]] = schema
        store[path.name] = schema
    return store


def validator_for(store, name):
    schema = store[name]
    resolver = jsonschema.RefResolver(base_uri=schema["$id"], referrer=schema, store=store)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, resolver=resolver)


def inputs(source_dir, shared_dir):
    files = []
    for kind in ("postgresql", "pgbouncer"):
        files += sorted((source_dir / "fixtures" / kind).rglob("*")) if (source_dir / "fixtures" / kind).exists() else []
        corpus = shared_dir / "corpus" / kind
        if corpus.exists():
            files += sorted(corpus.iterdir())
    files += sorted(f for f in (source_dir / "fixtures").glob("incident-*/*") if f.suffix in (".conf", ".ini"))
    for kind in ("django", "gunicorn", "celery"):
        files += sorted((source_dir / "fixtures" / kind).rglob("*.py")) if (source_dir / "fixtures" / kind).exists() else []
    for folder in (source_dir / "fixtures" / "launch", source_dir / "fixtures" / "launch-deployments",
                   shared_dir / "corpus" / "launch"):
        files += sorted(folder.rglob("*")) if folder.exists() else []
    return [f for f in files if f.is_file()]


def deployments(source_dir):
    """Folders that are whole deployments: they hold a connplan.toml."""
    return sorted(p.parent for p in (source_dir / "fixtures").glob("**/connplan.toml"))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True, type=pathlib.Path)
    parser.add_argument("--shared", required=True, type=pathlib.Path)
    args = parser.parse_args()

    store = load_schemas(args.source_dir / "docs" / "schema")
    inspect = validator_for(store, "inspect.schema.json")
    check = validator_for(store, "check.schema.json")
    report = validator_for(store, "report.schema.json")
    passed = failed = 0

    def validate(label, validator, text):
        nonlocal passed, failed
        errors = sorted(validator.iter_errors(json.loads(text)), key=lambda e: list(e.path))
        if errors:
            failed += 1
            print(f"FAIL {label}:")
            for e in errors[:5]:
                print(f"  at {'/'.join(map(str, e.path))}: {e.message[:300]}")
        else:
            passed += 1

    for folder in deployments(args.source_dir):
        for command, validator in (("check", check), ("report", report)):
            run = subprocess.run([args.connplan, command, "--format", "json", "."], capture_output=True, text=True,
                                 cwd=folder)
            if run.returncode == 2:
                print(f"FAIL {folder} {command}: exit 2: {run.stderr.strip()}")
                failed += 1
                continue
            validate(f"{folder} {command}", validator, run.stdout)
    for path in inputs(args.source_dir, args.shared):
        cmd = [args.connplan, "inspect", "--format", "json", str(path.resolve())]
        run = subprocess.run(cmd, capture_output=True, text=True, cwd=path.parent)
        if run.returncode == 2:
            print(f"FAIL {path}: exit 2: {run.stderr.strip()}")
            failed += 1
            continue
        errors = sorted(inspect.iter_errors(json.loads(run.stdout)), key=lambda e: list(e.path))
        if errors:
            failed += 1
            print(f"FAIL {path}:")
            for e in errors[:5]:
                print(f"  at {'/'.join(map(str, e.path))}: {e.message[:300]}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed or passed == 0 else 0)


if __name__ == "__main__":
    main()
