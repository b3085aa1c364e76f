#include "pyeval/values.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "connplan/redact.hpp"

namespace connplan::python {

const value* dict_object::find(std::string_view string_key) const {
  for (const dict_entry& e : entries) {
    if (e.key.kind == value_kind::string && e.key.text == string_key) return &e.val;
  }
  return nullptr;
}

value* dict_object::find(std::string_view string_key) {
  for (dict_entry& e : entries) {
    if (e.key.kind == value_kind::string && e.key.text == string_key) return &e.val;
  }
  return nullptr;
}

}  // namespace connplan::python

namespace connplan::python::detail {

value make_none(source origin) {
  value v;
  v.kind = value_kind::none;
  v.origin = std::move(origin);
  return v;
}

value make_bool(bool b, source origin) {
  value v;
  v.kind = value_kind::boolean;
  v.boolean = b;
  v.origin = std::move(origin);
  return v;
}

value make_int(std::int64_t i, source origin) {
  value v;
  v.kind = value_kind::integer;
  v.integer = i;
  v.origin = std::move(origin);
  return v;
}

value make_float(double d, source origin) {
  value v;
  v.kind = value_kind::floating;
  v.floating = d;
  v.origin = std::move(origin);
  return v;
}

value make_str(std::string s, source origin) {
  value v;
  v.kind = value_kind::string;
  v.text = std::move(s);
  v.origin = std::move(origin);
  return v;
}

value make_bytes(std::string s, source origin) {
  value v = make_str(std::move(s), std::move(origin));
  v.kind = value_kind::bytes;
  return v;
}

value make_sequence(value_kind kind, std::vector<value> items, source origin) {
  value v;
  v.kind = kind;
  v.items = std::make_shared<std::vector<value>>(std::move(items));
  v.origin = std::move(origin);
  return v;
}

value make_dict(source origin) {
  value v;
  v.kind = value_kind::dict;
  v.dict = std::make_shared<dict_object>();
  v.origin = std::move(origin);
  return v;
}

value make_unknown(std::string_view expr, std::string reason, source origin) {
  value v;
  v.kind = value_kind::unknown;
  // CONTRACTS.md §9: the expression text may hold a URL with a password.
  v.expr = redact_secrets(expr);
  v.reason = redact_secrets(reason);
  v.origin = std::move(origin);
  return v;
}

value make_absent() {
  value v;
  v.kind = value_kind::absent;
  return v;
}

value make_opaque(value_kind kind, std::string name, source origin) {
  value v;
  v.kind = kind;
  v.text = std::move(name);
  v.origin = std::move(origin);
  return v;
}

bool is_number(const value& v) {
  return v.kind == value_kind::boolean || v.kind == value_kind::integer ||
         v.kind == value_kind::floating;
}

double as_double(const value& v) {
  switch (v.kind) {
    case value_kind::boolean:
      return v.boolean ? 1.0 : 0.0;
    case value_kind::integer:
      return static_cast<double>(v.integer);
    case value_kind::floating:
      return v.floating;
    default:
      return 0.0;
  }
}

std::string_view type_name(const value& v) {
  switch (v.kind) {
    case value_kind::none:
      return "NoneType";
    case value_kind::boolean:
      return "bool";
    case value_kind::integer:
      return "int";
    case value_kind::floating:
      return "float";
    case value_kind::string:
      return "str";
    case value_kind::bytes:
      return "bytes";
    case value_kind::list:
      return "list";
    case value_kind::tuple:
      return "tuple";
    case value_kind::set:
      return "set";
    case value_kind::dict:
      return "dict";
    case value_kind::callable:
      return "function";
    case value_kind::module:
      return "module";
    case value_kind::object:
      return "object";
    case value_kind::unknown:
      return "unknown";
    case value_kind::alternatives:
      return "alternatives";
    case value_kind::absent:
      return "absent";
  }
  return "object";
}

std::optional<bool> truthiness(const value& v) {
  switch (v.kind) {
    case value_kind::none:
      return false;
    case value_kind::boolean:
      return v.boolean;
    case value_kind::integer:
      return v.integer != 0;
    case value_kind::floating:
      return v.floating != 0.0;
    case value_kind::string:
    case value_kind::bytes:
      return !v.text.empty();
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set:
      return v.items && !v.items->empty();
    case value_kind::dict:
      return v.dict && !v.dict->entries.empty();
    case value_kind::callable:
    case value_kind::module:
      return true;
    case value_kind::object:  // an opaque instance may define __bool__ or __len__
    case value_kind::unknown:
    case value_kind::absent:
      return std::nullopt;
    case value_kind::alternatives: {
      std::optional<bool> first;
      for (const value& a : v.alternatives) {
        std::optional<bool> t = truthiness(a);
        if (!t) return std::nullopt;
        if (!first) first = t;
        if (*first != *t) return std::nullopt;
      }
      return first;
    }
  }
  return std::nullopt;
}

namespace {

std::optional<bool> equals_at(const value& a, const value& b, int depth);

std::optional<bool> sequence_equals(const value& a, const value& b, int depth) {
  if (a.items == b.items) return true;
  if (a.items->size() != b.items->size()) return false;
  for (std::size_t i = 0; i < a.items->size(); ++i) {
    std::optional<bool> e = equals_at((*a.items)[i], (*b.items)[i], depth + 1);
    if (!e || !*e) return e;
  }
  return true;
}

std::optional<bool> unordered_equals(const value& a, const value& b, int depth) {
  if (a.items->size() != b.items->size()) return false;
  for (const value& x : *a.items) {
    bool found = false;
    for (const value& y : *b.items) {
      std::optional<bool> e = equals_at(x, y, depth + 1);
      if (!e) return std::nullopt;
      if (*e) {
        found = true;
        break;
      }
    }
    if (!found) return false;
  }
  return true;
}

std::optional<bool> dict_equals(const value& a, const value& b, int depth) {
  if (a.dict == b.dict) return true;
  if (a.dict->entries.size() != b.dict->entries.size()) return false;
  for (const dict_entry& e : a.dict->entries) {
    const value* other = dict_lookup(*b.dict, e.key);
    if (other == nullptr) return false;
    std::optional<bool> eq = equals_at(e.val, *other, depth + 1);
    if (!eq || !*eq) return eq;
  }
  return true;
}

std::optional<bool> equals_at(const value& a, const value& b, int depth) {
  if (!a.is_known() || !b.is_known()) return std::nullopt;
  if (depth > max_value_depth) return std::nullopt;
  if (is_number(a) && is_number(b)) {
    if (a.kind == value_kind::floating || b.kind == value_kind::floating) {
      return as_double(a) == as_double(b);
    }
    std::int64_t x = a.kind == value_kind::boolean ? a.boolean : a.integer;
    std::int64_t y = b.kind == value_kind::boolean ? b.boolean : b.integer;
    return x == y;
  }
  if (a.kind != b.kind) return false;
  switch (a.kind) {
    case value_kind::none:
      return true;
    case value_kind::string:
    case value_kind::bytes:
      return a.text == b.text;
    case value_kind::list:
    case value_kind::tuple:
      return sequence_equals(a, b, depth);
    case value_kind::set:
      return unordered_equals(a, b, depth);
    case value_kind::dict:
      return dict_equals(a, b, depth);
    case value_kind::callable:
    case value_kind::module:
    case value_kind::object:
      // Identity: the same evaluator object, or the same opaque name.
      if (a.internal || b.internal) return a.internal == b.internal;
      if (a.dict || b.dict) return a.dict == b.dict;
      return a.text == b.text;
    default:
      return std::nullopt;
  }
}

void append_repr(std::string& out, const value& v, int depth);

void append_items(std::string& out, const std::vector<value>& items, int depth) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i != 0) out += ", ";
    append_repr(out, items[i], depth + 1);
  }
}

