// CP101 demand-exceeds-capacity: the worst case needs more connections than the server gives
// ordinary roles (domain.md §7.5: "Flag demand > capacity (error)").
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp101(const rule_context& ctx, std::vector<finding>& out) {
  for (const auto& server : ctx.plan.servers) {
    if (!server.demand || *server.demand <= server.usable) continue;
    const plan::server_input* in = server_input_named(ctx.deployment, server.name);
    auto f = make_finding(
        "CP101",
        fmt::format("worst-case demand of {} connections exceeds the {} usable slots of {}",
                    *server.demand, server.usable, server.name),
        in != nullptr ? capacity_anchor(in->max_connections, server) : std::nullopt,
        fmt::format("{}.max_connections", server.name));
    f.related = contributions_as_related(server);
    f.notes.push_back(
        fmt::format("usable = {} max_connections − {} superuser_reserved_connections − {} "
                    "reserved_connections = {}",
                    server.max_connections, server.superuser_reserved_connections,
                    server.reserved_connections, server.usable));
    f.notes.push_back("PostgreSQL refuses the rest: FATAL: sorry, too many clients already");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
