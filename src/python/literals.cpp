#include "python/literals.hpp"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace connplan::python::detail {

namespace {

int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Python integers are unbounded; past 64 bits the value is kept as decimal digits.
std::string to_decimal(std::string_view digits, int base) {
  std::string out = "0";  // least significant digit first while computing
  for (char c : digits) {
    int carry = digit_value(c);
    for (char& d : out) {
      const int v = (d - '0') * base + carry;
      d = static_cast<char>('0' + v % 10);
      carry = v / 10;
    }
    while (carry > 0) {
      out.push_back(static_cast<char>('0' + carry % 10));
      carry /= 10;
    }
  }
  while (out.size() > 1 && out.back() == '0') out.pop_back();
  std::reverse(out.begin(), out.end());
  return out;
}

void append_utf8(std::string& out, std::uint32_t cp) {
  // A lone surrogate ('\udc80') is a valid Python str but has no UTF-8 form, and a code point
  // above U+10FFFF is a SyntaxError in CPython: both become U+FFFD, so every string connplan keeps
  // is valid UTF-8 (JSON output; found by fuzz_python_models).
  if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Reads up to `count` digits of `base` at body[i]; returns the number read.
std::size_t read_digits(std::string_view body, std::size_t i, std::size_t count, int base,
                        std::uint32_t& value) {
  std::size_t n = 0;
  value = 0;
  while (n < count && i + n < body.size()) {
    const int d = digit_value(body[i + n]);
    if (d < 0 || d >= base) break;
    value = value * static_cast<std::uint32_t>(base) + static_cast<std::uint32_t>(d);
    ++n;
  }
  return n;
}

}  // namespace

decoded_number decode_number(std::string_view token) {
  std::string s;
  s.reserve(token.size());
  for (char c : token) {
    if (c != '_') s.push_back(c);
  }
  decoded_number out;
  if (!s.empty() && (s.back() == 'j' || s.back() == 'J')) {
    out.kind = constant_kind::imaginary;
    s.pop_back();
    out.floating = std::strtod(s.c_str(), nullptr);
    return out;
  }
  int base = 10;
  std::string_view digits = s;
  if (s.size() > 1 && s[0] == '0' &&
      std::string_view("xXoObB").find(s[1]) != std::string_view::npos) {
    base = (s[1] == 'x' || s[1] == 'X') ? 16 : (s[1] == 'o' || s[1] == 'O') ? 8 : 2;
    digits.remove_prefix(2);
  } else if (s.find_first_of(".eE") != std::string::npos) {
    out.kind = constant_kind::floating;
    out.floating = std::strtod(s.c_str(), nullptr);
    return out;
  }
  std::uint64_t value = 0;
  constexpr std::uint64_t max =
      static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  for (char c : digits) {
    const auto d = static_cast<std::uint64_t>(digit_value(c));
    if (value > (max - d) / static_cast<std::uint64_t>(base)) {
      out.kind = constant_kind::big_integer;
      out.text = to_decimal(digits, base);
      return out;
    }
    value = value * static_cast<std::uint64_t>(base) + d;
  }
  out.kind = constant_kind::integer;
  out.integer = static_cast<std::int64_t>(value);
  return out;
}

string_token split_string_token(std::string_view token) {
  string_token out;
  std::size_t i = 0;
  for (; i < token.size() && token[i] != '"' && token[i] != '\''; ++i) {
    switch (token[i]) {
      case 'r':
      case 'R':
        out.raw = true;
        break;
      case 'b':
      case 'B':
        out.bytes = true;
        break;
      case 'f':
      case 'F':
        out.formatted = true;
        break;
      default:
        break;
    }
  }
  const std::size_t quote =
      token.size() - i >= 6 && token[i] == token[i + 1] && token[i] == token[i + 2] ? 3 : 1;
  out.body_begin = static_cast<std::uint32_t>(i + quote);
  out.body = token.substr(i + quote, token.size() - i - 2 * quote);
  return out;
}

std::string normalize_newlines(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    if (body[i] != '\r') {
      out.push_back(body[i]);
    } else if (i + 1 >= body.size() || body[i + 1] != '\n') {
      out.push_back('\n');
    }
  }
  return out;
}

