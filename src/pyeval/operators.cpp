#include "pyeval/operators.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "pyeval/values.hpp"

namespace connplan::python::detail {
namespace {

value fail(const op_site& site, std::string reason) {
  return make_unknown(site.expr, std::move(reason), site.origin);
}

value too_large(const op_site& site) {
  return fail(site, "integer too large");
}

std::int64_t as_int(const value& v) {
  return v.kind == value_kind::boolean ? (v.boolean ? 1 : 0) : v.integer;
}

bool is_int_like(const value& v) {
  return v.kind == value_kind::integer || v.kind == value_kind::boolean;
}

bool is_sequence(const value& v) {
  return v.kind == value_kind::list || v.kind == value_kind::tuple;
}

// The first operand that is not known (unknown or absent), if any.
const value* first_unknown(const value& a, const value& b) {
  if (a.kind == value_kind::unknown || a.kind == value_kind::absent) return &a;
  if (b.kind == value_kind::unknown || b.kind == value_kind::absent) return &b;
  return nullptr;
}

value unknown_from(const value& operand, const op_site& site) {
  if (operand.kind == value_kind::absent) return fail(site, "a name is unbound on some paths");
  return fail(site, operand.reason);
}

std::string unsupported(std::string_view op, const value& a, const value& b) {
  return fmt::format("unsupported operand type(s) for {}: '{}' and '{}'", op, type_name(a),
                     type_name(b));
}

// Python's floor division and modulo (Objects/longobject.c l_divmod: the remainder takes the
// divisor's sign).
std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) r += b;
  return r;
}

value int_power(std::int64_t base, std::int64_t exp, const op_site& site) {
  if (exp < 0)
    return make_float(std::pow(static_cast<double>(base), static_cast<double>(exp)),
                      source::from_file({}));
  std::int64_t result = 1;
  for (std::int64_t i = 0; i < exp; ++i) {
    if (__builtin_mul_overflow(result, base, &result)) return too_large(site);
    if (result == 0 || result == 1) break;  // 0**n, 1**n
  }
  if (base == -1) result = (exp % 2 == 0) ? 1 : -1;
  return make_int(result, {});
}

value arithmetic(std::string_view op, const value& a, const value& b, const op_site& site) {
  bool floating = a.kind == value_kind::floating || b.kind == value_kind::floating;
  if (floating) {
    double x = as_double(a);
    double y = as_double(b);
    if (op == "+") return make_float(x + y, {});
    if (op == "-") return make_float(x - y, {});
    if (op == "*") return make_float(x * y, {});
    if (op == "/" || op == "//" || op == "%") {
      if (y == 0) return fail(site, "float division by zero");
      if (op == "/") return make_float(x / y, {});
      double m = std::fmod(x, y);
      if (m != 0 && ((m < 0) != (y < 0))) m += y;
      if (op == "%") return make_float(m, {});
      return make_float(std::floor((x - m) / y), {});
    }
    if (op == "**") {
      if (x == 0 && y < 0) return fail(site, "0.0 cannot be raised to a negative power");
      if (x < 0 && y != std::floor(y)) return fail(site, "a complex number would result");
      return make_float(std::pow(x, y), {});
    }
    return fail(site, unsupported(op, a, b));
  }
  std::int64_t x = as_int(a);
  std::int64_t y = as_int(b);
  std::int64_t r = 0;
  if (op == "+") {
    if (__builtin_add_overflow(x, y, &r)) return too_large(site);
    return make_int(r, {});
  }
  if (op == "-") {
    if (__builtin_sub_overflow(x, y, &r)) return too_large(site);
    return make_int(r, {});
  }
  if (op == "*") {
    if (__builtin_mul_overflow(x, y, &r)) return too_large(site);
    return make_int(r, {});
  }
  if (op == "/") {
    if (y == 0) return fail(site, "division by zero");
    return make_float(static_cast<double>(x) / static_cast<double>(y), {});
  }
  if (op == "//" || op == "%") {
    if (y == 0) return fail(site, "integer division or modulo by zero");
    if (x == std::numeric_limits<std::int64_t>::min() && y == -1) return too_large(site);
    return make_int(op == "//" ? floor_div(x, y) : floor_mod(x, y), {});
  }
  if (op == "**") {
    if (x == 0 && y < 0) return fail(site, "0.0 cannot be raised to a negative power");
    return int_power(x, y, site);
  }
  if (op == "<<" || op == ">>") {
    if (y < 0) return fail(site, "negative shift count");
    if (op == ">>") return make_int(y >= 63 ? (x < 0 ? -1 : 0) : (x >> y), {});
    if (y >= 63 || (x != 0 && (std::abs(x) >> (62 - y)) != 0)) return too_large(site);
    return make_int(x * (std::int64_t{1} << y), {});
  }
  if (op == "&") return make_int(x & y, {});
  if (op == "|") return make_int(x | y, {});
  if (op == "^") return make_int(x ^ y, {});
  return fail(site, unsupported(op, a, b));
}

