// CP102 demand-near-capacity: the worst case fits, but above [budget] warn_percent of usable slots,
// leaving no room for a deploy, a migration or an operator's psql (domain.md §7.5 suggests 80%).
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp102(const rule_context& ctx, std::vector<finding>& out) {
  for (const auto& server : ctx.plan.servers) {
    const plan::server_input* in = server_input_named(ctx.deployment, server.name);
    if (in == nullptr || !server.demand || *server.demand > server.usable)
      continue;  // CP101's case
    const double threshold = in->warn_percent / 100.0 * static_cast<double>(server.usable);
    if (static_cast<double>(*server.demand) <= threshold) continue;
    auto f = make_finding(
        "CP102",
        fmt::format("worst-case demand of {} connections is {:.0f}% of the {} usable slots of {}, "
                    "above the {:g}% warning level",
                    *server.demand, 100.0 * static_cast<double>(*server.demand) / server.usable,
                    server.usable, server.name, in->warn_percent),
        capacity_anchor(in->max_connections, server),
        fmt::format("{}.max_connections", server.name));
    f.related = contributions_as_related(server);
    f.notes.push_back("the level is [budget] warn_percent in connplan.toml (default 80)");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
