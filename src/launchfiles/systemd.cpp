// systemd service units: [Service] ExecStart=, Environment=, EnvironmentFile=,
// WorkingDirectory=. Syntax from systemd.syntax(7) @ v252: `#` and `;` start comment lines,
// a line ending in `\` continues on the next (the backslash and newline are replaced by a space,
// and comment lines inside a continued line are skipped), section headers `[Name]`.
// systemd.service(5): "ExecStart= … If the empty string is assigned to this option, the list of
// commands to start is reset"; the executable may be prefixed by `@` (the second word is argv[0]),
// `-`, `:`, `+`, `!`, `!!`. systemd.exec(5): `Environment=` takes space-separated assignments that
// may be quoted ("VAR1=word1 word2" VAR2=word3), the empty string resets the list, no variable
// expansion; `EnvironmentFile=` (a leading `-` means the file may be missing);
// `WorkingDirectory=` (a leading `-` ignores a missing directory). Specifiers (systemd.unit(5)
// "Specifiers"): %i is the instance of `name@instance.service`, %n the full unit name, %p/%N the
// prefix/name, %% a literal %; others are left as written.
#include <fmt/format.h>

#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {

namespace {

struct unit_names {
  std::string full;      // "web@1.service"
  std::string name;      // "web@1"
  std::string prefix;    // "web"
  std::string instance;  // "1"; empty for a template or a plain unit
};

unit_names names_of(const std::string& path) {
  unit_names n;
  const auto slash = path.find_last_of('/');
  n.full = slash == std::string::npos ? path : path.substr(slash + 1);
  n.name = n.full.ends_with(".service") ? n.full.substr(0, n.full.size() - 8) : n.full;
  const auto at = n.name.find('@');
  n.prefix = n.name.substr(0, at);
  if (at != std::string::npos) n.instance = n.name.substr(at + 1);
  return n;
}

std::string expand_specifiers(std::string_view v, const unit_names& n) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '%' || i + 1 >= v.size()) {
      out += v[i];
      continue;
    }
    const char s = v[i + 1];
    if (s == '%') {
      out += '%';
    } else if ((s == 'i' || s == 'I') && !n.instance.empty()) {
      out += n.instance;
    } else if (s == 'n') {
      out += n.full;
    } else if (s == 'N') {
      out += n.name;
    } else if (s == 'p' || s == 'P') {
      out += n.prefix;
    } else {
      out += v.substr(i, 2);
    }
    ++i;
  }
  return out;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// Environment= words: whitespace separates, double and single quotes group, `\` escapes.
std::vector<std::string> environment_words(std::string_view v) {
  std::vector<std::string> out;
  std::string cur;
  bool in = false;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const char c = v[i];
    if (c == ' ' || c == '\t') {
      if (in) out.push_back(std::move(cur));
      cur.clear();
      in = false;
      continue;
    }
    in = true;
    if (c == '"' || c == '\'') {
      const auto close = v.find(c, i + 1);
      const auto stop = close == std::string_view::npos ? v.size() : close;
      for (auto k = i + 1; k < stop; ++k) {
        if (v[k] == '\\' && c == '"' && k + 1 < stop) ++k;
        cur += v[k];
      }
      i = stop;
      continue;
    }
    if (c == '\\' && i + 1 < v.size()) {
      cur += v[++i];
      continue;
    }
    cur += c;
  }
  if (in) out.push_back(std::move(cur));
  return out;
}

struct entry {
  std::string key;
  std::string value;
  std::size_t value_offset = 0;  // in the CR-free text
  std::size_t line_offset = 0;
};

}  // namespace

