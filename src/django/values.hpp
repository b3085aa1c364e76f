// Reading the evaluator's abstract Python values as Django reads them: dict members, JSON with the
// secrets redacted (CONTRACTS.md §9), value entries, and the worst case among alternatives.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "connplan/python/evaluate.hpp"
#include "connplan/value.hpp"

namespace connplan::django::detail {

using python::value;
using python::value_kind;

// The members of a dict with string keys, in insertion order.
using members = std::vector<std::pair<std::string, value>>;

// `d[key]` for a known dict; nullptr when `v` is not a dict or has no such key.
[[nodiscard]] const value* member(const value& v, std::string_view key);

// The members of `v` as one dict: a known dict as it is; alternatives of dicts merged key by key
// (a key whose branches disagree becomes alternatives; a branch without the key contributes
// `absent` when given, else nothing). nullopt when `v` is neither.
using absent_fn = const value* (*)(std::string_view key);
[[nodiscard]] std::optional<members> as_members(const value& v, absent_fn absent = nullptr);

[[nodiscard]] bool is_number(const value& v);
[[nodiscard]] bool is_string(const value& v);
// Whether an ENGINE string names a PostgreSQL backend (Django's own, PostGIS, or a third-party
// backend built on it such as django_tenants.postgresql_backend).
[[nodiscard]] bool is_postgresql_engine(std::string_view engine);
// Python truthiness of a known value; nullopt when unknown.
[[nodiscard]] std::optional<bool> truthy(const value& v);

// JSON of a value; `key` is the name it is stored under: secret names (PASS|SECRET|TOKEN|KEY|
// CREDENTIAL) show a set value as "***", and every string has URL passwords redacted.
// Unknown values are null; nested alternatives show their worst case.
[[nodiscard]] nlohmann::json json_of(const value& v, std::string_view key = {});

// The index of the worst case for connections among `alternatives` for a setting named `key`
// (see values.cpp for which is worst and why).
[[nodiscard]] std::size_t worst_index(std::string_view key, const std::vector<value>& alternatives);

// The source text of an expression as it may be shown: URL passwords redacted, and for a secret
// `key` every string literal after the first (the environment variable's name) masked.
[[nodiscard]] std::string shown_expr(std::string_view expr, std::string_view key);

// A value entry for `v` stored under `key`; `fallback` is used when the value carries no source.
[[nodiscard]] value_entry to_entry(const value& v, std::string_view key,
                                   const connplan::source& fallback);

// The source of a value, or `fallback` when the evaluator left it at "default".
[[nodiscard]] connplan::source origin_or(const value& v, const connplan::source& fallback);

}  // namespace connplan::django::detail
