// The Markdown job summary: server table, mermaid budget, every finding.
#include "output/github_summary.hpp"

#include <gtest/gtest.h>

#include "output/common.hpp"
#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

plan::result sample_plan(std::optional<long long> demand) {
  plan::result r;
  plan::server_plan s;
  s.name = "postgres";
  s.max_connections = 100;
  s.superuser_reserved_connections = 3;
  s.usable = 97;
  s.demand = demand;
  s.unbounded = !demand;
  if (!demand) s.unbounded_reasons.push_back("web: gevent with persistent connections");
  if (demand) s.headroom_percent = 100.0 * static_cast<double>(97 - *demand) / 97.0;
  plan::contribution web;
  web.kind = "service";
  web.name = "web";
  web.connections = demand;
  s.contributions.push_back(web);
  r.servers.push_back(s);
  return r;
}

TEST(github_summary, table_chart_and_every_finding) {
  auto findings = testing::sample_findings();
  std::string md = render_github_summary(sample_plan(64), findings, engine::summarise(findings));
  EXPECT_NE(md.find("| postgres | 100 | 97 | 64 | 34.0% |"), std::string::npos);
  EXPECT_NE(md.find("```mermaid\npie showData\n  title postgres: demand 64 of 97 usable\n"
                    "  \"service web\" : 64\n  \"free\" : 33\n```"),
            std::string::npos);
  for (const auto& f : findings) EXPECT_NE(md.find(rule_title(f.code)), std::string::npos);
  // A message cannot break the table or inject HTML.
  EXPECT_NE(md.find("password \"***\" &lt;set&gt; &amp; 100% hard-coded<br>see line 2"),
            std::string::npos);
}

TEST(github_summary, unbounded_demand_has_no_chart_but_says_why) {
  std::string md = render_github_summary(sample_plan(std::nullopt), {}, {});
  EXPECT_EQ(md.find("```mermaid"), std::string::npos);
  EXPECT_NE(md.find("unbounded"), std::string::npos);
  EXPECT_NE(md.find("- web: gevent with persistent connections"), std::string::npos);
  EXPECT_NE(md.find("No findings."), std::string::npos);
}

TEST(github_summary, markdown_cell_escapes_pipes) {
  EXPECT_EQ(markdown_cell("a|b\nc"), "a\\|b<br>c");
}

}  // namespace
}  // namespace connplan::output