void append_repr(std::string& out, const value& v, int depth) {
  if (depth > max_value_depth) {
    out += "...";
    return;
  }
  switch (v.kind) {
    case value_kind::none:
      out += "None";
      return;
    case value_kind::boolean:
      out += v.boolean ? "True" : "False";
      return;
    case value_kind::integer:
      out += std::to_string(v.integer);
      return;
    case value_kind::floating:
      out += float_repr(v.floating);
      return;
    case value_kind::string:
      out += string_repr(v.text);
      return;
    case value_kind::bytes: {
      // Python's bytes repr shows bytes above 0x7f as \xNN (the text stays valid UTF-8).
      out += 'b';
      for (char ch : string_repr(v.text)) {
        const auto c = static_cast<unsigned char>(ch);
        if (c >= 0x80) {
          out += fmt::format("\\x{:02x}", c);
        } else {
          out += ch;
        }
      }
      return;
    }
    case value_kind::list:
      out += '[';
      append_items(out, *v.items, depth);
      out += ']';
      return;
    case value_kind::tuple:
      out += '(';
      append_items(out, *v.items, depth);
      if (v.items->size() == 1) out += ',';
      out += ')';
      return;
    case value_kind::set:
      if (v.items->empty()) {
        out += "set()";
        return;
      }
      out += '{';
      append_items(out, *v.items, depth);
      out += '}';
      return;
    case value_kind::dict:
      out += '{';
      for (std::size_t i = 0; i < v.dict->entries.size(); ++i) {
        if (i != 0) out += ", ";
        append_repr(out, v.dict->entries[i].key, depth + 1);
        out += ": ";
        append_repr(out, v.dict->entries[i].val, depth + 1);
      }
      out += '}';
      return;
    case value_kind::callable:
    case value_kind::module:
    case value_kind::object:
      out += "<" + v.text + ">";
      return;
    case value_kind::unknown:
      out += "<unknown: " + v.expr + ">";
      return;
    case value_kind::absent:
      out += "<unbound>";
      return;
    case value_kind::alternatives:
      out += "<one of: ";
      append_items(out, v.alternatives, depth);
      out += ">";
      return;
  }
}

}  // namespace

