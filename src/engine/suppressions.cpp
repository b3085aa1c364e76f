#include "engine/suppressions.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "connplan/rule_table.hpp"
#include "python/tokenizer.hpp"

namespace connplan::engine {
namespace {

constexpr std::string_view marker = "connplan:";

struct line_view {
  std::size_t begin = 0;  // offset of the first byte
  std::string_view text;  // without the line break (and without a CR before LF)
};

std::vector<line_view> split_lines(std::string_view text) {
  std::vector<line_view> lines;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back({start, line});
    if (end == text.size()) break;
    start = end + 1;
  }
  return lines;
}

bool blank(char c) {
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (blank(s.front()) || s.front() == '\r')) s.remove_prefix(1);
  while (!s.empty() && (blank(s.back()) || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Where the comment of a line starts (an index into the line), or npos. Only lines that contain
// the marker are asked.
class comment_finder {
 public:
  comment_finder(std::string_view text, comment_style style) : style_(style) {
    if (style_ == comment_style::python) {
      // Strings are the only place a '#' is not a comment (Python reference §2.1.3); the real
      // tokenizer knows where each string, f-string and triple-quoted string ends.
      auto stream = python::detail::tokenize(text);
      for (const auto& t : stream.tokens) {
        if (t.kind == python::detail::token_kind::string ||
            t.kind == python::detail::token_kind::error) {
          spans_.emplace_back(t.where.begin_offset, t.where.end_offset);
        }
      }
    }
  }

  [[nodiscard]] std::size_t find(const line_view& line) const {
    switch (style_) {
      case comment_style::python:
        return find_python(line);
      case comment_style::hash:
        return find_hash(line.text);
      case comment_style::ini:
        return find_ini(line.text);
    }
    return std::string_view::npos;
  }

 private:
  [[nodiscard]] bool in_string(std::size_t offset) const {
    auto it = std::upper_bound(spans_.begin(), spans_.end(), offset,
                               [](std::size_t o, const auto& s) { return o < s.first; });
    if (it == spans_.begin()) return false;
    --it;
    return offset < it->second;
  }

  [[nodiscard]] std::size_t find_python(const line_view& line) const {
    for (std::size_t i = line.text.find('#'); i != std::string_view::npos;
         i = line.text.find('#', i + 1)) {
      if (!in_string(line.begin + i)) return i;
    }
    return std::string_view::npos;
  }

  // A '#' starts a comment in postgresql.conf anywhere outside a quoted value (postgresql.conf.
  // sample @ 15: "Hash marks (#) introduce comments anywhere"), but in YAML and sh only at the
  // start of a word; requiring the start of a word (or of the line) is right for both, and a
  // quote opens a string only where a value can begin.
  [[nodiscard]] static std::size_t find_hash(std::string_view line) {
    char quote = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const char c = line[i];
      const char prev = i == 0 ? ' ' : line[i - 1];
      if (quote != 0) {
        if (c == '\\' && quote == '"') {
          ++i;
        } else if (c == quote) {
          quote = 0;
        }
        continue;
      }
      const bool word_start = blank(prev) || i == 0;
      if ((c == '"' || c == '\'') &&
          (word_start || std::string_view("=:,[{(").find(prev) != std::string_view::npos)) {
        quote = c;
      } else if (c == '#' && word_start) {
        return i;
      }
    }
    return std::string_view::npos;
  }

  // pgbouncer's ini parser (lib/usual/cfparser.c @ 1.18) skips blanks and then a line starting
  // with ';' or '#' as a comment; nowhere else is either character special.
  [[nodiscard]] static std::size_t find_ini(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && blank(line[i])) ++i;
    if (i < line.size() && (line[i] == ';' || line[i] == '#')) return i;
    return std::string_view::npos;
  }

  comment_style style_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;  // [begin, end) of strings, in order
};

// The directive inside a comment: the comment's own text when it starts with the marker, or a
// later "# connplan:" (so `# type: ignore  # connplan: ignore[CP301]` works, as ruff's noqa does).
std::size_t directive_start(std::string_view comment) {
  std::size_t i = 0;
  while (i < comment.size() && (comment[i] == '#' || comment[i] == ';' || blank(comment[i]))) ++i;
  if (comment.substr(i, marker.size()) == marker) return i;
  for (std::size_t h = comment.find('#', 1); h != std::string_view::npos;
       h = comment.find('#', h + 1)) {
    std::size_t j = h + 1;
    while (j < comment.size() && blank(comment[j])) ++j;
    if (comment.substr(j, marker.size()) == marker) return j;
  }
  return std::string_view::npos;
}

bool any_rule_starts_with(std::string_view selector) {
  const auto rules = all_rules();
  return std::any_of(rules.begin(), rules.end(), [&](const rule_info& r) {
    return r.code.substr(0, selector.size()) == selector;
  });
}

// `ignore[CODES] reason` or `ignore-file[CODES] reason`, after the marker.
void parse_directive(std::string_view text, suppression& s) {
  std::string_view rest = trim(text.substr(marker.size()));
  std::size_t w = 0;
  while (w < rest.size() && ((rest[w] >= 'a' && rest[w] <= 'z') || rest[w] == '-')) ++w;
  const std::string_view word = rest.substr(0, w);
  if (word != "ignore" && word != "ignore-file") {
    s.problems.push_back(fmt::format(
        "\"connplan: {}\" is not a connplan directive; write ignore[CODE] or ignore-file[CODE]",
        word.empty() ? rest.substr(0, rest.find_first_of(" \t[")) : word));
    return;
  }
  s.file_level = word == "ignore-file";
  rest = trim(rest.substr(w));
  // A bare `ignore` would hide every finding on the line, including capacity errors nobody
  // meant to hide; shellcheck and hadolint require the codes too, so it hides nothing.
  if (rest.empty() || rest.front() != '[') {
    s.problems.push_back(fmt::format(
        "\"connplan: {}\" names no codes and hides nothing; write {}[CODE,…]", word, word));
    return;
  }
  const std::size_t close = rest.find(']');
  if (close == std::string_view::npos) {
    s.problems.push_back(fmt::format("the code list of \"connplan: {}[\" has no closing ]", word));
    return;
  }
  std::string_view list = rest.substr(1, close - 1);
  s.reason = std::string(trim(rest.substr(close + 1)));
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    const std::string_view item = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    if (item.empty()) continue;
    auto code = normalise_selector(item);
    if (!code || *code == "ALL" || !any_rule_starts_with(*code)) {
      s.problems.push_back(fmt::format("\"{}\" is not a rule code or prefix", item));
    } else if (*code == "CP004") {
      // As ruff's RUF100: the check of suppressions is not itself suppressed by a comment.
      s.problems.push_back(
          "CP004 cannot be suppressed by a comment; use --ignore CP004 or [rules] "
          "per_file_ignores");
    } else {
      s.codes.push_back(*code);
    }
  }
  if (s.codes.empty() && s.problems.empty()) {
    s.problems.push_back(fmt::format(
        "\"connplan: {}[]\" names no codes and hides nothing; write {}[CODE,…]", word, word));
  }
}

