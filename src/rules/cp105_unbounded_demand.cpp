// CP105 unbounded-demand: some service's connections have no upper bound, so no max_connections is
// enough (CONTRACTS §7: "Demand that has no bound is unbounded with its reason"). One finding per
// server, every cause in `related` (CONTRACTS §5: one cause, one error).
#include <fmt/format.h>

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
}

}  // namespace connplan::rules
