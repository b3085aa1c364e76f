#!/usr/bin/env python3
"""Generates connplan's man page (connplan.1) and its bash and zsh completions from the built
binary's own `--help` output, so all three say exactly what the command line accepts.

    gen_cli_docs.py --connplan BUILD/connplan --man OUT.1 --bash OUT --zsh OUT

Run by the build (cmake/packaging.cmake) after the binary is linked. `--help` is CLI11's text
(CLI11 2.1 include/CLI/Formatter.hpp: sections "Positionals:", "Options:", "Subcommands:", a
name column 30 wide, descriptions wrapped onto lines indented past it); the rule codes completed
after `explain`, `--select` and `--ignore` come from `connplan rules`. Output is deterministic:
no date, no build path.
"""

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field

SECTION = re.compile(r"^(Positionals|Options|Subcommands):$")


@dataclass
class option:
    flags: list  # "-h", "--help"; for a positional its name
    type_text: str  # "TEXT", "TEXT:{text,json}", "" for a flag
    description: str
    choices: list = field(default_factory=list)
    repeatable: bool = False
    required: bool = False

    @property
    def takes_value(self):
        return bool(self.type_text)


@dataclass
class command:
    names: list  # ["explain", "rule"]
    summary: str
    usage: str = ""
    positionals: list = field(default_factory=list)
    options: list = field(default_factory=list)


@dataclass
class cli:
    description: str
    options: list
    commands: list
    version: str
    rule_codes: list


def help_text(binary, *args):
    proc = subprocess.run([binary, *args, "--help"], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, text=True, check=False)
    if proc.returncode != 0:
        sys.exit(f"gen_cli_docs: {binary} {' '.join(args)} --help exited {proc.returncode}")
    return proc.stdout


def parse_entry(head, description):
    head = head.strip()
    name, _, rest = head.partition(" ")
    rest = rest.strip()
    repeatable = " ..." in f" {rest}"
    required = "REQUIRED" in rest.split()
    type_text = " ".join(w for w in rest.split() if w not in ("...", "REQUIRED"))
    choices_match = re.search(r"\{([^}]*)\}", type_text)
    choices = choices_match.group(1).split(",") if choices_match else []
    return option([f for f in name.split(",") if f], type_text, description.strip(), choices,
                  repeatable, required)


def parse_help(text):
    """Returns (description, usage, {section: [(head, description)]})."""
    lines = text.splitlines()
    description = lines[0].strip() if lines else ""
    usage = ""
    sections = {}
    current = None
    for line in lines[1:]:
        if line.startswith("Usage:"):
            usage = line[len("Usage:"):].strip()
            continue
        m = SECTION.match(line)
        if m:
            current = sections.setdefault(m.group(1), [])
            continue
        if current is None or not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        if indent == 2:
            # "  NAME TYPE   description": the name column ends at the first run of 2+ spaces.
            parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
            current.append([parts[0], parts[1] if len(parts) > 1 else ""])
        elif current:
            current[-1][1] = (current[-1][1] + " " + line.strip()).strip()
    return description, usage, sections


def normalise_usage(usage):
    # "Usage: build/connplan check [OPTIONS] [path]": the program as the user types it.
    words = usage.split()
    if words:
        words[0] = "connplan"
    return " ".join(words)


