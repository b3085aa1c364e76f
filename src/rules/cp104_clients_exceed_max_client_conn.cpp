// CP104 clients-exceed-max-client-conn: more application connections point at a PgBouncer than it
// accepts (domain.md §5.1: "Exceeding it: no more connections allowed (max_client_conn)").
#include <fmt/format.h>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp104(const rule_context& ctx, std::vector<finding>& out) {
  for (const auto& b : ctx.plan.pgbouncers) {
    const long long accepted = b.max_client_conn * b.instances;
    // Unbounded client demand is CP105's cause: one cause, one error (CONTRACTS §5).
    if (!b.client_demand || *b.client_demand <= accepted) continue;
    const plan::pgbouncer_input* in = pgbouncer_input_named(ctx.deployment, b.name);
    std::optional<source_location> at =
        in != nullptr ? first_location(in->max_client_conn.sources) : std::nullopt;
    if (!at && in != nullptr) at = first_location({in->source});
    auto f = make_finding(
        "CP104",
        fmt::format("{} client connections can point at {}, which accepts {} ({} max_client_conn "
                    "× {} instance{})",
                    *b.client_demand, b.name, accepted, b.max_client_conn, b.instances,
                    b.instances == 1 ? "" : "s"),
        at, fmt::format("{}.max_client_conn", b.name));
    f.notes.push_back(
        "clients over the limit are refused: no more connections allowed (max_client_conn)");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
