// supervisord configuration, read as supervisord reads it (supervisor/options.py @ 4.2.5):
// `UnhosedConfigParser` is Python's RawConfigParser with inline_comment_prefixes=(';', '#') and
// strict=False, so a comment inside a value needs whitespace before it, `=` or `:` separates a
// key from its value, keys are lower-cased, a more-indented line continues the value, and a
// repeated section merges. `[program:x]` gives one process per program: `command=` (split by
// shlex.split in posix mode, never by a shell: options.py `ProcessConfig.get_execv_args`),
// `numprocs=` (replicas), `process_name=`, `directory=`, `environment=` (datatypes.py
// `dict_of_key_value_pairs`). Values are expanded as options.py `expand` does: `%(name)s`-style
// Python formats over here, program_name, group_name, host_node_name, numprocs, process_num and
// ENV_X for every variable of supervisord's environment; `%%` is `%`.
// `[include] files=` is not followed here: included files are launch files of their own, found by
// discovery (their `.conf` name and `[program:` shape) like any other.
#include <cctype>
#include <charconv>

#include <fmt/format.h>

#include "launch/shell_words.hpp"
#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {

namespace {

struct option {
  std::string value;
  std::size_t offset = 0;  // first byte of the value in the CR-free text
};

struct section {
  std::string name;
  std::size_t header_offset = 0;
  std::map<std::string, option> options;
};

std::string_view trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return s.substr(b, e - b + 1);
}

// configparser: an inline comment starts at `;` or `#` preceded by whitespace.
std::string_view strip_inline_comment(std::string_view v) {
  for (std::size_t i = 1; i < v.size(); ++i) {
    if ((v[i] == ';' || v[i] == '#') && (v[i - 1] == ' ' || v[i - 1] == '\t'))
      return v.substr(0, i);
  }
  return v;
}

struct expansion_result {
  std::string text;
  std::vector<std::string> unknown;  // ENV_ variables not in the known environment
  std::string error;
  bool too_long = false;  // longer than max_value_bytes: not a refusal of supervisord's (CP006)
};

// Python `%` formatting with a mapping, as far as supervisor's config values use it:
// `%(name)s`, `%(name)d`, `%(name)02d`, `%%`. An unknown `%(ENV_X)s` becomes the marker
// "\x01X\x02" so that callers can write it as `${X}` for the command-line parser.
expansion_result expand(std::string_view v, const std::map<std::string, std::string>& vars) {
  expansion_result r;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (v[i] != '%') {
      r.text += v[i];
      continue;
    }
    if (i + 1 < v.size() && v[i + 1] == '%') {
      r.text += '%';
      ++i;
      continue;
    }
    if (i + 1 >= v.size() || v[i + 1] != '(') {
      r.error = "a `%` that is not `%%` or `%(name)s`";
      r.text += v[i];
      continue;
    }
    const auto close = v.find(')', i + 2);
    if (close == std::string_view::npos) {
      r.error = "a `%(` without `)`";
      r.text += v.substr(i);
      break;
    }
    const std::string name(v.substr(i + 2, close - i - 2));
    std::size_t k = close + 1;
    std::string spec;
    while (k < v.size() &&
           (std::isdigit(static_cast<unsigned char>(v[k])) != 0 || v[k] == '-' || v[k] == '.'))
      spec += v[k++];
    if (k >= v.size() || std::string_view("sdir").find(v[k]) == std::string_view::npos) {
      r.error = fmt::format("the format `%({})` has no conversion", name);
      break;
    }
    const char conv = v[k];
    i = k;
    const auto it = vars.find(name);
    if (it == vars.end()) {
      if (name.starts_with("ENV_")) {
        r.unknown.push_back(name.substr(4));
        r.text += "\x01" + name.substr(4) + "\x02";
      } else {
        r.error = fmt::format("`%({})` names no known expansion", name);
      }
      continue;
    }
    if (conv == 'd' || conv == 'i') {
      long long n = 0;
      const auto& s = it->second;
      if (std::from_chars(s.data(), s.data() + s.size(), n).ec != std::errc()) {
        r.error = fmt::format("`%({}){}{}` needs a number", name, spec, conv);
        continue;
      }
      std::size_t width = 0;
      bool zero = !spec.empty() && spec[0] == '0';
      (void)std::from_chars(spec.data() + (zero ? 1 : 0), spec.data() + spec.size(), width);
      std::string digits = std::to_string(n);
      if (width > max_value_bytes) {  // `%(process_num)0999999999d`
        r.too_long = true;
        break;
      }
      if (digits.size() < width) digits.insert(0, width - digits.size(), zero ? '0' : ' ');
      r.text += digits;
    } else {
      r.text += it->second;
    }
    // `B=%(ENV_A)s%(ENV_A)s…` in one program's environment, then `%(ENV_B)s…` in its command:
    // each level multiplies the length (found by fuzz_launch_files).
    if (r.text.size() > max_value_bytes) {
      r.too_long = true;
      break;
    }
  }
  if (r.too_long) r.text.clear();
  return r;
}

