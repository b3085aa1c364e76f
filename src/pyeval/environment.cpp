// Library calls that read the environment, modelled without running them: os.environ / os.getenv
// (Library reference "os"), django-environ (joke2k/django-environ environ/environ.py @ 002fb5a:
// Env.get_value, Env.parse_value, BOOLEAN_TRUE_STRINGS), python-decouple (HBNetwork/python-decouple
// decouple.py @ 3.8: Config.get, _cast_boolean, Csv), os.cpu_count/multiprocessing.cpu_count,
// os.path string functions (Lib/posixpath.py) and json.loads.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>

#include <nlohmann/json.hpp>

#include "pyeval/interpreter.hpp"

namespace connplan::python::detail {
namespace {

value fail(const call_site& site, std::string reason) {
  return make_unknown(site.expr, std::move(reason), site.origin());
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string trim(std::string_view s) {
  std::size_t b = s.find_first_not_of(" \t\n\r\f\v");
  if (b == std::string_view::npos) return {};
  std::size_t e = s.find_last_not_of(" \t\n\r\f\v");
  return std::string(s.substr(b, e - b + 1));
}

std::string unset_reason(const std::string& name) {
  return fmt::format("environment variable {} is not set and has no default", name);
}

// The name of a builtin type used as a cast (`int`, `bool`), else "".
std::string builtin_cast(const value& cast) {
  if (cast.kind == value_kind::callable && cast.internal &&
      cast.internal->kind == opaque_state::what::builtin) {
    return cast.internal->method;
  }
  return {};
}

value builtin(std::string name) {
  auto state = std::make_shared<opaque_state>();
  state->kind = opaque_state::what::builtin;
  state->method = name;
  value v = make_opaque(value_kind::callable, std::move(name), source::default_value());
  v.internal = std::move(state);
  return v;
}

value from_json(const nlohmann::json& j, const source& origin, int depth = 0) {
  if (depth > max_value_depth)
    return make_unknown("json", "the document is nested too deeply", origin);
  if (j.is_null()) return make_none(origin);
  if (j.is_boolean()) return make_bool(j.get<bool>(), origin);
  if (j.is_number_integer()) return make_int(j.get<std::int64_t>(), origin);
  if (j.is_number()) return make_float(j.get<double>(), origin);
  if (j.is_string()) return make_str(j.get<std::string>(), origin);
  if (j.is_array()) {
    std::vector<value> items;
    for (const auto& x : j) items.push_back(from_json(x, origin, depth + 1));
    return make_sequence(value_kind::list, std::move(items), origin);
  }
  value d = make_dict(origin);
  for (const auto& [k, x] : j.items())
    d.dict->entries.push_back({make_str(k, origin), from_json(x, origin, depth + 1)});
  return d;
}

// ---- os.environ -------------------------------------------------------------------------------

value environ_get(interpreter& in, const call_args& args, const call_site& site, bool setdefault) {
  const value* key = args.get(0, "key");
  if (key == nullptr || key->kind != value_kind::string) {
    return fail(site, key != nullptr && key->kind == value_kind::unknown
                          ? key->reason
                          : "the variable name is not known");
  }
  const value* dflt = args.get(1, "default");
  if (std::optional<std::string> v = in.env(key->text)) return make_str(*v, source::env(key->text));
  if (dflt != nullptr) {
    if (setdefault && dflt->kind == value_kind::string) in.env_set_default(key->text, dflt->text);
    return *dflt;
  }
  return fail(site, unset_reason(key->text));
}

// ---- python-decouple ----------------------------------------------------------------------------

// decouple.Csv.__call__: shlex(value, posix=True) with the delimiter as whitespace, each token
// stripped and cast.
std::optional<std::vector<std::string>> csv_split(std::string_view text,
                                                  std::string_view delimiter) {
  std::vector<std::string> tokens;
  std::string cur;
  bool in_token = false;
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quote != 0) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < text.size() &&
               (text[i + 1] == '"' || text[i + 1] == '\\'))
        cur += text[++i];
      else
        cur += c;
      continue;
    }
    if (delimiter.find(c) != std::string_view::npos) {
      if (in_token) tokens.push_back(cur);
      cur.clear();
      in_token = false;
      continue;
    }
    if (c == '#' && !in_token) break;  // shlex's commenters
    in_token = true;
    if (c == '\'' || c == '"')
      quote = c;
    else if (c == '\\' && i + 1 < text.size())
      cur += text[++i];
    else
      cur += c;
  }
  if (quote != 0) return std::nullopt;  // "No closing quotation"
  if (in_token) tokens.push_back(cur);
  return tokens;
}

