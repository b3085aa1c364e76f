#include "rules/rule_context.hpp"
#include "rules/checks.hpp"

#include <algorithm>
#include <array>

namespace connplan::rules {

std::span<const rule_entry> plan_rules() {
  static constexpr std::array entries{
      rule_entry{"CP101", &check_cp101}, rule_entry{"CP102", &check_cp102},
      rule_entry{"CP103", &check_cp103}, rule_entry{"CP104", &check_cp104},
      rule_entry{"CP105", &check_cp105}, rule_entry{"CP106", &check_cp106},
      rule_entry{"CP108", &check_cp108},
  };
  return entries;
}

std::vector<finding> run_rules(const rule_context& context) {
  std::vector<finding> out;
  for (auto list : {plan_rules(), django_rules(), server_rules()}) {
    for (const auto& r : list) r.check(context, out);
  }
  return out;
}

std::optional<source_location> first_location(const std::vector<source>& sources) {
  for (const auto& s : sources) {
    if (s.kind == source_kind::file || s.kind == source_kind::toml) return s.location;
  }
  return std::nullopt;
}

const plan::server_input* server_input_named(const plan::deployment& d, std::string_view name) {
  for (const auto& s : d.servers) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const plan::pgbouncer_input* pgbouncer_input_named(const plan::deployment& d,
                                                   std::string_view name) {
  for (const auto& b : d.pgbouncers) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

std::optional<source_location> capacity_anchor(const plan::count& limit,
                                               const plan::server_plan& server) {
  if (auto at = first_location(limit.sources)) return at;
  const plan::contribution* largest = nullptr;
  for (const auto& c : server.contributions) {
    if (!first_location(c.sources)) continue;
    if (largest == nullptr || c.unbounded ||
        c.connections.value_or(0) > largest->connections.value_or(0)) {
      if (largest == nullptr || !largest->unbounded) largest = &c;
    }
  }
  return largest != nullptr ? first_location(largest->sources) : std::nullopt;
}

std::vector<related_location> contributions_as_related(const plan::server_plan& server) {
  std::vector<related_location> out;
  for (const auto& c : server.contributions) out.push_back({first_location(c.sources), c.formula});
  return out;
}

}  // namespace connplan::rules
