#include "gunicorn/validate.hpp"

#include <fmt/format.h>

#include <array>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <limits>
#include <utility>
#include <vector>

#include "connplan/redact.hpp"

namespace connplan::gunicorn::detail {
namespace {

using nlohmann::json;
using python::value;
using python::value_kind;

bool is_space(char c) {
  return c == ' ' || (c >= '\t' && c <= '\r');
}

// str.strip() for ASCII whitespace (the values config files hold).
std::string_view strip(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

validated ok(json v) {
  validated out;
  out.value = std::move(v);
  return out;
}

validated invalid(std::string error) {
  validated out;
  out.status = validated::outcome::invalid;
  out.error = std::move(error);
  return out;
}

validated unknown(std::string reason) {
  validated out;
  out.status = validated::outcome::unknown;
  out.reason = std::move(reason);
  return out;
}

bool is_string(const value& v) {
  return v.kind == value_kind::string;
}
bool is_sequence(const value& v) {
  return v.kind == value_kind::list || v.kind == value_kind::tuple || v.kind == value_kind::set;
}

std::string float_str(double d) {
  if (std::isnan(d)) return "nan";
  if (std::isinf(d)) return d > 0 ? "inf" : "-inf";
  std::string s = fmt::format("{}", d);
  if (s.find_first_of(".e") == std::string::npos) s += ".0";
  return s;
}

// Digits of `text` in `base` with single underscores between them (PEP 515).
std::optional<std::uint64_t> digits(std::string_view text, int base, bool leading_underscore_ok,
                                    bool* overflow) {
  if (text.empty()) return std::nullopt;
  std::uint64_t n = 0;
  bool last_underscore = !leading_underscore_ok;
  bool any = false;
  for (char c : text) {
    if (c == '_') {
      if (last_underscore) return std::nullopt;
      last_underscore = true;
      continue;
    }
    int d = -1;
    if (c >= '0' && c <= '9')
      d = c - '0';
    else if (c >= 'a' && c <= 'z')
      d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'Z')
      d = c - 'A' + 10;
    if (d < 0 || d >= base) return std::nullopt;
    if (n > (std::numeric_limits<std::uint64_t>::max() - static_cast<unsigned>(d)) /
                static_cast<unsigned>(base)) {
      *overflow = true;
    } else {
      n = n * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    }
    last_underscore = false;
    any = true;
  }
  if (last_underscore || !any) return std::nullopt;
  return n;
}

std::optional<std::int64_t> signed_result(bool negative, std::uint64_t n, bool overflow,
                                          bool* too_large) {
  constexpr auto max = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());
  if (overflow || n > max + (negative ? 1 : 0)) {
    if (too_large) *too_large = true;
    return std::nullopt;
  }
  if (negative)
    return n == max + 1 ? std::numeric_limits<std::int64_t>::min() : -static_cast<std::int64_t>(n);
  return static_cast<std::int64_t>(n);
}

std::pair<bool, std::string_view> sign(std::string_view s) {
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    return {s.front() == '-', s.substr(1)};
  }
  return {false, s};
}

std::string not_string(const value& v) {
  return "Not a string: " + python_str(v);
}

// validate_string: None stays None; anything but str is a TypeError; str is stripped.
validated check_string(const value& v) {
  if (v.kind == value_kind::none) return ok(nullptr);
  if (!is_string(v)) return invalid(not_string(v));
  return ok(std::string(strip(v.text)));
}

// A value that could be anything at run time (an opaque instance or call result).
bool opaque(const value& v) {
  return v.kind == value_kind::object;
}

std::optional<bool> falsy(const value& v) {
  switch (v.kind) {
    case value_kind::none:
      return true;
    case value_kind::boolean:
      return !v.boolean;
    case value_kind::integer:
      return v.integer == 0;
    case value_kind::floating:
      return v.floating == 0;
    case value_kind::string:
    case value_kind::bytes:
      return v.text.empty();
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set:
      return !v.items || v.items->empty();
    case value_kind::dict:
      return !v.dict || v.dict->entries.empty();
    case value_kind::callable:
    case value_kind::module:
      return false;
    default:
      return std::nullopt;
  }
}

