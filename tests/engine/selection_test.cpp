// Rule selection as ruff users expect it (reference/ecosystem.md §2), and exit codes (CONTRACTS
// §2).
#include <gtest/gtest.h>

#include "engine/selection.hpp"

namespace connplan::engine {
namespace {

finding at(const char* code, const char* file) {
  return make_finding(code, "m", source_location{file, {1, 1}, {1, 1}});
}

TEST(selection, default_is_every_rule_and_prefixes_select_ranges) {
  selection all;
  EXPECT_TRUE(all.enabled("CP503"));
  selection s{{"CP1"}, {}, {"CP102"}, {}, {}};
  EXPECT_TRUE(s.enabled("CP101"));
  EXPECT_FALSE(s.enabled("CP102"));
  EXPECT_FALSE(s.enabled("CP503"));
}

TEST(selection, extend_select_adds_and_specific_select_beats_broad_ignore) {
  selection s{{"CP5"}, {"CP201"}, {"CP50"}, {}, {}};
  EXPECT_TRUE(s.enabled("CP201"));
  EXPECT_FALSE(s.enabled("CP501"));
  selection t{{"CP503"}, {}, {"CP5"}, {}, {}};
  EXPECT_TRUE(t.enabled("CP503"));
}

TEST(selection, per_file_ignores_and_severity_overrides) {
  selection s;
  s.per_file_ignores = {{"legacy/**", {"CP5"}}};
  s.severity_overrides = {{"CP5", severity::warning}, {"CP503", severity::error}};
  auto kept = apply(
      {at("CP501", "legacy/pg.conf"), at("CP501", "deploy/pg.conf"), at("CP503", "deploy/pg.conf")},
      s);
  // Same place: the canonical order puts the error (the overridden CP503) first.
  ASSERT_EQ(kept.size(), 2u);
  EXPECT_EQ(kept[0].code, "CP503");
  EXPECT_EQ(kept[0].severity, severity::error);
  EXPECT_EQ(kept[1].code, "CP501");
  EXPECT_EQ(kept[1].severity, severity::warning);
}

TEST(selection, selectors_are_normalised_or_rejected) {
  EXPECT_EQ(normalise_selector("cp5"), "CP5");
  EXPECT_EQ(normalise_selector("ALL"), "ALL");
  EXPECT_FALSE(normalise_selector("E501"));
  EXPECT_FALSE(normalise_selector("CP50x"));
  EXPECT_FALSE(normalise_selector("CP1234"));
}

TEST(selection, exit_code_follows_the_fail_level) {
  std::vector<finding> warn_only{at("CP503", "a")};
  warn_only[0].severity = severity::warning;
  EXPECT_EQ(exit_code(warn_only, fail_level::warning), 1);
  EXPECT_EQ(exit_code(warn_only, fail_level::error), 0);
  EXPECT_EQ(exit_code(warn_only, fail_level::never), 0);
  EXPECT_EQ(exit_code({at("CP503", "a")}, fail_level::warning), 0);  // info
  EXPECT_EQ(exit_code({at("CP503", "a")}, fail_level::info), 1);
  EXPECT_EQ(exit_code({}, fail_level::info), 0);
}

}  // namespace
}  // namespace connplan::engine
