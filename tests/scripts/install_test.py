#!/usr/bin/env python3
"""`cmake --install` of the build that made --connplan, into a temporary prefix, and the Debian
package `cpack -G DEB` makes (docs/installing.md).

docs/installing.md: "`cmake --install` puts: the binary `bin/connplan`, the rule pages
`share/connplan/rules/CPnnn-name.md`, the man page `share/man/man1/connplan.1`, bash completion
`share/bash-completion/completions/connplan`, zsh completion `share/zsh/vendor-completions/_connplan`"
and "they always list exactly the subcommands and options the binary accepts".

The subcommands and options are read here from `--help` with a pattern of this test's own (not
with scripts/gen_cli_docs.py), so a generator that drops an option fails. Parts whose tool is
missing (man, groff, zsh, dpkg-deb) are skipped with a message; exit 77 only when the build
directory has no install script.
"""

import argparse
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
# CLI11's help (include/CLI/Formatter.hpp): an option's names start its line after two spaces,
# comma-separated; a subcommand line is its name(s) followed by the summary.
OPTION_LINE = re.compile(r"^  (-[^\s,]+(?:,-[^\s,]+)*)")


def fail(message):
    print(f"FAIL: {message}")
    sys.exit(1)


def run(cmd, **kwargs):
    kwargs.setdefault("timeout", 300)
    return subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                          **kwargs)


def cli_surface(binary):
    """{subcommand: [option names]} and the top-level options, from --help."""
    top = run([binary, "--help"]).stdout
    subcommands = []
    section = None
    top_options = []
    for line in top.splitlines():
        if line.endswith(":") and not line.startswith(" "):
            section = line[:-1]
            continue
        if section == "Subcommands" and line.startswith("  ") and line[2] != " ":
            names = re.split(r"\s{2,}", line.strip())[0]
            subcommands += [n.strip() for n in names.split(",")]
        m = OPTION_LINE.match(line)
        if section == "Options" and m:
            top_options += m.group(1).split(",")
    surface = {}
    for sub in subcommands:
        options = []
        for line in run([binary, sub, "--help"]).stdout.splitlines():
            m = OPTION_LINE.match(line)
            if m:
                options += m.group(1).split(",")
        surface[sub] = options
    if not surface or "check" not in surface:
        fail(f"no subcommands read from --help:\n{top}")
    return surface, top_options