value repeat(const value& seq, std::int64_t times, const op_site& site) {
  if (times < 0) times = 0;
  if (seq.kind == value_kind::string || seq.kind == value_kind::bytes) {
    if (times != 0 && seq.text.size() * static_cast<std::uint64_t>(times) > max_built_size) {
      return fail(site, "the repeated string is too large to build");
    }
    std::string out;
    for (std::int64_t i = 0; i < times; ++i) out += seq.text;
    value v = make_str(std::move(out), {});
    v.kind = seq.kind;
    return v;
  }
  if (times != 0 && seq.items->size() * static_cast<std::uint64_t>(times) > max_built_size / 64) {
    return fail(site, "the repeated sequence is too large to build");
  }
  std::vector<value> out;
  for (std::int64_t i = 0; i < times; ++i)
    out.insert(out.end(), seq.items->begin(), seq.items->end());
  return make_sequence(seq.kind, std::move(out), {});
}

value set_op(std::string_view op, const value& a, const value& b, const op_site& site) {
  auto contains = [](const value& s, const value& x) {
    for (const value& y : *s.items) {
      std::optional<bool> e = equals(x, y);
      if (e && *e) return true;
    }
    return false;
  };
  std::vector<value> out;
  if (op == "|") {
    out = *a.items;
    for (const value& x : *b.items) {
      if (!contains(a, x)) out.push_back(x);
    }
  } else if (op == "&") {
    for (const value& x : *a.items) {
      if (contains(b, x)) out.push_back(x);
    }
  } else if (op == "-") {
    for (const value& x : *a.items) {
      if (!contains(b, x)) out.push_back(x);
    }
  } else if (op == "^") {
    for (const value& x : *a.items) {
      if (!contains(b, x)) out.push_back(x);
    }
    for (const value& x : *b.items) {
      if (!contains(a, x)) out.push_back(x);
    }
  } else {
    return fail(site, unsupported(op, a, b));
  }
  return make_sequence(value_kind::set, std::move(out), {});
}

bool is_opaque(const value& v) {
  return v.kind == value_kind::object || v.kind == value_kind::module ||
         v.kind == value_kind::callable;
}