value decouple_cast(interpreter& in, const value& v, const value* cast, const call_site& site) {
  if (cast == nullptr) return v;
  if (!v.is_known()) return v;
  std::string b = builtin_cast(*cast);
  if (b == "bool") {
    // Config._cast_boolean: str(value).lower() looked up in _BOOLEANS, else ValueError.
    static const std::array<std::string_view, 6> yes = {"1", "yes", "true", "on", "y", "t"};
    static const std::array<std::string_view, 7> no = {"0", "no", "false", "off", "n", "f", ""};
    std::string s = lower(python_str(v));
    if (std::find(yes.begin(), yes.end(), s) != yes.end()) return make_bool(true, v.origin);
    if (std::find(no.begin(), no.end(), s) != no.end()) return make_bool(false, v.origin);
    return fail(site, "Not a boolean: " + python_str(v));
  }
  if (cast->kind == value_kind::object && cast->text == "decouple.Csv()" && cast->dict) {
    const value* item_cast = cast->dict->find("cast");
    const value* delimiter = cast->dict->find("delimiter");
    const value* strip = cast->dict->find("strip");
    if (v.kind != value_kind::string) return fail(site, "Csv() of a value that is not a string");
    std::optional<std::vector<std::string>> tokens = csv_split(
        v.text,
        delimiter != nullptr && delimiter->kind == value_kind::string ? delimiter->text : ",");
    if (!tokens) return fail(site, "No closing quotation");
    std::vector<value> out;
    std::string strip_chars =
        strip != nullptr && strip->kind == value_kind::string ? strip->text : " \t\n\r\x0b\x0c";
    for (const std::string& t : *tokens) {
      std::size_t s0 = t.find_first_not_of(strip_chars);
      std::size_t s1 = t.find_last_not_of(strip_chars);
      value item = make_str(s0 == std::string::npos ? "" : t.substr(s0, s1 - s0 + 1), v.origin);
      if (item_cast != nullptr && builtin_cast(*item_cast) != "str") {
        call_args a;
        a.positional.push_back(item);
        item = in.call_value(*item_cast, std::move(a), site);
      }
      out.push_back(std::move(item));
    }
    return make_sequence(value_kind::list, std::move(out), v.origin);
  }
  call_args a;
  a.positional.push_back(v);
  value r = in.call_value(*cast, std::move(a), site);
  if (r.is_known()) r.origin = v.origin;
  return r;
}

value decouple_config(interpreter& in, const call_args& args, const call_site& site) {
  // Config.get(option, default=undefined, cast=undefined): os.environ first, then the default;
  // the cast applies to the default too. Repository files (.env, settings.ini) are not read.
  const value* option = args.get(0, "option");
  if (option == nullptr || option->kind != value_kind::string)
    return fail(site, "the option name is not known");
  const value* dflt = args.get(1, "default");
  const value* cast = args.get(2, "cast");
  value v;
  if (std::optional<std::string> e = in.env(option->text)) {
    v = make_str(*e, source::env(option->text));
  } else if (dflt != nullptr) {
    v = *dflt;
  } else {
    return fail(site, unset_reason(option->text));
  }
  return decouple_cast(in, v, cast, site);
}

// ---- django-environ ---------------------------------------------------------------------------

