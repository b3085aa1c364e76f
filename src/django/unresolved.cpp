#include "django/unresolved.hpp"

#include <fmt/format.h>

#include <array>

namespace connplan::django::detail {
namespace {

// The first string literal after `pos` in `expr`, if it directly follows the call's opening.
std::optional<std::string> first_literal(std::string_view expr, std::size_t pos) {
  while (pos < expr.size() && (expr[pos] == ' ' || expr[pos] == '\n' || expr[pos] == '\t')) ++pos;
  if (pos >= expr.size() || (expr[pos] != '"' && expr[pos] != '\'')) return std::nullopt;
  char quote = expr[pos];
  auto close = expr.find(quote, pos + 1);
  if (close == std::string_view::npos) return std::nullopt;
  return std::string(expr.substr(pos + 1, close - pos - 1));
}

}  // namespace

std::optional<std::string> env_var_of(const value& v) {
  if (v.origin.kind == source_kind::env && !v.origin.detail.empty()) return v.origin.detail;
  // The readers the evaluator models (os, django-environ, python-decouple), by their call text.
  static constexpr std::array<std::string_view, 7> readers{
      "environ.get(", "getenv(", "environ[", "env(", "config(", "environ.setdefault(", "env."};
  std::string_view expr = v.expr;
  for (std::string_view reader : readers) {
    for (auto pos = expr.find(reader); pos != std::string_view::npos;
         pos = expr.find(reader, pos + 1)) {
      auto after = pos + reader.size();
      if (reader == "env.") {
        // env.int("X"), env.str("X"), env.db("X"), ...
        auto paren = expr.find('(', after);
        if (paren == std::string_view::npos) continue;
        after = paren + 1;
      }
      if (auto name = first_literal(expr, after)) return name;
    }
  }
  return std::nullopt;
}

finding unresolved_finding(std::string_view what, std::string identity, const value& v,
                           const connplan::source& fallback) {
  connplan::source at = origin_or(v, fallback);
  std::string reason =
      v.reason.empty() ? std::string("the value is not known statically") : v.reason;
  auto f = make_finding("CP002", fmt::format("{} cannot be resolved statically: {}", what, reason),
                        at.kind == source_kind::file ? std::optional(at.location) : std::nullopt,
                        std::move(identity));
  if (auto name = env_var_of(v)) {
    f.notes.push_back(fmt::format("set it with --env {}=VALUE (or in connplan.toml [env])", *name));
  } else {
    f.notes.push_back("declare the value connplan should assume in connplan.toml");
  }
  return f;
}

}  // namespace connplan::django::detail
