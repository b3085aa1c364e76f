// Dockerfiles: the command the final stage's image starts, with its ENV and WORKDIR.
// Dockerfile reference (docs.docker.com/reference/dockerfile, BuildKit dockerfile frontend 1.x):
// - parser directives (`# escape=`) only before the first instruction, comment or blank line;
//   a line ending in the escape character continues; comment lines inside a continued
//   instruction are removed; heredocs (`RUN <<EOF … EOF`) are skipped.
// - CMD/ENTRYPOINT: exec form is a JSON array, anything else is the shell form, run as
//   SHELL (default ["/bin/sh", "-c"]) + the text. "If there are more than one CMD, only the last
//   one takes effect." With an exec-form ENTRYPOINT, CMD supplies its arguments; a shell-form
//   ENTRYPOINT ignores CMD. "If CMD is defined from the base image, setting ENTRYPOINT will reset
//   CMD to an empty value" (dispatchers.go: only when CMD was not set in this stage).
// - FROM starts a stage; `FROM <earlier stage>` inherits its configuration; the image is the
//   last stage (there is no --target in read_options).
// - ENV `k=v …` or `ENV k v` (legacy: the rest of the line); ARG defaults; $VAR, ${VAR},
//   ${VAR:-x}, ${VAR:+x} substituted from earlier ENV and ARG (unset: empty, as BuildKit does).
// - WORKDIR: relative paths are relative to the previous WORKDIR.
// The command: the effective argv shell-quoted and joined, or the shell form's text when the
// default shell runs it (that text is exactly what sh receives). An ENTRYPOINT that is a script
// (`*.sh`, `*entrypoint*`) followed by CMD: connplan cannot read the script from here, so the
// command is the CMD (the conventional script ends in `exec "$@"`) and a CP804 note names the
// script; without CMD the command is the script itself.
#include <nlohmann/json.hpp>

#include <cctype>

#include <fmt/format.h>

#include "launch/shell_words.hpp"
#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {

