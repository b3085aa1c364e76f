#include "project/gitignore.hpp"

namespace connplan {
namespace {

// Matches one bracket expression at p[0] == '['; advances p past it. Returns -1 when malformed
// (then '[' is literal), else whether `c` is in the class.
int match_class(std::string_view& p, char c) {
  std::size_t i = 1;
  bool negate = false;
  if (i < p.size() && (p[i] == '!' || p[i] == '^')) {
    negate = true;
    ++i;
  }
  bool matched = false;
  bool first = true;
  while (i < p.size() && (p[i] != ']' || first)) {
    first = false;
    char lo = p[i];
    if (lo == '\\' && i + 1 < p.size()) lo = p[++i];
    char hi = lo;
    if (i + 2 < p.size() && p[i + 1] == '-' && p[i + 2] != ']') {
      hi = p[i + 2];
      i += 2;
    }
    if (c >= lo && c <= hi) matched = true;
    ++i;
  }
  if (i >= p.size()) return -1;
  p.remove_prefix(i + 1);
  return matched != negate ? 1 : 0;
}

bool match_from(std::string_view p, std::string_view s) {
  while (!p.empty()) {
    if (p.substr(0, 2) == "**") {
      // `**/` matches zero or more directories; a trailing `**` matches everything below.
      std::string_view rest = p.substr(2);
      if (rest.empty()) return true;
      if (rest.front() == '/') {
        rest.remove_prefix(1);
        for (std::size_t i = 0;; ++i) {
          if ((i == 0 || s[i - 1] == '/') && match_from(rest, s.substr(i))) return true;
          if (i >= s.size()) return false;
        }
      }
      p = p.substr(1);  // `**x` behaves as `*x`
      continue;
    }
    char pc = p.front();
    if (pc == '*') {
      std::string_view rest = p.substr(1);
      for (std::size_t i = 0; i <= s.size(); ++i) {
        if (match_from(rest, s.substr(i))) return true;
        if (i < s.size() && s[i] == '/') return false;
      }
      return false;
    }
    if (s.empty()) return false;
    if (pc == '?') {
      if (s.front() == '/') return false;
    } else if (pc == '[') {
      std::string_view q = p;
      int r = match_class(q, s.front());
      if (r >= 0) {
        if (r == 0 || s.front() == '/') return false;
        p = q;
        s.remove_prefix(1);
        continue;
      }
      if (s.front() != '[') return false;
    } else {
      if (pc == '\\' && p.size() > 1) {
        p.remove_prefix(1);
        pc = p.front();
      }
      if (pc != s.front()) return false;
    }
    p.remove_prefix(1);
    s.remove_prefix(1);
  }
  return s.empty();
}

std::string_view trim_trailing_spaces(std::string_view line) {
  // Trailing spaces are ignored unless escaped with a backslash.
  while (!line.empty() && (line.back() == ' ' || line.back() == '\r') &&
         !(line.size() >= 2 && line[line.size() - 2] == '\\' && line.back() == ' ')) {
    line.remove_suffix(1);
  }
  return line;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
  return match_from(pattern, path);
}

void ignore_rules::add(std::string_view text, std::string base) {
  while (!text.empty()) {
    std::size_t eol = text.find('\n');
    std::string_view line = trim_trailing_spaces(text.substr(0, eol));
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    if (line.empty() || line.front() == '#') continue;
    rule r;
    r.base = base;
    if (line.front() == '!') {
      r.negated = true;
      line.remove_prefix(1);
    } else if (line.front() == '\\') {
      line.remove_prefix(1);  // "\#" and "\!" start literal patterns
    }
    if (!line.empty() && line.back() == '/') {
      r.directory_only = true;
      line.remove_suffix(1);
    }
    if (line.empty()) continue;
    r.anchored = line.find('/') != std::string_view::npos;
    if (line.front() == '/') line.remove_prefix(1);
    r.pattern = std::string(line);
    rules_.push_back(std::move(r));
  }
}

void ignore_rules::add_pattern(std::string_view pattern) {
  add(pattern, "");
}

bool ignore_rules::ignored(std::string_view path, bool is_directory) const {
  bool result = false;
  for (const auto& r : rules_) {
    if (r.directory_only && !is_directory) continue;
    std::string_view rel = path;
    if (!r.base.empty()) {
      if (path.size() <= r.base.size() || path.substr(0, r.base.size()) != r.base ||
          path[r.base.size()] != '/') {
        continue;
      }
      rel = path.substr(r.base.size() + 1);
    }
    bool hit;
    if (r.anchored) {
      hit = glob_match(r.pattern, rel);
    } else {
      auto slash = rel.rfind('/');
      hit = glob_match(r.pattern, slash == std::string_view::npos ? rel : rel.substr(slash + 1));
    }
    if (hit) result = !r.negated;
  }
  return result;
}

}  // namespace connplan
