// CP002 (unresolved-value) for the DATABASES values that matter to connections: where the value
// is, why it is unknown, and how to resolve it (`--env NAME=VALUE`).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "connplan/finding.hpp"
#include "django/values.hpp"

namespace connplan::django::detail {

// The environment variable an expression reads (`os.environ.get("X")`, `os.getenv("X")`,
// `os.environ["X"]`, `env("X")`, `env.int("X")`, `config("X")`), or the one the value came from.
[[nodiscard]] std::optional<std::string> env_var_of(const value& v);

// `what` is the setting as the user writes it (DATABASES['default']['HOST']); `identity` the
// finding's identity (DATABASES.default.HOST).
[[nodiscard]] finding unresolved_finding(std::string_view what, std::string identity,
                                         const value& v, const connplan::source& fallback);

}  // namespace connplan::django::detail