value known_binary(std::string_view op, const value& a, const value& b, const op_site& site) {
  // An opaque object may define any operator (pathlib.Path's `/`): the result is not known.
  if (is_opaque(a) || is_opaque(b)) {
    const value& o = is_opaque(a) ? a : b;
    return fail(site, fmt::format("{} is an opaque {} whose operators are not modelled", o.text,
                                  type_name(o)));
  }
  if (is_number(a) && is_number(b)) return arithmetic(op, a, b, site);
  bool a_text = a.kind == value_kind::string || a.kind == value_kind::bytes;
  if (op == "%" && a_text) return percent_format(a.text, b, site);
  if (op == "+") {
    if (a_text && b.kind == a.kind) {
      if (a.text.size() + b.text.size() > max_built_size) {
        return fail(site, "the string is too large to build");
      }
      value v = make_str(a.text + b.text, {});
      v.kind = a.kind;
      return v;
    }
    if (is_sequence(a) && a.kind == b.kind) {
      std::vector<value> out = *a.items;
      out.insert(out.end(), b.items->begin(), b.items->end());
      return make_sequence(a.kind, std::move(out), {});
    }
  }
  if (op == "*") {
    if ((a_text || is_sequence(a)) && is_int_like(b)) return repeat(a, as_int(b), site);
    if ((b.kind == value_kind::string || b.kind == value_kind::bytes || is_sequence(b)) &&
        is_int_like(a)) {
      return repeat(b, as_int(a), site);
    }
  }
  if (op == "|" && a.kind == value_kind::dict && b.kind == value_kind::dict) {
    value out = make_dict({});
    out.dict->entries = a.dict->entries;
    for (const dict_entry& e : b.dict->entries) dict_store(*out.dict, e.key, e.val);
    return out;
  }
  if (a.kind == value_kind::set && b.kind == value_kind::set) return set_op(op, a, b, site);
  return fail(site, unsupported(op, a, b));
}

std::optional<bool> contains(const value& container, const value& x, std::string& error) {
  switch (container.kind) {
    case value_kind::string:
    case value_kind::bytes:
      if (x.kind != container.kind) {
        error = "'in <string>' requires string as left operand";
        return std::nullopt;
      }
      return container.text.find(x.text) != std::string::npos;
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set: {
      bool unknown = false;
      for (const value& y : *container.items) {
        std::optional<bool> e = equals(x, y);
        if (!e) unknown = true;
        if (e && *e) return true;
      }
      if (unknown) {
        error = "an element is not known";
        return std::nullopt;
      }
      return false;
    }
    case value_kind::dict: {
      bool unknown = false;
      for (const dict_entry& e : container.dict->entries) {
        std::optional<bool> eq = equals(x, e.key);
        if (!eq) unknown = true;
        if (eq && *eq) return true;
      }
      if (unknown) {
        error = "a key is not known";
        return std::nullopt;
      }
      return false;
    }
    default:
      error = fmt::format("argument of type '{}' is not iterable", type_name(container));
      return std::nullopt;
  }
}

