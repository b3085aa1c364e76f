// CP108 standby-max-connections-below-primary: a hot standby must have max_connections at least as
// high as its primary, "Otherwise, queries will not be allowed in the standby server" (domain.md
// §6.1).
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp108(const rule_context& ctx, std::vector<finding>& out) {
  for (const auto& standby : ctx.deployment.servers) {
    if (standby.standby_of.empty()) continue;
    const plan::server_input* primary = server_input_named(ctx.deployment, standby.standby_of);
    if (primary == nullptr || !primary->max_connections.value || !standby.max_connections.value)
      continue;
    if (*standby.max_connections.value >= *primary->max_connections.value) continue;
    auto f = make_finding(
        "CP108",
        fmt::format("standby {} has max_connections = {}, below its primary {}'s {}: it will not "
                    "allow queries",
                    standby.name, *standby.max_connections.value, primary->name,
                    *primary->max_connections.value),
        first_location(standby.max_connections.sources),
        fmt::format("{}.max_connections", standby.name));
    f.related.push_back(
        {first_location(primary->max_connections.sources),
         fmt::format("{}: max_connections = {}", primary->name, *primary->max_connections.value)});
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