// Env.parse_value(value, cast).
value environ_parse(interpreter& in, const value& v, const value* cast, const call_site& site) {
  if (cast == nullptr || cast->kind == value_kind::none) return v;
  if (!v.is_known()) return v;
  std::string b = builtin_cast(*cast);
  source origin = v.origin;
  auto split_nonempty = [](const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
      std::size_t comma = s.find(',', start);
      if (comma == std::string::npos) comma = s.size();
      if (comma > start) out.push_back(s.substr(start, comma - start));
      start = comma + 1;
    }
    return out;
  };
  if (b == "bool") {
    // `int(value) != 0`, else `value.lower().strip() in BOOLEAN_TRUE_STRINGS`.
    if (v.kind == value_kind::boolean || v.kind == value_kind::integer)
      return make_bool(truthiness(v).value_or(false), origin);
    if (v.kind != value_kind::string)
      return fail(site, "bool cast of a value that is not a string");
    std::string error;
    if (std::optional<std::int64_t> i = parse_python_int(v.text, 10, error))
      return make_bool(*i != 0, origin);
    static const std::array<std::string_view, 6> yes = {"true", "on", "ok", "y", "yes", "1"};
    std::string s = trim(lower(v.text));
    return make_bool(std::find(yes.begin(), yes.end(), s) != yes.end(), origin);
  }
  if ((cast->kind == value_kind::list || cast->kind == value_kind::tuple) &&
      cast->items->size() == 1) {
    if (v.kind != value_kind::string)
      return fail(site, "list cast of a value that is not a string");
    std::string text = v.text;
    if (cast->kind == value_kind::tuple) {
      std::size_t b0 = text.find_first_not_of('(');
      text = b0 == std::string::npos ? "" : text.substr(b0);
      std::size_t e0 = text.find_last_not_of(')');
      text = e0 == std::string::npos ? "" : text.substr(0, e0 + 1);
    }
    std::vector<value> out;
    for (const std::string& part : split_nonempty(text)) {
      out.push_back(environ_parse(in, make_str(part, origin), &(*cast->items)[0], site));
    }
    return make_sequence(cast->kind, std::move(out), origin);
  }
  if (b == "list" || b == "tuple") {
    if (v.kind != value_kind::string)
      return fail(site, "list cast of a value that is not a string");
    std::string text = v.text;
    if (b == "tuple") {
      std::size_t b0 = text.find_first_not_of('(');
      text = b0 == std::string::npos ? "" : text.substr(b0);
      std::size_t e0 = text.find_last_not_of(')');
      text = e0 == std::string::npos ? "" : text.substr(0, e0 + 1);
    }
    std::vector<value> out;
    for (const std::string& part : split_nonempty(text)) out.push_back(make_str(part, origin));
    return make_sequence(b == "list" ? value_kind::list : value_kind::tuple, std::move(out),
                         origin);
  }
  if (b == "dict") {
    if (v.kind != value_kind::string)
      return fail(site, "dict cast of a value that is not a string");
    value d = make_dict(origin);
    for (const std::string& part : split_nonempty(v.text)) {
      std::size_t eq = part.find('=');
      if (eq == std::string::npos)
        return fail(site, "dictionary update sequence element has length 1; 2 is required");
      dict_store(*d.dict, make_str(part.substr(0, eq), origin),
                 make_str(part.substr(eq + 1), origin));
    }
    return d;
  }
  if (b == "float") {
    if (v.kind != value_kind::string) {
      if (is_number(v)) return make_float(as_double(v), origin);
      return fail(site, "float cast of a value that is not a string");
    }
    // re.sub(r'[^\d,.-]', '', value), then the last ',' or '.' is the decimal point.
    std::string clean;
    for (char c : v.text) {
      if (std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.' || c == '-')
        clean += c;
    }
    std::vector<std::string> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= clean.size(); ++i) {
      if (i == clean.size() || clean[i] == ',' || clean[i] == '.') {
        parts.push_back(clean.substr(start, i - start));
        start = i + 1;
      }
    }
    std::string number = parts.size() == 1 ? parts[0] : "";
    if (parts.size() > 1) {
      for (std::size_t i = 0; i + 1 < parts.size(); ++i) number += parts[i];
      number += "." + parts.back();
    }
    std::optional<double> d = parse_python_float(number);
    if (!d) return fail(site, "could not convert string to float: " + string_repr(number));
    return make_float(*d, origin);
  }
  if (cast->kind == value_kind::object && cast->text == "json.loads") {
    if (v.kind != value_kind::string)
      return fail(site, "json cast of a value that is not a string");
    nlohmann::json j = nlohmann::json::parse(v.text, nullptr, false);
    if (j.is_discarded()) return fail(site, "the value is not valid JSON");
    return from_json(j, origin);
  }
  call_args a;
  a.positional.push_back(v);
  value r = in.call_value(*cast, std::move(a), site);
  if (r.is_known()) r.origin = origin;
  return r;
}