// Ordering (<, <=, >, >=) of known values: numbers, strings, sequences lexicographically.
std::optional<int> order(const value& a, const value& b, std::string& error, int depth = 0) {
  if (is_number(a) && is_number(b)) {
    if (a.kind == value_kind::floating || b.kind == value_kind::floating) {
      double x = as_double(a);
      double y = as_double(b);
      if (std::isnan(x) || std::isnan(y)) return 2;  // every ordering is False
      return x < y ? -1 : (x > y ? 1 : 0);
    }
    std::int64_t x = as_int(a);
    std::int64_t y = as_int(b);
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  if ((a.kind == value_kind::string || a.kind == value_kind::bytes) && a.kind == b.kind) {
    int c = a.text.compare(b.text);  // UTF-8 byte order is code point order
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  if (is_sequence(a) && a.kind == b.kind && depth < max_value_depth) {
    std::size_t n = std::min(a.items->size(), b.items->size());
    for (std::size_t i = 0; i < n; ++i) {
      std::optional<bool> eq = equals((*a.items)[i], (*b.items)[i]);
      if (!eq) {
        error = "an element is not known";
        return std::nullopt;
      }
      if (!*eq) return order((*a.items)[i], (*b.items)[i], error, depth + 1);
    }
    return a.items->size() < b.items->size() ? -1 : (a.items->size() > b.items->size() ? 1 : 0);
  }
  error = fmt::format("'<' not supported between instances of '{}' and '{}'", type_name(a),
                      type_name(b));
  return std::nullopt;
}

value known_compare(std::string_view op, const value& a, const value& b, const op_site& site) {
  if ((a.kind == value_kind::object || b.kind == value_kind::object) && op != "is" &&
      op != "is not") {
    const value& o = a.kind == value_kind::object ? a : b;
    return fail(site,
                fmt::format("{} is an opaque object whose comparisons are not modelled", o.text));
  }
  if (op == "==" || op == "!=") {
    std::optional<bool> e = equals(a, b);
    if (!e) return fail(site, "the operands are not known");
    return make_bool(op == "==" ? *e : !*e, {});
  }
  if (op == "is" || op == "is not") {
    // Identity is only certain for singletons and shared containers.
    bool same = false;
    if (a.kind == value_kind::none || b.kind == value_kind::none || a.kind == value_kind::boolean ||
        b.kind == value_kind::boolean) {
      same = a.kind == b.kind && (a.kind == value_kind::none || a.boolean == b.boolean);
    } else if (container_identity(a) != nullptr || container_identity(b) != nullptr) {
      same = container_identity(a) == container_identity(b);
    } else {
      return fail(site, "object identity is not known");
    }
    return make_bool(op == "is" ? same : !same, {});
  }
  if (op == "in" || op == "not in") {
    std::string error;
    std::optional<bool> c = contains(b, a, error);
    if (!c) return fail(site, error);
    return make_bool(op == "in" ? *c : !*c, {});
  }
  std::string error;
  std::optional<int> o = order(a, b, error);
  if (!o) return fail(site, error);
  bool r = false;
  if (*o == 2)
    r = false;
  else if (op == "<")
    r = *o < 0;
  else if (op == "<=")
    r = *o <= 0;
  else if (op == ">")
    r = *o > 0;
  else if (op == ">=")
    r = *o >= 0;
  return make_bool(r, {});
}

// The value applied pairwise to the alternatives of its operands, the first unknown operand's
// reason otherwise.
template <class F>
value lift2(const value& a, const value& b, const op_site& site, F&& f) {
  if (a.kind == value_kind::alternatives || b.kind == value_kind::alternatives) {
    std::vector<value> as =
        a.kind == value_kind::alternatives ? a.alternatives : std::vector<value>{a};
    std::vector<value> bs =
        b.kind == value_kind::alternatives ? b.alternatives : std::vector<value>{b};
    std::vector<value> results;
    for (const value& x : as) {
      for (const value& y : bs) {
        value r = lift2(x, y, site, f);
        if (!r.is_known() && r.kind != value_kind::alternatives) return r;
        results.push_back(std::move(r));
      }
    }
    return join_alternatives(results, site.expr, site.origin);
  }
  if (const value* u = first_unknown(a, b)) return unknown_from(*u, site);
  value r = f(a, b);
  if (r.is_known()) r.origin = site.origin;
  return r;
}

}  // namespace

value binary_op(std::string_view op, const value& a, const value& b, const op_site& site) {
  return lift2(a, b, site,
               [&](const value& x, const value& y) { return known_binary(op, x, y, site); });
}

value compare_op(std::string_view op, const value& a, const value& b, const op_site& site) {
  return lift2(a, b, site,
               [&](const value& x, const value& y) { return known_compare(op, x, y, site); });
}

value unary_op(std::string_view op, const value& a, const op_site& site) {
  if (a.kind == value_kind::alternatives) {
    std::vector<value> results;
    for (const value& x : a.alternatives) {
      value r = unary_op(op, x, site);
      if (!r.is_known() && r.kind != value_kind::alternatives) return r;
      results.push_back(std::move(r));
    }
    return join_alternatives(results, site.expr, site.origin);
  }
  if (op == "not") {
    std::optional<bool> t = truthiness(a);
    if (!t) {
      return a.kind == value_kind::unknown ? fail(site, a.reason)
                                           : fail(site, "the truth value is not known");
    }
    return make_bool(!*t, site.origin);
  }
  if (const value* u = first_unknown(a, a)) return unknown_from(*u, site);
  if (a.kind == value_kind::floating) {
    if (op == "-") return make_float(-a.floating, site.origin);
    if (op == "+") return make_float(a.floating, site.origin);
  } else if (is_int_like(a)) {
    std::int64_t x = as_int(a);
    if (op == "-") {
      if (x == std::numeric_limits<std::int64_t>::min()) return too_large(site);
      return make_int(-x, site.origin);
    }
    if (op == "+") return make_int(x, site.origin);
    if (op == "~") return make_int(~x, site.origin);
  }
  return fail(site, fmt::format("bad operand type for unary {}: '{}'", op, type_name(a)));
}

// ---- format specs (Library reference, string, "Format Specification Mini-Language") ----------

namespace {

struct spec_parts {
  char fill = ' ';
  char align = 0;  // '<', '>', '^', '='
  char sign = '-';
  bool alternate = false;
  bool zero = false;
  std::size_t width = 0;
  char grouping = 0;
  int precision = -1;
  char type = 0;
};

bool parse_spec(std::string_view s, spec_parts& p) {
  std::size_t i = 0;
  auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
  if (s.size() >= 2 && is_align(s[1])) {
    p.fill = s[0];
    p.align = s[1];
    i = 2;
  } else if (!s.empty() && is_align(s[0])) {
    p.align = s[0];
    i = 1;
  }
  if (i < s.size() && (s[i] == '+' || s[i] == '-' || s[i] == ' ')) p.sign = s[i++];
  if (i < s.size() && s[i] == '#') {
    p.alternate = true;
    ++i;
  }
  if (i < s.size() && s[i] == '0') {
    p.zero = true;
    ++i;
  }
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
    p.width = p.width * 10 + static_cast<std::size_t>(s[i++] - '0');
    if (p.width > 10000) return false;
  }
  if (i < s.size() && (s[i] == ',' || s[i] == '_')) p.grouping = s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    p.precision = 0;
    bool any = false;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) {
      p.precision = p.precision * 10 + (s[i++] - '0');
      any = true;
      if (p.precision > 1000) return false;
    }
    if (!any) return false;
  }
  if (i < s.size()) p.type = s[i++];
  return i == s.size();
}

