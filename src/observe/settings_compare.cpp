#include "observe/settings_compare.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <utility>

namespace connplan::observe {

namespace {

enum class unit_kind { none, memory, time };

struct unit_scale {
  unit_kind kind = unit_kind::none;
  double factor = 1;  // bytes for memory, milliseconds for time
};

// The base units pg_settings.unit shows (PostgreSQL guc.c: memory_unit_conversion_table,
// time_unit_conversion_table): "B", "kB", "8kB", "MB", "ms", "s", "min".
unit_scale scale_of(std::string_view unit) {
  static const std::array<std::pair<std::string_view, unit_scale>, 10> table{{
      {"B", {unit_kind::memory, 1}},
      {"kB", {unit_kind::memory, 1024}},
      {"8kB", {unit_kind::memory, 8192}},
      {"16kB", {unit_kind::memory, 16384}},
      {"MB", {unit_kind::memory, 1024.0 * 1024}},
      {"GB", {unit_kind::memory, 1024.0 * 1024 * 1024}},
      {"us", {unit_kind::time, 0.001}},
      {"ms", {unit_kind::time, 1}},
      {"s", {unit_kind::time, 1000}},
      {"min", {unit_kind::time, 60000}},
  }};
  for (const auto& [name, scale] : table)
    if (name == unit) return scale;
  return {};
}

std::optional<double> number(std::string_view text) {
  std::string s(text);
  if (s.empty()) return std::nullopt;
  char* end = nullptr;
  double v = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

}  // namespace

bool same_setting(std::string_view a, std::string_view a_unit, std::string_view b,
                  std::string_view b_unit) {
  auto x = number(a);
  auto y = number(b);
  if (x && y) {
    const unit_scale sa = scale_of(a_unit);
    const unit_scale sb = scale_of(b_unit);
    // -1 means "use the default"/"disabled" whatever the unit: compare it unscaled.
    if (*x < 0 || *y < 0 || sa.kind != sb.kind) return *x == *y;
    const double l = *x * sa.factor;
    const double r = *y * sb.factor;
    return std::fabs(l - r) <= 1e-9 * std::max({1.0, std::fabs(l), std::fabs(r)});
  }
  return lower(a) == lower(b);
}

std::string display_setting(std::string_view setting, std::string_view unit) {
  const unit_scale s = scale_of(unit);
  auto v = number(setting);
  if (s.kind == unit_kind::none || !v || *v < 0 || std::floor(*v) != *v)
    return unit.empty() || !v ? std::string(setting) : fmt::format("{}{}", setting, unit);
  const double base = *v * s.factor;
  using step = std::pair<std::string_view, double>;
  static const std::array<step, 5> memory{{{"TB", 1024.0 * 1024 * 1024 * 1024},
                                           {"GB", 1024.0 * 1024 * 1024},
                                           {"MB", 1024.0 * 1024},
                                           {"kB", 1024},
                                           {"B", 1}}};
  static const std::array<step, 5> time{
      {{"d", 86400000}, {"h", 3600000}, {"min", 60000}, {"s", 1000}, {"ms", 1}}};
  const auto& steps = s.kind == unit_kind::memory ? memory : time;
  if (base == 0) return fmt::format("0{}", unit);
  for (const auto& [name, size] : steps) {
    const double q = base / size;
    if (q >= 1 && std::floor(q) == q) return fmt::format("{}{}", static_cast<long long>(q), name);
  }
  return fmt::format("{}{}", setting, unit);
}

}  // namespace connplan::observe
