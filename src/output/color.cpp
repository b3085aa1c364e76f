#include "output/color.hpp"

namespace connplan::output {

std::optional<color_mode> parse_color_mode(std::string_view text) {
  if (text == "auto") return color_mode::automatic;
  if (text == "always") return color_mode::always;
  if (text == "never") return color_mode::never;
  return std::nullopt;
}

bool use_color(color_mode mode, const color_environment& env) {
  if (mode == color_mode::always) return true;
  if (mode == color_mode::never) return false;
  // no-color.org: "when present and not an empty string … prevents the addition of ANSI color".
  if (env.no_color && !env.no_color->empty()) return false;
  // force-color.org: "when present and not an empty string … forces the addition of ANSI color".
  if (env.force_color && !env.force_color->empty()) return true;
  if (!env.stdout_is_terminal) return false;
  return !(env.term && *env.term == "dumb");
}

}  // namespace connplan::output
