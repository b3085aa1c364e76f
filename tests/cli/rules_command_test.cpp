// `connplan rules` and `connplan explain CODE` (CONTRACTS §10: `rule CODE` = `explain CODE`).
#include <gtest/gtest.h>

#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::run_connplan;
using testing::temp_dir;

TEST(rules_command, lists_implemented_rules_with_name_and_severity) {
  temp_dir dir;
  auto r = run_connplan({"rules"}, dir.path());
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("CP501  unknown-postgres-parameter"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("not implemented yet"), std::string::npos);
  auto all = run_connplan({"rules", "--all"}, dir.path());
  EXPECT_NE(all.out.find("CP905  live-setting-differs-from-repo"), std::string::npos) << all.out;
}

TEST(rules_command, explain_prints_the_rule_page) {
  temp_dir dir;
  auto r = run_connplan({"explain", "CP603"}, dir.path());
  ASSERT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out.rfind("# CP603 pgbouncer-section-reset\n", 0), 0u) << r.out;
  EXPECT_EQ(run_connplan({"rule", "cp603"}, dir.path()).out, r.out);
}

TEST(rules_command, explain_of_an_unknown_code_exits_2) {
  temp_dir dir;
  auto r = run_connplan({"explain", "CP999"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "connplan: error: unknown rule code \"CP999\" (see connplan rules)\n");
}

}  // namespace
}  // namespace connplan
