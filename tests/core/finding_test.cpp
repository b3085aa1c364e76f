// CONTRACTS §1 (canonical order) and §5 (fingerprints stable across line moves).
#include <gtest/gtest.h>

#include <algorithm>

#include "connplan/finding.hpp"

namespace connplan {
namespace {

source_location at(std::string file, std::uint32_t line, std::uint32_t column) {
  return source_location{std::move(file), {line, column}, {line, column}};
}

TEST(finding, canonical_order_is_path_line_column_severity_code) {
  std::vector<finding> v{make_finding("CP503", "m", at("b.conf", 1, 1)),
                         make_finding("CP501", "m", at("a.conf", 2, 1)),
                         make_finding("CP503", "m", at("a.conf", 1, 5)),
                         make_finding("CP502", "m", at("a.conf", 1, 5)),
                         make_finding("CP501", "m", at("a.conf", 1, 5))};
  std::sort(v.begin(), v.end(), canonical_less);
  std::vector<std::string> order;
  for (const auto& f : v)
    order.push_back(f.location->file + ":" + std::to_string(f.location->begin.line) + " " + f.code);
  EXPECT_EQ(order, (std::vector<std::string>{"a.conf:1 CP501", "a.conf:1 CP502", "a.conf:1 CP503",
                                             "a.conf:2 CP501", "b.conf:1 CP503"}));
}

// Found by fuzz_python_models under ASan: the sort key of a finding without a location referred to
// an empty string that lived only inside the key function (stack-use-after-return).
TEST(finding, findings_without_a_location_sort_first_by_severity_code_and_message) {
  std::vector<finding> v{make_finding("CP501", "m", at("a.conf", 1, 1)), make_finding("CP211", "b"),
                         make_finding("CP105", "z"), make_finding("CP105", "a")};
  std::stable_sort(v.begin(), v.end(), canonical_less);
  std::vector<std::string> order;
  for (const auto& f : v) order.push_back(f.code + " " + f.message);
  EXPECT_EQ(order, (std::vector<std::string>{"CP105 a", "CP105 z", "CP211 b", "CP501 m"}));
}

TEST(finding, paths_compare_bytewise) {
  // 'Z' (0x5a) sorts before 'a' (0x61): bytewise, not locale order.
  EXPECT_TRUE(canonical_less(make_finding("CP501", "m", at("Z.conf", 9, 1)),
                             make_finding("CP501", "m", at("a.conf", 1, 1))));
}

TEST(finding, fingerprint_survives_a_line_move_but_not_another_setting) {
  auto a = make_finding("CP503", "x at line 3", at("pg.conf", 3, 1), "max_connections");
  auto moved = make_finding("CP503", "x at line 40", at("pg.conf", 40, 1), "max_connections");
  auto other = make_finding("CP503", "x at line 3", at("pg.conf", 3, 1), "work_mem");
  auto other_file = make_finding("CP503", "x at line 3", at("other.conf", 3, 1), "max_connections");
  EXPECT_EQ(fingerprint(a), fingerprint(moved));
  EXPECT_NE(fingerprint(a), fingerprint(other));
  EXPECT_NE(fingerprint(a), fingerprint(other_file));
  EXPECT_EQ(fingerprint(a).size(), 16u);
}

}  // namespace
}  // namespace connplan
