// The rule table is CONTRACTS.md §11, row for row: codes, names and default severities.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "connplan/rule_table.hpp"

namespace connplan {
namespace {

TEST(rule_table, codes_and_names_are_unique) {
  std::set<std::string_view> codes, names;
  for (const auto& r : all_rules()) {
    EXPECT_TRUE(codes.insert(r.code).second) << r.code;
    EXPECT_TRUE(names.insert(r.name).second) << r.name;
    EXPECT_TRUE(std::regex_match(std::string(r.code), std::regex("CP[0-9]{3}"))) << r.code;
  }
}

TEST(rule_table, matches_the_contract_table) {
  const std::filesystem::path contracts =
      std::filesystem::path(CONNPLAN_SHARED_DIR) / "CONTRACTS.md";
  if (!std::filesystem::exists(contracts)) GTEST_SKIP() << "no " << contracts;
  std::ifstream in(contracts);
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  // | CP501 | unknown-postgres-parameter | error |   (a parenthesised remark may follow the name)
  static const std::regex row(R"(\| (CP[0-9]{3}) \| ([a-z0-9-]+)[^|]*\| (error|warning|info) \|)");
  int rows = 0;
  for (std::sregex_iterator it(text.begin(), text.end(), row), end; it != end; ++it, ++rows) {
    const rule_info* rule = find_rule((*it)[1].str());
    ASSERT_NE(rule, nullptr) << (*it)[1];
    EXPECT_EQ(rule->name, (*it)[2].str());
    EXPECT_EQ(to_string(rule->severity), (*it)[3].str()) << rule->code;
  }
  // Codes added since (CP009, CP010, CP211) are listed in docs/decisions.md; every contract row is
  // here.
  EXPECT_EQ(rows + 3, static_cast<int>(all_rules().size()));
}

TEST(rule_table, make_finding_stamps_the_default_severity) {
  EXPECT_EQ(make_finding("CP503", "x").severity, severity::info);
  EXPECT_EQ(make_finding("CP501", "x").severity, severity::error);
  EXPECT_THROW((void)make_finding("CP999", "x"), std::exception);
}

}  // namespace
}  // namespace connplan