std::optional<bool> equals(const value& a, const value& b) {
  return equals_at(a, b, 0);
}

namespace {

// Structural sameness: equal known values of the same kind, the same unknown expression, and
// containers whose members are the same in that sense (so alternatives built from copies of the
// same dict collapse even when some members are unknown).
bool same_at(const value& a, const value& b, int depth) {
  if (a.kind != b.kind) return false;
  if (depth > max_value_depth) return false;
  switch (a.kind) {
    case value_kind::absent:
      return true;
    case value_kind::unknown:
      return a.expr == b.expr && a.reason == b.reason;
    case value_kind::alternatives:
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set: {
      const std::vector<value>& x = a.kind == value_kind::alternatives ? a.alternatives : *a.items;
      const std::vector<value>& y = b.kind == value_kind::alternatives ? b.alternatives : *b.items;
      if (&x == &y) return true;
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (!same_at(x[i], y[i], depth + 1)) return false;
      }
      return true;
    }
    case value_kind::dict: {
      if (a.dict == b.dict) return true;
      if (a.dict->entries.size() != b.dict->entries.size()) return false;
      for (const dict_entry& e : a.dict->entries) {
        const value* other = dict_lookup(*b.dict, e.key);
        if (other == nullptr || !same_at(e.val, *other, depth + 1)) return false;
      }
      return true;
    }
    default: {
      std::optional<bool> e = equals(a, b);
      return e && *e;
    }
  }
}

}  // namespace

bool same_alternative(const value& a, const value& b) {
  return same_at(a, b, 0);
}

std::string float_repr(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  // The shortest digits that round-trip (as Python's repr, Python/pystrtod.c 'r' mode), then
  // Python's layout: positional when -4 <= exponent < 16, else scientific with 2+ digit exponent.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  bool negative = sci[0] == '-';
  if (negative) sci.erase(0, 1);
  std::size_t e_pos = sci.find('e');
  std::string mantissa = sci.substr(0, e_pos);
  int exponent = std::atoi(sci.c_str() + e_pos + 1);
  std::string digits;
  for (char c : mantissa) {
    if (c != '.') digits += c;
  }
  std::string out = negative ? "-" : "";
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) {
      out += "0." + std::string(static_cast<std::size_t>(-exponent - 1), '0') + digits;
    } else if (static_cast<std::size_t>(exponent) + 1 >= digits.size()) {
      out +=
          digits + std::string(static_cast<std::size_t>(exponent) + 1 - digits.size(), '0') + ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(exponent) + 1) + "." +
             digits.substr(static_cast<std::size_t>(exponent) + 1);
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  out += fmt::format("e{}{:02d}", exponent < 0 ? '-' : '+', std::abs(exponent));
  return out;
}

