// Checks PostgreSQL makes only when the postmaster starts (postmaster.c PostmasterMain,
// postinit.c InitializeMaxBackends): they pass `postgres -C`, so they are findings (CP505,
// CP506), never a reason to call a file not accepted (CONTRACTS.md §2).
#pragma once

#include <span>
#include <string_view>

#include "connplan/postgres.hpp"

namespace connplan::postgres {

// The parameters every inspect document lists, with their defaults when unset (CONTRACTS §6).
[[nodiscard]] std::span<const std::string_view> key_defaults();

// Appends CP505/CP506 findings to `config.diagnostics`.
void apply_start_checks(server_config& config);

}  // namespace connplan::postgres