namespace {

struct instruction {
  std::string keyword;          // upper-case
  std::string args;             // continuation lines joined, escape+newline removed
  std::size_t offset = 0;       // of the keyword
  std::size_t args_offset = 0;  // of the arguments' first byte
  std::size_t end = 0;
};

struct run_form {
  bool set = false;
  bool exec = false;
  std::vector<std::string> words;  // exec form
  std::string text;                // shell form
  std::size_t at = 0, end = 0;
};

struct stage {
  std::string name;
  std::string image;
  std::map<std::string, std::string> env;
  std::map<std::string, std::size_t> env_at;  // offset, end packed as begin only
  std::map<std::string, std::size_t> env_end;
  std::map<std::string, std::string> args;
  std::string workdir;
  std::vector<std::string> shell{"/bin/sh", "-c"};
  run_form cmd, entrypoint;
  bool cmd_set_here = false;
};

std::string upper(std::string_view s) {
  std::string o(s);
  for (auto& c : o) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return o;
}

std::string trim(std::string_view s) {
  const auto b = s.find_first_not_of(" \t");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t");
  return std::string(s.substr(b, e - b + 1));
}

// BuildKit shell-lexer substitution (moby/buildkit frontend/dockerfile/shell/lex.go): quotes
// and the escape character are removed, variables substituted; `split` gives words.
// Substituted values are charged to the file's budget (`ENV A=$A$A` on every line doubles A);
// once it is spent nothing more is substituted and the caller stops reading (CP006).
std::vector<std::string> process_words(std::string_view s,
                                       const std::map<std::string, std::string>& vars, char escape,
                                       bool split, output_budget& budget,
                                       const source_location& where) {
  std::vector<std::string> out;
  std::string cur;
  bool in = false;
  auto value = [&](const std::string& v) {
    if (budget.take(v.size(), where)) cur += v;
  };
  auto lookup = [&](const std::string& name) -> const std::string* {
    const auto it = vars.find(name);
    return it == vars.end() ? nullptr : &it->second;
  };
  auto dollar = [&](std::size_t& i) {
    // s[i] == '$'
    if (i + 1 < s.size() && s[i + 1] == '{') {
      const auto close = s.find('}', i + 2);
      if (close == std::string_view::npos) {
        cur += s.substr(i);
        i = s.size();
        return;
      }
      const std::string body(s.substr(i + 2, close - i - 2));
      std::size_t k = 0;
      while (k < body.size() && launch::detail::is_name_char(body[k])) ++k;
      const std::string name = body.substr(0, k);
      const std::string rest = body.substr(k);
      const std::string* v = lookup(name);
      if (rest.starts_with(":-")) {
        value((v != nullptr && !v->empty()) ? *v : rest.substr(2));
      } else if (rest.starts_with(":+")) {
        cur += (v != nullptr && !v->empty()) ? rest.substr(2) : std::string();
      } else if (rest.starts_with("-")) {
        value(v != nullptr ? *v : rest.substr(1));
      } else if (rest.starts_with("+")) {
        cur += v != nullptr ? rest.substr(1) : std::string();
      } else if (v != nullptr) {
        value(*v);
      }
      i = close;
      return;
    }
    std::size_t k = i + 1;
    while (k < s.size() && launch::detail::is_name_char(s[k])) ++k;
    if (k == i + 1) {
      cur += '$';
      return;
    }
    if (const std::string* v = lookup(std::string(s.substr(i + 1, k - i - 1)))) value(*v);
    i = k - 1;
  };
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (split && (c == ' ' || c == '\t' || c == '\n')) {
      if (in) out.push_back(std::move(cur));
      cur.clear();
      in = false;
      continue;
    }
    in = true;
    if (c == escape && i + 1 < s.size()) {
      cur += s[++i];
    } else if (c == '\'') {
      const auto close = s.find('\'', i + 1);
      const auto stop = close == std::string_view::npos ? s.size() : close;
      cur += s.substr(i + 1, stop - i - 1);
      i = stop;
    } else if (c == '"') {
      std::size_t k = i + 1;
      for (; k < s.size() && s[k] != '"'; ++k) {
        if (s[k] == escape && k + 1 < s.size()) {
          cur += s[++k];
        } else if (s[k] == '$') {
          dollar(k);
        } else {
          cur += s[k];
        }
      }
      i = k;
    } else if (c == '$') {
      dollar(i);
    } else {
      cur += c;
    }
  }
  if (in) out.push_back(std::move(cur));
  return out;
}

