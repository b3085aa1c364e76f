// `connplan observe` at the application level (issue 8): the plan of PATH (run_check) turned into
// what the live server is held against, and one observation round against it.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/run_check.hpp"
#include "engine/selection.hpp"
#include "observe/analyse.hpp"

namespace connplan {

struct observe_setup {
  observe::expectations expected;
  std::string pgbouncer_name;  // the first planned PgBouncer in front of the server
  engine::selection selection;
};

// Plans the project and picks the server `server_name` ("" = the first). Throws connplan::error
// (exit 2) for a server the plan does not have or a bad selector.
[[nodiscard]] observe_setup prepare_observe(const check_request& request,
                                            const std::string& server_name,
                                            double idle_in_transaction_after);

struct observe_round {
  observe::observation observation;
  std::vector<finding> findings;  // selected, severities applied, canonical order
};

// Reads the server (and the PgBouncer when `pgbouncer_dsn` is given) once and compares.
[[nodiscard]] observe_round observe_once(const observe_setup& setup, const std::string& dsn,
                                         const std::optional<std::string>& pgbouncer_dsn,
                                         observe::peaks& running);

// The part of observe_once after reading: pure, for tests.
[[nodiscard]] observe_round observe_snapshot(const observe_setup& setup,
                                             const observe::snapshot& live,
                                             observe::peaks& running);

}  // namespace connplan
