// PgBouncer's side: client demand, pools per (database, user), server connections and the
// ceiling (domain.md §7.4, CONTRACTS §7).
#pragma once

#include <vector>

#include "connplan/plan.hpp"
#include "planner/service_demand.hpp"

namespace connplan::plan::detail {

struct pgbouncer_outcome {
  pgbouncer_plan plan;
  amount client_demand;
  amount server_connections;
  std::string formula;
  std::vector<connplan::source> sources;
};

[[nodiscard]] pgbouncer_outcome plan_pgbouncer(const pgbouncer_input& b,
                                               const std::vector<service_input>& services,
                                               const std::vector<service_demand>& demands);

}  // namespace connplan::plan::detail