std::string group_digits(std::string digits, char sep, std::size_t every) {
  std::string out;
  std::size_t n = digits.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i != 0 && (n - i) % every == 0) out += sep;
    out += digits[i];
  }
  return out;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string pad(std::string body, std::string sign_prefix, const spec_parts& p,
                char default_align) {
  char align = p.align != 0 ? p.align : (p.zero ? '=' : default_align);
  char fill = (p.align == 0 && p.zero) ? '0' : p.fill;
  std::size_t len = utf8_length(sign_prefix) + utf8_length(body);
  if (len >= p.width) return sign_prefix + body;
  std::size_t n = p.width - len;
  std::string f(n, fill);
  switch (align) {
    case '<':
      return sign_prefix + body + f;
    case '^':
      return std::string(n / 2, fill) + sign_prefix + body + std::string(n - n / 2, fill);
    case '=':
      return sign_prefix + f + body;
    default:
      return f + sign_prefix + body;
  }
}

std::string sign_of(bool negative, char sign) {
  if (negative) return "-";
  if (sign == '+') return "+";
  if (sign == ' ') return " ";
  return "";
}

std::optional<std::string> format_int(std::int64_t x, const spec_parts& p, std::string& error) {
  bool negative = x < 0;
  std::uint64_t mag =
      negative ? (0 - static_cast<std::uint64_t>(x)) : static_cast<std::uint64_t>(x);
  std::string digits;
  std::string prefix;
  switch (p.type) {
    case 0:
    case 'd':
    case 'n':
      digits = std::to_string(mag);
      break;
    case 'x':
      digits = fmt::format("{:x}", mag);
      prefix = p.alternate ? "0x" : "";
      break;
    case 'X':
      digits = fmt::format("{:X}", mag);
      prefix = p.alternate ? "0X" : "";
      break;
    case 'o':
      digits = fmt::format("{:o}", mag);
      prefix = p.alternate ? "0o" : "";
      break;
    case 'b':
      digits = fmt::format("{:b}", mag);
      prefix = p.alternate ? "0b" : "";
      break;
    default:
      error = fmt::format("unknown format code '{}' for object of type 'int'", p.type);
      return std::nullopt;
  }
  if (p.grouping != 0)
    digits = group_digits(digits, p.grouping, (p.type == 0 || p.type == 'd') ? 3 : 4);
  return pad(digits, sign_of(negative, p.sign) + prefix, p, '>');
}

