// Python's builtin functions and the methods of str, list, dict and set that configuration files
// use, with the conversions of the Library reference ("Built-in Functions", "Built-in Types").
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>

#include "pyeval/interpreter.hpp"
#include "pyeval/operators.hpp"

namespace connplan::python::detail {
namespace {

constexpr std::array<std::string_view, 40> builtin_names = {
    "len",       "min",    "max",   "sorted",  "list",       "dict",     "tuple",      "set",
    "frozenset", "int",    "float", "str",     "bool",       "abs",      "range",      "enumerate",
    "zip",       "repr",   "any",   "all",     "sum",        "reversed", "isinstance", "print",
    "open",      "eval",   "exec",  "compile", "__import__", "getattr",  "setattr",    "hasattr",
    "globals",   "locals", "vars",  "input",   "round",      "type",     "callable",   "format"};

value fail(const call_site& site, std::string reason) {
  return make_unknown(site.expr, std::move(reason), site.origin());
}

// The first argument that is not known, as the reason of an unknown result.
std::optional<value> unknown_argument(const call_args& args, const call_site& site) {
  for (const value& a : args.positional) {
    if (a.kind == value_kind::unknown) return fail(site, a.reason);
  }
  for (const auto& [k, a] : args.keywords) {
    if (a.kind == value_kind::unknown) return fail(site, a.reason);
  }
  return std::nullopt;
}

std::string strip_chars(std::string_view s, std::string_view chars, bool left, bool right) {
  std::size_t b = 0;
  std::size_t e = s.size();
  if (left) {
    while (b < e && chars.find(s[b]) != std::string_view::npos) ++b;
  }
  if (right) {
    while (e > b && chars.find(s[e - 1]) != std::string_view::npos) --e;
  }
  return std::string(s.substr(b, e - b));
}

constexpr std::string_view whitespace = " \t\n\r\f\v";

}  // namespace

// int(x): Objects/longobject.c PyLong_FromString — surrounding whitespace and single underscores
// between digits are allowed, a sign, base prefixes only with base 0 or the matching base.
std::optional<std::int64_t> parse_python_int(std::string_view text, int base, std::string& error) {
  std::string s = strip_chars(text, whitespace, true, true);
  std::string original(text);
  error = fmt::format("invalid literal for int() with base {}: {}", base, string_repr(original));
  std::size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  if (base == 0 || base == 16 || base == 8 || base == 2) {
    if (i + 1 < s.size() && s[i] == '0') {
      char p = static_cast<char>(std::tolower(static_cast<unsigned char>(s[i + 1])));
      int prefixed = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
      if (prefixed != 0 && (base == 0 || base == prefixed)) {
        base = prefixed;
        i += 2;
        if (i < s.size() && s[i] == '_') ++i;
      }
    }
    if (base == 0) {
      // Base 0: a decimal with a leading zero is refused ("010"), as in source code.
      base = 10;
      if (s.size() > i + 1 && s[i] == '0') {
        for (std::size_t j = i; j < s.size(); ++j) {
          if (s[j] != '0' && s[j] != '_') return std::nullopt;
        }
      }
    }
  }
  if (i >= s.size()) return std::nullopt;
  std::int64_t value = 0;
  bool prev_digit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '_') {
      if (!prev_digit) return std::nullopt;
      prev_digit = false;
      continue;
    }
    int d = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
            : std::isalpha(static_cast<unsigned char>(c))
                ? std::tolower(static_cast<unsigned char>(c)) - 'a' + 10
                : 99;
    if (d >= base) return std::nullopt;
    if (__builtin_mul_overflow(value, base, &value) || __builtin_add_overflow(value, d, &value)) {
      error = "integer too large";
      return std::nullopt;
    }
    prev_digit = true;
  }
  if (!prev_digit) return std::nullopt;
  return negative ? -value : value;
}

// float(x): Python/pystrtod.c — whitespace, underscores between digits, inf/nan spellings.
std::optional<double> parse_python_float(std::string_view text) {
  std::string s = strip_chars(text, whitespace, true, true);
  std::string lower;
  for (char c : s) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view body = lower;
  bool negative = false;
  if (!body.empty() && (body[0] == '+' || body[0] == '-')) {
    negative = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "inf" || body == "infinity") return negative ? -INFINITY : INFINITY;
  if (body == "nan") return NAN;
  std::string clean;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '_') {
      if (i == 0 || i + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i - 1])) ||
          !std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
        return std::nullopt;
      }
      continue;
    }
    if (!std::isdigit(static_cast<unsigned char>(s[i])) && s[i] != '.' && s[i] != 'e' &&
        s[i] != 'E' && s[i] != '+' && s[i] != '-') {
      return std::nullopt;
    }
    clean += s[i];
  }
  if (clean.empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(clean.c_str(), &end);
  if (end != clean.c_str() + clean.size()) return std::nullopt;
  return d;
}

std::optional<std::vector<value>> iterate(const value& v) {
  switch (v.kind) {
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set:
      return *v.items;
    case value_kind::dict: {
      std::vector<value> keys;
      for (const dict_entry& e : v.dict->entries) keys.push_back(e.key);
      return keys;
    }
    case value_kind::string: {
      std::vector<value> chars;
      for (std::size_t i = 0; i < v.text.size();) {
        std::size_t n = 1;
        auto c = static_cast<unsigned char>(v.text[i]);
        if (c >= 0xF0)
          n = 4;
        else if (c >= 0xE0)
          n = 3;
        else if (c >= 0xC0)
          n = 2;
        chars.push_back(make_str(v.text.substr(i, n), v.origin));
        i += n;
      }
      return chars;
    }
    case value_kind::bytes: {
      std::vector<value> out;
      for (char c : v.text) out.push_back(make_int(static_cast<unsigned char>(c), v.origin));
      return out;
    }
    default:
      return std::nullopt;
  }
}

