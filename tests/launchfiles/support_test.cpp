// output_budget and report_value_too_long (src/launchfiles/support.cpp): the per-file limits on
// what expansions may build (docs/robustness.md "Limits").
#include <gtest/gtest.h>

#include "launchfiles/readers.hpp"

namespace connplan::launchfiles::detail {
namespace {

TEST(output_budget, bytes_past_the_limit_are_cp006_once) {
  launch_file f;
  f.path = "start.sh";
  output_budget b(f);
  EXPECT_TRUE(b.take(max_output_bytes - 10, {}));
  EXPECT_TRUE(b.take(10, {}));
  EXPECT_FALSE(b.spent());
  EXPECT_TRUE(f.findings.empty());
  EXPECT_FALSE(b.take(1, {}));
  EXPECT_FALSE(b.take(1, {}));
  EXPECT_TRUE(b.spent());
  ASSERT_EQ(f.findings.size(), 1u);
  EXPECT_EQ(f.findings[0].code, "CP006");
  EXPECT_FALSE(f.complete);
}

TEST(output_budget, processes_past_the_limit_are_cp006) {
  launch_file f;
  output_budget b(f);
  launched_process p;
  p.command = "gunicorn app";
  for (std::size_t i = 0; i < max_output_processes; ++i) ASSERT_TRUE(b.take_process(p));
  EXPECT_TRUE(f.findings.empty());
  EXPECT_FALSE(b.take_process(p));
  ASSERT_EQ(f.findings.size(), 1u);
  EXPECT_NE(f.findings[0].message.find("10000 processes"), std::string::npos);
}

TEST(output_budget, a_process_is_charged_its_command_and_environment) {
  launch_file f;
  output_budget b(f);
  launched_process p;
  p.env["BIG"] = std::string(max_output_bytes / 2, 'x');
  EXPECT_TRUE(b.take_process(p));
  EXPECT_FALSE(b.take_process(p));
  EXPECT_EQ(f.findings.size(), 1u);
}

TEST(report_value_too_long, is_cp006_and_makes_the_file_incomplete) {
  launch_file f;
  report_value_too_long(f, {}, "command of [program:web]");
  ASSERT_EQ(f.findings.size(), 1u);
  EXPECT_EQ(f.findings[0].code, "CP006");
  EXPECT_FALSE(f.complete);
}

TEST(name_registry, names_are_made_unique_in_order) {
  name_registry names;
  EXPECT_EQ(names.unique("web"), "web");
  EXPECT_EQ(names.unique("web"), "web-2");
  EXPECT_EQ(names.unique("web-3"), "web-3");
  EXPECT_EQ(names.unique("web"), "web-4");  // web-3 is taken
  EXPECT_EQ(names.unique("worker"), "worker");
}

}  // namespace
}  // namespace connplan::launchfiles::detail
