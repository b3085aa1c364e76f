// CP103 pgbouncer-pools-exceed-capacity: if clients grow, the PgBouncer pools in front of a server
// may open more server connections than it has usable slots (domain.md §7.4; issue 4: "CP103
// compares the pools' ceiling with capacity").
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp103(const rule_context& ctx, std::vector<finding>& out) {
  for (const auto& server : ctx.plan.servers) {
    long long ceiling = 0;
    long long direct = 0;
    std::vector<related_location> related;
    const plan::pgbouncer_input* first = nullptr;
    for (const auto& b : ctx.plan.pgbouncers) {
      if (b.server != server.name) continue;
      ceiling += b.ceiling;
      const plan::pgbouncer_input* in = pgbouncer_input_named(ctx.deployment, b.name);
      if (first == nullptr) first = in;
      related.push_back({in != nullptr ? first_location({in->source}) : std::nullopt,
                         fmt::format("{}: pools allow {} server connections", b.name, b.ceiling)});
    }
    if (first == nullptr) continue;
    for (const auto& c : server.contributions) {
      if (c.kind != "pgbouncer") direct += c.connections.value_or(0);
    }
    if (ceiling + direct <= server.usable) continue;
    auto f = make_finding(
        "CP103",
        fmt::format("the PgBouncer pools in front of {} allow {} server connections; with {} "
                    "other connections that exceeds its {} usable slots",
                    server.name, ceiling, direct, server.usable),
        first_location({first->source}), fmt::format("{}.pools", server.name));
    f.related = std::move(related);
    f.notes.push_back(
        "each pool opens up to pool_size + reserve_pool server connections as clients wait");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
