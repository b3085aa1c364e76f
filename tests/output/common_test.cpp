// Spans, rule links and GitHub's order shared by every format.
#include "output/common.hpp"

#include <gtest/gtest.h>

#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

TEST(output_common, span_fills_an_unknown_end_with_the_start) {
  span s = span_of(source_location{"a.conf", {3, 5}, {0, 0}});
  EXPECT_EQ(s.line, 3U);
  EXPECT_EQ(s.end_line, 3U);
  EXPECT_EQ(s.column, 5U);
  EXPECT_EQ(s.end_column, 5U);
}

TEST(output_common, span_without_a_line_keeps_only_the_file) {
  span s = span_of(source_location{"a.conf", {0, 4}, {0, 9}});
  EXPECT_EQ(s.file, "a.conf");
  EXPECT_EQ(s.line, 0U);
  EXPECT_EQ(s.column, 0U);
}

TEST(output_common, rule_url_names_the_rule_page) {
  EXPECT_EQ(rule_url("CP101"),
            std::string(information_uri) + "/rules/CP101-demand-exceeds-capacity.md");
  EXPECT_EQ(rule_title("CP301"), "CP301 unknown-gunicorn-setting");
}

// CONTRACTS §1: "the `github` format puts the most severe first".
TEST(output_common, most_severe_first_orders_by_severity_then_canonically) {
  auto findings = testing::sample_findings();
  auto ordered = most_severe_first(findings);
  ASSERT_EQ(ordered.size(), findings.size());
  for (std::size_t i = 1; i < ordered.size(); ++i) {
    EXPECT_LE(severity_rank(ordered[i - 1]->severity), severity_rank(ordered[i]->severity));
  }
  EXPECT_EQ(ordered.front()->code, "CP101");
  EXPECT_EQ(ordered.back()->severity, severity::info);
}

}  // namespace
}  // namespace connplan::output
