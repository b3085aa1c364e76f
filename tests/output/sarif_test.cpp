// SARIF 2.1.0 for GitHub code scanning.
#include "output/sarif.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "output/common.hpp"
#include "output/sample_findings.hpp"

namespace connplan::output {
namespace {

using nlohmann::json;

constexpr std::string_view page =
    "# CP101 demand-exceeds-capacity\n\n## What it finds\nA server whose\ndemand is larger.\n\n"
    "## Why it matters\nOutages.\n";

json render_sample() {
  auto findings = testing::sample_findings();
  sarif_input in{findings, "/srv/my app",
                 [](std::string_view code) { return code == "CP101" ? page : std::string_view(); },
                 "1.2.3"};
  return json::parse(render_sarif(in));
}

TEST(sarif, log_has_schema_version_and_one_run) {
  json log = render_sample();
  EXPECT_EQ(log["version"], "2.1.0");
  EXPECT_EQ(log["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
  ASSERT_EQ(log["runs"].size(), 1U);
  const json& driver = log["runs"][0]["tool"]["driver"];
  EXPECT_EQ(driver["name"], "connplan");
  EXPECT_EQ(driver["version"], "1.2.3");
  EXPECT_EQ(driver["semanticVersion"], "1.2.3");
  EXPECT_EQ(log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"], "file:///srv/my%20app/");
}

TEST(sarif, rules_are_those_in_the_results_and_rule_index_points_at_them) {
  json run = render_sample()["runs"][0];
  const json& rules = run["tool"]["driver"]["rules"];
  EXPECT_EQ(rules.size(), 5U);
  for (const auto& result : run["results"]) {
    EXPECT_EQ(rules[result["ruleIndex"].get<std::size_t>()]["id"], result["ruleId"]);
  }
  const json& cp101 = rules[0];
  EXPECT_EQ(cp101["id"], "CP101");
  EXPECT_EQ(cp101["name"], "demand-exceeds-capacity");
  EXPECT_EQ(cp101["fullDescription"]["text"], "A server whose demand is larger.");
  EXPECT_NE(cp101["help"]["markdown"].get<std::string>().find("## Why it matters"),
            std::string::npos);
  EXPECT_EQ(cp101["helpUri"], rule_url("CP101"));
  EXPECT_EQ(cp101["defaultConfiguration"]["level"], "error");
}

TEST(sarif, results_have_levels_regions_related_locations_and_fingerprints) {
  auto findings = testing::sample_findings();
  json results = render_sample()["runs"][0]["results"];
  ASSERT_EQ(results.size(), findings.size());
  const json& r = results[0];
  EXPECT_EQ(r["level"], "error");
  const json& loc = r["locations"][0]["physicalLocation"];
  EXPECT_EQ(loc["artifactLocation"]["uri"], "deploy/postgresql.conf");
  EXPECT_EQ(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
  // "endColumn: the column after the last character" (sarif-v2.1.0 §3.30.6).
  EXPECT_EQ(loc["region"],
            (json{{"startLine", 64}, {"startColumn", 1}, {"endLine", 64}, {"endColumn", 23}}));
  ASSERT_EQ(r["relatedLocations"].size(), 1U);
  EXPECT_EQ(r["relatedLocations"][0]["message"]["text"], "web: 4 workers × 100 = 400");
  EXPECT_EQ(r["partialFingerprints"]["connplanFingerprint/v1"], fingerprint(findings[0]));
  EXPECT_EQ(results[2]["level"], "note");  // info
  // A finding without a location has no location entry.
  EXPECT_TRUE(results[3]["locations"].empty());
  // A path with a comma and a colon is percent-encoded in the URI.
  EXPECT_EQ(results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "a%2Cb%3Ac/settings.py");
}

TEST(sarif, output_is_deterministic) {
  EXPECT_EQ(render_sample(), render_sample());
}

TEST(sarif, what_it_finds_is_cut_at_the_limit) {
  EXPECT_EQ(what_it_finds(page, 8), "A server");
  EXPECT_EQ(what_it_finds("# no sections"), "");
}

}  // namespace
}  // namespace connplan::output
