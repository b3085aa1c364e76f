// `--format checkstyle`: Checkstyle XML as shellcheck and hadolint write it
// (koalaman/shellcheck src/ShellCheck/Formatter/CheckStyle.hs; hadolint Formatter/Checkstyle.hs).
#pragma once

#include <string>
#include <vector>

#include "connplan/finding.hpp"

namespace connplan::output {

// `<checkstyle version="4.3">`, one `<file name=…>` per path (sorted bytewise), one
// `<error line column severity message source="connplan.CODE"/>` per finding. line and column are
// left out when unknown; findings without a location go under `<file name=".">` (the root).
[[nodiscard]] std::string render_checkstyle(const std::vector<finding>& findings);

}  // namespace connplan::output
