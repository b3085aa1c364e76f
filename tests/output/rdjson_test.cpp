// reviewdog's Diagnostic Format.
#include "output/rdjson.hpp"

#include <gtest/gtest.h>

#include <sstream>

#include "output/common.hpp"
#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

using nlohmann::json;

TEST(rdjson, document_has_source_and_one_diagnostic_per_finding) {
  auto findings = testing::sample_findings();
  json doc = json::parse(render_rdjson(findings));
  EXPECT_EQ(doc["source"]["name"], "connplan");
  ASSERT_EQ(doc["diagnostics"].size(), findings.size());
  const json& d = doc["diagnostics"][0];
  EXPECT_EQ(d["severity"], "ERROR");
  EXPECT_EQ(d["code"]["value"], "CP101");
  EXPECT_EQ(d["code"]["url"], rule_url("CP101"));
  EXPECT_EQ(d["location"]["path"], "deploy/postgresql.conf");
  // reviewdog.proto: 1-based, column in UTF-8 bytes, end exclusive.
  EXPECT_EQ(d["location"]["range"], (json{{"start", {{"line", 64}, {"column", 1}}},
                                          {"end", {{"line", 64}, {"column", 23}}}}));
  EXPECT_EQ(d["related_locations"][0]["location"]["path"], "gunicorn.conf.py");
  EXPECT_EQ(doc["diagnostics"][1]["severity"], "WARNING");
  EXPECT_EQ(doc["diagnostics"][2]["severity"], "INFO");
  EXPECT_FALSE(doc["diagnostics"][3].contains("location"));
}

TEST(rdjson, lines_hold_one_diagnostic_each) {
  auto findings = testing::sample_findings();
  std::istringstream lines(render_rdjsonl(findings));
  std::string line;
  std::size_t n = 0;
  while (std::getline(lines, line)) {
    EXPECT_EQ(json::parse(line), rdjson_diagnostic(findings[n]));
    ++n;
  }
  EXPECT_EQ(n, findings.size());
}

}  // namespace
}  // namespace connplan::output