// datatypes.py dict_of_key_value_pairs: shlex.shlex (not posix) with wordchars +=
// '/.+-():'; tokens come in KEY = VALUE [,] groups; quotes are stripped from values.
bool key_value_pairs(std::string_view v, std::vector<std::pair<std::string, std::string>>& out) {
  std::vector<std::string> tokens;
  std::size_t i = 0;
  auto word_char = [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' ||
           std::string_view("/.+-():").find(c) != std::string_view::npos ||
           static_cast<unsigned char>(c) >= 0xC0;
  };
  while (i < v.size()) {
    const char c = v[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++i;
    } else if (c == '#') {  // shlex's default commenters
      while (i < v.size() && v[i] != '\n') ++i;
    } else if (c == '"' || c == '\'') {
      const auto close = v.find(c, i + 1);
      if (close == std::string_view::npos) return false;  // "No closing quotation"
      tokens.emplace_back(v.substr(i, close - i + 1));
      i = close + 1;
    } else if (word_char(c) || c == '\x01' || c == '\x02') {
      std::size_t j = i;
      while (j < v.size() && (word_char(v[j]) || v[j] == '\x01' || v[j] == '\x02')) ++j;
      tokens.emplace_back(v.substr(i, j - i));
      i = j;
    } else {
      tokens.emplace_back(1, c);
      ++i;
    }
  }
  for (std::size_t k = 0; k < tokens.size(); k += 4) {
    if (k + 2 >= tokens.size() || tokens[k + 1] != "=") return false;
    std::string value = tokens[k + 2];
    const auto b = value.find_first_not_of("'\"");
    const auto e = value.find_last_not_of("'\"");
    value = b == std::string::npos ? std::string() : value.substr(b, e - b + 1);
    out.emplace_back(tokens[k], value);
  }
  return true;
}

