// Baselines (docs/baseline.md): versioned JSON of fingerprints, a multiset when subtracting.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/baseline.hpp"

namespace connplan::engine {
namespace {

finding at(const char* code, const char* file, std::uint32_t line, const char* identity) {
  return make_finding(code, std::string("message of ") + identity,
                      source_location{file, {line, 1}, {line, 1}}, identity);
}

TEST(baseline, written_file_is_versioned_sorted_and_round_trips) {
  std::vector<finding> fs{at("CP301", "b.py", 9, "wokers"), at("CP501", "a.conf", 3, "x"),
                          at("CP301", "b.py", 2, "thredas"), make_finding("CP101", "no file")};
  const std::string text = write_baseline(fs);
  auto doc = nlohmann::json::parse(text);
  EXPECT_EQ(doc.at("schema_version"), 1);
  EXPECT_EQ(doc.at("kind"), "baseline");
  EXPECT_EQ(doc.at("tool").at("name"), "connplan");
  EXPECT_FALSE(doc.contains("root"));
  ASSERT_EQ(doc.at("findings").size(), 4u);
  // Sorted by path (no file first), then code, then fingerprint.
  EXPECT_TRUE(doc["findings"][0]["path"].is_null());
  EXPECT_EQ(doc["findings"][1]["path"], "a.conf");
  EXPECT_EQ(doc["findings"][2]["path"], "b.py");
  EXPECT_LT(doc["findings"][2]["fingerprint"].get<std::string>(),
            doc["findings"][3]["fingerprint"].get<std::string>());
  // Input order does not change the file.
  std::vector<finding> reversed(fs.rbegin(), fs.rend());
  EXPECT_EQ(write_baseline(reversed), text);

  auto parsed = parse_baseline(text);
  ASSERT_TRUE(std::holds_alternative<baseline>(parsed)) << std::get<std::string>(parsed);
  auto out = subtract_baseline(fs, std::get<baseline>(parsed));
  EXPECT_TRUE(out.kept.empty());
  EXPECT_EQ(out.baselined, 4);
  EXPECT_EQ(out.stale, 0);
}

TEST(baseline, entries_match_by_fingerprint_not_by_line) {
  auto b = std::get<baseline>(parse_baseline(write_baseline({at("CP301", "g.py", 3, "wokers")})));
  auto moved = subtract_baseline({at("CP301", "g.py", 40, "wokers")}, b);
  EXPECT_EQ(moved.baselined, 1);
  auto other = subtract_baseline({at("CP301", "g.py", 3, "thredas")}, b);
  EXPECT_EQ(other.baselined, 0);
  EXPECT_EQ(other.kept.size(), 1u);
  EXPECT_EQ(other.stale, 1);
}

TEST(baseline, is_a_multiset_two_entries_absorb_two_findings_and_no_more) {
  auto f = at("CP503", "pg.conf", 1, "max_connections");
  auto b = std::get<baseline>(parse_baseline(write_baseline({f, f})));
  ASSERT_EQ(b.entries.size(), 2u);
  auto out = subtract_baseline({f, f, f}, b);
  EXPECT_EQ(out.baselined, 2);
  EXPECT_EQ(out.kept.size(), 1u);
}

TEST(baseline, malformed_documents_say_what_is_wrong) {
  auto error_of = [](std::string_view text) {
    auto r = parse_baseline(text);
    return std::holds_alternative<std::string>(r) ? std::get<std::string>(r) : std::string("ok");
  };
  EXPECT_EQ(error_of("{"), "is not valid JSON");
  EXPECT_EQ(error_of("[]"), "is not a JSON object");
  EXPECT_EQ(error_of(R"({"kind": "baseline", "findings": []})"),
            "has no integer \"schema_version\"");
  EXPECT_EQ(error_of(R"({"schema_version": 2, "kind": "baseline", "findings": []})"),
            "has schema_version 2, this connplan reads 1");
  EXPECT_EQ(error_of(R"({"schema_version": 1, "kind": "check", "findings": []})"),
            "is not a connplan baseline (\"kind\" is not \"baseline\")");
  EXPECT_EQ(error_of(R"({"schema_version": 1, "kind": "baseline"})"), "has no \"findings\" array");
  EXPECT_EQ(error_of(R"({"schema_version": 1, "kind": "baseline", "findings": [{"code": "CP1"}]})"),
            "findings[0]: has no \"fingerprint\" string");
  EXPECT_EQ(
      error_of(
          R"({"schema_version": 1, "kind": "baseline", "findings": [{"fingerprint": "a", "path": 3}]})"),
      "findings[0]: \"path\" is not a string");
  EXPECT_EQ(error_of(R"({"schema_version": 1, "kind": "baseline", "findings": []})"), "ok");
}

}  // namespace
}  // namespace connplan::engine