bool is_builtin_name(std::string_view name) {
  return std::find(builtin_names.begin(), builtin_names.end(), name) != builtin_names.end() ||
         name == "ImportError" || name == "ModuleNotFoundError" || name == "Exception" ||
         name == "KeyError" || name == "ValueError";
}

namespace {

value convert_int(const value& x, const value* base_arg, const call_site& site) {
  int base = 10;
  if (base_arg != nullptr) {
    if (base_arg->kind != value_kind::integer) return fail(site, "the base is not known");
    base = static_cast<int>(base_arg->integer);
  }
  switch (x.kind) {
    case value_kind::boolean:
      return make_int(x.boolean ? 1 : 0, site.origin());
    case value_kind::integer:
      return make_int(x.integer, site.origin());
    case value_kind::floating:
      if (!std::isfinite(x.floating))
        return fail(site, "cannot convert float infinity or NaN to integer");
      if (std::fabs(x.floating) >= 9.2e18) return fail(site, "integer too large");
      return make_int(static_cast<std::int64_t>(x.floating), site.origin());
    case value_kind::string:
    case value_kind::bytes: {
      std::string error;
      std::optional<std::int64_t> i = parse_python_int(x.text, base, error);
      if (!i) return fail(site, error);
      return make_int(*i, site.origin());
    }
    default:
      return fail(
          site, fmt::format("int() argument must be a string or a number, not '{}'", type_name(x)));
  }
}

value convert_float(const value& x, const call_site& site) {
  if (is_number(x)) return make_float(as_double(x), site.origin());
  if (x.kind == value_kind::string) {
    std::optional<double> d = parse_python_float(x.text);
    if (!d) return fail(site, "could not convert string to float: " + string_repr(x.text));
    return make_float(*d, site.origin());
  }
  return fail(site, fmt::format("float() argument must be a string or a real number, not '{}'",
                                type_name(x)));
}

value min_max(bool is_max, const call_args& args, const call_site& site) {
  std::vector<value> items;
  if (args.positional.size() == 1) {
    std::optional<std::vector<value>> it = iterate(args.positional[0]);
    if (!it) return fail(site, "the iterable is not known");
    items = std::move(*it);
  } else {
    items = args.positional;
  }
  if (items.empty()) {
    if (const value* d = args.keyword("default")) return *d;
    return fail(site, fmt::format("{}() arg is an empty sequence", is_max ? "max" : "min"));
  }
  if (args.keyword("key") != nullptr) return fail(site, "key= functions are not modelled");
  value best = items[0];
  for (std::size_t i = 1; i < items.size(); ++i) {
    value c = compare_op(is_max ? ">" : "<", items[i], best, {site.expr, site.origin()});
    if (c.kind != value_kind::boolean)
      return c.kind == value_kind::unknown ? c : fail(site, "a value is not known");
    if (c.boolean) best = items[i];
  }
  return best;
}

value sorted_of(std::vector<value> items, bool reverse, const call_site& site) {
  std::string error;
  bool ok = true;
  std::stable_sort(items.begin(), items.end(), [&](const value& a, const value& b) {
    value c = compare_op("<", a, b, {site.expr, site.origin()});
    if (c.kind != value_kind::boolean) {
      ok = false;
      return false;
    }
    return c.boolean;
  });
  if (!ok) return fail(site, "the elements cannot be ordered");
  if (reverse) std::reverse(items.begin(), items.end());
  return make_sequence(value_kind::list, std::move(items), site.origin());
}

}  // namespace

