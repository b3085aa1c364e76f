// Whether text output is coloured: `--color auto|always|never`, NO_COLOR, FORCE_COLOR, and a
// terminal on stdout (ecosystem.md §2.9: shellcheck, ruff; no-color.org; force-color.org).
#pragma once

#include <optional>
#include <string_view>

namespace connplan::output {

enum class color_mode { automatic, always, never };

// "auto", "always", "never"; nullopt otherwise.
[[nodiscard]] std::optional<color_mode> parse_color_mode(std::string_view text);

struct color_environment {
  std::optional<std::string_view> no_color;     // NO_COLOR
  std::optional<std::string_view> force_color;  // FORCE_COLOR
  std::optional<std::string_view> term;         // TERM
  bool stdout_is_terminal = false;
};

// `always` and `never` win over the environment (the flag beats env); for `automatic`: a non-empty
// NO_COLOR disables, then a non-empty FORCE_COLOR enables, else colour iff stdout is a terminal
// and TERM is not "dumb" (shellcheck src/ShellCheck/Formatter/Format.hs).
[[nodiscard]] bool use_color(color_mode mode, const color_environment& env);

}  // namespace connplan::output