// Env.get_value(var, cast=None, default=NOTSET, parse_default=False).
value environ_get_value(interpreter& in, const value* env_object, const std::string& var,
                        const value* cast_arg, const value* default_arg, bool parse_default,
                        const call_site& site, int depth = 0) {
  std::optional<value> cast;
  if (cast_arg != nullptr && cast_arg->kind != value_kind::none) cast = *cast_arg;
  std::optional<value> dflt;
  if (default_arg != nullptr) dflt = *default_arg;
  // The scheme given to Env(NAME=(cast, default)) or Env(NAME=cast).
  if (env_object != nullptr && env_object->dict) {
    if (const value* scheme = env_object->dict->find("__scheme__");
        scheme != nullptr && scheme->dict) {
      if (const value* info = scheme->dict->find(var)) {
        if ((info->kind == value_kind::tuple || info->kind == value_kind::list) &&
            info->items->size() == 2) {
          if (!cast) cast = (*info->items)[0];
          if (!dflt) dflt = (*info->items)[1];
        } else if (!cast) {
          cast = *info;
        }
      }
    }
  }
  value v;
  if (std::optional<std::string> e = in.env(var)) {
    v = make_str(*e, source::env(var));
  } else if (!dflt) {
    return fail(site, unset_reason(var));
  } else {
    v = *dflt;
    if (v.kind == value_kind::callable && !builtin_cast(v).empty())
      return fail(site, "a callable default is not modelled");
  }
  // Proxied values: "$OTHER" reads OTHER.
  if (v.kind == value_kind::string && !v.text.empty() && v.text[0] == '$' && depth < 8) {
    std::string other = v.text.substr(1);
    return environ_get_value(in, env_object, other, cast ? &*cast : nullptr,
                             dflt ? &*dflt : nullptr, parse_default, site, depth + 1);
  }
  // Smart casting: the default's type is the cast.
  if (!cast && dflt && dflt->kind != value_kind::none && dflt->is_known()) {
    switch (dflt->kind) {
      case value_kind::boolean:
        cast = builtin("bool");
        break;
      case value_kind::integer:
        cast = builtin("int");
        break;
      case value_kind::floating:
        cast = builtin("float");
        break;
      case value_kind::string:
        cast = builtin("str");
        break;
      case value_kind::list:
        cast = builtin("list");
        break;
      case value_kind::tuple:
        cast = builtin("tuple");
        break;
      case value_kind::dict:
        cast = builtin("dict");
        break;
      default:
        break;
    }
  }
  if (dflt && dflt->kind == value_kind::none && v.kind == value_kind::string && v.text.empty()) {
    return make_none(v.origin);
  }
  std::optional<bool> same = dflt ? equals(v, *dflt) : std::optional<bool>(false);
  if (!same) return fail(site, "the value is not known");
  if (!*same || (parse_default && v.kind != value_kind::none)) {
    return environ_parse(in, v, cast ? &*cast : nullptr, site);
  }
  return v;
}

value environ_method(interpreter& in, const value& env_object, const std::string& method,
                     const call_args& args, const call_site& site) {
  const value* var = args.get(0, "var");
  std::string name;
  if (var != nullptr) {
    if (var->kind != value_kind::string)
      return fail(
          site, var->kind == value_kind::unknown ? var->reason : "the variable name is not known");
    name = var->text;
  }
  if (method == "db" || method == "db_url") {
    if (name.empty()) name = "DATABASE_URL";
    value url =
        environ_get_value(in, &env_object, name, nullptr, args.get(1, "default"), false, site);
    return environ_db_url_config(url, args.get(2, "engine"), site);
  }
  if (name.empty()) return fail(site, "the variable name is not known");
  const value* dflt = nullptr;
  value cast;
  if (method.empty() || method == "get_value") {
    dflt = args.get(2, "default");
    const value* c = args.get(1, "cast");
    const value* parse_default = args.get(3, "parse_default");
    return environ_get_value(in, &env_object, name, c, dflt,
                             parse_default != nullptr && truthiness(*parse_default).value_or(false),
                             site);
  }
  if (method == "str" || method == "bool" || method == "int" || method == "float") {
    dflt = args.get(1, "default");
    cast = builtin(method);
  } else if (method == "json") {
    dflt = args.get(1, "default");
    cast = make_opaque(value_kind::object, "json.loads", source::default_value());
  } else if (method == "list" || method == "tuple") {
    const value* c = args.get(1, "cast");
    dflt = args.get(2, "default");
    if (c != nullptr && c->kind != value_kind::none) {
      cast = make_sequence(method == "list" ? value_kind::list : value_kind::tuple, {*c},
                           source::default_value());
    } else {
      cast = builtin(method);
    }
  } else if (method == "dict") {
    const value* c = args.get(1, "cast");
    dflt = args.get(2, "default");
    cast = c != nullptr ? *c : builtin("dict");
  } else {
    return fail(site, fmt::format("environ.Env.{}() is not modelled", method));
  }
  return environ_get_value(in, &env_object, name, &cast, dflt, false, site);
}

