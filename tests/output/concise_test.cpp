// `file:line:col: severity: message [CODE]` per finding.
#include "output/concise.hpp"

#include <gtest/gtest.h>

#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

TEST(concise, one_gcc_style_line_per_finding) {
  auto findings = testing::sample_findings();
  std::string out = render_concise(findings);
  EXPECT_NE(out.find("deploy/postgresql.conf:64:1: error: worst-case demand of 412 connections "
                     "exceeds the 197 usable slots [CP101]\n"),
            std::string::npos);
  // Without a location the path part is omitted, as ruff does.
  EXPECT_NE(out.find("\ninfo: no known program starts the service \"web\" [CP804]\n"),
            std::string::npos);
  // A newline in a message does not break the one-line-per-finding shape.
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), static_cast<long>(findings.size()));
}

TEST(concise, a_location_without_a_line_is_the_file_alone) {
  std::vector<finding> one{make_finding("CP005", "cannot read", source_location{"x.conf", {}, {}})};
  EXPECT_EQ(render_concise(one), "x.conf: error: cannot read [CP005]\n");
}

}  // namespace
}  // namespace connplan::output
