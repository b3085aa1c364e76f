#include "connplan/finding.hpp"

#include <fmt/format.h>

#include <tuple>

#include "connplan/error.hpp"
#include "connplan/rule_table.hpp"

namespace connplan {

std::string_view to_string(severity s) {
  switch (s) {
    case severity::error:
      return "error";
    case severity::warning:
      return "warning";
    case severity::info:
      return "info";
  }
  return "error";
}

std::optional<severity> parse_severity(std::string_view text) {
  if (text == "error") return severity::error;
  if (text == "warning") return severity::warning;
  if (text == "info") return severity::info;
  return std::nullopt;
}

finding make_finding(std::string_view code, std::string message,
                     std::optional<source_location> where, std::string identity) {
  const rule_info* rule = find_rule(code);
  if (rule == nullptr) throw error(fmt::format("internal error: unknown rule code {}", code));
  finding f;
  f.code = std::string(code);
  f.severity = rule->severity;
  f.message = std::move(message);
  f.location = std::move(where);
  f.identity = std::move(identity);
  return f;
}

bool canonical_less(const finding& a, const finding& b) {
  // Findings without a location sort first, as ruff does for project-wide diagnostics.
  auto key = [](const finding& f) {
    static const std::string empty;  // static: the tuple keeps a reference to it
    const std::string& file = f.location ? f.location->file : empty;
    const source_position pos = f.location ? f.location->begin : source_position{};
    return std::make_tuple(f.location.has_value(), std::cref(file), pos.line, pos.column,
                           static_cast<int>(f.severity), std::cref(f.code), std::cref(f.message));
  };
  return key(a) < key(b);
}

namespace {

// FNV-1a 64: small, stable across platforms and releases (fingerprints are stored in baselines).
std::uint64_t fnv1a(std::string_view text, std::uint64_t hash = 0xcbf29ce484222325ull) {
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

}  // namespace

std::string fingerprint(const finding& f) {
  std::uint64_t h = fnv1a(f.code);
  h = fnv1a("\x1f", h);
  h = fnv1a(f.location ? std::string_view(f.location->file) : std::string_view(), h);
  h = fnv1a("\x1f", h);
  h = fnv1a(f.identity.empty() ? std::string_view(f.message) : std::string_view(f.identity), h);
  return fmt::format("{:016x}", h);
}

}  // namespace connplan
