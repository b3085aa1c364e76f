// One alias's OPTIONS as the PostgreSQL backend uses them: the native pool (Django ≥ 5.1), the
// libpq `options` startup string, and keys that reach libpq although they are Django's (CP209).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/django.hpp"
#include "connplan/finding.hpp"
#include "django/values.hpp"
#include "django/versions.hpp"

namespace connplan::django::detail {

// PostgreSQL's reading of the `options` startup parameter (src/backend/utils/init/postinit.c
// pg_split_opts: words split at unescaped white space, backslash escapes the next character;
// src/backend/tcop/postgres.c process_postgres_switches: `-c name=value`, `-cname=value`,
// `--name=value`, with '-' in a long option's name read as '_' (guc.c ParseLongOption)).
// Words that are not a setting are kept with an empty value under their own text.
[[nodiscard]] std::vector<startup_option> parse_startup_options(std::string_view text);

struct options_analysis {
  std::optional<pool_settings> pool;
  std::optional<value_entry> startup_options_text;
  std::vector<startup_option> startup_options;
  std::vector<finding> findings;  // CP209, CP002 (pool)
};

// `options` is the alias's OPTIONS value (dict, alternatives of dicts, or unknown); `engine` its
// ENGINE; `fallback` the location used when a value carries none (the alias's statement).
[[nodiscard]] options_analysis analyse_options(std::string_view alias, const value& options,
                                               const value& engine, const version& target,
                                               const connplan::source& fallback);

}  // namespace connplan::django::detail
