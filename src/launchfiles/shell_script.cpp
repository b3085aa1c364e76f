// Shell scripts (start-server.sh, docker-entrypoint.sh, …): every command that starts gunicorn,
// uvicorn, daphne, celery worker/beat/multi or a Django management command, read without running
// anything. Words, quotes and expansions come from launch/shell_words (POSIX XCU 2.2-2.6); this
// file adds the statements around them (XCU 2.9.4 compound commands, 2.9.5 functions):
// - statements run top to bottom; `A=1` and `export A=1` are tracked in that order, so `$A` and
//   `${A:-x}` expand with what is known (read_options.env first, then the script's assignments).
// - if/elif/else and case: the commands of every branch count (connplan cannot know which runs);
//   a variable the branches set differently is unknown afterwards.
// - while/until/for bodies are read once; a for variable is unknown.
// - a function's commands count where the function is called.
// - heredoc bodies are skipped.
// - `cd DIR` sets the working directory of the commands after it.
// - `su [-] USER -c STRING`, `runuser -u USER [--] CMD…` and `sh -c STRING`: the inner command.
// What cannot be followed — an unknown program word (`$APP`, `$(…)`), `eval`, `exec "$@"` —
// is CP804 with the reason, never a guess.
#include <algorithm>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "launch/recognise.hpp"
#include "launch/shell_words.hpp"
#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {

namespace {

using launch::detail::segment;
using launch::detail::shell_env;
using launch::detail::shell_var;
using launch::detail::word;

constexpr int max_nesting = 64;
constexpr int max_calls = 16;
// Commands run, function calls included: real scripts run tens; each costs a split and a parse.
constexpr std::size_t max_commands = 5000;

struct heredoc_start {
  bool dash = false;      // `<<-`: the body's leading tabs are stripped
  std::string delimiter;  // the word that ends the body
};

// The first `<<[-] ['"]WORD['"]` of a line (WORD an identifier, the quotes matching): what POSIX
// calls an io_here operator with its delimiter. Hand-written rather than a std::regex, whose
// construction showed in a cold run's profile.
std::optional<heredoc_start> find_heredoc(std::string_view line) {
  for (auto at = line.find("<<"); at != std::string_view::npos; at = line.find("<<", at + 1)) {
    std::size_t i = at + 2;
    heredoc_start h;
    if (i < line.size() && line[i] == '-') {
      h.dash = true;
      ++i;
    }
    while (i < line.size() && is_blank(line[i])) ++i;
    char quote = 0;
    if (i < line.size() && (line[i] == '\'' || line[i] == '"')) quote = line[i++];
    if (i >= line.size() || !launch::detail::is_name_start(line[i])) continue;
    const std::size_t word = i;
    while (i < line.size() && launch::detail::is_name_char(line[i])) ++i;
    if (quote && (i >= line.size() || line[i] != quote)) continue;
    h.delimiter = std::string(line.substr(word, i - word));
    return h;
  }
  return std::nullopt;
}

// Heredoc bodies become blanks (newlines kept, so offsets and lines stay the same).
std::string blank_heredocs(std::string text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(pos, end - pos);
    pos = end + 1;
    if (line.find("<<<") != std::string::npos) continue;
    const std::optional<heredoc_start> start = find_heredoc(line);
    if (!start) continue;
    const bool dash = start->dash;
    const std::string& delimiter = start->delimiter;
    while (pos < text.size()) {
      auto e = text.find('\n', pos);
      if (e == std::string::npos) e = text.size();
      std::string body = text.substr(pos, e - pos);
      if (dash) body.erase(0, body.find_first_not_of('\t'));
      const bool last = body == delimiter;
      for (auto i = pos; i < e; ++i) text[i] = ' ';
      pos = e + 1;
      if (last) break;
    }
  }
  return text;
}

struct node {
  enum class kind { simple, if_, loop, case_, function, group } k = kind::simple;
  std::size_t begin = 0, end = 0;  // simple: the source range; others: the keyword
  std::vector<std::vector<node>> conds;
  std::vector<std::vector<node>> bodies;
  bool has_else = false;
  std::string name;  // function name, loop variable
};

struct item {
  segment seg;
  std::string sep;  // the operator after it: ")", "(", ";;", ";", "&", "|", "\n", ""
};

class parser {
 public:
  parser(const std::string& text, std::vector<item> items)
      : text_(text), items_(std::move(items)) {}

  std::vector<node> parse_all() {
    auto out = list({}, 0);
    return out;
  }

