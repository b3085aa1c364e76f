// CP105 unbounded-demand: some service's connections have no upper bound, so no max_connections is
// enough (CONTRACTS §7: "Demand that has no bound is unbounded with its reason"). One finding per
// server, every cause in `related` (CONTRACTS §5: one cause, one error).
#include <fmt/format.h>

#include <algorithm>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp105(const rule_context& ctx, std::vector<finding>& out) {
  for (const auto& server : ctx.plan.servers) {
    if (!server.unbounded) continue;
    std::vector<related_location> causes;
    for (const auto& c : server.contributions) {
      if (c.unbounded) causes.push_back({first_location(c.sources), c.formula});
    }
    const plan::server_input* in = server_input_named(ctx.deployment, server.name);
    auto f = make_finding(
        "CP105",
        fmt::format("the connections to {} have no upper bound: {}", server.name,
                    server.unbounded_reasons.empty() ? "see the related services"
                                                     : server.unbounded_reasons.front()),
        in != nullptr ? capacity_anchor(in->max_connections, server) : std::nullopt,
        fmt::format("{}.unbounded", server.name));
    f.related = std::move(causes);
    for (std::size_t i = 1; i < server.unbounded_reasons.size(); ++i)
      f.notes.push_back(server.unbounded_reasons[i]);
    f.notes.push_back(
        "bound it with CONN_MAX_AGE = 0, a concurrency cap, Django's pool, or a PgBouncer in "
        "between");
    out.push_back(std::move(f));
  }
  // A PgBouncer bounds what reaches the server, but not its own clients: they outgrow
  // max_client_conn and are refused.
  for (const auto& b : ctx.plan.pgbouncers) {
    if (!b.client_demand_unbounded) continue;
    const plan::pgbouncer_input* in = pgbouncer_input_named(ctx.deployment, b.name);
    std::optional<source_location> at =
        in != nullptr ? first_location(in->max_client_conn.sources) : std::nullopt;
    if (!at && in != nullptr) at = first_location({in->source});
    std::vector<related_location> causes;
    for (const auto& s : ctx.deployment.services) {
      bool through = std::any_of(s.aliases.begin(), s.aliases.end(), [&](const plan::alias_use& a) {
        return a.via_pgbouncer && a.target == b.name;
      });
      if (through)
        causes.push_back(
            {first_location(s.sources), fmt::format("{} connects through {}", s.name, b.name)});
    }
    auto f =
        make_finding("CP105",
                     fmt::format("the client connections to {} have no upper bound: {}", b.name,
                                 b.client_demand_reason.empty() ? "see the related services"
                                                                : b.client_demand_reason),
                     at, fmt::format("{}.clients.unbounded", b.name));
    f.related = std::move(causes);
    f.notes.push_back(fmt::format("clients beyond max_client_conn ({} per instance) are refused",
                                  b.max_client_conn));
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
