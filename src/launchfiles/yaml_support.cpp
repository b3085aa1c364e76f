#include "launchfiles/yaml_support.hpp"

#include "launchfiles/readers.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>

namespace connplan::launchfiles::detail {

void report_syntax_error(const YAML::Exception& e, launch_file& out) {
  source_location at;
  at.file = out.path;
  if (e.mark.line >= 0) {
    at.begin = {static_cast<std::uint32_t>(e.mark.line + 1),
                static_cast<std::uint32_t>(e.mark.column + 1)};
    at.end = at.begin;
  }
  out.findings.push_back(
      make_finding("CP001", fmt::format("YAML syntax error: {}", e.msg), at, "yaml"));
  out.complete = false;
}

namespace {

constexpr int max_merge_depth = 16;  // a merged mapping may merge again; anchors cannot loop

void collect(const YAML::Node& map, yaml_entries& out, int depth) {
  if (!map.IsMap() || depth > max_merge_depth) return;
  std::vector<YAML::Node> merged;
  for (const auto& kv : map) {
    const YAML::Node key = kv.first;
    if (!key.IsScalar()) continue;
    const std::string k = key.Scalar();
    if (k == "<<" && key.Tag() != "!") {
      merged.push_back(kv.second);
      continue;
    }
    // Explicit keys win over merged ones; a key written twice keeps its first value in
    // yaml-cpp's own lookup, so the same here.
    if (std::none_of(out.begin(), out.end(), [&](const auto& e) { return e.first == k; })) {
      out.emplace_back(k, kv.second);
    }
  }
  // "If the value associated with the merge key is a sequence, then this sequence is expected to
  // contain mapping nodes and each of these nodes is merged in turn according to its order in
  // the sequence. Keys in mapping nodes earlier in the sequence override keys specified in later
  // mapping nodes." (yaml.org/type/merge.html)
  for (const auto& m : merged) {
    if (m.IsMap()) {
      collect(m, out, depth + 1);
    } else if (m.IsSequence()) {
      for (const auto& item : m) collect(item, out, depth + 1);
    }
  }
}

bool name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Builds `expanded` from literal runs and variables.
struct builder {
  bool quote_literals;
  expanded out;
  std::string pending;  // literal text not yet written to `shell`

  void literal(std::string_view s) {
    if (!fits(s.size())) return;
    out.text += s;
    pending += s;
  }
  bool fits(std::size_t more) {
    if (out.text.size() + out.shell.size() + pending.size() + more > max_value_bytes)
      out.too_long = true;
    return !out.too_long;
  }
  void flush() {
    if (pending.empty()) return;
    out.shell += quote_literals ? shell_quote(pending) : pending;
    pending.clear();
  }
  void unknown(const std::string& name) {
    if (!fits(name.size() + 3)) return;
    flush();
    out.known = false;
    if (std::find(out.unknown.begin(), out.unknown.end(), name) == out.unknown.end())
      out.unknown.push_back(name);
    out.shell += "${" + name + "}";
  }
  void append(const expanded& e) {
    // A nested expansion (a default value): its text, and its unknowns as variables.
    if (e.known && !e.too_long) {
      literal(e.text);
      return;
    }
    if (e.too_long || !fits(e.text.size() + e.shell.size())) {
      out.too_long = true;
      return;
    }
    flush();
    out.text += e.text;
    out.shell += e.shell;
    out.known = false;
    for (const auto& n : e.unknown) {
      if (std::find(out.unknown.begin(), out.unknown.end(), n) == out.unknown.end())
        out.unknown.push_back(n);
    }
    if (out.error.empty()) out.error = e.error;
  }
  expanded finish() {
    flush();
    if (out.shell.empty() && quote_literals) out.shell = "''";
    return std::move(out);
  }
};

// The text of a `${…}` body up to its matching `}` (defaults may nest `${…}`).
std::size_t closing_brace(std::string_view text, std::size_t from) {
  int depth = 1;
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '$' && i + 1 < text.size() && text[i + 1] == '{') {
      ++depth;
      ++i;
    } else if (text[i] == '}' && --depth == 0) {
      return i;
    }
  }
  return std::string_view::npos;
}