std::vector<instruction> instructions_of(const std::string& text, char& escape) {
  std::vector<instruction> out;
  std::size_t pos = 0;
  bool directives = true;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    const std::size_t start = pos;
    pos = end + 1;
    const std::string t = trim(line);
    if (t.empty()) {
      directives = false;
      continue;
    }
    if (t[0] == '#') {
      if (directives) {
        // `# escape=`` ` (the directive name is case-insensitive).
        std::string d = t.substr(1);
        const auto eq = d.find('=');
        if (eq != std::string::npos && upper(trim(d.substr(0, eq))) == "ESCAPE") {
          const std::string v = trim(d.substr(eq + 1));
          if (v.size() == 1) escape = v[0];
          continue;
        }
        if (eq != std::string::npos) continue;  // other directives (`# syntax=`)
      }
      directives = false;
      continue;
    }
    directives = false;
    instruction ins;
    const auto b = line.find_first_not_of(" \t");
    ins.offset = start + b;
    std::size_t k = b;
    while (k < line.size() && line[k] != ' ' && line[k] != '\t') ++k;
    ins.keyword = upper(line.substr(b, k - b));
    const auto a = line.find_first_not_of(" \t", k);
    ins.args_offset = start + (a == std::string_view::npos ? line.size() : a);
    std::string args = a == std::string_view::npos ? std::string() : std::string(line.substr(a));
    ins.end = end;
    // Continuations.
    auto continues = [&](std::string& s) {
      const auto last = s.find_last_not_of(" \t");
      if (last != std::string::npos && s[last] == escape) {
        s.resize(last);
        return true;
      }
      return false;
    };
    while (continues(args) && pos < text.size()) {
      auto e2 = text.find('\n', pos);
      if (e2 == std::string::npos) e2 = text.size();
      std::string next = text.substr(pos, e2 - pos);
      pos = e2 + 1;
      ins.end = e2;
      const std::string nt = trim(next);
      if (!nt.empty() && nt[0] == '#') {
        args += escape;  // comment lines inside a continuation are removed
        continue;
      }
      if (nt.empty()) {
        args += escape;  // an empty continuation line is skipped (deprecated)
        continue;
      }
      args += next;
    }
    // Heredocs: `RUN <<EOF` / `<<-"EOF"` … a line that is EOF.
    if (const auto h = args.find("<<");
        h != std::string::npos &&
        (ins.keyword == "RUN" || ins.keyword == "COPY" || ins.keyword == "ADD")) {
      std::size_t q = h + 2;
      const bool dash = q < args.size() && args[q] == '-';
      if (dash) ++q;
      if (q < args.size() && (args[q] == '"' || args[q] == '\'')) ++q;
      std::size_t qe = q;
      while (qe < args.size() && launch::detail::is_name_char(args[qe])) ++qe;
      const std::string word = args.substr(q, qe - q);
      if (!word.empty()) {
        while (pos < text.size()) {
          auto e3 = text.find('\n', pos);
          if (e3 == std::string::npos) e3 = text.size();
          std::string body = text.substr(pos, e3 - pos);
          pos = e3 + 1;
          ins.end = e3;
          if (dash) body.erase(0, body.find_first_not_of('\t'));
          if (body == word) break;
        }
      }
    }
    ins.args = std::move(args);
    out.push_back(std::move(ins));
  }
  return out;
}

run_form form_of(const instruction& ins, const stage& s, char escape) {
  run_form f;
  f.set = true;
  f.at = ins.args_offset;
  f.end = ins.end;
  const std::string t = trim(ins.args);
  if (!t.empty() && t[0] == '[') {
    const auto j = nlohmann::json::parse(t, nullptr, false);
    if (j.is_array() &&
        std::all_of(j.begin(), j.end(), [](const auto& x) { return x.is_string(); })) {
      f.exec = true;
      for (const auto& x : j) f.words.push_back(x.get<std::string>());
      return f;
    }
  }
  (void)s;
  (void)escape;
  f.text = t;
  return f;
}

bool is_script(const std::string& word) {
  const auto slash = word.find_last_of('/');
  const std::string base = slash == std::string::npos ? word : word.substr(slash + 1);
  return base.ends_with(".sh") || base.find("entrypoint") != std::string::npos;
}

}  // namespace