  std::vector<std::pair<std::string, std::size_t>> errors;  // message, offset

 private:
  bool at_end() const { return s_ >= items_.size(); }
  const word* current() const {
    if (at_end() || w_ >= items_[s_].seg.words.size()) return nullptr;
    return &items_[s_].seg.words[w_];
  }
  bool is_keyword(const word* w, std::string_view k) const {
    return w != nullptr && w->known && !w->quoted && w->text == k;
  }
  void consume_word() {
    ++w_;
    if (w_ >= items_[s_].seg.words.size()) next_segment();
  }
  void next_segment() {
    ++s_;
    w_ = 0;
  }
  std::size_t begin_offset() const {
    const auto& seg = items_[s_].seg;
    return w_ == 0 ? seg.where.begin : seg.words[w_ - 1].where.end;
  }

  std::vector<node> list(const std::set<std::string>& terminators, int depth) {
    std::vector<node> out;
    while (!at_end()) {
      const word* w = current();
      if (w == nullptr) {
        next_segment();
        continue;
      }
      if (w->known && !w->quoted && terminators.count(w->text) != 0) return out;
      if (depth > max_nesting) {
        errors.emplace_back(
            fmt::format("statements nested deeper than {} levels are not read", max_nesting),
            w->where.begin);
        s_ = items_.size();
        return out;
      }
      if (auto n = statement(depth)) out.push_back(std::move(*n));
    }
    if (!terminators.empty() && !missing_reported_) {
      missing_reported_ = true;
      errors.emplace_back(fmt::format("the script ends before `{}`", *terminators.rbegin()),
                          text_.size());
    }
    return out;
  }

  bool expect(std::string_view k) {
    if (is_keyword(current(), k)) {
      consume_word();
      return true;
    }
    return false;
  }

  std::optional<node> statement(int depth) {
    const word* w = current();
    node n;
    n.begin = w->where.begin;
    if (is_keyword(w, "if")) {
      n.k = node::kind::if_;
      consume_word();
      n.conds.push_back(list({"then"}, depth + 1));
      expect("then");
      n.bodies.push_back(list({"elif", "else", "fi"}, depth + 1));
      while (is_keyword(current(), "elif")) {
        consume_word();
        n.conds.push_back(list({"then"}, depth + 1));
        expect("then");
        n.bodies.push_back(list({"elif", "else", "fi"}, depth + 1));
      }
      if (expect("else")) {
        n.has_else = true;
        n.bodies.push_back(list({"fi"}, depth + 1));
      }
      expect("fi");
      return n;
    }
    if (is_keyword(w, "while") || is_keyword(w, "until") || is_keyword(w, "for") ||
        is_keyword(w, "select")) {
      n.k = node::kind::loop;
      if (w->text == "for" || w->text == "select") {
        const auto& words = items_[s_].seg.words;
        if (w_ + 1 < words.size()) n.name = words[w_ + 1].text;
        next_segment();  // `for x in a b c`: the list is not a command
      } else {
        consume_word();
        n.conds.push_back(list({"do"}, depth + 1));
      }
      expect("do");
      n.bodies.push_back(list({"done"}, depth + 1));
      expect("done");
      return n;
    }
    if (is_keyword(w, "case")) {
      n.k = node::kind::case_;
      next_segment();  // `case WORD in`
      while (!at_end() && !is_keyword(current(), "esac")) {
        if (current() == nullptr) {
          next_segment();
          continue;
        }
        if (w_ == 0 && items_[s_].sep == ")") {  // a pattern starts an arm
          n.bodies.emplace_back();
          next_segment();
          continue;
        }
        if (n.bodies.empty()) n.bodies.emplace_back();
        if (auto inner = statement(depth + 1)) n.bodies.back().push_back(std::move(*inner));
      }
      expect("esac");
      return n;
    }
    if (is_keyword(w, "{")) {
      n.k = node::kind::group;
      consume_word();
      n.bodies.push_back(list({"}"}, depth + 1));
      expect("}");
      return n;
    }
    // Function definitions: `name() {…}` (the parentheses separate words) or `function name`.
    const auto& seg = items_[s_].seg;
    const bool posix_function =
        w_ == 0 && seg.words.size() == 1 && items_[s_].sep == "(" && s_ + 1 < items_.size();
    if (is_keyword(w, "function") || posix_function) {
      n.k = node::kind::function;
      n.name = posix_function ? w->text : (w_ + 1 < seg.words.size() ? seg.words[w_ + 1].text : "");
      const bool brace_here = !posix_function && seg.words.back().text == "{";
      next_segment();
      if (brace_here) {
        n.bodies.push_back(list({"}"}, depth + 1));
        expect("}");
        return n;
      }
      if (expect("{")) {
        n.bodies.push_back(list({"}"}, depth + 1));
        expect("}");
      } else if (!at_end() && current() != nullptr) {
        if (auto body = statement(depth + 1)) n.bodies.push_back({std::move(*body)});
      }
      return n;
    }
    n.k = node::kind::simple;
    n.begin = begin_offset();
    n.end = seg.where.end;
    next_segment();
    return n;
  }