std::string string_repr(std::string_view s) {
  // Python prefers single quotes unless the text holds one and no double quote.
  char quote = (s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos)
                   ? '"'
                   : '\'';
  std::string out(1, quote);
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (ch == quote || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (c < 0x20 || c == 0x7f) {
      out += fmt::format("\\x{:02x}", c);
    } else {
      out += ch;
    }
  }
  out += quote;
  return out;
}

std::string python_repr(const value& v) {
  std::string out;
  append_repr(out, v, 0);
  return out;
}

std::string python_str(const value& v) {
  if (v.kind == value_kind::string) return v.text;
  return python_repr(v);
}

value* dict_lookup(dict_object& d, const value& key) {
  for (dict_entry& e : d.entries) {
    std::optional<bool> eq = equals(e.key, key);
    if (eq && *eq) return &e.val;
  }
  return nullptr;
}

const value* dict_lookup(const dict_object& d, const value& key) {
  return dict_lookup(const_cast<dict_object&>(d), key);
}

void dict_store(dict_object& d, value key, value v) {
  if (value* existing = dict_lookup(d, key)) {
    *existing = std::move(v);  // Python keeps the first key object and its position
    return;
  }
  d.entries.push_back({std::move(key), std::move(v)});
}

bool dict_erase(dict_object& d, const value& key) {
  for (auto it = d.entries.begin(); it != d.entries.end(); ++it) {
    std::optional<bool> eq = equals(it->key, key);
    if (eq && *eq) {
      d.entries.erase(it);
      return true;
    }
  }
  return false;
}

value join_alternatives(const std::vector<value>& vs, std::string_view expr, source origin) {
  std::vector<value> flat;
  auto add = [&](const value& v) {
    for (const value& f : flat) {
      if (same_alternative(f, v)) return;
    }
    flat.push_back(v);
  };
  for (const value& v : vs) {
    if (v.kind == value_kind::alternatives) {
      for (const value& a : v.alternatives) add(a);
    } else {
      add(v);
    }
  }
  if (flat.size() == 1) return flat.front();
  if (flat.size() > max_alternatives) {
    return make_unknown(expr, fmt::format("too many alternatives (more than {})", max_alternatives),
                        std::move(origin));
  }
  value out;
  out.kind = value_kind::alternatives;
  out.alternatives = std::move(flat);
  out.expr = redact_secrets(expr);
  out.origin = std::move(origin);
  return out;
}

const void* container_identity(const value& v) {
  switch (v.kind) {
    case value_kind::list:
    case value_kind::set:
    case value_kind::tuple:
      return v.items.get();
    case value_kind::dict:
      return v.dict.get();
    case value_kind::object:
      return v.dict.get();
    default:
      return nullptr;
  }
}

const value* find_copy(const copy_memo& memo, const void* original) {
  auto it = memo.seen.find(original);
  return it == memo.seen.end() ? nullptr : &it->second;
}

value deep_copy(const value& v, copy_memo& memo, int depth) {
  const void* id = container_identity(v);
  if (id == nullptr) {
    if (v.kind != value_kind::alternatives) return v;
    value out = v;
    for (value& a : out.alternatives) a = deep_copy(a, memo, depth + 1);
    return out;
  }
  if (const value* done = find_copy(memo, id)) {
    value out = *done;
    out.origin = v.origin;
    return out;
  }
  if (depth > max_value_depth) return v;  // deeper than any configuration: shared, not copied
  value out = v;
  if (v.items) {
    out.items = std::make_shared<std::vector<value>>();
    memo.seen.emplace(id, out);
    out.items->reserve(v.items->size());
    for (const value& item : *v.items) out.items->push_back(deep_copy(item, memo, depth + 1));
  } else {
    out.dict = std::make_shared<dict_object>();
    memo.seen.emplace(id, out);
    out.dict->entries.reserve(v.dict->entries.size());
    for (const dict_entry& e : v.dict->entries) {
      out.dict->entries.push_back({e.key, deep_copy(e.val, memo, depth + 1)});
    }
  }
  return out;
}

}  // namespace connplan::python::detail
