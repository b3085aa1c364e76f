// One service's worst case: per process concurrency, per alias connections, totals, steady state.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connplan/plan.hpp"

namespace connplan::plan::detail {

// A number that may be unknown or have no bound, with the first reason.
struct amount {
  std::optional<long long> value;
  bool unbounded = false;
  std::string reason;

  [[nodiscard]] static amount of(long long v) { return {v, false, {}}; }
  [[nodiscard]] bool known() const { return value.has_value(); }
};

[[nodiscard]] amount operator+(const amount& a, const amount& b);
[[nodiscard]] amount operator*(const amount& a, const amount& b);
[[nodiscard]] amount from(const count& c);

struct alias_demand {
  const alias_use* use = nullptr;
  amount per_process;  // connections one process holds for this alias
  amount steady_per_process;
  std::string description;  // "8 threads (gthread)", "pool max 4", "1 (result backend)"
};

struct service_demand {
  amount concurrency;  // C
  std::vector<alias_demand> aliases;
  amount replicas, processes;
  // Per target (server or PgBouncer name): connections of one replica, all replicas, steady.
  struct per_target {
    std::string target;
    bool via_pgbouncer = false;
    amount per_replica, total, steady;
  };
  std::vector<per_target> targets;
  amount per_replica, total, steady;
  std::string formula;
};

[[nodiscard]] service_demand demand_of(const service_input& s);

[[nodiscard]] std::string show(const amount& a);

}  // namespace connplan::plan::detail