launch_file read_systemd_unit(std::string_view raw, std::string display_path,
                              const read_options& options) {
  (void)options;
  launch_file out;
  out.path = std::move(display_path);
  out.from = format::systemd;
  const std::string text = without_cr(raw);
  const line_index lines(text);
  const unit_names names = names_of(out.path);

  // Logical lines of the [Service] section.
  std::vector<entry> service;
  std::string section;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::size_t start = pos;
    std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    const std::string t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';') continue;
    if (t[0] == '[') {
      if (t.back() != ']') {
        out.findings.push_back(make_finding("CP001", "section header is not closed by `]`",
                                            lines.location(out.path, start, end), "section"));
        section.clear();
        continue;
      }
      section = t.substr(1, t.size() - 2);
      continue;
    }
    // Continuations: a trailing backslash joins the next line with a space.
    while (!line.empty() && line.back() == '\\' && pos < text.size()) {
      line.pop_back();
      auto e2 = text.find('\n', pos);
      if (e2 == std::string::npos) e2 = text.size();
      const std::string next = text.substr(pos, e2 - pos);
      pos = e2 + 1;
      const std::string nt = trim(next);
      if (!nt.empty() && (nt[0] == '#' || nt[0] == ';')) {
        line += '\\';  // a comment line inside a continuation is skipped
        continue;
      }
      line += ' ';
      line += next;
    }
    const auto eq = line.find('=');
    if (eq == std::string::npos) {
      out.findings.push_back(make_finding("CP001",
                                          "line has no `=`; systemd ignores it with a warning",
                                          lines.location(out.path, start, end), "assignment"));
      continue;
    }
    if (section != "Service") continue;
    entry e;
    e.key = trim(std::string_view(line).substr(0, eq));
    const auto vstart = line.find_first_not_of(" \t", eq + 1);
    e.value = vstart == std::string::npos ? std::string() : trim(line.substr(vstart));
    e.value_offset = start + (vstart == std::string::npos ? eq + 1 : vstart);
    e.line_offset = start;
    service.push_back(std::move(e));
  }

  std::vector<const entry*> exec_start;
  launched_process base;
  base.from = format::systemd;
  base.file = out.path;
  for (const auto& e : service) {
    const auto where = lines.location(out.path, e.value_offset,
                                      e.value_offset + std::max<std::size_t>(e.value.size(), 1));
    if (e.key == "ExecStart") {
      if (e.value.empty()) {
        exec_start.clear();
      } else {
        exec_start.push_back(&e);
      }
    } else if (e.key == "Environment") {
      if (e.value.empty()) {
        base.env.clear();
        base.env_at.clear();
      }
      for (const auto& w : environment_words(expand_specifiers(e.value, names))) {
        const auto eqw = w.find('=');
        if (eqw == std::string::npos || eqw == 0) {
          out.findings.push_back(make_finding(
              "CP001",
              fmt::format("`{}` in Environment= is not an assignment; systemd ignores it", w),
              where, "Environment"));
          continue;
        }
        base.env[w.substr(0, eqw)] = w.substr(eqw + 1);
        base.env_at[w.substr(0, eqw)] = where;
      }
    } else if (e.key == "EnvironmentFile") {
      if (e.value.empty()) {
        base.env_files.clear();
      } else {
        std::string f = e.value[0] == '-' ? e.value.substr(1) : e.value;
        base.env_files.emplace_back(expand_specifiers(f, names), where);
      }
    } else if (e.key == "WorkingDirectory") {
      std::string d = !e.value.empty() && e.value[0] == '-' ? e.value.substr(1) : e.value;
      base.workdir = expand_specifiers(d, names);
    }
  }

  for (const entry* e : exec_start) {
    launched_process p = base;
    std::string_view v = e->value;
    std::size_t skip = 0;
    bool argv0 = false;
    while (skip < v.size() && std::string_view("@-:+!").find(v[skip]) != std::string_view::npos) {
      argv0 = argv0 || v[skip] == '@';
      ++skip;
    }
    std::string cmd = expand_specifiers(v.substr(skip), names);
    if (argv0) {
      // `@/usr/bin/prog name args`: the second word is argv[0], not an argument.
      const auto sp = cmd.find_first_of(" \t");
      if (sp != std::string::npos) {
        const auto w2 = cmd.find_first_not_of(" \t", sp);
        const auto w2e = w2 == std::string::npos ? std::string::npos : cmd.find_first_of(" \t", w2);
        cmd = cmd.substr(0, sp) + (w2e == std::string::npos ? std::string() : cmd.substr(w2e));
      }
    }
    p.command = cmd;
    p.command_at = lines.location(out.path, e->value_offset + skip,
                                  e->value_offset + std::max(e->value.size(), skip + 1));
    p.name = unique_name(out, names.name);
    out.processes.push_back(std::move(p));
  }
  return out;
}

}  // namespace connplan::launchfiles::detail