std::optional<std::string> format_float(double d, const spec_parts& p, std::string& error) {
  bool negative = std::signbit(d) && !std::isnan(d);
  double mag = std::fabs(d);
  std::string body;
  int precision = p.precision < 0 ? 6 : p.precision;
  switch (p.type) {
    case 'f':
    case 'F':
      body = fmt::format("{:.{}f}", mag, precision);
      break;
    case 'e':
      body = fmt::format("{:.{}e}", mag, precision);
      break;
    case 'E':
      body = fmt::format("{:.{}E}", mag, precision);
      break;
    case '%':
      body = fmt::format("{:.{}f}%", mag * 100, precision);
      break;
    case 'g':
    case 'G':
      body = fmt::format("{:.{}g}", mag, precision == 0 ? 1 : precision);
      break;
    case 0:
      if (p.precision < 0) {
        body = float_repr(mag);
      } else {
        body = fmt::format("{:.{}g}", mag, precision == 0 ? 1 : precision);
        if (body.find_first_of(".en") == std::string::npos) body += ".0";
      }
      break;
    default:
      error = fmt::format("unknown format code '{}' for object of type 'float'", p.type);
      return std::nullopt;
  }
  if (std::isinf(mag)) body = "inf";
  if (std::isnan(mag)) body = "nan";
  if (p.grouping != 0) {
    std::size_t end = body.find_first_not_of("0123456789");
    if (end == std::string::npos) end = body.size();
    body = group_digits(body.substr(0, end), p.grouping, 3) + body.substr(end);
  }
  return pad(body, sign_of(negative, p.sign), p, '>');
}

}  // namespace

std::optional<std::string> format_value(const value& v, std::string_view spec, std::string& error) {
  spec_parts p;
  if (!parse_spec(spec, p)) {
    error = "invalid format specifier";
    return std::nullopt;
  }
  switch (v.kind) {
    case value_kind::boolean:
    case value_kind::integer:
      if (p.type == 0 && v.kind == value_kind::boolean && spec.empty()) {
        return std::string(v.boolean ? "True" : "False");
      }
      if (p.type == 'f' || p.type == 'F' || p.type == 'e' || p.type == 'E' || p.type == 'g' ||
          p.type == 'G' || p.type == '%') {
        return format_float(as_double(v), p, error);
      }
      return format_int(as_int(v), p, error);
    case value_kind::floating:
      return format_float(v.floating, p, error);
    case value_kind::string: {
      if (p.type != 0 && p.type != 's') {
        error = fmt::format("unknown format code '{}' for object of type 'str'", p.type);
        return std::nullopt;
      }
      std::string body = v.text;
      if (p.precision >= 0) {
        // Precision counts code points.
        std::size_t n = 0;
        std::size_t i = 0;
        for (; i < body.size(); ++i) {
          if ((static_cast<unsigned char>(body[i]) & 0xC0) != 0x80) {
            if (n == static_cast<std::size_t>(p.precision)) break;
            ++n;
          }
        }
        body.resize(i);
      }
      return pad(body, "", p, '<');
    }
    default:
      if (spec.empty()) return python_str(v);
      error = fmt::format("unsupported format string passed to {}.__format__", type_name(v));
      return std::nullopt;
  }
}

// ---- printf-style formatting ------------------------------------------------------------------