// A shlex word as sh text: double-quoted, with unknown ENV markers as ${X}.
std::string sh_word(const std::string& w) {
  if (w.find('\x01') == std::string::npos) return quote_word(w);
  std::string out = "\"";
  for (std::size_t i = 0; i < w.size(); ++i) {
    const char c = w[i];
    const auto close = c == '\x01' ? w.find('\x02', i) : std::string::npos;
    if (close != std::string::npos) {
      // A \x01 of the file itself has no closing marker: it is kept as a byte below (without
      // this check `i = npos` wrapped to 0 and the loop never ended; found by fuzz_launch_files).
      out += "${" + w.substr(i + 1, close - i - 1) + "}";
      i = close;
    } else if (c == '"' || c == '\\' || c == '$' || c == '`') {
      out += '\\';
      out += c;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string directory_of(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

}  // namespace

launch_file read_supervisord(std::string_view raw, std::string display_path,
                             const read_options& options) {
  launch_file out;
  out.path = std::move(display_path);
  out.from = format::supervisord;
  const std::string text = without_cr(raw);
  const line_index lines(text);

  std::vector<section> sections;
  section* cur = nullptr;
  option* cur_option = nullptr;
  std::size_t cur_indent = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::size_t start = pos;
    const std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    const auto t = trim(line);
    if (!t.empty() && (t[0] == '#' || t[0] == ';')) continue;  // comment_prefixes
    const std::string_view value = trim(strip_inline_comment(line));
    const std::size_t indent = line.find_first_not_of(" \t") == std::string_view::npos
                                   ? line.size()
                                   : line.find_first_not_of(" \t");
    if (value.empty()) {
      // An empty line inside a value is kept (empty_lines_in_values); trailing ones are
      // stripped below.
      if (cur_option != nullptr) cur_option->value += '\n';
      continue;
    }
    if (cur_option != nullptr && indent > cur_indent) {
      cur_option->value += '\n';
      cur_option->value += value;
      continue;
    }
    cur_option = nullptr;
    cur_indent = indent;
    if (value.front() == '[' && value.find(']') != std::string_view::npos) {
      const std::string name(value.substr(1, value.find(']') - 1));
      cur = nullptr;
      for (auto& s : sections)
        if (s.name == name) cur = &s;  // strict=False: a repeated section merges
      if (cur == nullptr) {
        sections.push_back({name, start, {}});
        cur = &sections.back();
      }
      continue;
    }
    const auto delim = value.find_first_of("=:");
    if (cur == nullptr || delim == std::string_view::npos || delim == 0) {
      out.findings.push_back(make_finding(
          "CP001",
          cur == nullptr ? std::string("a line before the first [section]; supervisord refuses "
                                       "the file (MissingSectionHeaderError)")
                         : std::string("line is neither `[section]` nor `key = value`; "
                                       "supervisord refuses the file (ParsingError)"),
          lines.location(out.path, start + indent, start + line.size()), "supervisord-line"));
      out.complete = false;
      continue;
    }
    std::string key(trim(value.substr(0, delim)));
    for (auto& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto v = trim(value.substr(delim + 1));
    option o;
    o.value = std::string(v);
    o.offset = v.empty() ? start + (value.data() - line.data()) + delim + 1
                         : static_cast<std::size_t>(v.data() - text.data());
    cur->options[key] = std::move(o);
    cur_option = &cur->options[key];
  }
  for (auto& s : sections)
    for (auto& [k, o] : s.options)
      while (!o.value.empty() && o.value.back() == '\n') o.value.pop_back();

  std::map<std::string, std::string> vars;
  for (const auto& [k, v] : options.env) vars["ENV_" + k] = v;
  vars["here"] = directory_of(out.path);
  vars["host_node_name"] = "\x01HOSTNAME\x02";

  // options.py read_config: `[supervisord] environment=` is expanded, becomes ENV_X for every
  // program's expansions and the base of every program's environment.
  std::map<std::string, std::pair<std::string, source_location>> global_env;
  for (const auto& s : sections) {
    if (s.name != "supervisord") continue;
    const auto it = s.options.find("environment");
    if (it == s.options.end()) continue;
    const option& o = it->second;
    const auto where =
        lines.location(out.path, o.offset, o.offset + std::max<std::size_t>(o.value.size(), 1));
    const auto r = expand(o.value, vars);
    std::vector<std::pair<std::string, std::string>> pairs;
    if (r.too_long) {
      report_value_too_long(out, where, "environment of [supervisord]");
    } else if (!r.error.empty() || !key_value_pairs(r.text, pairs)) {
      out.findings.push_back(make_finding(
          "CP001",
          "environment of [supervisord] is not KEY=value pairs separated by commas; supervisord "
          "refuses the file",
          where, "supervisord.environment"));
    }
    for (const auto& [k, v] : pairs) {
      vars["ENV_" + k] = v;
      global_env[k] = {v, where};
    }
  }

  output_budget budget(out);
  name_registry names;
  for (const auto& s : sections) {
    if (!s.name.starts_with("program:")) continue;
    const std::string program = s.name.substr(8);
    auto get = [&](const std::string& key) -> const option* {
      const auto it = s.options.find(key);
      return it == s.options.end() ? nullptr : &it->second;
    };
    auto at = [&](const option& o) {
      return lines.location(out.path, o.offset,
                            o.offset + std::max<std::size_t>(o.value.size(), 1));
    };
    auto local = vars;
    local["program_name"] = program;
    local["group_name"] = program;
    auto report = [&](const option& o, const std::string& key, const expansion_result& r) {
      if (r.too_long) {
        report_value_too_long(out, at(o), fmt::format("{} of [{}]", key, s.name));
        return;
      }
      if (!r.error.empty())
        out.findings.push_back(make_finding(
            "CP001",
            fmt::format("{} of [{}]: {}; supervisord refuses the file", key, s.name, r.error),
            at(o), fmt::format("{}.{}", s.name, key)));
    };

    launched_process p;
    p.from = format::supervisord;
    p.file = out.path;
    p.name = names.unique(program);

    long long numprocs = 1;
    long long numprocs_start = 0;
    if (const option* o = get("numprocs_start")) {
      const auto r = expand(o->value, local);
      (void)std::from_chars(r.text.data(), r.text.data() + r.text.size(), numprocs_start);
    }
    if (const option* o = get("numprocs")) {
      const auto r = expand(o->value, local);
      report(*o, "numprocs", r);
      launch_count c;
      c.text = o->value;
      c.where = at(*o);
      long long n = 0;
      const auto parsed = std::from_chars(r.text.data(), r.text.data() + r.text.size(), n);
      if (!r.unknown.empty()) {
        c.reason = fmt::format("environment variable {} is not set", r.unknown.front());
        out.findings.push_back(make_finding(
            "CP002",
            fmt::format("numprocs of [{}] cannot be resolved statically: {}", s.name, c.reason),
            c.where, fmt::format("{}.numprocs", s.name)));
      } else if (r.error.empty() && !r.too_long &&
                 (parsed.ec != std::errc() || parsed.ptr != r.text.data() + r.text.size() ||
                  n < 1)) {
        c.reason = "not a positive integer";
        out.findings.push_back(make_finding(
            "CP001",
            fmt::format("numprocs of [{}] is `{}`, not a positive integer; supervisord refuses "
                        "the file",
                        s.name, r.text),
            c.where, fmt::format("{}.numprocs", s.name)));
      } else if (r.error.empty() && !r.too_long) {
        c.value = n;
        numprocs = n;
      }
      p.replicas = c;
    }
    local["numprocs"] = std::to_string(numprocs);
    local["process_num"] = std::to_string(numprocs_start);
    const option* pname = get("process_name");
    if (numprocs > 1 &&
        (pname == nullptr || pname->value.find("%(process_num)") == std::string::npos)) {
      // options.py processes_from_section: "%(process_num) must be present within
      // process_name when numprocs > 1".
      out.findings.push_back(make_finding(
          "CP001",
          fmt::format("[{}] has numprocs > 1 but process_name does not contain %(process_num); "
                      "supervisord refuses the file",
                      s.name),
          pname != nullptr ? at(*pname)
                           : lines.location(out.path, s.header_offset, s.header_offset + 1),
          fmt::format("{}.process_name", s.name)));
    }
    for (const auto& [k, v] : global_env) {
      if (v.first.find('\x01') != std::string::npos) continue;
      p.env[k] = v.first;
      p.env_at[k] = v.second;
    }
    if (const option* o = get("environment")) {
      const auto r = expand(o->value, local);
      report(*o, "environment", r);
      std::vector<std::pair<std::string, std::string>> pairs;
      if (!key_value_pairs(r.text, pairs)) {
        out.findings.push_back(make_finding(
            "CP001",
            fmt::format("environment of [{}] is not KEY=value pairs separated by commas; "
                        "supervisord refuses the file",
                        s.name),
            at(*o), fmt::format("{}.environment", s.name)));
      }
      for (auto& [k, v] : pairs) {
        // options.py _processes_from_section: "extend expansions for process from [program:x]
        // environment definition" — directory= and command= see them as %(ENV_X)s.
        local["ENV_" + k] = v;
        if (v.find('\x01') != std::string::npos) continue;  // unknown: not in the environment
        p.env[k] = v;
        p.env_at[k] = at(*o);
      }
    }
    if (const option* o = get("directory")) {
      const auto r = expand(o->value, local);
      report(*o, "directory", r);
      p.workdir = r.text;
    }
    if (const option* o = get("command")) {
      const auto r = expand(o->value, local);
      report(*o, "command", r);
      std::string error;
      const auto words = launch::detail::shlex_split(r.text, &error);
      if (!error.empty()) {
        out.findings.push_back(make_finding(
            "CP001",
            fmt::format("command of [{}] cannot be split: {}; supervisord reads the file but "
                        "cannot start the program (options.py get_execv_args)",
                        s.name, error),
            at(*o), fmt::format("{}.command", s.name)));
      }
      std::vector<std::string> quoted;
      for (const auto& w : words) quoted.push_back(sh_word(w.text));
      p.command = fmt::format("{}", fmt::join(quoted, " "));
      p.command_at = at(*o);
    } else {
      out.findings.push_back(make_finding(
          "CP001", fmt::format("[{}] has no command; supervisord refuses the file", s.name),
          lines.location(out.path, s.header_offset, s.header_offset + 1),
          fmt::format("{}.command", s.name)));
    }
    if (!budget.take_process(p)) break;
    out.processes.push_back(std::move(p));
  }
  return out;
}

}  // namespace connplan::launchfiles::detail