std::string posix_normpath(const std::string& path) {
  if (path.empty()) return ".";
  bool absolute = path[0] == '/';
  int initial =
      absolute
          ? ((path.size() > 1 && path[1] == '/' && (path.size() == 2 || path[2] != '/')) ? 2 : 1)
          : 0;
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    if (slash == std::string::npos) slash = path.size();
    std::string comp = path.substr(start, slash - start);
    start = slash + 1;
    if (comp.empty() || comp == ".") continue;
    if (comp != ".." || (!absolute && parts.empty()) || (!parts.empty() && parts.back() == "..")) {
      parts.push_back(comp);
    } else if (!parts.empty()) {
      parts.pop_back();
    }
  }
  std::string out(static_cast<std::size_t>(initial), '/');
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += '/';
    out += parts[i];
  }
  return out.empty() ? "." : out;
}

std::optional<value> os_path(const std::string& fn, const call_args& args, const call_site& site) {
  source origin = site.origin();
  for (const value& a : args.positional) {
    if (a.kind != value_kind::string) {
      return fail(site, a.kind == value_kind::unknown
                            ? a.reason
                            : fmt::format("os.path.{}() of a value that is not a string", fn));
    }
  }
  const std::vector<value>& a = args.positional;
  if (a.empty()) return std::nullopt;
  const std::string& p = a[0].text;
  if (fn == "join") {
    std::string out = p;
    for (std::size_t i = 1; i < a.size(); ++i) {
      const std::string& b = a[i].text;
      if (!b.empty() && b[0] == '/')
        out = b;
      else if (out.empty() || out.back() == '/')
        out += b;
      else
        out += "/" + b;
    }
    return make_str(std::move(out), origin);
  }
  if (fn == "dirname" || fn == "basename") {
    std::size_t i = p.rfind('/') == std::string::npos ? 0 : p.rfind('/') + 1;
    if (fn == "basename") return make_str(p.substr(i), origin);
    std::string head = p.substr(0, i);
    if (!head.empty() && head != std::string(head.size(), '/')) {
      while (!head.empty() && head.back() == '/') head.pop_back();
    }
    return make_str(std::move(head), origin);
  }
  if (fn == "normpath") return make_str(posix_normpath(p), origin);
  if (fn == "abspath" || fn == "realpath") {
    if (p.empty() || p[0] != '/')
      return fail(site, "a relative path depends on the working directory");
    return make_str(posix_normpath(p), origin);
  }
  if (fn == "splitext") {
    std::size_t slash = p.rfind('/');
    std::size_t dot = p.rfind('.');
    std::size_t name_start = slash == std::string::npos ? 0 : slash + 1;
    if (dot == std::string::npos || dot <= name_start ||
        p.find_first_not_of('.', name_start) >= dot) {
      return make_sequence(value_kind::tuple, {make_str(p, origin), make_str("", origin)}, origin);
    }
    return make_sequence(value_kind::tuple,
                         {make_str(p.substr(0, dot), origin), make_str(p.substr(dot), origin)},
                         origin);
  }
  return std::nullopt;
}

}  // namespace

std::optional<value> library_attribute(const value& obj, const std::string& name,
                                       const source& origin) {
  if (obj.kind == value_kind::module && obj.text == "os") {
    if (name == "environ") return make_opaque(value_kind::object, "os.environ", origin);
    if (name == "path") return make_opaque(value_kind::module, "os.path", origin);
  }
  return std::nullopt;
}

std::optional<value> environ_subscript(interpreter& in, const value& obj, const value& key,
                                       const call_site& site) {
  if (obj.text != "os.environ") return std::nullopt;
  if (key.kind != value_kind::string)
    return fail(site,
                key.kind == value_kind::unknown ? key.reason : "the variable name is not known");
  if (std::optional<std::string> v = in.env(key.text)) return make_str(*v, source::env(key.text));
  return fail(site, unset_reason(key.text));
}

std::optional<value> environ_contains(interpreter& in, const value& obj, const value& key,
                                      const call_site& site) {
  bool environ = obj.text == "os.environ" || obj.text == "environ.Env()";
  if (!environ) return std::nullopt;
  if (key.kind != value_kind::string) return fail(site, "the variable name is not known");
  if (in.env(key.text)) return make_bool(true, source::env(key.text));
  return fail(site, fmt::format("environment variable {} may be set at run time", key.text));
}