std::optional<value> call_builtin(interpreter& in, const std::string& name, call_args& args,
                                  const call_site& site) {
  (void)in;
  const std::vector<value>& a = args.positional;
  source origin = site.origin();
  auto need = [&](std::size_t n) { return a.size() >= n; };
  // Builtins that never run anything here: logged by the caller as calls not modelled.
  if (name == "open" || name == "eval" || name == "exec" || name == "compile" ||
      name == "__import__" || name == "input" || name == "globals" || name == "locals" ||
      name == "vars" || name == "setattr" || name == "getattr" || name == "hasattr" ||
      name == "type" || name == "callable") {
    return std::nullopt;
  }
  if (name == "print") return make_none(origin);
  if (name == "isinstance") return fail(site, "isinstance() is not modelled");
  if (std::optional<value> u = unknown_argument(args, site)) {
    // bool(x)/str(x) of an unknown are unknown too; keep the argument's reason.
    return u;
  }
  for (const value& x : a) {
    if (x.kind == value_kind::alternatives) {
      // Apply the builtin to each alternative of the first argument that has them.
      std::vector<value> results;
      for (const value& alt : x.alternatives) {
        call_args one = args;
        for (value& y : one.positional) {
          if (&y - one.positional.data() == &x - a.data()) y = alt;
        }
        std::optional<value> r = call_builtin(in, name, one, site);
        if (!r) return std::nullopt;
        results.push_back(*r);
      }
      return join_alternatives(results, site.expr, origin);
    }
  }
  if (name == "len") {
    if (!need(1)) return fail(site, "len() takes exactly one argument");
    const value& x = a[0];
    if (x.kind == value_kind::string) {
      std::int64_t n = 0;
      for (char c : x.text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
      return make_int(n, origin);
    }
    if (x.kind == value_kind::bytes)
      return make_int(static_cast<std::int64_t>(x.text.size()), origin);
    if (x.items) return make_int(static_cast<std::int64_t>(x.items->size()), origin);
    if (x.kind == value_kind::dict)
      return make_int(static_cast<std::int64_t>(x.dict->entries.size()), origin);
    return fail(site, fmt::format("object of type '{}' has no len()", type_name(x)));
  }
  if (name == "int") {
    if (a.empty()) return make_int(0, origin);
    return convert_int(a[0], args.get(1, "base"), site);
  }
  if (name == "float") {
    if (a.empty()) return make_float(0, origin);
    return convert_float(a[0], site);
  }
  if (name == "str") {
    if (a.empty()) return make_str("", origin);
    if (!a[0].is_known()) return fail(site, "the value is not known");
    if (a[0].kind == value_kind::object)
      return fail(site, fmt::format("str() of {} is not modelled", a[0].text));
    return make_str(python_str(a[0]), origin);
  }
  if (name == "repr") {
    if (!need(1) || a[0].kind == value_kind::object)
      return fail(site, "repr() of an opaque object");
    return make_str(python_repr(a[0]), origin);
  }
  if (name == "bool") {
    if (a.empty()) return make_bool(false, origin);
    std::optional<bool> t = truthiness(a[0]);
    if (!t) return fail(site, "the truth value is not known");
    return make_bool(*t, origin);
  }
  if (name == "abs") {
    if (!need(1)) return fail(site, "abs() takes exactly one argument");
    if (a[0].kind == value_kind::floating) return make_float(std::fabs(a[0].floating), origin);
    if (a[0].kind == value_kind::integer || a[0].kind == value_kind::boolean) {
      std::int64_t x = a[0].kind == value_kind::boolean ? a[0].boolean : a[0].integer;
      return make_int(x < 0 ? -x : x, origin);
    }
    return fail(site, fmt::format("bad operand type for abs(): '{}'", type_name(a[0])));
  }
  if (name == "round") {
    if (!need(1) || !is_number(a[0])) return fail(site, "round() of a value that is not a number");
    if (a.size() == 1 || a[1].kind == value_kind::none) {
      // Round half to even, as Python 3's round().
      double x = as_double(a[0]);
      double r = std::nearbyint(x);
      return make_int(static_cast<std::int64_t>(r), origin);
    }
    return fail(site, "round() with ndigits is not modelled");
  }
  if (name == "min" || name == "max") return min_max(name == "max", args, site);
  if (name == "list" || name == "tuple" || name == "set" || name == "frozenset" ||
      name == "sorted" || name == "reversed") {
    std::vector<value> items;
    if (!a.empty()) {
      std::optional<std::vector<value>> it = iterate(a[0]);
      if (!it) return fail(site, fmt::format("'{}' object is not iterable", type_name(a[0])));
      items = std::move(*it);
    }
    if (name == "sorted") {
      const value* reverse = args.keyword("reverse");
      if (args.keyword("key") != nullptr) return fail(site, "key= functions are not modelled");
      return sorted_of(std::move(items), reverse != nullptr && truthiness(*reverse).value_or(false),
                       site);
    }
    if (name == "reversed") {
      std::reverse(items.begin(), items.end());
      return make_sequence(value_kind::list, std::move(items), origin);
    }
    if (name == "set" || name == "frozenset") {
      std::vector<value> unique;
      for (value& v : items) {
        bool dup = false;
        for (const value& u : unique) {
          std::optional<bool> eq = equals(u, v);
          if (eq && *eq) dup = true;
        }
        if (!dup) unique.push_back(std::move(v));
      }
      return make_sequence(value_kind::set, std::move(unique), origin);
    }
    return make_sequence(name == "list" ? value_kind::list : value_kind::tuple, std::move(items),
                         origin);
  }
  if (name == "dict") {
    value d = make_dict(origin);
    if (!a.empty()) {
      if (a[0].kind == value_kind::dict) {
        d.dict->entries = a[0].dict->entries;
      } else {
        std::optional<std::vector<value>> pairs = iterate(a[0]);
        if (!pairs) return fail(site, "the argument of dict() is not known");
        for (const value& p : *pairs) {
          std::optional<std::vector<value>> kv = iterate(p);
          if (!kv || kv->size() != 2)
            return fail(site, "dictionary update sequence element has the wrong length");
          dict_store(*d.dict, (*kv)[0], (*kv)[1]);
        }
      }
    }
    for (const auto& [k, v] : args.keywords) dict_store(*d.dict, make_str(k, origin), v);
    return d;
  }
  if (name == "range") {
    std::int64_t start = 0;
    std::int64_t stop = 0;
    std::int64_t step = 1;
    for (const value& x : a) {
      if (x.kind != value_kind::integer) return fail(site, "range() arguments must be integers");
    }
    if (a.size() == 1)
      stop = a[0].integer;
    else if (a.size() >= 2) {
      start = a[0].integer;
      stop = a[1].integer;
      if (a.size() >= 3) step = a[2].integer;
    }
    if (step == 0) return fail(site, "range() arg 3 must not be zero");
    std::vector<value> items;
    for (std::int64_t i = start; step > 0 ? i < stop : i > stop; i += step) {
      if (static_cast<std::int64_t>(items.size()) >= max_loop_iterations) {
        return fail(site, "the range is too long to enumerate");
      }
      items.push_back(make_int(i, origin));
    }
    return make_sequence(value_kind::list, std::move(items), origin);
  }
  if (name == "enumerate" || name == "zip") {
    std::vector<std::vector<value>> lists;
    for (std::size_t i = 0; i < a.size() && (name == "zip" || i == 0); ++i) {
      std::optional<std::vector<value>> it = iterate(a[i]);
      if (!it) return fail(site, "the iterable is not known");
      lists.push_back(std::move(*it));
    }
    std::vector<value> out;
    if (name == "enumerate") {
      if (lists.empty()) return fail(site, "enumerate() needs an iterable");
      std::int64_t start = 0;
      if (const value* s = args.get(1, "start"); s != nullptr && s->kind == value_kind::integer)
        start = s->integer;
      for (std::size_t i = 0; i < lists[0].size(); ++i) {
        out.push_back(make_sequence(
            value_kind::tuple,
            {make_int(start + static_cast<std::int64_t>(i), origin), lists[0][i]}, origin));
      }
    } else {
      std::size_t n = lists.empty() ? 0 : lists[0].size();
      for (const auto& l : lists) n = std::min(n, l.size());
      for (std::size_t i = 0; i < n; ++i) {
        std::vector<value> t;
        for (const auto& l : lists) t.push_back(l[i]);
        out.push_back(make_sequence(value_kind::tuple, std::move(t), origin));
      }
    }
    return make_sequence(value_kind::list, std::move(out), origin);
  }
  if (name == "any" || name == "all") {
    if (!need(1)) return fail(site, "any()/all() need an iterable");
    std::optional<std::vector<value>> it = iterate(a[0]);
    if (!it) return fail(site, "the iterable is not known");
    bool is_any = name == "any";
    bool unknown = false;
    for (const value& x : *it) {
      std::optional<bool> t = truthiness(x);
      if (!t)
        unknown = true;
      else if (*t == is_any)
        return make_bool(is_any, origin);
    }
    if (unknown) return fail(site, "an element's truth value is not known");
    return make_bool(!is_any, origin);
  }
  if (name == "sum") {
    if (!need(1)) return fail(site, "sum() needs an iterable");
    std::optional<std::vector<value>> it = iterate(a[0]);
    if (!it) return fail(site, "the iterable is not known");
    value total = a.size() > 1 ? a[1] : make_int(0, origin);
    for (const value& x : *it) total = binary_op("+", total, x, {site.expr, origin});
    return total;
  }
  if (name == "format") {
    if (!need(1)) return fail(site, "format() needs a value");
    std::string error;
    std::optional<std::string> s =
        format_value(a[0], a.size() > 1 && a[1].kind == value_kind::string ? a[1].text : "", error);
    if (!s) return fail(site, error);
    return make_str(*s, origin);
  }
  return std::nullopt;
}

// ---- methods ------------------------------------------------------------------------------------

namespace {

constexpr std::array<std::string_view, 33> str_methods = {
    "lower",     "upper",      "strip",      "lstrip",       "rstrip",       "split", "rsplit",
    "join",      "replace",    "startswith", "endswith",     "format",       "title", "capitalize",
    "isdigit",   "isnumeric",  "isalpha",    "isalnum",      "count",        "find",  "rfind",
    "partition", "rpartition", "splitlines", "removeprefix", "removesuffix", "zfill", "encode",
    "decode",    "casefold",   "isdecimal",  "islower",      "isupper"};
constexpr std::array<std::string_view, 12> dict_methods = {
    "get",    "update", "setdefault", "copy",     "items",   "keys",
    "values", "pop",    "clear",      "fromkeys", "popitem", "__getitem__"};
constexpr std::array<std::string_view, 10> list_methods = {
    "append", "extend", "insert", "copy", "index", "count", "pop", "remove", "clear", "sort"};
constexpr std::array<std::string_view, 6> set_methods = {"add",    "update", "discard",
                                                         "remove", "union",  "copy"};

template <std::size_t N>
bool in(const std::array<std::string_view, N>& names, std::string_view n) {
  return std::find(names.begin(), names.end(), n) != names.end();
}

std::vector<value> split_text(const std::string& s, const value* sep, std::int64_t maxsplit,
                              bool from_right, const source& origin) {
  std::vector<std::string> parts;
  if (sep == nullptr || sep->kind == value_kind::none) {
    // Runs of whitespace separate; leading/trailing whitespace is dropped.
    std::vector<std::pair<std::size_t, std::size_t>> words;
    std::size_t i = 0;
    while (i < s.size()) {
      while (i < s.size() && whitespace.find(s[i]) != std::string_view::npos) ++i;
      std::size_t b = i;
      while (i < s.size() && whitespace.find(s[i]) == std::string_view::npos) ++i;
      if (i > b) words.emplace_back(b, i);
    }
    if (maxsplit >= 0 && static_cast<std::int64_t>(words.size()) > maxsplit + 1) {
      if (!from_right) {
        auto keep = static_cast<std::size_t>(maxsplit);
        for (std::size_t w = 0; w < keep; ++w)
          parts.push_back(s.substr(words[w].first, words[w].second - words[w].first));
        parts.push_back(strip_chars(s.substr(words[keep].first), whitespace, false, true));
      } else {
        std::size_t first = words.size() - static_cast<std::size_t>(maxsplit);
        parts.push_back(strip_chars(s.substr(0, words[first - 1].second), whitespace, true, false));
        for (std::size_t w = first; w < words.size(); ++w)
          parts.push_back(s.substr(words[w].first, words[w].second - words[w].first));
      }
    } else {
      for (auto [b, e] : words) parts.push_back(s.substr(b, e - b));
    }
  } else {
    const std::string& d = sep->text;
    std::vector<std::size_t> cuts;
    for (std::size_t pos = s.find(d); pos != std::string::npos; pos = s.find(d, pos + d.size()))
      cuts.push_back(pos);
    if (maxsplit >= 0 && static_cast<std::int64_t>(cuts.size()) > maxsplit) {
      if (from_right)
        cuts.erase(cuts.begin(), cuts.end() - maxsplit);
      else
        cuts.resize(static_cast<std::size_t>(maxsplit));
    }
    std::size_t start = 0;
    for (std::size_t c : cuts) {
      parts.push_back(s.substr(start, c - start));
      start = c + d.size();
    }
    parts.push_back(s.substr(start));
  }
  std::vector<value> out;
  for (std::string& p : parts) out.push_back(make_str(std::move(p), origin));
  return out;
}

// str.format (Library reference "Format String Syntax"): {} {0} {name} {name.attr} {0[key]}
// with conversions and specs.
value str_format(interpreter& in, const std::string& fmt_text, const call_args& args,
                 const call_site& site) {
  std::string out;
  std::size_t auto_index = 0;
  for (std::size_t i = 0; i < fmt_text.size(); ++i) {
    char c = fmt_text[i];
    if (c == '}') {
      if (i + 1 < fmt_text.size() && fmt_text[i + 1] == '}') ++i;
      out += '}';
      continue;
    }
    if (c != '{') {
      out += c;
      continue;
    }
    if (i + 1 < fmt_text.size() && fmt_text[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    std::size_t close = fmt_text.find('}', i);
    if (close == std::string::npos) return fail(site, "Single '{' encountered in format string");
    std::string field = fmt_text.substr(i + 1, close - i - 1);
    i = close;
    std::string spec;
    std::string conversion;
    if (std::size_t colon = field.find(':'); colon != std::string::npos) {
      spec = field.substr(colon + 1);
      field.resize(colon);
    }
    if (std::size_t bang = field.find('!'); bang != std::string::npos) {
      conversion = field.substr(bang + 1);
      field.resize(bang);
    }
    std::size_t name_end = field.find_first_of(".[");
    std::string head = field.substr(0, name_end);
    const value* arg = nullptr;
    if (head.empty()) {
      arg = auto_index < args.positional.size() ? &args.positional[auto_index] : nullptr;
      ++auto_index;
    } else if (std::isdigit(static_cast<unsigned char>(head[0]))) {
      std::size_t idx = std::stoul(head);
      arg = idx < args.positional.size() ? &args.positional[idx] : nullptr;
    } else {
      arg = args.keyword(head);
    }
    if (arg == nullptr)
      return fail(site, fmt::format("replacement field {} has no argument", string_repr(field)));
    value v = *arg;
    std::size_t pos = name_end;
    while (pos != std::string::npos && pos < field.size()) {
      if (field[pos] == '.') {
        std::size_t next = field.find_first_of(".[", pos + 1);
        v = in.attribute(
            v,
            field.substr(pos + 1, next == std::string::npos ? std::string::npos : next - pos - 1),
            site);
        pos = next;
      } else {
        std::size_t rb = field.find(']', pos);
        if (rb == std::string::npos) return fail(site, "Missing ']' in format string");
        std::string key = field.substr(pos + 1, rb - pos - 1);
        value k = !key.empty() && std::all_of(key.begin(), key.end(),
                                              [](char ch) {
                                                return std::isdigit(static_cast<unsigned char>(ch));
                                              })
                      ? make_int(std::stoll(key), {})
                      : make_str(key, {});
        if (v.kind == value_kind::dict) {
          const value* found = dict_lookup(*v.dict, k);
          if (found == nullptr) return fail(site, "KeyError: " + python_repr(k));
          v = *found;
        } else if (v.items && k.kind == value_kind::integer &&
                   static_cast<std::size_t>(k.integer) < v.items->size()) {
          v = (*v.items)[static_cast<std::size_t>(k.integer)];
        } else {
          return fail(site, "a format field's index is not known");
        }
        pos = rb + 1;
      }
    }
    if (!v.is_known())
      return fail(site,
                  v.kind == value_kind::unknown ? v.reason : "a formatted value has alternatives");
    if (conversion == "r" || conversion == "a")
      v = make_str(python_repr(v), {});
    else if (conversion == "s")
      v = make_str(python_str(v), {});
    std::string error;
    std::optional<std::string> piece = format_value(v, spec, error);
    if (!piece) return fail(site, error);
    out += *piece;
  }
  return make_str(std::move(out), site.origin());
}

std::optional<value> string_method(interpreter& in, const value& self, const std::string& m,
                                   call_args& args, const call_site& site) {
  const std::string& s = self.text;
  source origin = site.origin();
  const std::vector<value>& a = args.positional;
  if (m == "format") return str_format(in, s, args, site);
  if (std::optional<value> u = unknown_argument(args, site)) return u;
  auto str_arg = [&](std::size_t i, std::string_view name) -> const value* {
    const value* v = args.get(i, name);
    return v != nullptr && v->kind == self.kind ? v : nullptr;
  };
  auto ascii_map = [&](auto fn) {
    std::string out = s;
    for (char& c : out) c = static_cast<char>(fn(static_cast<unsigned char>(c)));
    value v = make_str(std::move(out), origin);
    v.kind = self.kind;
    return v;
  };
  if (m == "lower" || m == "casefold") return ascii_map([](int c) { return std::tolower(c); });
  if (m == "upper") return ascii_map([](int c) { return std::toupper(c); });
  if (m == "strip" || m == "lstrip" || m == "rstrip") {
    const value* chars = args.get(0, "chars");
    std::string_view set =
        chars != nullptr && chars->kind == self.kind ? std::string_view(chars->text) : whitespace;
    value v = make_str(strip_chars(s, set, m != "rstrip", m != "lstrip"), origin);
    v.kind = self.kind;
    return v;
  }
  if (m == "split" || m == "rsplit") {
    const value* sep = args.get(0, "sep");
    const value* maxsplit = args.get(1, "maxsplit");
    if (sep != nullptr && sep->kind == self.kind && sep->text.empty())
      return fail(site, "empty separator");
    std::int64_t n =
        maxsplit != nullptr && maxsplit->kind == value_kind::integer ? maxsplit->integer : -1;
    return make_sequence(value_kind::list, split_text(s, sep, n, m == "rsplit", origin), origin);
  }
  if (m == "splitlines") {
    std::vector<value> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s[i] == '\n' || s[i] == '\r') {
        out.push_back(make_str(s.substr(start, i - start), origin));
        if (s[i] == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
        start = i + 1;
      }
    }
    if (start < s.size()) out.push_back(make_str(s.substr(start), origin));
    return make_sequence(value_kind::list, std::move(out), origin);
  }
  if (m == "join") {
    if (a.empty()) return fail(site, "join() takes exactly one argument");
    std::optional<std::vector<value>> items = iterate(a[0]);
    if (!items) return fail(site, "the joined iterable is not known");
    std::string out;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const value& x = (*items)[i];
      if (x.kind != value_kind::string) {
        return fail(site, x.kind == value_kind::unknown
                              ? x.reason
                              : fmt::format("sequence item {}: expected str instance, {} found", i,
                                            type_name(x)));
      }
      if (i != 0) out += s;
      out += x.text;
    }
    return make_str(std::move(out), origin);
  }
  if (m == "replace") {
    const value* old = str_arg(0, "old");
    const value* rep = str_arg(1, "new");
    if (old == nullptr || rep == nullptr) return fail(site, "replace() arguments must be strings");
    const value* count = args.get(2, "count");
    std::int64_t limit =
        count != nullptr && count->kind == value_kind::integer ? count->integer : -1;
    std::string out;
    if (old->text.empty()) return fail(site, "replacing the empty string is not modelled");
    std::size_t pos = 0;
    std::int64_t done = 0;
    for (std::size_t at = s.find(old->text); at != std::string::npos && (limit < 0 || done < limit);
         at = s.find(old->text, pos)) {
      out += s.substr(pos, at - pos) + rep->text;
      pos = at + old->text.size();
      ++done;
    }
    out += s.substr(pos);
    value v = make_str(std::move(out), origin);
    v.kind = self.kind;
    return v;
  }
  if (m == "startswith" || m == "endswith") {
    const value* x = args.get(0, "prefix");
    std::vector<value> options;
    if (x != nullptr && x->kind == value_kind::tuple)
      options = *x->items;
    else if (x != nullptr)
      options.push_back(*x);
    for (const value& o : options) {
      if (o.kind != self.kind)
        return fail(site, "startswith/endswith argument must be str or a tuple of str");
      bool hit = m == "startswith"
                     ? s.compare(0, o.text.size(), o.text) == 0 && s.size() >= o.text.size()
                     : s.size() >= o.text.size() &&
                           s.compare(s.size() - o.text.size(), o.text.size(), o.text) == 0;
      if (hit) return make_bool(true, origin);
    }
    return make_bool(false, origin);
  }
  if (m == "removeprefix" || m == "removesuffix") {
    const value* x = str_arg(0, "prefix");
    if (x == nullptr) return fail(site, "the argument must be a string");
    std::string out = s;
    if (m == "removeprefix" && s.rfind(x->text, 0) == 0) out = s.substr(x->text.size());
    if (m == "removesuffix" && s.size() >= x->text.size() &&
        s.compare(s.size() - x->text.size(), x->text.size(), x->text) == 0) {
      out = s.substr(0, s.size() - x->text.size());
    }
    return make_str(std::move(out), origin);
  }
  auto all_of = [&](auto pred) {
    return make_bool(
        !s.empty() && std::all_of(s.begin(), s.end(),
                                  [&](char c) { return pred(static_cast<unsigned char>(c)); }),
        origin);
  };
  if (m == "isdigit" || m == "isnumeric" || m == "isdecimal")
    return all_of([](int c) { return std::isdigit(c) != 0; });
  if (m == "isalpha") return all_of([](int c) { return std::isalpha(c) != 0; });
  if (m == "isalnum") return all_of([](int c) { return std::isalnum(c) != 0; });
  if (m == "islower" || m == "isupper") {
    bool cased = false;
    for (char c : s) {
      auto u = static_cast<unsigned char>(c);
      if (std::isalpha(u)) {
        cased = true;
        if ((m == "islower") != (std::islower(u) != 0)) return make_bool(false, origin);
      }
    }
    return make_bool(cased, origin);
  }
  if (m == "title" || m == "capitalize") {
    std::string out = s;
    bool start = true;
    for (std::size_t i = 0; i < out.size(); ++i) {
      auto u = static_cast<unsigned char>(out[i]);
      if (m == "capitalize") {
        out[i] = static_cast<char>(i == 0 ? std::toupper(u) : std::tolower(u));
      } else {
        out[i] = static_cast<char>(start ? std::toupper(u) : std::tolower(u));
        start = !std::isalpha(u);
      }
    }
    return make_str(std::move(out), origin);
  }
  if (m == "count" || m == "find" || m == "rfind") {
    const value* x = str_arg(0, "sub");
    if (x == nullptr) return fail(site, "the argument must be a string");
    if (m == "find") {
      std::size_t p = s.find(x->text);
      return make_int(p == std::string::npos ? -1 : static_cast<std::int64_t>(p), origin);
    }
    if (m == "rfind") {
      std::size_t p = s.rfind(x->text);
      return make_int(p == std::string::npos ? -1 : static_cast<std::int64_t>(p), origin);
    }
    if (x->text.empty()) return make_int(static_cast<std::int64_t>(s.size()) + 1, origin);
    std::int64_t n = 0;
    for (std::size_t p = s.find(x->text); p != std::string::npos;
         p = s.find(x->text, p + x->text.size()))
      ++n;
    return make_int(n, origin);
  }
  if (m == "partition" || m == "rpartition") {
    const value* x = str_arg(0, "sep");
    if (x == nullptr || x->text.empty())
      return fail(site, "the separator must be a non-empty string");
    std::size_t p = m == "partition" ? s.find(x->text) : s.rfind(x->text);
    std::vector<value> parts;
    if (p == std::string::npos) {
      parts =
          m == "partition"
              ? std::vector<value>{make_str(s, origin), make_str("", origin), make_str("", origin)}
              : std::vector<value>{make_str("", origin), make_str("", origin), make_str(s, origin)};
    } else {
      parts = {make_str(s.substr(0, p), origin), make_str(x->text, origin),
               make_str(s.substr(p + x->text.size()), origin)};
    }
    return make_sequence(value_kind::tuple, std::move(parts), origin);
  }
  if (m == "zfill") {
    const value* w = args.get(0, "width");
    if (w == nullptr || w->kind != value_kind::integer)
      return fail(site, "zfill() needs an integer width");
    std::string out = s;
    if (static_cast<std::int64_t>(out.size()) < w->integer) {
      std::size_t sign = !out.empty() && (out[0] == '+' || out[0] == '-') ? 1 : 0;
      out.insert(sign, static_cast<std::size_t>(w->integer) - out.size(), '0');
    }
    return make_str(std::move(out), origin);
  }
  if (m == "encode") return make_bytes(s, origin);
  if (m == "decode") return make_str(s, origin);
  return std::nullopt;
}

void log_mutation(interpreter& in, const std::string& path, const std::string& suffix,
                  const value& v, const call_site& site) {
  if (path.empty()) return;
  in.log_write(path + suffix, v, site.where, write_event::how::mutation, false);
}

std::optional<value> dict_method(interpreter& in, const value& self, const std::string& m,
                                 call_args& args, const call_site& site, const std::string& path) {
  dict_object& d = *self.dict;
  source origin = site.origin();
  const std::vector<value>& a = args.positional;
  if (m == "get" || m == "__getitem__") {
    if (a.empty()) return fail(site, "get() needs a key");
    if (!a[0].is_known())
      return fail(site, a[0].kind == value_kind::unknown ? a[0].reason : "the key is not known");
    if (const value* v = dict_lookup(d, a[0])) return *v;
    if (m == "__getitem__") return fail(site, "KeyError: " + python_repr(a[0]));
    return a.size() > 1 ? a[1] : make_none(origin);
  }
  if (m == "update") {
    std::vector<dict_entry> updates;
    if (!a.empty()) {
      if (a[0].kind == value_kind::dict) {
        updates = a[0].dict->entries;
      } else if (std::optional<std::vector<value>> pairs = iterate(a[0])) {
        for (const value& p : *pairs) {
          std::optional<std::vector<value>> kv = iterate(p);
          if (!kv || kv->size() != 2)
            return fail(site, "dictionary update sequence element has the wrong length");
          updates.push_back({(*kv)[0], (*kv)[1]});
        }
      } else {
        // Unknown update: every existing member may change; keep them, mark the log.
        for (dict_entry& e : d.entries) {
          e.val =
              make_unknown(site.expr,
                           a[0].kind == value_kind::unknown ? a[0].reason
                                                            : "updated with data that is not known",
                           origin);
        }
        log_mutation(in, path, "", a[0], site);
        return make_none(origin);
      }
    }
    for (const auto& [k, v] : args.keywords) updates.push_back({make_str(k, origin), v});
    for (dict_entry& e : updates) {
      dict_store(d, e.key, e.val);
      log_mutation(in, path, "[" + python_repr(e.key) + "]", e.val, site);
    }
    return make_none(origin);
  }
  if (m == "setdefault") {
    if (a.empty() || !a[0].is_known()) return fail(site, "setdefault() key is not known");
    if (const value* v = dict_lookup(d, a[0])) return *v;
    value dflt = a.size() > 1 ? a[1] : make_none(origin);
    dict_store(d, a[0], dflt);
    log_mutation(in, path, "[" + python_repr(a[0]) + "]", dflt, site);
    return dflt;
  }
  if (m == "pop") {
    if (a.empty() || !a[0].is_known()) return fail(site, "pop() key is not known");
    if (const value* v = dict_lookup(d, a[0])) {
      value out = *v;
      dict_erase(d, a[0]);
      log_mutation(in, path, "[" + python_repr(a[0]) + "]", make_absent(), site);
      return out;
    }
    if (a.size() > 1) return a[1];
    return fail(site, "KeyError: " + python_repr(a[0]));
  }
  if (m == "copy") {
    value out = make_dict(origin);
    out.dict->entries = d.entries;
    return out;
  }
  if (m == "clear") {
    d.entries.clear();
    return make_none(origin);
  }
  if (m == "keys" || m == "values" || m == "items") {
    std::vector<value> out;
    for (const dict_entry& e : d.entries) {
      if (m == "keys")
        out.push_back(e.key);
      else if (m == "values")
        out.push_back(e.val);
      else
        out.push_back(make_sequence(value_kind::tuple, {e.key, e.val}, origin));
    }
    return make_sequence(value_kind::list, std::move(out), origin);
  }
  return std::nullopt;
}

std::optional<value> list_method(interpreter& in, const value& self, const std::string& m,
                                 call_args& args, const call_site& site, const std::string& path) {
  std::vector<value>& items = *self.items;
  source origin = site.origin();
  const std::vector<value>& a = args.positional;
  if (self.kind == value_kind::set) {
    if (m == "add" && !a.empty()) {
      bool dup = false;
      for (const value& x : items) {
        std::optional<bool> eq = equals(x, a[0]);
        if (eq && *eq) dup = true;
      }
      if (!dup) items.push_back(a[0]);
      log_mutation(in, path, "", self, site);
      return make_none(origin);
    }
    if ((m == "update" || m == "union") && !a.empty()) {
      std::optional<std::vector<value>> more = iterate(a[0]);
      if (!more) return fail(site, "the iterable is not known");
      value target = m == "union" ? make_sequence(value_kind::set, items, origin) : self;
      for (const value& y : *more) {
        bool dup = false;
        for (const value& x : *target.items) {
          std::optional<bool> eq = equals(x, y);
          if (eq && *eq) dup = true;
        }
        if (!dup) target.items->push_back(y);
      }
      if (m == "union") return target;
      log_mutation(in, path, "", self, site);
      return make_none(origin);
    }
    if (m == "copy") return make_sequence(value_kind::set, items, origin);
    return std::nullopt;
  }
  if (m == "append") {
    if (a.empty()) return fail(site, "append() takes exactly one argument");
    items.push_back(a[0]);
    log_mutation(in, path, "", self, site);
    return make_none(origin);
  }
  if (m == "extend") {
    if (a.empty()) return fail(site, "extend() takes exactly one argument");
    std::optional<std::vector<value>> more = iterate(a[0]);
    if (!more) return fail(site, "the iterable is not known");
    items.insert(items.end(), more->begin(), more->end());
    log_mutation(in, path, "", self, site);
    return make_none(origin);
  }
  if (m == "insert") {
    if (a.size() < 2 || a[0].kind != value_kind::integer)
      return fail(site, "insert() needs an index and a value");
    auto n = static_cast<std::int64_t>(items.size());
    std::int64_t i =
        a[0].integer < 0 ? std::max<std::int64_t>(0, a[0].integer + n) : std::min(a[0].integer, n);
    items.insert(items.begin() + i, a[1]);
    log_mutation(in, path, "", self, site);
    return make_none(origin);
  }
  if (m == "copy") return make_sequence(value_kind::list, items, origin);
  if (m == "clear") {
    items.clear();
    return make_none(origin);
  }
  if (m == "remove" || m == "index" || m == "count") {
    if (a.empty()) return fail(site, "an argument is needed");
    std::int64_t count = 0;
    for (std::size_t i = 0; i < items.size(); ++i) {
      std::optional<bool> eq = equals(items[i], a[0]);
      if (!eq) return fail(site, "an element is not known");
      if (!*eq) continue;
      if (m == "index") return make_int(static_cast<std::int64_t>(i), origin);
      if (m == "remove") {
        items.erase(items.begin() + static_cast<std::ptrdiff_t>(i));
        log_mutation(in, path, "", self, site);
        return make_none(origin);
      }
      ++count;
    }
    if (m == "count") return make_int(count, origin);
    return fail(site, fmt::format("{} is not in list", python_repr(a[0])));
  }
  if (m == "pop") {
    if (items.empty()) return fail(site, "pop from empty list");
    std::int64_t i = a.empty() ? -1 : (a[0].kind == value_kind::integer ? a[0].integer : 0);
    auto n = static_cast<std::int64_t>(items.size());
    if (i < 0) i += n;
    if (i < 0 || i >= n) return fail(site, "pop index out of range");
    value out = items[static_cast<std::size_t>(i)];
    items.erase(items.begin() + i);
    log_mutation(in, path, "", self, site);
    return out;
  }
  if (m == "sort") {
    value sorted = sorted_of(items, false, site);
    if (!sorted.is_known()) return sorted;
    items = *sorted.items;
    return make_none(origin);
  }
  return std::nullopt;
}

}  // namespace

bool has_method(const value& receiver, std::string_view method) {
  switch (receiver.kind) {
    case value_kind::string:
    case value_kind::bytes:
      return in(str_methods, method);
    case value_kind::dict:
      return in(dict_methods, method);
    case value_kind::list:
      return in(list_methods, method);
    case value_kind::set:
      return in(set_methods, method);
    case value_kind::tuple:
      return method == "index" || method == "count";
    default:
      return false;
  }
}

std::optional<value> call_method(interpreter& in, const value& receiver, const std::string& method,
                                 call_args& args, const call_site& site,
                                 const std::string& receiver_path) {
  switch (receiver.kind) {
    case value_kind::string:
    case value_kind::bytes:
      return string_method(in, receiver, method, args, site);
    case value_kind::dict:
      return dict_method(in, receiver, method, args, site, receiver_path);
    case value_kind::list:
    case value_kind::set:
      return list_method(in, receiver, method, args, site, receiver_path);
    case value_kind::tuple: {
      value as_list = receiver;
      as_list.kind = value_kind::list;
      return list_method(in, as_list, method, args, site, {});
    }
    default:
      return std::nullopt;
  }
}

}  // namespace connplan::python::detail