launch_file read_dockerfile(std::string_view raw, std::string display_path,
                            const read_options& options) {
  (void)options;  // the runtime environment does not change what the image starts
  launch_file out;
  out.path = std::move(display_path);
  out.from = format::dockerfile;
  const std::string text = without_cr(raw);
  const line_index lines(text);
  char escape = '\\';
  const auto all = instructions_of(text, escape);

  std::map<std::string, std::string> global_args;  // ARG before the first FROM
  std::vector<stage> stages;
  output_budget budget(out);
  for (const auto& ins : all) {
    if (budget.spent()) break;  // CP006: the rest of the file is not read
    const auto where = lines.location(out.path, ins.offset, ins.end);
    auto process_words = [&](std::string_view s, const std::map<std::string, std::string>& vars,
                             char esc, bool split) {
      return detail::process_words(s, vars, esc, split, budget, where);
    };
    if (ins.keyword == "FROM") {
      auto words = process_words(ins.args, global_args, escape, true);
      std::erase_if(words, [](const std::string& w) { return w.starts_with("--"); });
      stage s;
      if (!words.empty()) s.image = words[0];
      if (words.size() >= 3 && upper(words[1]) == "AS") s.name = words[2];
      for (const auto& prev : stages) {
        if (!prev.name.empty() && upper(prev.name) == upper(s.image)) {
          // A stage built on another copies its environment: charged like a substitution.
          std::size_t bytes = 0;
          for (const auto& [k, v] : prev.env) bytes += k.size() + v.size();
          if (!budget.take(bytes, where)) break;
          const std::string name = s.name;
          s = prev;
          s.name = name;
          s.cmd_set_here = false;
          s.args.clear();
        }
      }
      stages.push_back(std::move(s));
      continue;
    }
    if (ins.keyword == "ARG") {
      for (const auto& w : process_words(
               ins.args, stages.empty() ? global_args : stages.back().args, escape, true)) {
        const auto eq = w.find('=');
        const std::string name = w.substr(0, eq);
        auto& target = stages.empty() ? global_args : stages.back().args;
        if (eq != std::string::npos) {
          target[name] = w.substr(eq + 1);
        } else if (!stages.empty() && global_args.count(name) != 0) {
          target[name] = global_args[name];  // `ARG NAME` in a stage takes the global default
        } else if (target.count(name) == 0) {
          target[name] = "";
        }
      }
      continue;
    }
    if (stages.empty()) {
      if (ins.keyword != "#") {
        out.findings.push_back(make_finding(
            "CP001", fmt::format("{} before the first FROM; docker refuses the file", ins.keyword),
            lines.location(out.path, ins.offset, ins.offset + ins.keyword.size()), "dockerfile"));
      }
      continue;
    }
    stage& s = stages.back();
    std::map<std::string, std::string> vars = s.args;
    for (const auto& [k, v] : s.env) vars[k] = v;  // ENV wins over ARG
    if (ins.keyword == "ENV") {
      const auto where_end = ins.end;
      const std::string t = trim(ins.args);
      const auto first_space = t.find_first_of(" \t");
      const auto first_eq = t.find('=');
      if (first_eq == std::string::npos ||
          (first_space != std::string::npos && first_space < first_eq)) {
        // Legacy `ENV key value…`: the value is the rest of the line.
        const std::string key = first_space == std::string::npos ? t : t.substr(0, first_space);
        const std::string rest =
            first_space == std::string::npos ? std::string() : trim(t.substr(first_space));
        const auto v = process_words(rest, vars, escape, false);
        s.env[key] = v.empty() ? std::string() : v[0];
        s.env_at[key] = ins.args_offset;
        s.env_end[key] = where_end;
      } else {
        for (const auto& w : process_words(ins.args, vars, escape, true)) {
          const auto eq = w.find('=');
          if (eq == std::string::npos || eq == 0) {
            out.findings.push_back(make_finding(
                "CP001", fmt::format("`{}` in ENV is not `key=value`; docker refuses the file", w),
                lines.location(out.path, ins.args_offset, ins.end), "ENV"));
            continue;
          }
          // Values on one ENV line are substituted with the values before the line.
          s.env[w.substr(0, eq)] = w.substr(eq + 1);
          // Located at `key=` in the instruction's own text (a continued ENV names one
          // variable per line), else at the instruction's arguments.
          auto key_at = text.find(w.substr(0, eq + 1), ins.args_offset);
          while (key_at != std::string::npos && key_at > ins.args_offset &&
                 launch::detail::is_name_char(text[key_at - 1])) {
            key_at = text.find(w.substr(0, eq + 1), key_at + 1);
          }
          s.env_at[w.substr(0, eq)] =
              key_at != std::string::npos && key_at < ins.end ? key_at : ins.args_offset;
          s.env_end[w.substr(0, eq)] = where_end;
        }
      }
      continue;
    }
    if (ins.keyword == "WORKDIR") {
      const auto v = process_words(ins.args, vars, escape, false);
      const std::string d = v.empty() ? std::string() : trim(v[0]);
      if (!d.empty() && d[0] != '/' && !s.workdir.empty()) {
        s.workdir = s.workdir + (s.workdir.ends_with("/") ? "" : "/") + d;
      } else {
        s.workdir = d;
      }
      continue;
    }
    if (ins.keyword == "SHELL") {
      const auto f = form_of(ins, s, escape);
      if (f.exec && !f.words.empty()) s.shell = f.words;
      continue;
    }
    if (ins.keyword == "CMD") {
      s.cmd = form_of(ins, s, escape);
      s.cmd_set_here = true;
      continue;
    }
    if (ins.keyword == "ENTRYPOINT") {
      s.entrypoint = form_of(ins, s, escape);
      if (!s.cmd_set_here) s.cmd = run_form{};
      continue;
    }
  }
  if (stages.empty()) {
    out.findings.push_back(make_finding("CP001", "no FROM instruction; docker refuses the file",
                                        lines.location(out.path, 0, 1), "dockerfile"));
    return out;
  }

  const stage& s = stages.back();
  launched_process p;
  p.from = format::dockerfile;
  p.file = out.path;
  p.image = s.image;
  p.workdir = s.workdir;
  for (const auto& [k, v] : s.env) {
    p.env[k] = v;
    p.env_at[k] = lines.location(out.path, s.env_at.at(k), s.env_end.at(k));
  }
  const bool default_shell = s.shell == std::vector<std::string>{"/bin/sh", "-c"};
  auto argv_of = [&](const run_form& f) {
    if (f.exec) return f.words;
    auto w = s.shell;
    w.push_back(f.text);
    return w;
  };
  const run_form* at = nullptr;
  if (s.entrypoint.set) {
    p.entrypoint_at = lines.location(out.path, s.entrypoint.at, s.entrypoint.end);
    if (!s.entrypoint.exec) {
      p.entrypoint_mode = launched_process::entrypoint_use::ignore;
    } else if (!s.entrypoint.words.empty() && !is_script(s.entrypoint.words.back())) {
      p.entrypoint_mode = launched_process::entrypoint_use::prepend;
      p.entrypoint = s.entrypoint.words;
    }
  }
  if (s.entrypoint.set && !s.entrypoint.exec) {
    // Shell-form ENTRYPOINT: CMD is ignored.
    p.command = default_shell ? s.entrypoint.text : join_quoted(argv_of(s.entrypoint));
    at = &s.entrypoint;
  } else if (s.entrypoint.set) {
    const auto& e = s.entrypoint.words;
    if (s.cmd.set && !e.empty() && is_script(e.back())) {
      p.command = s.cmd.exec || !default_shell ? join_quoted(argv_of(s.cmd)) : s.cmd.text;
      at = &s.cmd;
      out.findings.push_back(make_finding(
          "CP804",
          fmt::format("the ENTRYPOINT script {} is not followed here; the CMD is taken as the "
                      "command it runs (a script that ends in `exec \"$@\"`)",
                      e.back()),
          lines.location(out.path, s.entrypoint.at, s.entrypoint.end), "ENTRYPOINT"));
    } else {
      auto words = e;
      if (s.cmd.set) {
        const auto c = argv_of(s.cmd);
        words.insert(words.end(), c.begin(), c.end());
      }
      p.command = join_quoted(words);
      at = &s.entrypoint;
    }
  } else if (s.cmd.set) {
    p.command = s.cmd.exec || !default_shell ? join_quoted(argv_of(s.cmd)) : s.cmd.text;
    at = &s.cmd;
  }
  if (at != nullptr) p.command_at = lines.location(out.path, at->at, at->end);
  p.name = process_name_for(p.command, p.env);
  if (p.name.empty()) p.name = "image";
  out.processes.push_back(std::move(p));
  return out;
}

}  // namespace connplan::launchfiles::detail