  const std::string& text_;
  std::vector<item> items_;
  std::size_t s_ = 0, w_ = 0;
  bool missing_reported_ = false;
};

class runner {
 public:
  runner(const std::string& text, launch_file& out, const read_options& options)
      : text_(text), lines_(text), out_(out), budget_(out) {
    for (const auto& [k, v] : options.env) env_[k] = shell_var{v, true, {}, {}, true};
  }

  void run(const std::vector<node>& nodes) { run_list(nodes, env_, 0); }

 private:
  void run_list(const std::vector<node>& nodes, shell_env& env, int calls) {
    for (const auto& n : nodes) run_node(n, env, calls);
  }

  void run_node(const node& n, shell_env& env, int calls) {
    switch (n.k) {
      case node::kind::simple:
        run_simple(n.begin, n.end, env, calls);
        return;
      case node::kind::function:
        if (!n.bodies.empty()) functions_[n.name] = &n.bodies.front();
        return;
      case node::kind::group:
        for (const auto& b : n.bodies) run_list(b, env, calls);
        return;
      case node::kind::loop: {
        for (const auto& c : n.conds) run_list(c, env, calls);
        if (!n.name.empty())
          env[n.name] =
              shell_var{"", false, fmt::format("{} is a loop variable", n.name), {n.name}, false};
        branches(n, env, calls, false);
        return;
      }
      case node::kind::if_:
        for (const auto& c : n.conds) run_list(c, env, calls);
        branches(n, env, calls, n.has_else);
        return;
      case node::kind::case_:
        branches(n, env, calls, false);
        return;
    }
  }

  // Every branch runs from the same environment; what they leave behind is merged.
  void branches(const node& n, shell_env& env, int calls, bool exhaustive) {
    std::vector<shell_env> results;
    for (const auto& b : n.bodies) {
      shell_env copy = env;
      run_list(b, copy, calls);
      results.push_back(std::move(copy));
    }
    if (!exhaustive) results.push_back(env);
    std::set<std::string> names;
    for (const auto& r : results)
      for (const auto& [k, v] : r) names.insert(k);
    const auto line = lines_.position(n.begin).line;
    shell_env merged;
    for (const auto& name : names) {
      std::vector<const shell_var*> values;
      for (const auto& r : results) {
        const auto it = r.find(name);
        values.push_back(it == r.end() ? nullptr : &it->second);
      }
      const bool all_absent = std::all_of(values.begin(), values.end(),
                                          [](const shell_var* v) { return v == nullptr; });
      if (all_absent) continue;
      const bool same = std::all_of(values.begin(), values.end(), [&](const shell_var* v) {
        return v != nullptr && v->known && values[0]->known && v->value == values[0]->value;
      });
      const bool exported = std::any_of(values.begin(), values.end(),
                                        [](const shell_var* v) { return v && v->exported; });
      if (same) {
        shell_var v = *values[0];
        v.exported = exported;
        merged[name] = v;
        continue;
      }
      merged[name] =
          shell_var{"",
                    false,
                    fmt::format("{} is set differently by the branches of the statement at line {}",
                                name, line),
                    {name},
                    exported};
    }
    env = std::move(merged);
  }

  void run_simple(std::size_t begin, std::size_t end, shell_env& env, int calls) {
    if (end <= begin) return;
    std::vector<std::size_t> offsets(end - begin);
    for (std::size_t i = 0; i < offsets.size(); ++i) offsets[i] = begin + i;
    run_text(std::string_view(text_).substr(begin, end - begin), offsets, env, calls);
  }