std::optional<value> call_library(interpreter& in, const std::string& qualified,
                                  const value* receiver, call_args& args, const call_site& site) {
  source origin = site.origin();
  if (qualified == "os.environ.get" || qualified == "os.getenv")
    return environ_get(in, args, site, false);
  if (qualified == "os.environ.setdefault") {
    // Django's manage.py / wsgi.py set DJANGO_SETTINGS_MODULE this way: logged, and the value.
    in.log_call(qualified, args, site);
    return environ_get(in, args, site, true);
  }
  if (qualified == "os.cpu_count" || qualified == "multiprocessing.cpu_count") {
    if (std::optional<int> n = in.cpus()) {
      return make_int(*n, source::assumed(fmt::format("--assume cpus={}", *n)));
    }
    return fail(site, "the CPU count is only known at run time");
  }
  if (qualified.rfind("os.path.", 0) == 0) return os_path(qualified.substr(8), args, site);
  if (qualified == "json.loads") {
    const value* s = args.get(0, "s");
    if (s == nullptr || s->kind != value_kind::string)
      return fail(site, "json.loads() of a value that is not known");
    nlohmann::json j = nlohmann::json::parse(s->text, nullptr, false);
    if (j.is_discarded()) return fail(site, "the value is not valid JSON");
    return from_json(j, s->origin);
  }
  // python-decouple
  if (qualified == "decouple.config" || qualified == "decouple.AutoConfig()" ||
      qualified == "decouple.Config()") {
    return decouple_config(in, args, site);
  }
  if (qualified == "decouple.AutoConfig" || qualified == "decouple.Config" ||
      qualified == "decouple.RepositoryEnv" || qualified == "decouple.RepositoryIni") {
    value obj = make_opaque(value_kind::object, qualified + "()", origin);
    obj.dict = std::make_shared<dict_object>();
    return obj;
  }
  if (qualified == "decouple.Csv") {
    value obj = make_opaque(value_kind::object, "decouple.Csv()", origin);
    obj.dict = std::make_shared<dict_object>();
    const value* cast = args.get(0, "cast");
    const value* delimiter = args.get(1, "delimiter");
    const value* strip = args.get(2, "strip");
    if (cast != nullptr) obj.dict->entries.push_back({make_str("cast", {}), *cast});
    if (delimiter != nullptr) obj.dict->entries.push_back({make_str("delimiter", {}), *delimiter});
    if (strip != nullptr) obj.dict->entries.push_back({make_str("strip", {}), *strip});
    return obj;
  }
  // django-environ
  if (qualified == "environ.Env" || qualified == "environ.environ.Env") {
    value obj = make_opaque(value_kind::object, "environ.Env()", origin);
    obj.dict = std::make_shared<dict_object>();
    value scheme = make_dict(origin);
    for (const auto& [k, v] : args.keywords) dict_store(*scheme.dict, make_str(k, origin), v);
    obj.dict->entries.push_back({make_str("__scheme__", {}), scheme});
    return obj;
  }
  if (qualified == "environ.Env.read_env" || qualified == "environ.Env().read_env") {
    // Reads a .env file into os.environ at run time; not read here.
    in.log_call(qualified, args, site);
    return make_none(origin);
  }
  if (qualified == "environ.Env()" && receiver != nullptr)
    return environ_method(in, *receiver, "", args, site);
  if (qualified.rfind("environ.Env().", 0) == 0 && receiver != nullptr) {
    return environ_method(in, *receiver, qualified.substr(14), args, site);
  }
  // dj-database-url
  if (qualified == "dj_database_url.config") {
    const value* env_name = args.get(0, "env");
    std::string name = env_name != nullptr && env_name->kind == value_kind::string ? env_name->text
                                                                                   : "DATABASE_URL";
    if (env_name != nullptr && env_name->kind != value_kind::string)
      return fail(site, "the variable name is not known");
    value url;
    if (std::optional<std::string> e = in.env(name)) {
      url = make_str(*e, source::env(name));
    } else if (const value* d = args.get(1, "default")) {
      url = *d;
    } else {
      // Not among the assumed variables: set or not at run time, the URL is not known (the
      // members that do not depend on it, CONN_MAX_AGE among them, still are).
      url = fail(site, unset_reason(name));
    }
    std::optional<bool> t = truthiness(url);
    if (t && !*t) return make_dict(url.origin);  // "No DATABASE_URL environment variable set": {}
    return dj_database_url_parse(url, args, 2, site);
  }
  if (qualified == "dj_database_url.parse") {
    const value* url = args.get(0, "url");
    if (url == nullptr) return fail(site, "parse() needs a URL");
    return dj_database_url_parse(*url, args, 1, site);
  }
  return std::nullopt;
}

}  // namespace connplan::python::detail