// The next line after `from` (0-based index) that is neither blank nor a comment; 1-based.
std::uint32_t next_code_line(const std::vector<line_view>& lines, std::size_t from,
                             comment_style style) {
  for (std::size_t i = from + 1; i < lines.size(); ++i) {
    const std::string_view t = trim(lines[i].text);
    if (t.empty() || t.front() == '#' || (style == comment_style::ini && t.front() == ';')) {
      continue;
    }
    return static_cast<std::uint32_t>(i + 1);
  }
  return 0;
}

bool covers(std::string_view selector, std::string_view code) {
  return code.substr(0, selector.size()) == selector;
}

}  // namespace

std::vector<suppression> scan_suppressions(std::string_view text, std::string_view display_path,
                                           comment_style style) {
  std::vector<suppression> out;
  if (text.find(marker) == std::string_view::npos) return out;
  const std::vector<line_view> lines = split_lines(text);
  const comment_finder finder(text, style);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const line_view& line = lines[i];
    if (line.text.find(marker) == std::string_view::npos) continue;
    const std::size_t hash = finder.find(line);
    if (hash == std::string_view::npos) continue;
    const std::string_view comment = line.text.substr(hash);
    const std::size_t start = directive_start(comment);
    if (start == std::string_view::npos) continue;
    suppression s;
    const std::string_view directive = trim(comment.substr(start));
    s.text = std::string(directive);
    const auto line_no = static_cast<std::uint32_t>(i + 1);
    s.at.file = std::string(display_path);
    s.at.begin = {line_no, static_cast<std::uint32_t>(hash + start + 1)};
    s.at.end = {line_no, static_cast<std::uint32_t>(hash + start + directive.size())};
    parse_directive(directive, s);
    if (!s.file_level) {
      const bool own = trim(line.text.substr(0, hash)).empty();
      // pgbouncer has no trailing comments, so a directive there is always on its own line.
      s.own_line = line_no;
      if (own) s.next_line = next_code_line(lines, i, style);
    }
    out.push_back(std::move(s));
  }
  return out;
}

