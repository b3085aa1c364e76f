// A compose service whose image is built from a Dockerfile in the repository runs what the image
// runs, changed by the service as Docker changes it.
#pragma once

#include "connplan/launch_files.hpp"

namespace connplan::launchfiles::detail {

// compose-spec services.md "command" / "entrypoint" and the Dockerfile reference "Understand how
// CMD and ENTRYPOINT interact": the service's `environment:` overrides the image's ENV and
// `working_dir:` its WORKDIR; `entrypoint:` replaces the image's ENTRYPOINT and drops its CMD;
// `command:` replaces CMD and is passed to an exec-form ENTRYPOINT as its arguments (a shell-form
// ENTRYPOINT ignores it); without either the image's own command runs. `service.command` is
// rewritten accordingly, and `command_at` moves to the Dockerfile when the command comes from it.
void apply_image(launched_process& service, const launched_process& image);

// The command a compose service runs cannot name its program: it starts with an option
// (`command: -A core worker`), which only makes sense as arguments to an image ENTRYPOINT.
[[nodiscard]] bool needs_image_entrypoint(const launched_process& service);

}  // namespace connplan::launchfiles::detail
