#include "observe/observe_text.hpp"

#include <gtest/gtest.h>

#include "analyse_support.hpp"

namespace connplan::observe {
namespace {

TEST(observe_text, tables_then_findings) {
  auto e = testing::sample_expectations();
  e.pools = {{"appdb", "app", 2, 2}};
  peaks running;
  auto o = analyse(e, testing::sample_snapshot(), running);
  const std::string text = render_text(o, o.findings);
  EXPECT_NE(text.find("server main: 8 connections open (peak 8), 37 usable of max_connections 40"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("service  worst  steady  observed  peak  states\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("web          2       0         3     3  active 1, idle 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("worker       3       3         2     2  idle 1, idle in transaction 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("application_name \"adhoc\", user \"postgres\", database \"postgres\", "
                      "from 127.0.0.1, idle"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("pgbouncer bouncer: 2 server connections on main"), std::string::npos);
  EXPECT_NE(text.find("2/2"), std::string::npos) << text;  // planned clients/servers
  EXPECT_NE(text.find("connplan.toml:10:1: error: service web has 3 connections open"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("note: it holds a connection slot"), std::string::npos);
  EXPECT_NE(text.find("1 error, 3 warnings, 0 info\n"), std::string::npos) << text;
  // Tables come before findings.
  EXPECT_LT(text.find("service  worst"), text.find("[CP901]"));
}

TEST(observe_text, no_findings_no_unaccounted_section) {
  auto e = testing::sample_expectations();
  service_expectation adhoc{"adhoc", 1, 1, {}, std::nullopt};
  adhoc.match.application_name = "adhoc";
  e.services.push_back(adhoc);
  auto s = testing::sample_snapshot();
  s.server.role_limits["app"] = 10;
  peaks running;
  auto o = analyse(e, s, running);
  const std::string text = render_text(o, {});
  EXPECT_NE(text.find("role app: 7 of its connection limit 10 open\n"), std::string::npos) << text;
  EXPECT_EQ(text.find("unaccounted"), std::string::npos) << text;
  EXPECT_NE(text.find("0 errors, 0 warnings, 0 info\n"), std::string::npos) << text;
}

}  // namespace
}  // namespace connplan::observe