suppression_outcome apply_suppressions(std::vector<finding> findings,
                                       const std::vector<suppression>& directives,
                                       const selection& s) {
  suppression_outcome out;
  std::map<std::string_view, std::vector<std::size_t>> by_file;
  for (std::size_t i = 0; i < directives.size(); ++i) by_file[directives[i].at.file].push_back(i);
  // used[d][c]: directive d's code c hid at least one finding.
  std::vector<std::vector<bool>> used(directives.size());
  for (std::size_t i = 0; i < directives.size(); ++i)
    used[i].assign(directives[i].codes.size(), false);

  for (auto& f : findings) {
    bool hidden = false;
    if (f.location && f.code != "CP004") {
      auto it = by_file.find(f.location->file);
      if (it != by_file.end()) {
        const std::uint32_t line = f.location->begin.line;
        for (std::size_t d : it->second) {
          const suppression& dir = directives[d];
          if (!dir.file_level && (line == 0 || (line != dir.own_line && line != dir.next_line))) {
            continue;
          }
          for (std::size_t c = 0; c < dir.codes.size(); ++c) {
            if (covers(dir.codes[c], f.code)) {
              used[d][c] = true;
              hidden = true;
            }
          }
        }
      }
    }
    if (hidden) {
      ++out.suppressed;
    } else {
      out.kept.push_back(std::move(f));
    }
  }

  std::vector<finding> unused;
  for (std::size_t d = 0; d < directives.size(); ++d) {
    const suppression& dir = directives[d];
    std::vector<std::string> idle;
    for (std::size_t c = 0; c < dir.codes.size(); ++c) {
      if (used[d][c]) continue;
      // Only codes this run reports in this file can be unused (ruff: RUF100 for enabled rules).
      const auto rules = all_rules();
      const bool reported = std::any_of(rules.begin(), rules.end(), [&](const rule_info& r) {
        return r.code != "CP004" && covers(dir.codes[c], r.code) && s.enabled(r.code) &&
               !s.ignored_in(dir.at.file, r.code);
      });
      if (reported) idle.push_back(dir.codes[c]);
    }
    std::vector<std::string> parts = dir.problems;
    if (!idle.empty()) {
      const std::string codes = fmt::format("{}", fmt::join(idle, ", "));
      parts.push_back(
          dir.file_level
              ? fmt::format("unused file-level suppression of {}: no such finding in this file",
                            codes)
              : fmt::format("unused suppression of {}: no such finding on the line it covers",
                            codes));
    }
    if (parts.empty()) continue;
    unused.push_back(make_finding("CP004", fmt::format("{}", fmt::join(parts, "; ")), dir.at,
                                  "suppression:" + dir.text));
  }
  // CP004 is a finding like any other: selection, per-file ignores and severity apply to it.
  out.unused = apply(std::move(unused), s);
  return out;
}

}  // namespace connplan::engine
