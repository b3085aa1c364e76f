// CP106 reload-surge-exceeds-capacity: the steady worst case fits, but a reload or rolling deploy
// runs old and new processes side by side and does not (domain.md §1.4: "HUP reload … up to 2×
// workers for up to graceful_timeout").
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp106(const rule_context& ctx, std::vector<finding>& out) {
  for (const auto& server : ctx.plan.servers) {
    if (!server.demand || !server.reload_peak) continue;
    if (*server.demand > server.usable || *server.reload_peak <= server.usable) continue;
    const plan::server_input* in = server_input_named(ctx.deployment, server.name);
    auto f = make_finding(
        "CP106",
        fmt::format(
            "during a reload or deploy {} may need {} connections, over its {} usable slots "
            "(worst case outside deploys: {})",
            server.name, *server.reload_peak, server.usable, *server.demand),
        in != nullptr ? capacity_anchor(in->max_connections, server) : std::nullopt,
        fmt::format("{}.reload_peak", server.name));
    f.related = contributions_as_related(server);
    f.notes.push_back(
        "gunicorn's HUP starts a full new set of workers before stopping the old ones");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
