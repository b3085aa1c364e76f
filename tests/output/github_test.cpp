// Workflow commands: escaping, order, and GitHub's 10-per-level limit.
#include "output/github.hpp"

#include <gtest/gtest.h>

#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

// actions/toolkit packages/core/src/command.ts: escapeData replaces % CR LF; escapeProperty also
// ':' and ','.
TEST(github, escaping_follows_the_toolkit) {
  EXPECT_EQ(escape_data("100%\r\nok: a,b"), "100%25%0D%0Aok: a,b");
  EXPECT_EQ(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
}

TEST(github, annotations_carry_position_title_and_escaped_message) {
  auto findings = testing::sample_findings();
  std::string out = render_github(findings);
  EXPECT_EQ(out.substr(0, out.find('\n')),
            "::error file=deploy/postgresql.conf,line=64,endLine=64,col=1,endColumn=22,"
            "title=CP101 demand-exceeds-capacity::worst-case demand of 412 connections exceeds "
            "the 197 usable slots%0Agunicorn.conf.py:3: web: 4 workers × 100 = 400%0Aoperations: "
            "12%0A412 = 400 + 12");
  EXPECT_NE(out.find("::warning file=a%2Cb%3Ac/settings.py,line=2,"), std::string::npos);
  EXPECT_NE(out.find("100%25 hard-coded%0Asee line 2\n"), std::string::npos);
  EXPECT_NE(out.find("::notice title=CP804 unparsed-launch-command::"), std::string::npos);
}

TEST(github, most_severe_first) {
  auto findings = testing::sample_findings();
  std::string out = render_github(findings);
  EXPECT_LT(out.find("::error"), out.find("::warning"));
  EXPECT_LT(out.rfind("::warning"), out.find("::notice"));
}

// "10 warning, 10 error and 10 notice annotations per step" (actions/toolkit
// docs/problem-matchers.md, Limitations).
TEST(github, at_most_ten_per_level_then_a_line_saying_how_many_were_left_out) {
  std::vector<finding> many;
  for (int i = 1; i <= 13; ++i) {
    many.push_back(make_finding("CP301", "unknown", testing::at("g.py", i, 1, 2), "x"));
  }
  for (int i = 1; i <= 3; ++i) {
    many.push_back(make_finding("CP101", "over", testing::at("p.conf", i, 1, 2), "y"));
  }
  std::string out = render_github(many);
  std::size_t warnings = 0, errors = 0;
  for (std::size_t at = out.find("::warning"); at != std::string::npos;
       at = out.find("::warning", at + 1)) {
    ++warnings;
  }
  for (std::size_t at = out.find("::error"); at != std::string::npos;
       at = out.find("::error", at + 1)) {
    ++errors;
  }
  EXPECT_EQ(warnings, 10U);
  EXPECT_EQ(errors, 3U);
  EXPECT_NE(out.find("connplan: 3 more findings not annotated (3 warnings)"), std::string::npos);
  EXPECT_EQ(render_github(testing::sample_findings()).find("not annotated"), std::string::npos);
}

TEST(github, columns_are_left_out_on_a_multi_line_span) {
  std::vector<finding> one{
      make_finding("CP301", "m", source_location{"g.py", {2, 3}, {4, 1}}, "x")};
  EXPECT_EQ(render_github(one),
            "::warning file=g.py,line=2,endLine=4,title=CP301 unknown-gunicorn-setting::m\n");
}

}  // namespace
}  // namespace connplan::output
