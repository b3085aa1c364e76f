// The YAML launch formats: docker-compose files and Kubernetes manifests. Called by the
// dispatcher (read_launch_file) for format::compose and format::kubernetes.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/launch_files.hpp"

namespace connplan::launchfiles::detail {

// Never throw (except std::bad_alloc): YAML errors are CP001 findings, variables that cannot be
// resolved CP002, constructs that cannot be followed CP804.
[[nodiscard]] launch_file read_compose(std::string_view text, std::string display_path,
                                       const read_options& options);
[[nodiscard]] launch_file read_kubernetes(std::string_view text, std::string display_path,
                                          const read_options& options);

// Kubernetes counts the model also needs across files: an HPA in one file scaling a Deployment in
// another; a percentage maxSurge resolved against the (possibly autoscaled) replicas.
void apply_autoscaler(std::vector<launched_process>& processes, const autoscaler& a);
[[nodiscard]] launch_count surge_in_pods(launch_count surge,
                                         const std::optional<launch_count>& replicas);

}  // namespace connplan::launchfiles::detail
