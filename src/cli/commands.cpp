#include "cli/commands.hpp"

#include <array>

namespace connplan::cli {

std::span<const command> commands() {
  static constexpr std::array table{
      command{"check", "lint a deployment's configuration; exit 1 on findings at the fail level",
              &setup_check},
      command{"report", "print the worst-case connection plan of a deployment", &setup_report},
      command{"observe", "compare the plan with a running PostgreSQL and PgBouncer (read-only)",
              &setup_observe},
      command{"inspect", "print the effective settings of configuration files", &setup_inspect},
      command{"rules", "list every rule with its code, name and default severity", &setup_rules},
      command{"explain", "print the documentation of a rule (also: connplan rule CODE)",
              &setup_explain},
  };
  return table;
}

}  // namespace connplan::cli