def check_mentions(name, text, surface, top_options, escape=lambda s: s):
    for sub, options in surface.items():
        if not re.search(r"(?<![\w-])" + re.escape(escape(sub)) + r"(?![\w-])", text):
            fail(f"{name} does not mention the subcommand {sub}")
        for option in options + top_options:
            if escape(option) not in text:
                fail(f"{name} does not mention {option} (of {sub} --help)")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--connplan", required=True)
    parser.add_argument("--source-dir", required=True)
    parser.add_argument("--shared")
    args = parser.parse_args()
    binary = pathlib.Path(args.connplan).resolve()
    build = binary.parent
    if not (build / "cmake_install.cmake").is_file():
        print(f"SKIP: {build} has no cmake_install.cmake")
        sys.exit(SKIP)

    with tempfile.TemporaryDirectory(prefix="connplan-install-") as tmp_name:
        tmp = pathlib.Path(tmp_name)
        prefix = tmp / "prefix"
        proc = run(["cmake", "--install", str(build), "--prefix", str(prefix)])
        if proc.returncode != 0:
            fail(f"cmake --install failed (is the connplan_cli_docs target built?):\n"
                 f"{proc.stdout}{proc.stderr}")

        installed = prefix / "bin" / "connplan"
        man_page = prefix / "share" / "man" / "man1" / "connplan.1"
        bash_completion = prefix / "share" / "bash-completion" / "completions" / "connplan"
        zsh_completion = prefix / "share" / "zsh" / "vendor-completions" / "_connplan"
        for path in (installed, man_page, bash_completion, zsh_completion):
            if not path.is_file():
                fail(f"{path.relative_to(prefix)} was not installed")
        pages = sorted((prefix / "share" / "connplan" / "rules").glob("CP*.md"))
        sources = sorted(pathlib.Path(args.source_dir, "rules").glob("CP*.md"))
        if [p.name for p in pages] != [p.name for p in sources] or not pages:
            fail("share/connplan/rules does not hold exactly the rule pages of rules/")

        # The installed binary, run far from the source and build trees.
        elsewhere = tmp / "elsewhere"
        elsewhere.mkdir()
        env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "LANG": "C.UTF-8", "NO_COLOR": "1"}
        version = run([str(installed), "--version"], cwd=elsewhere, env=env)
        built_version = run([str(binary), "--version"]).stdout
        if version.returncode != 0 or not re.fullmatch(r"connplan \d+\.\d+\.\d+\n",
                                                       version.stdout):
            fail(f"installed connplan --version: {version.returncode} {version.stdout!r}")
        if version.stdout != built_version:
            fail(f"installed and built versions differ: {version.stdout!r} {built_version!r}")
        explain = run([str(installed), "explain", "CP101"], cwd=elsewhere, env=env)
        page = next(p for p in pages if p.name.startswith("CP101-"))
        first_line = page.read_text().splitlines()[0]
        if explain.returncode != 0 or first_line not in explain.stdout:
            fail(f"installed connplan explain CP101 ({explain.returncode}) does not print "
                 f"{page.name}'s first line {first_line!r}:\n{explain.stdout}{explain.stderr}")
        print("ok: the installed binary runs, explain CP101 prints the installed page's text")

        surface, top_options = cli_surface(str(binary))
        man_source = man_page.read_text()
        bash_text = bash_completion.read_text()
        zsh_text = zsh_completion.read_text()
        check_mentions("connplan.1", man_source, surface, top_options,
                       escape=lambda s: s.replace("-", "\\-"))
        check_mentions("the bash completion", bash_text, surface, top_options)
        check_mentions("the zsh completion", zsh_text, surface, top_options)
        print(f"ok: man page and completions name all {len(surface)} subcommands and their options")

        if shutil.which("man"):
            rendered = run(["man", "-l", str(man_page)],
                           env={**env, "MANPAGER": "cat", "MANWIDTH": "100"})
            if rendered.returncode != 0 or "connplan check" not in rendered.stdout:
                fail(f"man -l connplan.1: {rendered.returncode}\n{rendered.stderr}")
            print("ok: man -l renders connplan.1")
        else:
            print("skip: man is not installed")
        if shutil.which("groff"):
            # -ww: every warning; -z: no output. A clean page warns about nothing.
            warnings = run(["groff", "-man", "-ww", "-z", "-Tutf8", str(man_page)])
            if warnings.returncode != 0 or warnings.stderr.strip():
                fail(f"groff warns about connplan.1:\n{warnings.stderr}")
            print("ok: groff -ww has no warning for connplan.1")

        syntax = run(["bash", "-n", str(bash_completion)])
        if syntax.returncode != 0:
            fail(f"bash -n {bash_completion.name}: {syntax.stderr}")
        # Completing `connplan check --fo` and `connplan explain CP10` through the loaded function.
        script = (f"source {bash_completion}; complete -p connplan; "
                  "COMP_WORDS=(connplan check --fo); COMP_CWORD=2; _connplan; "
                  "echo \"check: ${COMPREPLY[*]}\"; "
                  "COMP_WORDS=(connplan explain CP10); COMP_CWORD=2; _connplan; "
                  "echo \"explain: ${COMPREPLY[*]}\"")
        loaded = run(["bash", "--norc", "--noprofile", "-c", script], env=env)
        if loaded.returncode != 0 or "-F _connplan connplan" not in loaded.stdout:
            fail(f"complete -p connplan after sourcing: {loaded.stdout}{loaded.stderr}")
        if "check: --format" not in loaded.stdout or "CP101" not in loaded.stdout:
            fail(f"bash completion of `check --fo` / `explain CP10`:\n{loaded.stdout}")
        print("ok: bash completion loads and completes options and rule codes")
        if shutil.which("zsh"):
            zsh_syntax = run(["zsh", "-n", str(zsh_completion)])
            if zsh_syntax.returncode != 0:
                fail(f"zsh -n _connplan: {zsh_syntax.stderr}")
            print("ok: zsh -n accepts _connplan")
        else:
            print("skip: zsh is not installed")

        if shutil.which("dpkg-deb") and shutil.which("cpack"):
            started = time.monotonic()
            package_dir = tmp / "package"
            made = run(["cpack", "-G", "DEB", "-B", str(package_dir)], cwd=build)
            seconds = time.monotonic() - started
            debs = list(package_dir.glob("*.deb"))
            if made.returncode != 0 or len(debs) != 1:
                fail(f"cpack -G DEB: {made.returncode}\n{made.stdout}{made.stderr}")
            listing = run(["dpkg-deb", "-c", str(debs[0])]).stdout
            for member in ("./usr/bin/connplan", "./usr/share/man/man1/connplan.1",
                           "./usr/share/bash-completion/completions/connplan",
                           "./usr/share/connplan/rules/"):
                if member not in listing:
                    fail(f"{debs[0].name} lacks {member}:\n{listing}")
            depends = run(["dpkg-deb", "-f", str(debs[0]), "Depends"]).stdout
            # libpq5: loaded with dlopen by observe, so named by hand (cmake/packaging.cmake).
            if "libfmt" not in depends or "libc6" not in depends or "libpq5" not in depends:
                fail(f"{debs[0].name} Depends lacks the libraries connplan links: {depends!r}")
            print(f"ok: cpack -G DEB made {debs[0].name} in {seconds:.1f} s; Depends: "
                  f"{depends.strip()}")
        else:
            print("skip: dpkg-deb or cpack is not installed")
    print("PASS")


if __name__ == "__main__":
    main()