// validate_list_string: falsy -> []; a str -> [str]; else each element through validate_string.
validated check_list_string(const value& v) {
  if (opaque(v)) return unknown("an object gunicorn would iterate at start");
  if (auto f = falsy(v); f && *f) return ok(json::array());
  if (is_string(v)) return ok(json::array({std::string(strip(v.text))}));
  std::vector<const value*> elements;
  if (is_sequence(v)) {
    for (const auto& item : *v.items) elements.push_back(&item);
  } else if (v.kind == value_kind::dict) {
    for (const auto& entry : v.dict->entries) elements.push_back(&entry.key);
  } else {
    return invalid(
        fmt::format("'{}' object is not iterable", v.kind == value_kind::integer    ? "int"
                                                   : v.kind == value_kind::floating ? "float"
                                                   : v.kind == value_kind::boolean  ? "bool"
                                                                                    : "object"));
  }
  json out = json::array();
  for (const value* e : elements) {
    if (!e->is_known()) return unknown(e->reason.empty() ? "an element is not known" : e->reason);
    validated one = check_string(*e);
    if (one.status != validated::outcome::ok) return one;
    out.push_back(std::move(one.value));
  }
  return ok(std::move(out));
}

// validate_string_to_list: a comma-separated string as a list of stripped items.
validated check_string_to_list(const value& v) {
  validated s = check_string(v);
  if (s.status != validated::outcome::ok) return s;
  if (s.value.is_null() || s.value.get<std::string>().empty()) return ok(json::array());
  json out = json::array();
  std::string_view rest = s.value.get_ref<const std::string&>();
  while (true) {
    auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    if (!item.empty()) out.push_back(std::string(strip(item)));
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return ok(std::move(out));
}

bool ipv4(std::string_view s) {
  int parts = 0;
  while (true) {
    auto dot = s.find('.');
    std::string_view part = s.substr(0, dot);
    if (part.empty() || part.size() > 3) return false;
    int n = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return false;
      n = n * 10 + (c - '0');
    }
    if (n > 255 || (part.size() > 1 && part.front() == '0')) return false;
    ++parts;
    if (dot == std::string_view::npos) break;
    s.remove_prefix(dot + 1);
  }
  return parts == 4;
}