def rule_codes(binary):
    proc = subprocess.run([binary, "rules"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          text=True, check=False)
    return sorted({m.group(0) for m in re.finditer(r"^CP\d{3}\b", proc.stdout, re.M)})


def read_cli(binary):
    description, _, sections = parse_help(help_text(binary))
    options = [parse_entry(h, d) for h, d in sections.get("Options", [])]
    commands = []
    for head, summary in sections.get("Subcommands", []):
        names = [n.strip() for n in head.split(",") if n.strip()]
        sub_description, usage, sub_sections = parse_help(help_text(binary, names[0]))
        commands.append(command(
            names, summary or sub_description, normalise_usage(usage),
            [parse_entry(h, d) for h, d in sub_sections.get("Positionals", [])],
            [parse_entry(h, d) for h, d in sub_sections.get("Options", [])]))
    version = subprocess.run([binary, "--version"], stdout=subprocess.PIPE, text=True,
                             check=False).stdout.strip()
    return cli(description, options, commands, version, rule_codes(binary))


# ---------------------------------------------------------------------------------------------
# man page (man-pages(7) sections; roff escaping per groff_man(7))


def roff(text):
    text = text.replace("\\", "\\e").replace("-", "\\-")
    if text.startswith((".", "'")):
        text = "\\&" + text
    return text


def man_option(opt):
    flags = ", ".join(f"\\fB{roff(f)}\\fR" for f in opt.flags)
    value = f" \\fI{roff(opt.type_text)}\\fR" if opt.takes_value else ""
    more = " ..." if opt.repeatable else ""
    return [".TP", f"{flags}{value}{more}", roff(opt.description)]


def render_man(c):
    version = c.version.split()[-1] if c.version else ""
    out = [
        ".\\\" Generated by scripts/gen_cli_docs.py from `connplan --help`. Do not edit.",
        f'.TH CONNPLAN 1 "" "connplan {roff(version)}" "User Commands"',
        ".SH NAME",
        f"connplan \\- {roff(c.description.removeprefix('connplan: '))}",
        ".SH SYNOPSIS",
    ]
    for cmd in c.commands:
        out += [".PP", f"\\fBconnplan {roff(cmd.names[0])}\\fR "
                + roff(cmd.usage.split(" ", 2)[2] if cmd.usage.count(" ") >= 2 else "")]
    out += [".PP", "\\fBconnplan\\fR \\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR"]
    out += [".SH DESCRIPTION",
            "connplan reads the configuration files of a Django, gunicorn/ASGI, Celery, PgBouncer "
            "and PostgreSQL deployment, computes how many PostgreSQL connections it can open in "
            "the worst case, and reports what in the configuration is wrong. It reads files; it "
            "never runs the code it reads."]
    out += [".SH OPTIONS"]
    for opt in c.options:
        out += man_option(opt)
    out += [".SH COMMANDS"]
    for cmd in c.commands:
        title = ", ".join(cmd.names)
        out += [f".SS {roff(title)}", roff(cmd.summary) + ".", ".PP",
                f"Usage: \\fB{roff(cmd.usage)}\\fR"]
        for pos in cmd.positionals:
            out += man_option(pos)
        for opt in cmd.options:
            out += man_option(opt)
    out += [
        ".SH EXIT STATUS",
        "The same for every command and output format:",
        ".TP", "\\fB0\\fR", "no finding at or above the fail level",
        ".TP", "\\fB1\\fR", "findings at or above the fail level (\\fB\\-\\-fail\\-level\\fR)",
        ".TP", "\\fB2\\fR",
        "usage error; a file named on the command line or the configuration file in use is "
        "missing, unreadable or over a limit; internal error",
        ".SH FILES",
        ".TP", "\\fIconnplan.toml\\fR, \\fI.connplan.toml\\fR, \\fIpyproject.toml\\fR",
        "the project's configuration ([tool.connplan] in pyproject.toml), searched upward from "
        "the path checked",
        ".TP", "\\fIPREFIX/share/connplan/rules/CPnnn\\-name.md\\fR",
        "one page per rule, as \\fBconnplan explain\\fR prints it (the pages are also compiled "
        "into the binary)",
        ".SH SEE ALSO",
        "\\fBconnplan rules\\fR lists every rule; \\fBconnplan explain\\fR \\fICODE\\fR prints "
        "its documentation.",
    ]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# bash (bash(1) "Programmable Completion": complete -F, COMP_WORDS, COMP_CWORD, compgen)


# What a value is, for completion. `--help` shows only "TEXT", so options whose values are rule
# codes, files or directories are named here; an option not named completes nothing (never a
# wrong guess). CLI11's ExistingFile/ExistingDirectory validators print FILE/DIR in the type.
VALUE_KINDS = {
    "--select": "codes", "--ignore": "codes", "--extend-select": "codes",
    "--extend-ignore": "codes", "--config": "files", "--baseline": "files",
    "--write-baseline": "files", "--pgbouncer-workdir": "dirs",
    "path": "dirs", "files": "files", "code": "codes",
}


def value_completion_kind(opt):
    if opt.choices:
        return "choices"
    for flag in opt.flags:
        if flag in VALUE_KINDS:
            return VALUE_KINDS[flag]
    words = re.split(r"[^A-Z]+", opt.type_text)
    if "DIR" in words:
        return "dirs"
    if "FILE" in words or "PATH" in words:
        return "files"
    return "none"


def bash_words(words):
    return " ".join(words)


def bash_value_case(opt, indent):
    kind = value_completion_kind(opt)
    pattern = "|".join(opt.flags)
    body = {
        "choices": f'COMPREPLY=($(compgen -W "{bash_words(opt.choices)}" -- "$cur"))',
        "codes": 'COMPREPLY=($(compgen -W "$codes" -- "$cur"))',
        "dirs": 'COMPREPLY=($(compgen -d -- "$cur"))',
        "files": 'COMPREPLY=($(compgen -f -- "$cur"))',
        "none": "COMPREPLY=()",
    }[kind]
    return f"{indent}{pattern}) {body}; return ;;"


def bash_positional(cmd):
    if not cmd.positionals:
        return "COMPREPLY=()"
    kind = value_completion_kind(cmd.positionals[0])
    return {
        "choices": f'COMPREPLY=($(compgen -W "{bash_words(cmd.positionals[0].choices)}" -- "$cur"))',
        "codes": 'COMPREPLY=($(compgen -W "$codes" -- "$cur"))',
        "dirs": 'COMPREPLY=($(compgen -d -- "$cur"))',
        "files": 'COMPREPLY=($(compgen -f -- "$cur"))',
        "none": "COMPREPLY=()",
    }[kind]


def render_bash(c):
    all_names = [n for cmd in c.commands for n in cmd.names]
    top_words = all_names + [f for o in c.options for f in o.flags]
    out = [
        "# bash completion for connplan. Generated by scripts/gen_cli_docs.py from "
        "`connplan --help`. Do not edit.",
        "_connplan() {",
        "    local cur prev sub i",
        '    cur="${COMP_WORDS[COMP_CWORD]}"',
        '    prev="${COMP_WORDS[COMP_CWORD-1]}"',
        "    # --opt=value: bash splits at '=' (COMP_WORDBREAKS).",
        '    if [[ "$cur" == "=" ]]; then cur=""; fi',
        '    if [[ "$prev" == "=" && $COMP_CWORD -ge 2 ]]; then prev="${COMP_WORDS[COMP_CWORD-2]}"; fi',
        f'    local codes="{bash_words(c.rule_codes)}"',
        '    sub=""',
        "    for ((i = 1; i < COMP_CWORD; i++)); do",
        '        case "${COMP_WORDS[i]}" in',
        f'            {"|".join(all_names)}) sub="${{COMP_WORDS[i]}}"; break ;;',
        "        esac",
        "    done",
        '    case "$sub" in',
        f'        "") COMPREPLY=($(compgen -W "{bash_words(top_words)}" -- "$cur")); return ;;',
    ]
    for cmd in c.commands:
        words = [f for o in cmd.options for f in o.flags]
        out.append(f"        {'|'.join(cmd.names)})")
        valued = [o for o in cmd.options if o.takes_value]
        if valued:
            out.append('            case "$prev" in')
            out += [bash_value_case(o, "                ") for o in valued]
            out.append("            esac")
        out += [
            '            if [[ "$cur" == -* ]]; then',
            f'                COMPREPLY=($(compgen -W "{bash_words(words)}" -- "$cur"))',
            "            else",
            f"                {bash_positional(cmd)}",
            "            fi",
            "            ;;",
        ]
    out += ["    esac", "}", "complete -F _connplan connplan", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# zsh (zshcompsys(1): #compdef, _arguments, _describe)


def zsh_quote(text):
    return "'" + text.replace("'", "'\\''") + "'"


def zsh_desc(text, colons=False):
    # Inside an option's [description] only brackets are special; in a message (`:message:`) and
    # in _describe's `name:description` the colon is too.
    text = text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")
    return text.replace(":", "\\:") if colons else text


def zsh_action(opt, codes):
    kind = value_completion_kind(opt)
    return {
        "choices": f"({' '.join(opt.choices)})",
        "codes": f"({' '.join(codes)})",
        "dirs": "_files -/",
        "files": "_files",
        "none": " ",
    }[kind]


def zsh_option_specs(opt, codes):
    desc = zsh_desc(opt.description)
    specs = []
    exclusive = "(- *)" if opt.flags in (["-h", "--help"], ["--version"]) else ""
    for flag in opt.flags:
        if opt.takes_value:
            name = f"{flag}=" if flag.startswith("--") else f"{flag}+"
            star = "*" if opt.repeatable else ""
            value = zsh_desc(flag.lstrip("-"), colons=True)
            specs.append(zsh_quote(f"{star}{name}[{desc}]:{value}:{zsh_action(opt, codes)}"))
        else:
            specs.append(zsh_quote(f"{exclusive}{flag}[{desc}]"))
    return specs


def render_zsh(c):
    out = [
        "#compdef connplan",
        "# zsh completion for connplan. Generated by scripts/gen_cli_docs.py from "
        "`connplan --help`. Do not edit.",
        "",
        "_connplan() {",
        "    local curcontext=\"$curcontext\" state line",
        "    typeset -A opt_args",
        "    local -a commands",
        "    commands=(",
    ]
    for cmd in c.commands:
        for name in cmd.names:
            out.append(f"        {zsh_quote(zsh_desc(name, colons=True) + ':' + zsh_desc(cmd.summary))}")
    out += ["    )", "    _arguments -C \\"]
    for opt in c.options:
        for spec in zsh_option_specs(opt, c.rule_codes):
            out.append(f"        {spec} \\")
    out += [
        "        '1: :->command' \\",
        "        '*:: :->args'",
        "    case $state in",
        "        command) _describe -t commands 'connplan command' commands ;;",
        "        args)",
        "            case $line[1] in",
    ]
    for cmd in c.commands:
        out.append(f"                {'|'.join(cmd.names)})")
        out.append("                    _arguments \\")
        specs = [s for o in cmd.options for s in zsh_option_specs(o, c.rule_codes)]
        for pos in cmd.positionals:
            star = "*" if pos.repeatable else ""
            desc = zsh_desc(pos.description or pos.flags[0], colons=True)
            specs.append(zsh_quote(f"{star}:{desc}:{zsh_action(pos, c.rule_codes)}"))
        for spec in specs[:-1]:
            out.append(f"                        {spec} \\")
        out.append(f"                        {specs[-1]}" if specs else "                        ''")
        out.append("                    ;;")
    out += ["            esac", "            ;;", "    esac", "}", "", '_connplan "$@"', ""]
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connplan", required=True, help="the built binary")
    parser.add_argument("--man", help="write the man page here")
    parser.add_argument("--bash", help="write the bash completion here")
    parser.add_argument("--zsh", help="write the zsh completion here")
    args = parser.parse_args()
    c = read_cli(args.connplan)
    if not c.commands:
        sys.exit("gen_cli_docs: no subcommands found in `connplan --help`")
    for path, render in ((args.man, render_man), (args.bash, render_bash),
                         (args.zsh, render_zsh)):
        if path:
            with open(path, "w", encoding="utf-8") as f:
                f.write(render(c))


if __name__ == "__main__":
    main()
