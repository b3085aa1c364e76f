// CONTRACTS.md §9: one redaction, applied in the model before any text leaves it.
#pragma once

#include <string>
#include <string_view>

namespace connplan {

inline constexpr std::string_view redacted = "***";

// Whether a key or variable name holds a secret: matches PASS|SECRET|TOKEN|KEY|CREDENTIAL,
// case-insensitively.
[[nodiscard]] bool is_secret_name(std::string_view name);

// Replaces the password in URL userinfo (scheme://user:PASSWORD@host) and the value of
// `password=` / `secret-ish key=` pairs in libpq connection strings by "***".
[[nodiscard]] std::string redact_secrets(std::string_view text);

}  // namespace connplan