std::string decode_escapes(std::string_view body, bool bytes) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    const char c = body[i];
    if (c == '\r') {  // the source's line ends read as LF (CPython translates them on input)
      if (i + 1 >= body.size() || body[i + 1] != '\n') out.push_back('\n');
      continue;
    }
    if (c != '\\' || i + 1 >= body.size()) {
      out.push_back(c);
      continue;
    }
    const char e = body[++i];
    std::uint32_t v = 0;
    switch (e) {
      case '\n':  // §2.4.1.1: backslash-newline is ignored
        break;
      case '\r':
        if (i + 1 < body.size() && body[i + 1] == '\n') ++i;
        break;
      case '\\':
      case '\'':
      case '"':
        out.push_back(e);
        break;
      case 'a':
        out.push_back('\a');
        break;
      case 'b':
        out.push_back('\b');
        break;
      case 'f':
        out.push_back('\f');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 't':
        out.push_back('\t');
        break;
      case 'v':
        out.push_back('\v');
        break;
      case '0':
      case '1':
      case '2':
      case '3':
      case '4':
      case '5':
      case '6':
      case '7': {
        const std::size_t n = read_digits(body, i, 3, 8, v);
        i += n - 1;
        if (bytes) {
          out.push_back(static_cast<char>(v & 0xFF));
        } else {
          append_utf8(out, v);
        }
        break;
      }
      case 'x':
      case 'u':
      case 'U': {
        const std::size_t want = e == 'x' ? 2 : e == 'u' ? 4 : 8;
        if ((e != 'x' && bytes) || read_digits(body, i + 1, want, 16, v) != want) {
          out.push_back('\\');  // not an escape in bytes, or malformed: kept as written
          out.push_back(e);
          break;
        }
        i += want;
        if (bytes) {
          out.push_back(static_cast<char>(v));
        } else {
          append_utf8(out, v);
        }
        break;
      }
      default:
        out.push_back('\\');
        out.push_back(e);
        break;
    }
  }
  return out;
}

namespace {

class fstring_splitter {
 public:
  fstring_splitter(std::string_view body, bool raw) : body_(body), raw_(raw) {}

  fstring_split run() {
    fstring_split out;
    std::size_t i = 0;
    out.pieces = pieces(i, false);
    if (error_.empty() && i < body_.size()) fail(i, "f-string: single '}' is not allowed");
    out.error = error_;
    out.error_offset = error_offset_;
    return out;
  }

 private:
  void fail(std::size_t at, const char* message) {
    if (error_.empty()) {
      error_ = message;
      error_offset_ = static_cast<std::uint32_t>(at);
    }
  }

  void flush(std::vector<fstring_piece>& out, std::string& chunk) {
    if (chunk.empty()) return;
    fstring_piece p;
    p.literal = raw_ ? normalize_newlines(chunk) : decode_escapes(chunk, false);
    out.push_back(std::move(p));
    chunk.clear();
  }

  // Literal text and fields up to the end of the body, or (in a format spec) up to the '}' that
  // closes the field.
  std::vector<fstring_piece> pieces(std::size_t& i, bool in_spec) {
    std::vector<fstring_piece> out;
    std::string chunk;
    while (i < body_.size() && error_.empty()) {
      const char c = body_[i];
      if (c == '\\' && !raw_ && i + 1 < body_.size()) {
        chunk.push_back(c);
        chunk.push_back(body_[i + 1]);
        i += 2;
        if (body_[i - 1] == 'N' && i < body_.size() && body_[i] == '{') {  // \N{NAME}
          while (i < body_.size() && body_[i] != '}') chunk.push_back(body_[i++]);
          if (i < body_.size()) chunk.push_back(body_[i++]);
        }
      } else if (c == '{' && !in_spec && i + 1 < body_.size() && body_[i + 1] == '{') {
        chunk.push_back('{');
        i += 2;
      } else if (c == '{') {
        flush(out, chunk);
        out.push_back(field(i));
      } else if (c == '}') {
        if (in_spec) break;
        if (i + 1 < body_.size() && body_[i + 1] == '}') {
          chunk.push_back('}');
          i += 2;
        } else {
          fail(i, "f-string: single '}' is not allowed");
        }
      } else {
        chunk.push_back(c);
        ++i;
      }
    }
    flush(out, chunk);
    return out;
  }

