#include "connplan/redact.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace connplan {
namespace {

std::string upper(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return out;
}

bool is_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
}

// scheme://user:password@host → scheme://user:***@host
std::string redact_url_userinfo(std::string text) {
  std::size_t pos = 0;
  while ((pos = text.find("://", pos)) != std::string::npos) {
    std::size_t start = pos + 3;
    // userinfo ends at the last '@' before the next '/', '?', '#' or whitespace.
    std::size_t end = start;
    while (end < text.size() && text[end] != '/' && text[end] != '?' && text[end] != '#' &&
           !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '\'' &&
           text[end] != '"') {
      ++end;
    }
    std::size_t at = text.rfind('@', end == 0 ? 0 : end - 1);
    if (at != std::string::npos && at >= start && at < end) {
      std::size_t colon = text.find(':', start);
      if (colon != std::string::npos && colon < at &&
          text.substr(colon + 1, at - colon - 1) != redacted) {
        text.replace(colon + 1, at - colon - 1, redacted);
        end = colon + 1 + redacted.size() + 1;
      }
    }
    pos = start;
  }
  return text;
}

// The end of a quoted literal starting at `begin` (', " with backslash escapes), one past the
// quote.
std::size_t quoted_end(const std::string& text, std::size_t begin) {
  const char quote = text[begin];
  std::size_t i = begin + 1;
  while (i < text.size() && text[i] != quote) i += (text[i] == '\\' && i + 1 < text.size()) ? 2 : 1;
  return std::min(i + 1, text.size());
}

// Replaces every quoted literal in [from, end of text) by "***": the value is an expression
// (`os.environ.get("DB_PASSWORD", "hunter2")`) whose defaults may be the secret itself.
std::size_t redact_literals(std::string& text, std::size_t from) {
  std::size_t i = from;
  while (i < text.size()) {
    if (text[i] == '\'' || text[i] == '"') {
      std::size_t e = quoted_end(text, i);
      text.replace(i, e - i, redacted);
      i += redacted.size();
    } else {
      ++i;
    }
  }
  return i;
}

// `key=value`, `key = 'value'` (libpq connection strings, postgresql.conf, pgbouncer.ini, Python
// assignments) and `"key": value` (Python dicts, YAML): a secret-named key's value becomes ***.
std::string redact_key_values(std::string text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t sep = text.find_first_of("=:", pos);
    if (sep == std::string::npos) break;
    // `==` and `://` are not assignments.
    if ((text[sep] == '=' && sep + 1 < text.size() && text[sep + 1] == '=') ||
        (text[sep] == ':' && text.compare(sep, 3, "://") == 0)) {
      pos = sep + 2;
      continue;
    }
    std::size_t key_end = sep;
    while (key_end > 0 && text[key_end - 1] == ' ') --key_end;
    bool quoted_key = key_end > 0 && (text[key_end - 1] == '\'' || text[key_end - 1] == '"');
    if (quoted_key) --key_end;
    std::size_t key_begin = key_end;
    while (key_begin > 0 && is_key_char(text[key_begin - 1])) --key_begin;
    std::string_view key(text.data() + key_begin, key_end - key_begin);
    std::size_t value_begin = sep + 1;
    while (value_begin < text.size() && text[value_begin] == ' ') ++value_begin;
    if (key.empty() || !is_secret_name(key) || value_begin >= text.size()) {
      pos = sep + 1;
      continue;
    }
    if (text[value_begin] == '\'' || text[value_begin] == '"') {
      std::size_t e = quoted_end(text, value_begin);
      text.replace(value_begin, e - value_begin, redacted);
      pos = value_begin + redacted.size();
      continue;
    }
    std::size_t value_end = value_begin;
    while (value_end < text.size() && !std::isspace(static_cast<unsigned char>(text[value_end])) &&
           text[value_end] != ',' && text[value_end] != '}') {
      ++value_end;
    }
    std::string_view token(text.data() + value_begin, value_end - value_begin);
    if (token.find('(') != std::string_view::npos) {
      pos = redact_literals(text, value_begin);
      continue;
    }
    if (token != redacted) text.replace(value_begin, value_end - value_begin, redacted);
    pos = value_begin + redacted.size();
  }
  return text;
}

// A line of a PgBouncer auth_file, `"user" "password" ...` (pgbouncer src/loader.c @ 1.18,
// loader_users_check: two double-quoted words, `""` escaping a quote): the second word becomes
// "***" wherever such a line is echoed, whatever kind the file was read as. A Python line of two
// adjacent literals is redacted too: over-redaction is the safe side.
std::string redact_userlist_lines(std::string text) {
  std::size_t line = 0;
  while (line < text.size()) {
    std::size_t i = line;
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    auto word_end = [&](std::size_t begin) {  // one past the closing quote, or npos
      for (std::size_t j = begin + 1; j < text.size() && text[j] != '\n'; ++j) {
        if (text[j] != '"') continue;
        if (j + 1 < text.size() && text[j + 1] == '"') {
          ++j;
          continue;
        }
        return j + 1;
      }
      return std::string::npos;
    };
    if (i < text.size() && text[i] == '"') {
      std::size_t first = word_end(i);
      std::size_t k = first;
      while (k != std::string::npos && k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
      if (k != std::string::npos && k > first && k < text.size() && text[k] == '"') {
        std::size_t second = word_end(k);
        if (second != std::string::npos && text.compare(k, second - k, "\"***\"") != 0) {
          text.replace(k + 1, second - k - 2, redacted);
        }
      }
    }
    std::size_t eol = text.find('\n', line);
    if (eol == std::string::npos) break;
    line = eol + 1;
  }
  return text;
}

}  // namespace

bool is_secret_name(std::string_view name) {
  static constexpr std::array needles{"PASS", "SECRET", "TOKEN", "KEY", "CREDENTIAL"};
  std::string u = upper(name);
  return std::any_of(needles.begin(), needles.end(),
                     [&](const char* n) { return u.find(n) != std::string::npos; });
}

std::string redact_secrets(std::string_view text) {
  return redact_userlist_lines(redact_key_values(redact_url_userinfo(std::string(text))));
}

}  // namespace connplan
