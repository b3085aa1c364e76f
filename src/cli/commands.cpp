#include "cli/commands.hpp"

#include <array>

namespace connplan::cli {

std::span<const command> commands() {
  static constexpr std::array table{
      command{"inspect", "print the effective settings of configuration files", &setup_inspect},
      command{"rules", "list every rule with its code, name and default severity", &setup_rules},
      command{"explain", "print the documentation of a rule (also: connplan rule CODE)",
              &setup_explain},
  };
  return table;
}

}  // namespace connplan::cli