expanded interpolate(std::string_view text, const std::map<std::string, std::string>& env,
                     bool quote, int depth) {
  builder b{quote, {}, {}};
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '$' || i + 1 == text.size()) {
      b.literal(std::string_view(&text[i], 1));
      continue;
    }
    const char next = text[i + 1];
    if (next == '$') {  // "$$" is a literal "$"
      b.literal("$");
      ++i;
      continue;
    }
    if (name_start(next)) {
      std::size_t end = i + 1;
      while (end < text.size() && name_char(text[end])) ++end;
      const std::string name(text.substr(i + 1, end - i - 1));
      if (auto it = env.find(name); it != env.end()) {
        b.literal(it->second);
      } else {
        b.unknown(name);
      }
      i = end - 1;
      continue;
    }
    if (next != '{') {
      b.literal("$");
      continue;
    }
    const std::size_t close = closing_brace(text, i + 2);
    if (close == std::string_view::npos) {  // compose: "invalid interpolation format"
      b.out.error = "unterminated ${";
      b.literal(text.substr(i));
      break;
    }
    const std::string_view body = text.substr(i + 2, close - i - 2);
    std::size_t n = 0;
    while (n < body.size() && name_char(body[n])) ++n;
    const std::string name(body.substr(0, n));
    std::string_view op, arg;
    if (n < body.size()) {
      const std::size_t oplen = body[n] == ':' ? 2 : 1;
      op = body.substr(n, std::min(oplen, body.size() - n));
      arg = body.substr(std::min(n + oplen, body.size()));
    }
    const auto it = env.find(name);
    const bool set = it != env.end();
    const bool nonempty = set && !it->second.empty();
    auto nested = [&](std::string_view s) {
      if (depth < 8) return interpolate(s, env, quote, depth + 1);
      expanded e;
      e.text = std::string(s);
      e.shell = quote ? shell_quote(s) : e.text;
      return e;
    };
    if (name.empty() || (!op.empty() && op != ":-" && op != "-" && op != ":?" && op != "?" &&
                         op != ":+" && op != "+")) {
      b.out.error = "invalid interpolation format for ${" + std::string(body) + "}";
      b.literal(text.substr(i, close - i + 1));
    } else if (op.empty()) {
      if (set) {
        b.literal(it->second);
      } else {
        b.unknown(name);
      }
    } else if (op == ":-" || op == "-") {
      if (op == ":-" ? nonempty : set) {
        b.literal(it->second);
      } else {
        b.append(nested(arg));
      }
    } else if (op == ":+" || op == "+") {
      if (op == ":+" ? nonempty : set) b.append(nested(arg));
    } else {  // ":?" / "?": required
      if (op == ":?" ? nonempty : set) {
        b.literal(it->second);
      } else {
        b.unknown(name);
        if (b.out.error.empty())
          b.out.error = "required variable " + name + " is not set" +
                        (arg.empty() ? std::string() : ": " + std::string(arg));
      }
    }
    i = close;
  }
  return b.finish();
}

}  // namespace

source_location location_of(const YAML::Node& n, const std::string& file) {
  source_location at;
  at.file = file;
  const YAML::Mark m = n.Mark();
  if (m.line >= 0 && m.column >= 0) {
    at.begin = {static_cast<std::uint32_t>(m.line + 1), static_cast<std::uint32_t>(m.column + 1)};
    at.end = at.begin;
  }
  return at;
}

yaml_entries entries_of(const YAML::Node& map) {
  yaml_entries out;
  collect(map, out, 0);
  return out;
}

YAML::Node member(const YAML::Node& map, std::string_view key) {
  if (!map.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto& [k, v] : entries_of(map)) {
    if (k == key) return v;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

std::optional<std::string> scalar_of(const YAML::Node& n) {
  if (!n.IsDefined() || !n.IsScalar()) return std::nullopt;
  return n.Scalar();
}

expanded interpolate_compose(std::string_view text, const std::map<std::string, std::string>& env,
                             bool as_word) {
  return interpolate(text, env, as_word, 0);
}

expanded expand_kubernetes(std::string_view text, const std::map<std::string, std::string>& known,
                           const std::vector<std::string>& unknown_names) {
  builder b{true, {}, {}};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '$' || i + 1 == text.size()) {
      b.literal(text.substr(i, 1));
      continue;
    }
    if (text[i + 1] == '$') {  // "$$(VAR)" is the literal "$(VAR)"
      b.literal("$");
      ++i;
      continue;
    }
    if (text[i + 1] != '(') {
      b.literal("$");
      continue;
    }
    const std::size_t close = text.find(')', i + 2);
    if (close == std::string_view::npos) {
      b.literal(text.substr(i));
      break;
    }
    const std::string name(text.substr(i + 2, close - i - 2));
    if (auto it = known.find(name); it != known.end()) {
      b.literal(it->second);
    } else if (std::find(unknown_names.begin(), unknown_names.end(), name) != unknown_names.end()) {
      b.unknown(name);
    } else {
      // "If a variable cannot be resolved, the reference in the input string will be unchanged."
      // (Kubernetes API reference, Container.command)
      b.literal(text.substr(i, close - i + 1));
    }
    i = close;
  }
  return b.finish();
}

std::string shell_quote(std::string_view word) {
  if (word.empty()) return "''";
  const bool plain = std::all_of(word.begin(), word.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 ||
           std::string_view("_@%+=:,./-").find(c) != std::string_view::npos;
  });
  if (plain) return std::string(word);
  std::string out = "'";
  for (char c : word) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

std::string join_exec_form(const std::vector<expanded>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ' ';
    out += w.shell.empty() ? "''" : w.shell;
  }
  return out;
}

}  // namespace connplan::launchfiles::detail
