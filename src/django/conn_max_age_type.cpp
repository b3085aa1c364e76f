#include "django/conn_max_age_type.hpp"

#include <fmt/format.h>

#include <array>

#include "django/unresolved.hpp"
#include "pyeval/values.hpp"

namespace connplan::django::detail {
namespace {

// Python's `float + x` works for int, float and bool (bool is an int), and None is handled before
// the addition; anything else is a TypeError.
bool adds_to_float(const value& v) {
  return v.kind == value_kind::none || is_number(v);
}

// An environment read that is not converted: os.environ.get / os.getenv / os.environ[...] return
// a string whenever the variable is set, as do env()/config() without a cast.
bool is_raw_env_read(std::string_view expr) {
  static constexpr std::array<std::string_view, 5> raw{"os.environ.get(", "os.getenv(",
                                                       "os.environ[", "environ.get(", "getenv("};
  for (auto prefix : raw) {
    if (expr.rfind(prefix, 0) == 0) return true;
  }
  for (auto prefix : {std::string_view("env("), std::string_view("config(")}) {
    if (expr.rfind(prefix, 0) == 0 && expr.find("cast") == std::string_view::npos) return true;
  }
  return false;
}

}  // namespace

std::optional<finding> check_conn_max_age_type(std::string_view alias, const value& conn_max_age,
                                               const connplan::source& fallback) {
  const value* bad = nullptr;
  std::string detail;
  if (conn_max_age.is_known() && !adds_to_float(conn_max_age)) {
    bad = &conn_max_age;
  } else if (conn_max_age.kind == value_kind::alternatives) {
    for (const auto& alt : conn_max_age.alternatives) {
      if (alt.is_known() && !adds_to_float(alt)) {
        bad = &alt;
        detail = " in one branch";
        break;
      }
    }
  }
  std::string message;
  connplan::source at = origin_or(bad ? *bad : conn_max_age, fallback);
  if (bad) {
    message = fmt::format(
        "CONN_MAX_AGE of alias '{}' is a {} ({}){}: Django raises TypeError: unsupported operand "
        "type(s) for +: 'float' and '{}' when a connection opens",
        alias, python::detail::type_name(*bad), json_of(*bad).dump(), detail,
        python::detail::type_name(*bad));
  } else if (conn_max_age.kind == value_kind::unknown && is_raw_env_read(conn_max_age.expr)) {
    auto name = env_var_of(conn_max_age);
    message = fmt::format(
        "CONN_MAX_AGE of alias '{}' is a string whenever {} is set ({} is not converted with "
        "int()): Django raises TypeError: unsupported operand type(s) for +: 'float' and 'str' "
        "when a connection opens",
        alias, name ? *name : std::string("the variable"), shown_expr(conn_max_age.expr, {}));
  } else {
    return std::nullopt;
  }
  auto f = make_finding("CP210", std::move(message),
                        at.kind == source_kind::file ? std::optional(at.location) : std::nullopt,
                        fmt::format("DATABASES.{}.CONN_MAX_AGE", alias));
  f.notes.push_back(
      "use an integer number of seconds, 0, or None (wrap environment reads in int())");
  return f;
}

}  // namespace connplan::django::detail
