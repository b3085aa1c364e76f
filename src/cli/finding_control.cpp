#include "cli/finding_control.hpp"

namespace connplan::cli {

// Stubs until the baseline lands (issue 5).
void add_finding_control_options(CLI::App& /*sub*/, finding_control_args& /*args*/) {}
void apply_finding_control(const finding_control_args& /*args*/, check_request& /*request*/) {}
void finish_finding_control(const finding_control_args& /*args*/,
                            const check_outcome& /*outcome*/) {}

}  // namespace connplan::cli