// ipaddress.ip_address: an IPv4 dotted quad or an IPv6 address (checked loosely: hex groups,
// at most one "::", an optional trailing dotted quad).
bool ip_address(std::string_view s) {
  if (ipv4(s)) return true;
  if (s.find(':') == std::string_view::npos) return false;
  if (auto pct = s.find('%'); pct != std::string_view::npos) s = s.substr(0, pct);
  auto double_colon = s.find("::");
  if (double_colon != std::string_view::npos && s.find("::", double_colon + 1) != s.npos) {
    return false;
  }
  int groups = 0;
  std::string_view rest = s;
  while (!rest.empty()) {
    auto colon = rest.find(':');
    std::string_view group = rest.substr(0, colon);
    if (!group.empty()) {
      if (colon == std::string_view::npos && group.find('.') != group.npos) {
        if (!ipv4(group)) return false;
        groups += 2;
        break;
      }
      if (group.size() > 4) return false;
      for (char c : group) {
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
      }
      ++groups;
    }
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return double_colon == std::string_view::npos ? groups == 8 : groups < 8;
}

validated check_string_to_addr_list(const value& v) {
  validated list = check_string_to_list(v);
  if (list.status != validated::outcome::ok) return list;
  for (const auto& item : list.value) {
    const auto& text = item.get_ref<const std::string&>();
    if (text != "*" && !ip_address(text)) {
      return invalid(
          fmt::format("{} does not appear to be an IPv4 or IPv6 address", python_repr(text)));
    }
  }
  return list;
}

validated check_pos_int(const value& v) {
  std::int64_t n = 0;
  if (v.kind == value_kind::integer) {
    n = v.integer;
  } else if (v.kind == value_kind::boolean) {
    n = v.boolean ? 1 : 0;  // "Booleans are ints!" (validate_pos_int)
  } else if (v.kind == value_kind::string || v.kind == value_kind::bytes) {
    bool too_large = false;
    auto parsed = int_base0(v.text, &too_large);
    if (too_large) return unknown("an integer too large for connplan");
    if (!parsed) {
      return invalid(fmt::format(
          "invalid literal for int() with base 0: {}",
          v.kind == value_kind::bytes ? "b" + python_repr(v.text) : python_repr(v.text)));
    }
    n = *parsed;
  } else if (opaque(v)) {
    return unknown("an object gunicorn would convert with int()");
  } else {
    return invalid("int() can't convert non-string with explicit base");
  }
  if (n < 0) return invalid(fmt::format("Value must be positive: {}", n));
  return ok(n);
}

validated check_bool(const value& v) {
  if (v.kind == value_kind::none) return ok(nullptr);
  if (v.kind == value_kind::boolean) return ok(v.boolean);
  if (opaque(v)) return unknown("an object gunicorn would check for bool");
  if (!is_string(v)) return invalid("Invalid type for casting: " + python_str(v));
  std::string s = lower(strip(v.text));
  if (s == "true") return ok(true);
  if (s == "false") return ok(false);
  return invalid("Invalid boolean: " + v.text);
}

validated check_header_map(const value& v) {
  if (v.kind == value_kind::none) return ok(nullptr);
  if (!is_string(v)) return invalid("Invalid type for casting: " + python_str(v));
  std::string s = lower(strip(v.text));
  if (s == "drop" || s == "refuse" || s == "dangerous") return ok(s);
  return invalid("Invalid header map behaviour: " + v.text);
}

bool is_function(const value& v) {
  return v.kind == value_kind::callable &&
         (v.text.starts_with("<function") || v.text.starts_with("<lambda"));
}

// validate_class: a function is called for the class; a class is kept; else validate_string.
validated check_class(const value& v) {
  if (is_function(v)) return unknown("gunicorn calls the function to get the class");
  if (v.kind == value_kind::callable) {
    validated out = ok(callable_name(v));
    out.is_class = true;
    return out;
  }
  if (opaque(v)) return unknown("an object gunicorn would check for a class");
  return check_string(v);
}

validated check_callable(const value& v, int arity, const arity_lookup& lookup) {
  if (is_string(v)) {
    if (v.text.find('.') == std::string::npos) {
      return invalid(fmt::format(
          "Value '{}' is not import string. Format: module[.submodules...].object", v.text));
    }
    return unknown("gunicorn imports " + v.text + " at start");
  }
  if (v.kind == value_kind::callable) {
    std::string name = callable_name(v);
    if (arity != -1 && lookup) {
      if (auto found = lookup(name); found && *found != arity) {
        return invalid(fmt::format("Value must have an arity of: {}", arity));
      }
    }
    return ok(name);
  }
  if (opaque(v)) return unknown("an object that may be callable");
  return invalid("Value is not callable: " + python_str(v));
}

validated check_post_request(const value& v, const arity_lookup& lookup) {
  validated out = check_callable(v, -1, lookup);
  if (out.status != validated::outcome::ok || !lookup) return out;
  if (auto found = lookup(out.value.get<std::string>())) {
    if (*found < 2 || *found > 4) return invalid("Value must have an arity of: 4");
  }
  return out;
}

// ssl module's PROTOCOL_* constants on Debian 12's Python 3.11, in dir() order.
constexpr std::array<std::pair<std::string_view, int>, 7> ssl_protocols = {{
    {"SSLv23", 2},
    {"TLS", 2},
    {"TLS_CLIENT", 16},
    {"TLS_SERVER", 17},
    {"TLSv1", 3},
    {"TLSv1_1", 4},
    {"TLSv1_2", 5},
}};

validated check_ssl_version(const value& v) {
  if (is_string(v)) {
    for (const auto& [name, number] : ssl_protocols) {
      if (v.text == name) return ok(number);
    }
  }
  validated n = check_pos_int(v);
  if (n.status == validated::outcome::unknown) return n;
  if (n.status == validated::outcome::ok) {
    for (const auto& [name, number] : ssl_protocols) {
      if (n.value.get<std::int64_t>() == number) return n;
    }
  }
  return invalid(fmt::format(
      "Invalid ssl_version: {}. Valid options: SSLv23, TLS, TLS_CLIENT, TLS_SERVER, TLSv1, "
      "TLSv1_1, TLSv1_2",
      python_str(v)));
}

// validate_user / validate_group: ids are kept, names resolved through the host's databases.
validated check_id(const value& v, std::string_view what) {
  if (v.kind == value_kind::none) {
    return unknown(fmt::format("the effective {} id gunicorn runs with", what));
  }
  if (v.kind == value_kind::integer) return ok(v.integer);
  if (v.kind == value_kind::boolean) return ok(v.boolean ? 1 : 0);
  if (is_string(v)) {
    bool digits_only = !v.text.empty();
    for (char c : v.text) digits_only = digits_only && c >= '0' && c <= '9';
    if (digits_only) {
      if (auto n = int_base10(v.text)) return ok(*n);
      return unknown("an integer too large for connplan");
    }
    return unknown(fmt::format("the {} name is looked up on the host gunicorn runs on", what));
  }
  if (opaque(v)) return unknown("an object gunicorn would resolve at start");
  return invalid(fmt::format("'{}' object has no attribute 'isdigit'",
                             v.kind == value_kind::floating ? "float" : "object"));
}

validated check_chdir(const value& v) {
  if (v.kind == value_kind::none)
    return invalid("expected str, bytes or os.PathLike object, not NoneType");
  validated s = check_string(v);
  if (s.status != validated::outcome::ok) return s;
  const auto& path = s.value.get_ref<const std::string&>();
  if (path.empty() || path.front() != '/') {
    return unknown("a path relative to the directory gunicorn starts in");
  }
  std::string normal = std::filesystem::path(path).lexically_normal().string();
  if (normal.size() > 1 && normal.back() == '/') normal.pop_back();
  return ok(normal);
}

validated check_hostport(const value& v) {
  validated s = check_string(v);
  if (s.status != validated::outcome::ok || s.value.is_null()) return s;
  const auto& text = s.value.get_ref<const std::string&>();
  auto colon = text.find(':');
  if (colon == std::string::npos || text.find(':', colon + 1) != std::string::npos) {
    return invalid("Value must consist of: hostname:port");
  }
  auto port = int_base10(std::string_view(text).substr(colon + 1));
  if (!port) {
    return invalid("invalid literal for int() with base 10: " +
                   python_repr(text.substr(colon + 1)));
  }
  return ok(json::array({text.substr(0, colon), *port}));
}

// validate_statsd_address (21.0+): util.parse_address(val, default_port='8125').
validated check_statsd_address(const value& v) {
  validated s = check_string(v);
  if (s.status != validated::outcome::ok || s.value.is_null()) return s;
  std::string_view text = s.value.get_ref<const std::string&>();
  const std::string bad = "Value must be one of ('host:port', 'unix://PATH')";
  if (text.starts_with("unix:")) {
    std::string_view rest = text.substr(5);
    bool all_digits = !rest.empty();
    for (char c : rest) all_digits = all_digits && c >= '0' && c <= '9';
    if (all_digits) return ok(json::array({"unix", *int_base10(rest)}));
    if (rest.starts_with("//")) rest.remove_prefix(2);
    return ok(std::string(rest));
  }
  if (text.starts_with("fd://")) {
    if (auto fd = int_base10(text.substr(5))) return ok(*fd);
    return invalid(bad);
  }
  if (text.starts_with("tcp://")) text.remove_prefix(6);
  std::string host(text);
  std::string port = "8125";
  if (text.find('[') != text.npos && text.find(']') != text.npos) {
    host = std::string(text.substr(1, text.find(']') - 1));
    if (auto p = text.find("]:"); p != text.npos) {
      std::string_view after = text.substr(p + 2);
      port = std::string(after.substr(0, after.find("]:")));
    }
  } else if (text.find(':') != text.npos) {
    host = std::string(text.substr(0, text.find(':')));
    std::string_view after = text.substr(text.find(':') + 1);
    port = std::string(after.substr(0, after.find(':')));
  } else if (text.empty()) {
    host = "0.0.0.0";
  }
  auto number = int_base10(port);
  if (!number) return invalid(bad);
  return ok(json::array({lower(host), *number}));
}

}  // namespace

