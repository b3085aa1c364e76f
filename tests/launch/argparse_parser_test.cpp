// The argparse emulation on its own (Lib/argparse.py @ 3.11), with daphne's table.
#include <gtest/gtest.h>

#include "launch/option_parsers.hpp"

namespace connplan::launch::detail {
namespace {

std::vector<word> words(std::string_view s) {
  std::string error;
  return shlex_split(s, &error);
}

TEST(argparse_parser, negative_numbers_and_lone_dash_are_positional) {
  // argparse: "if it's just a single character, it was meant to be positional"; negative
  // numbers are positional unless an option looks like one.
  const auto r = parse_argparse(words("-p -1 app"), daphne_table(), "daphne");
  EXPECT_TRUE(r.errors.empty());
  EXPECT_EQ(r.flags.at("port").value.text, "-1");
  const auto d = parse_argparse(words("-"), daphne_table(), "daphne");
  ASSERT_EQ(d.positionals.size(), 1u);
  EXPECT_EQ(d.positionals[0].text, "-");
}

TEST(argparse_parser, double_dash_ends_options) {
  const auto r = parse_argparse(words("-- -p"), daphne_table(), "daphne");
  ASSERT_EQ(r.positionals.size(), 1u);
  EXPECT_EQ(r.positionals[0].text, "-p");
}

TEST(argparse_parser, last_store_wins) {
  const auto r = parse_argparse(words("-p 1 --port 2 app"), daphne_table(), "daphne");
  EXPECT_EQ(r.flags.at("port").value.text, "2");
  EXPECT_EQ(r.flags.at("port").spelling, "--port");
}

}  // namespace
}  // namespace connplan::launch::detail
