// apply_image: a compose service built from a Dockerfile runs the image's ENTRYPOINT, CMD, ENV
// and WORKDIR, as far as the service does not replace them (compose-spec services.md @ 2024
// "command", "entrypoint", "environment"; docs.docker.com/reference/dockerfile "Understand how
// CMD and ENTRYPOINT interact").
#include "launchfiles/compose_image.hpp"

#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {

void apply_image(launched_process& service, const launched_process& image) {
  // The container's environment is the image's ENV with the service's `environment:` on top.
  for (const auto& [name, value] : image.env) {
    if (service.env.emplace(name, value).second) {
      if (auto at = image.env_at.find(name); at != image.env_at.end())
        service.env_at[name] = at->second;
    }
  }
  if (service.workdir.empty()) service.workdir = image.workdir;
  // `entrypoint:` replaces the image's ENTRYPOINT and drops its CMD: the command is the service's.
  if (!service.entrypoint_at.file.empty()) return;
  if (service.command.empty()) {
    // No `command:`: the image's ENTRYPOINT + CMD, as the Dockerfile reader combined them.
    service.command = image.command;
    service.command_at = image.command_at;
    service.command_words = image.command_words;
    return;
  }
  using use = launched_process::entrypoint_use;
  switch (image.entrypoint_mode) {
    case use::pass_through:
      break;
    case use::prepend: {
      // `command:` replaces CMD and becomes the ENTRYPOINT's arguments; the flags that count are
      // in the compose file, so command_at stays there.
      const std::string prefix = join_quoted(image.entrypoint) + " ";
      service.command = prefix + service.command;
      for (auto& word : service.command_words) word.first += prefix.size();
      service.entrypoint_at = image.entrypoint_at;
      break;
    }
    case use::ignore:
      // "The shell form of ENTRYPOINT prevents any CMD command line arguments from being used".
      service.command = image.command;
      service.command_at = image.command_at;
      service.command_words = image.command_words;
      service.entrypoint_at = image.entrypoint_at;
      break;
  }
}

bool needs_image_entrypoint(const launched_process& service) {
  if (!service.entrypoint_at.file.empty()) return false;
  const auto first = service.command.find_first_not_of(" \t");
  return first != std::string::npos && service.command[first] == '-';
}

}  // namespace connplan::launchfiles::detail