std::optional<std::int64_t> int_base0(std::string_view text, bool* too_large) {
  auto [negative, body] = sign(strip(text));
  bool overflow = false;
  if (body.size() >= 2 && body[0] == '0') {
    char p = static_cast<char>(std::tolower(static_cast<unsigned char>(body[1])));
    int base = p == 'x' ? 16 : p == 'o' ? 8 : p == 'b' ? 2 : 0;
    if (base != 0) {
      auto n = digits(body.substr(2), base, true, &overflow);
      if (!n) return std::nullopt;
      return signed_result(negative, *n, overflow, too_large);
    }
    // Base 0: a decimal literal with a leading zero must be all zeros ("00", "0_0").
    for (char c : body) {
      if (c != '0' && c != '_') return std::nullopt;
    }
  }
  auto n = digits(body, 10, false, &overflow);
  if (!n) return std::nullopt;
  return signed_result(negative, *n, overflow, too_large);
}

std::optional<std::int64_t> int_base10(std::string_view text) {
  auto [negative, body] = sign(strip(text));
  bool overflow = false;
  auto n = digits(body, 10, false, &overflow);
  if (!n) return std::nullopt;
  return signed_result(negative, *n, overflow, nullptr);
}

std::string python_repr(std::string_view s) {
  char quote = s.find('\'') != s.npos && s.find('"') == s.npos ? '"' : '\'';
  std::string out(1, quote);
  for (char c : s) {
    if (c == quote || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\r') {
      out += "\\r";
    } else {
      out += c;
    }
  }
  out += quote;
  return out;
}

