// What every rule reads: the deployment as the planner saw it and the plan it computed. Rules never
// see text (STYLE.md); they anchor findings on the sources the model carries.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "connplan/finding.hpp"
#include "connplan/plan.hpp"
#include "connplan/project_model.hpp"

namespace connplan::rules {

struct rule_context {
  const plan::deployment& deployment;
  const plan::result& plan;
  // Every file as its front end read it, and the services' models. Null in tests of rules that
  // read only the plan.
  const project_model* model = nullptr;
};

using rule_fn = void (*)(const rule_context&, std::vector<finding>&);

struct rule_entry {
  std::string_view code;
  rule_fn check;
};

// The registration lists, one per area, each in code order (explicit lists, as hadolint's). The
// front ends emit their own findings (CP0xx, CP209–CP211, CP301, CP401/402/405, CP5xx, CP6xx);
// these are the rules that read the model and the plan.
[[nodiscard]] std::span<const rule_entry> plan_rules();    // CP1xx
[[nodiscard]] std::span<const rule_entry> django_rules();  // CP2xx
[[nodiscard]] std::span<const rule_entry> server_rules();  // CP3xx, CP4xx, CP5xx, CP6xx, CP7xx

// Runs every rule of every list.
[[nodiscard]] std::vector<finding> run_rules(const rule_context& context);

// ---- helpers shared by the rules ----

// The first file or toml location among `sources`.
[[nodiscard]] std::optional<source_location> first_location(const std::vector<source>& sources);

[[nodiscard]] const plan::server_input* server_input_named(const plan::deployment& d,
                                                           std::string_view name);
[[nodiscard]] const plan::pgbouncer_input* pgbouncer_input_named(const plan::deployment& d,
                                                                 std::string_view name);

// CONTRACTS §5: capacity findings anchor on the limit they exceed; when that limit is a default, on
// the config line of the largest contribution that drives the demand.
[[nodiscard]] std::optional<source_location> capacity_anchor(const plan::count& limit,
                                                             const plan::server_plan& server);

// One related location per contribution, carrying its formula.
[[nodiscard]] std::vector<related_location> contributions_as_related(
    const plan::server_plan& server);

}  // namespace connplan::rules