value percent_format(const std::string& text, const value& args, const op_site& site) {
  std::vector<value> positional;
  const value* mapping = nullptr;
  if (args.kind == value_kind::tuple) {
    positional = *args.items;
  } else {
    positional.push_back(args);
    if (args.kind == value_kind::dict) mapping = &args;
  }
  for (const value& a : positional) {
    if (!a.is_known())
      return a.kind == value_kind::unknown ? fail(site, a.reason)
                                           : fail(site, "an argument is not known");
  }
  std::string out;
  std::size_t next = 0;
  bool used_mapping = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (++i >= text.size()) return fail(site, "incomplete format");
    const value* arg = nullptr;
    if (text[i] == '(') {
      std::size_t close = text.find(')', i);
      if (close == std::string::npos || mapping == nullptr)
        return fail(site, "format requires a mapping");
      value key = make_str(text.substr(i + 1, close - i - 1), {});
      arg = dict_lookup(*mapping->dict, key);
      if (arg == nullptr) return fail(site, "KeyError: " + string_repr(key.text));
      used_mapping = true;
      i = close + 1;
    }
    spec_parts p;
    for (; i < text.size(); ++i) {
      char c = text[i];
      if (c == '-')
        p.align = '<';
      else if (c == '0')
        p.zero = true;
      else if (c == '+')
        p.sign = '+';
      else if (c == ' ') {
        if (p.sign != '+') p.sign = ' ';
      } else if (c == '#')
        p.alternate = true;
      else
        break;
    }
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
      p.width = p.width * 10 + static_cast<std::size_t>(text[i++] - '0');
    }
    if (i < text.size() && text[i] == '.') {
      p.precision = 0;
      ++i;
      while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) {
        p.precision = p.precision * 10 + (text[i++] - '0');
      }
    }
    if (i >= text.size()) return fail(site, "incomplete format");
    char conv = text[i];
    if (conv == '%') {
      out += '%';
      continue;
    }
    if (arg == nullptr) {
      if (next >= positional.size()) return fail(site, "not enough arguments for format string");
      arg = &positional[next++];
    }
    if (!arg->is_known())
      return fail(site, arg->reason.empty() ? "an argument is not known" : arg->reason);
    if (p.align == '<') p.zero = false;
    std::string error;
    std::optional<std::string> piece;
    switch (conv) {
      case 's':
      case 'r':
      case 'a': {
        std::string s = conv == 's' ? python_str(*arg) : python_repr(*arg);
        if (p.precision >= 0 && static_cast<std::size_t>(p.precision) < s.size())
          s.resize(static_cast<std::size_t>(p.precision));
        p.zero = false;
        piece = pad(s, "", p, '>');
        break;
      }
      case 'd':
      case 'i':
      case 'u':
        if (!is_number(*arg))
          return fail(site, fmt::format("%{} format: a real number is required, not {}", conv,
                                        type_name(*arg)));
        p.type = 'd';
        p.precision = -1;
        piece =
            format_int(arg->kind == value_kind::floating ? static_cast<std::int64_t>(arg->floating)
                                                         : as_int(*arg),
                       p, error);
        break;
      case 'x':
      case 'X':
      case 'o':
        if (!is_int_like(*arg))
          return fail(site, fmt::format("%{} format: an integer is required, not {}", conv,
                                        type_name(*arg)));
        p.type = conv;
        p.precision = -1;
        piece = format_int(as_int(*arg), p, error);
        break;
      case 'f':
      case 'F':
      case 'e':
      case 'E':
      case 'g':
      case 'G':
        if (!is_number(*arg))
          return fail(site, fmt::format("must be real number, not {}", type_name(*arg)));
        p.type = conv;
        piece = format_float(as_double(*arg), p, error);
        break;
      default:
        return fail(site, fmt::format("unsupported format character '{}'", conv));
    }
    if (!piece) return fail(site, error);
    out += *piece;
  }
  if (!used_mapping && next < positional.size() && mapping == nullptr) {
    return fail(site, "not all arguments converted during string formatting");
  }
  value v = make_str(std::move(out), site.origin);
  return v;
}

}  // namespace connplan::python::detail
