// Helpers shared by the launch tests.
#pragma once

#include <string>
#include <string_view>

#include <gtest/gtest.h>

#include "connplan/command_line.hpp"

namespace connplan::launch::testing {

// The only command of `text` (fails the test when there is not exactly one).
inline command only_command(std::string_view text, const parse_options& options = {}) {
  auto r = parse_command_line(text, options);
  EXPECT_EQ(r.commands.size(), 1u) << text;
  if (r.commands.empty()) return {};
  return r.commands.front();
}

// The raw text of flag `name`, "<absent>" or "<unknown: reason>".
inline std::string flag_text(const command& c, const std::string& name) {
  const auto it = c.flags.find(name);
  if (it == c.flags.end()) return "<absent>";
  if (!it->second.value.known) return "<unknown: " + it->second.value.reason + ">";
  return it->second.value.text;
}

}  // namespace connplan::launch::testing