  void run_text(std::string_view text, const std::vector<std::size_t>& offsets, shell_env& env,
                int calls) {
    if (budget_.spent()) return;
    auto split = launch::detail::split_shell(text, &offsets, env);
    // Assignments keep what they expand (`A=$A$A` on every line): charged to the file's budget.
    std::size_t bytes = 0;
    for (const auto& seg : split.segments)
      for (const auto& w : seg.words) bytes += w.text.size();
    const std::size_t first = offsets.empty() ? 0 : offsets.front();
    if (!budget_.take(bytes,
                      lines_.location(out_.path, first, offsets.empty() ? 1 : offsets.back() + 1)))
      return;
    for (const auto& e : split.errors) {
      out_.findings.push_back(
          make_finding("CP001", e, lines_.location(out_.path, offsets.front(), offsets.back() + 1),
                       "shell-syntax"));
      out_.complete = false;
    }
    for (const auto& seg : split.segments) one_command(seg, env, calls);
  }

  source_location at(const launch::text_span& s) const {
    return lines_.location(out_.path, s.begin, s.end);
  }

  void cannot_follow(const std::string& what, const launch::text_span& where) {
    out_.findings.push_back(
        make_finding("CP804", fmt::format("connplan cannot follow this command: {}", what),
                     at(where), "shell-command"));
  }

  void one_command(const segment& seg, shell_env& env, int calls) {
    if (++commands_ > max_commands) {
      // Function calls repeat commands; past the limit the script is not read further.
      if (commands_ == max_commands + 1) {
        out_.findings.push_back(make_finding(
            "CP006",
            fmt::format("the script runs more than {} commands (function calls included); the "
                        "rest is not read",
                        max_commands),
            at(seg.where), "shell-commands"));
        out_.complete = false;
      }
      return;
    }
    const auto& words = seg.words;
    if (words.empty()) return;
    std::size_t i = 0;
    while (i < words.size() && words[i].assignment) ++i;
    if (i == words.size() || words[i].text == "export" || words[i].text == "readonly" ||
        words[i].text == "local" || words[i].text == "declare") {
      // split_shell has applied them; remember where each is written.
      for (const auto& w : words)
        if (w.assignment) assigned_at_[w.text.substr(0, w.text.find('='))] = w.where;
      return;
    }
    const std::string& first = words[i].text;
    if (words[i].known && first == "cd" && i + 1 < words.size()) {
      const auto& d = words[i + 1];
      if (!d.known) {
        workdir_.clear();
      } else if (!d.text.empty() && d.text[0] != '/' && !workdir_.empty()) {
        workdir_ += "/" + d.text;
      } else {
        workdir_ = d.text;
      }
      return;
    }
    if (words[i].known && first == "eval") {
      cannot_follow("`eval` builds a command at run time", seg.where);
      return;
    }
    if (words[i].known && functions_.count(first) != 0) {
      if (calls >= max_calls) {
        cannot_follow(
            fmt::format("function {} is called more than {} levels deep", first, max_calls),
            seg.where);
        return;
      }
      run_list(*functions_[first], env, calls + 1);
      return;
    }
    // su / runuser: the command they run.
    std::size_t k = i;
    while (k < words.size() && (words[k].text == "exec" || words[k].text == "nohup")) ++k;
    if (k < words.size() && (launch::detail::basename_of(words[k].text) == "su" ||
                             launch::detail::basename_of(words[k].text) == "runuser")) {
      for (std::size_t j = k + 1; j < words.size(); ++j) {
        if (words[j].text == "-c" || words[j].text == "--command") {
          if (j + 1 < words.size()) nested(words[j + 1], env, calls, seg);
          return;
        }
        if (words[j].text == "--" ||
            (words[j].text == "-u" && launch::detail::basename_of(words[k].text) == "runuser")) {
          std::size_t from = words[j].text == "--" ? j + 1 : j + 2;
          if (from < words.size() && words[from].text == "--") ++from;
          if (from < words.size()) {
            segment inner;
            inner.words.assign(words.begin() + static_cast<std::ptrdiff_t>(from), words.end());
            inner.where = {inner.words.front().where.begin, seg.where.end};
            one_command(inner, env, calls);
          }
          return;
        }
      }
      return;
    }
    const auto r = launch::detail::recognise(words);
    if (r.shell_string) {
      nested(words[*r.shell_string], env, calls, seg);
      return;
    }
    if (r.program_word >= words.size()) return;
    const word& program = words[r.program_word];
    if (program.all_arguments) {
      cannot_follow(
          fmt::format("it runs the script's arguments (`{}`), which come from outside the script",
                      program.text),
          seg.where);
      return;
    }
    if (!program.known) {
      cannot_follow(fmt::format("the program `{}` is not known ({})", program.text, program.reason),
                    seg.where);
      return;
    }
    if (r.program == launch::program::unknown) return;
    add_process(seg, env);
  }