  // body_[i] is the '{' of a replacement field; on return i is past its '}'.
  fstring_piece field(std::size_t& i) {
    fstring_piece p;
    p.is_field = true;
    const std::size_t open = i;
    // §2.4.3: a format spec may contain fields, but those may not nest further (CPython 3.11:
    // "f-string: expressions nested too deeply").
    if (level_ >= 2) {
      fail(open, "f-string: expressions nested too deeply");
      return p;
    }
    struct level_guard {
      int& level;
      explicit level_guard(int& l) : level(l) { ++level; }
      ~level_guard() { --level; }
    } guard(level_);
    std::size_t j = i + 1;
    int nesting = 0;
    for (; j < body_.size(); ++j) {
      const char ch = body_[j];
      if (ch == '(' || ch == '[' || ch == '{') {
        ++nesting;
      } else if (ch == ')' || ch == ']' || ch == '}') {
        if (nesting == 0) break;
        --nesting;
      } else if (ch == '\'' || ch == '"') {
        const std::size_t close = body_.find(ch, j + 1);
        if (close == std::string_view::npos) {
          fail(j, "f-string: unterminated string");
          return p;
        }
        j = close;
      } else if (ch == '#') {
        fail(j, "f-string expression part cannot include '#'");
        return p;
      } else if (ch == '\\') {
        fail(j, "f-string expression part cannot include a backslash");
        return p;
      } else if (nesting == 0 && ch == '!' && (j + 1 >= body_.size() || body_[j + 1] != '=')) {
        break;
      } else if (nesting == 0 && ch == ':') {
        break;
      } else if (nesting == 0 && ch == '=' && (j + 1 >= body_.size() || body_[j + 1] != '=') &&
                 std::string_view("=!<>").find(body_[j - 1]) == std::string_view::npos) {
        break;
      }
    }
    p.expr_begin = static_cast<std::uint32_t>(open + 1);
    p.expr_end = static_cast<std::uint32_t>(j);
    if (body_.substr(open + 1, j - open - 1).find_first_not_of(" \t\r\n\f") ==
        std::string_view::npos) {
      fail(open, "f-string: empty expression not allowed");
      return p;
    }
    if (j < body_.size() && body_[j] == '=') {
      p.self_documenting = true;
      ++j;
    }
    if (j < body_.size() && body_[j] == '!') {
      if (j + 1 >= body_.size() ||
          std::string_view("rsa").find(body_[j + 1]) == std::string_view::npos) {
        fail(j, "f-string: invalid conversion character: expected 's', 'r', or 'a'");
        return p;
      }
      p.conversion = body_[j + 1];
      j += 2;
    }
    if (j < body_.size() && body_[j] == ':') {
      ++j;
      p.has_spec = true;
      p.spec = pieces(j, true);
    }
    if (j >= body_.size() || body_[j] != '}') {
      fail(open, "f-string: expecting '}'");
      return p;
    }
    i = j + 1;
    return p;
  }

  std::string_view body_;
  bool raw_;
  std::string error_;
  std::uint32_t error_offset_ = 0;
  int level_ = 0;
};

}  // namespace

fstring_split split_fstring(std::string_view body, bool raw) {
  return fstring_splitter(body, raw).run();
}

}  // namespace connplan::python::detail
