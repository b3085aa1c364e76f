#include "output/color.hpp"

#include <gtest/gtest.h>

namespace connplan::output {
namespace {

color_environment terminal() {
  color_environment env;
  env.stdout_is_terminal = true;
  env.term = "xterm-256color";
  return env;
}

TEST(color, auto_colours_a_terminal_only) {
  EXPECT_TRUE(use_color(color_mode::automatic, terminal()));
  EXPECT_FALSE(use_color(color_mode::automatic, color_environment{}));
  auto dumb = terminal();
  dumb.term = "dumb";
  EXPECT_FALSE(use_color(color_mode::automatic, dumb));
}

// no-color.org: "when present and not an empty string, prevents the addition of ANSI color".
TEST(color, no_color_non_empty_disables) {
  auto env = terminal();
  env.no_color = "1";
  EXPECT_FALSE(use_color(color_mode::automatic, env));
  env.no_color = "";
  EXPECT_TRUE(use_color(color_mode::automatic, env));
}

TEST(color, force_color_enables_without_a_terminal) {
  color_environment env;
  env.force_color = "1";
  EXPECT_TRUE(use_color(color_mode::automatic, env));
  env.force_color = "";
  EXPECT_FALSE(use_color(color_mode::automatic, env));
}

TEST(color, the_flag_beats_the_environment) {
  auto env = terminal();
  env.no_color = "1";
  EXPECT_TRUE(use_color(color_mode::always, env));
  color_environment forced;
  forced.force_color = "1";
  EXPECT_FALSE(use_color(color_mode::never, forced));
}

TEST(color, parse_color_mode_takes_the_three_spellings) {
  EXPECT_EQ(parse_color_mode("auto"), color_mode::automatic);
  EXPECT_EQ(parse_color_mode("always"), color_mode::always);
  EXPECT_EQ(parse_color_mode("never"), color_mode::never);
  EXPECT_EQ(parse_color_mode("yes"), std::nullopt);
}

}  // namespace
}  // namespace connplan::output