namespace {

std::string repr(const value& v, int depth);

std::string str_impl(const value& v, int depth) {
  if (v.kind == value_kind::string) return v.text;
  return repr(v, depth);
}

std::string repr(const value& v, int depth) {
  if (depth > 16) return "...";
  switch (v.kind) {
    case value_kind::none:
      return "None";
    case value_kind::boolean:
      return v.boolean ? "True" : "False";
    case value_kind::integer:
      return std::to_string(v.integer);
    case value_kind::floating:
      return float_str(v.floating);
    case value_kind::string:
      return python_repr(v.text);
    case value_kind::bytes:
      return "b" + python_repr(v.text);
    case value_kind::list:
    case value_kind::tuple:
    case value_kind::set: {
      std::string open = v.kind == value_kind::list ? "[" : v.kind == value_kind::tuple ? "(" : "{";
      std::string close = v.kind == value_kind::list    ? "]"
                          : v.kind == value_kind::tuple ? ")"
                                                        : "}";
      std::string out = open;
      std::size_t n = v.items ? v.items->size() : 0;
      for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        out += repr((*v.items)[i], depth + 1);
      }
      if (v.kind == value_kind::tuple && n == 1) out += ",";
      if (v.kind == value_kind::set && n == 0) return "set()";
      return out + close;
    }
    case value_kind::dict: {
      std::string out = "{";
      bool first = true;
      if (v.dict) {
        for (const auto& e : v.dict->entries) {
          if (!first) out += ", ";
          first = false;
          out += repr(e.key, depth + 1) + ": " + repr(e.val, depth + 1);
        }
      }
      return out + "}";
    }
    case value_kind::callable:
      return "<function " + callable_name(v) + ">";
    case value_kind::module:
      return "<module '" + v.text + "'>";
    case value_kind::object:
      return "<" + v.text + " object>";
    case value_kind::unknown:
    case value_kind::alternatives:
    case value_kind::absent:
      return v.expr;
  }
  return v.expr;
}

}  // namespace

std::string python_str(const value& v) {
  return redact_secrets(str_impl(v, 0));
}

std::string callable_name(const value& v) {
  std::string_view text = v.text;
  for (std::string_view prefix : {"<function ", "<class "}) {
    if (text.starts_with(prefix) && text.ends_with(">")) {
      text = text.substr(prefix.size(), text.size() - prefix.size() - 1);
      break;
    }
  }
  return std::string(text);
}

validated validate(const setting_info& setting, const value& v, const arity_lookup& arity) {
  if (!v.is_known()) return unknown(v.reason.empty() ? "not known without running it" : v.reason);
  switch (setting.check) {
    case validator::string:
      return check_string(v);
    case validator::list_string:
    case validator::list_of_existing_files:  // existence is checked on the host: not modelled
      return check_list_string(v);
    case validator::pos_int:
      return check_pos_int(v);
    case validator::boolean:
      return check_bool(v);
    case validator::class_name:
      return check_class(v);
    case validator::dict:
      if (v.kind != value_kind::dict) {
        if (opaque(v)) return unknown("an object gunicorn would check for a dict");
        return invalid("Value is not a dictionary: " + python_str(v) + " ");
      }
      return ok(python::to_json(v));
    case validator::string_to_list:
      return check_string_to_list(v);
    case validator::string_to_addr_list:
      return check_string_to_addr_list(v);
    case validator::reload_engine:
      if (is_string(v) && (v.text == "auto" || v.text == "poll" || v.text == "inotify")) {
        return ok(v.text);
      }
      return invalid("Invalid reload_engine: " +
                     (is_string(v) ? python_repr(v.text) : python_str(v)));
    case validator::ssl_version:
      return check_ssl_version(v);
    case validator::ssl_version_ignored:
      return ok(python::to_json(v));
    case validator::user:
      return check_id(v, "user");
    case validator::group:
      return check_id(v, "group");
    case validator::chdir:
      return check_chdir(v);
    case validator::hostport:
      return check_hostport(v);
    case validator::statsd_address:
      return check_statsd_address(v);
    case validator::callable:
      return check_callable(v, setting.arity, arity);
    case validator::post_request:
      return check_post_request(v, arity);
    case validator::header_map:
      return check_header_map(v);
  }
  return unknown("no validator");
}

}  // namespace connplan::gunicorn::detail