  void nested(const word& inner, shell_env& env, int calls, const segment& seg) {
    if (!inner.known) {
      cannot_follow(
          fmt::format("the command string `{}` is not known ({})", inner.text, inner.reason),
          seg.where);
      return;
    }
    if (calls >= max_calls) return;
    // A child shell: it sees the exported variables only.
    shell_env child;
    for (const auto& [k, v] : env)
      if (v.exported) child[k] = v;
    run_text(inner.text, inner.offsets, child, calls + 1);
  }

  static std::string render(const word& w) {
    if (w.known && !w.all_arguments) return quote_word(w.text);
    std::string out = "\"";
    for (char c : w.text) {
      if (c == '"' || c == '\\' || c == '`') out += '\\';
      out += c;
    }
    return out + "\"";
  }

  void add_process(const segment& seg, const shell_env& env) {
    std::vector<std::string> parts;
    launched_process p;
    std::size_t offset = 0;
    for (const auto& w : seg.words) {
      parts.push_back(render(w));
      p.command_words.emplace_back(offset, at(w.where));
      offset += parts.back().size() + 1;
    }
    p.from = format::shell;
    p.file = out_.path;
    p.command = fmt::format("{}", fmt::join(parts, " "));
    p.command_at = at(seg.where);
    p.workdir = workdir_;
    std::map<std::string, std::string> known_env;
    for (const auto& [k, v] : env) {
      if (!v.exported || !v.known) continue;
      known_env[k] = v.value;
      const auto where = assigned_at_.find(k);
      if (where == assigned_at_.end()) continue;  // from read_options, not from the file
      p.env[k] = v.value;
      p.env_at[k] = at(where->second);
    }
    const std::string name = process_name_for(p.command, known_env);
    static const std::vector<std::string> wanted = {"gunicorn",      "uvicorn",     "daphne",
                                                    "celery-worker", "celery-beat", "celery-multi"};
    if (std::find(wanted.begin(), wanted.end(), name) == wanted.end() &&
        !name.starts_with("manage.py"))
      return;
    p.name = names_.unique(name);
    if (budget_.take_process(p)) out_.processes.push_back(std::move(p));
  }

  const std::string& text_;
  line_index lines_;
  launch_file& out_;
  output_budget budget_;
  name_registry names_;
  shell_env env_;
  std::map<std::string, const std::vector<node>*> functions_;
  std::map<std::string, launch::text_span> assigned_at_;
  std::string workdir_;
  std::size_t commands_ = 0;
};

std::string separator_after(const std::string& text, std::size_t end) {
  std::size_t i = end;
  while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
  if (i >= text.size()) return "";
  if (text.compare(i, 2, ";;") == 0) return ";;";
  return std::string(1, text[i]);
}

}  // namespace

launch_file read_shell_script(std::string_view raw, std::string display_path,
                              const read_options& options) {
  launch_file out;
  out.path = std::move(display_path);
  out.from = format::shell;
  const std::string text = blank_heredocs(std::string(raw));
  // The statement structure comes from one split with a scratch environment; each simple
  // command is split again, with the environment of the moment, when it runs.
  shell_env scratch;
  auto split = launch::detail::split_shell(text, nullptr, scratch);
  const line_index lines(text);
  for (const auto& e : split.errors) {
    out.findings.push_back(
        make_finding("CP001", e, lines.location(out.path, 0, 1), "shell-syntax"));
    out.complete = false;
  }
  std::vector<item> items;
  for (auto& seg : split.segments) {
    item it;
    it.sep = separator_after(text, seg.where.end);
    it.seg = std::move(seg);
    items.push_back(std::move(it));
  }
  parser p(text, std::move(items));
  const auto nodes = p.parse_all();
  for (const auto& [message, offset] : p.errors) {
    out.findings.push_back(
        make_finding("CP001", message,
                     lines.location(out.path, std::min(offset, text.empty() ? 0 : text.size() - 1),
                                    std::min(offset, text.empty() ? 0 : text.size() - 1) + 1),
                     "shell-syntax"));
    out.complete = false;
  }
  runner r(text, out, options);
  r.run(nodes);
  return out;
}

}  // namespace connplan::launchfiles::detail
