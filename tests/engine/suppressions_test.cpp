// Inline suppressions as CONTRACTS §10 spells them, and CP004 (docs/suppressions.md).
#include <gtest/gtest.h>

#include "engine/suppressions.hpp"

namespace connplan::engine {
namespace {

finding at(const char* code, const char* file, std::uint32_t line) {
  return make_finding(code, "m", source_location{file, {line, 1}, {line, 1}}, code);
}

std::vector<std::string> codes_of(const std::vector<finding>& fs) {
  std::vector<std::string> out;
  for (const auto& f : fs) out.push_back(f.code);
  return out;
}

// CONTRACTS §10: "`# connplan: ignore[CP301,CP304] reason` on the line or the line above".
TEST(suppressions, trailing_comment_covers_its_line_with_several_codes_and_a_reason) {
  auto s = scan_suppressions("x = 1  # connplan: ignore[CP301, cp304] set by the platform\n",
                             "gunicorn.conf.py", comment_style::python);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_FALSE(s[0].file_level);
  EXPECT_EQ(s[0].codes, (std::vector<std::string>{"CP301", "CP304"}));
  EXPECT_EQ(s[0].reason, "set by the platform");
  EXPECT_EQ(s[0].own_line, 1u);
  EXPECT_EQ(s[0].next_line, 0u);  // a trailing comment covers only its own line
  EXPECT_EQ(s[0].at.begin, (source_position{1, 10}));
  EXPECT_TRUE(s[0].problems.empty());
}

TEST(suppressions, own_line_comment_covers_the_next_code_line_past_blank_and_comment_lines) {
  auto s = scan_suppressions("# connplan: ignore[CP301]\n\n# connplan: ignore[CP304]\nx = 1\n",
                             "g.py", comment_style::python);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].next_line, 4u);
  EXPECT_EQ(s[1].next_line, 4u);
  auto out = apply_suppressions({at("CP301", "g.py", 4), at("CP304", "g.py", 4),
                                 at("CP305", "g.py", 4), at("CP301", "g.py", 5)},
                                s, selection{});
  EXPECT_EQ(codes_of(out.kept), (std::vector<std::string>{"CP305", "CP301"}));
  EXPECT_EQ(out.suppressed, 2);
  EXPECT_TRUE(out.unused.empty());
}

// CONTRACTS §10: "`# connplan: ignore-file[CP3]` (a prefix selects a range)".
TEST(suppressions, file_level_prefix_covers_the_whole_file_only) {
  auto s = scan_suppressions("a = 1\nb = 2\n# connplan: ignore-file[CP3]\n", "g.py",
                             comment_style::python);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(s[0].file_level);
  auto out = apply_suppressions({at("CP301", "g.py", 1), at("CP304", "g.py", 2),
                                 at("CP501", "g.py", 1), at("CP301", "other.py", 1)},
                                s, selection{});
  EXPECT_EQ(codes_of(out.kept), (std::vector<std::string>{"CP501", "CP301"}));
  EXPECT_EQ(out.kept[1].location->file, "other.py");
  EXPECT_EQ(out.suppressed, 2);
}

TEST(suppressions, text_inside_python_strings_is_not_a_comment) {
  const char* text =
      "a = \"# connplan: ignore[CP301]\"\n"
      "b = '''\n# connplan: ignore[CP304]\n'''\n"
      "c = f\"{1} # connplan: ignore-file[CP3]\"\n"
      "d = 1  # 'quoted' # connplan: ignore[CP305]\n";
  auto s = scan_suppressions(text, "g.py", comment_style::python);
  ASSERT_EQ(s.size(), 1u);  // only the real comment on the last line
  EXPECT_EQ(s[0].codes, (std::vector<std::string>{"CP305"}));
  EXPECT_EQ(s[0].own_line, 6u);
}

// pgbouncer doc/config.md: comments are lines starting with ';' or '#'; CONTRACTS §10: "in
// pgbouncer.ini `; connplan: ignore[…]` on its own line, applying to the next line".
TEST(suppressions, pgbouncer_directive_is_an_own_line_comment_for_the_next_line) {
  const char* text =
      "[pgbouncer]\n"
      "; connplan: ignore[CP601] kept for the old release\n"
      "frobnicate = 1\n"
      "auth_type = md5 ; connplan: ignore[CP602]\n"
      "  # connplan: ignore[CP605]\n"
      "pool_mode = session\n";
  auto s = scan_suppressions(text, "pgbouncer.ini", comment_style::ini);
  ASSERT_EQ(s.size(), 2u);  // the ';' after a value is part of the value, not a comment
  EXPECT_EQ(s[0].next_line, 3u);
  EXPECT_EQ(s[1].next_line, 6u);
  auto out = apply_suppressions({at("CP601", "pgbouncer.ini", 3), at("CP602", "pgbouncer.ini", 4)},
                                s, selection{});
  EXPECT_EQ(codes_of(out.kept), (std::vector<std::string>{"CP602"}));
}

TEST(suppressions, hash_comments_outside_quotes_in_postgresql_conf_yaml_and_toml) {
  const char* text =
      "max_connections = 100 # connplan: ignore[CP101]\n"
      "search_path = '\"$user\" # connplan: ignore[CP501]'\n"
      "command: gunicorn app#connplan: ignore[CP802]\n"
      "name = \"x # connplan: ignore[CP802]\" # connplan: ignore[CP803]\n";
  auto s = scan_suppressions(text, "postgresql.conf", comment_style::hash);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0].codes, (std::vector<std::string>{"CP101"}));
  EXPECT_EQ(s[1].codes, (std::vector<std::string>{"CP803"}));
  EXPECT_EQ(s[1].own_line, 4u);
}

TEST(suppressions, files_without_the_marker_have_no_directives) {
  EXPECT_TRUE(scan_suppressions("# ignore[CP301]\nx = 1\n", "g.py", comment_style::python).empty());
  EXPECT_TRUE(scan_suppressions("", "g.py", comment_style::hash).empty());
}

TEST(suppressions, a_bare_ignore_hides_nothing_and_is_reported) {
  auto s = scan_suppressions("x = 1  # connplan: ignore\n", "g.py", comment_style::python);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_TRUE(s[0].codes.empty());
  auto out = apply_suppressions({at("CP301", "g.py", 1)}, s, selection{});
  EXPECT_EQ(out.suppressed, 0);
  ASSERT_EQ(out.unused.size(), 1u);
  EXPECT_EQ(out.unused[0].code, "CP004");
  EXPECT_EQ(out.unused[0].message,
            "\"connplan: ignore\" names no codes and hides nothing; write ignore[CODE,…]");
}

TEST(suppressions, malformed_and_unknown_codes_are_reported_and_the_valid_ones_still_work) {
  auto s = scan_suppressions("x = 1  # connplan: ignore[CP301, CP999, E501, CP004]\n", "g.py",
                             comment_style::python);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].codes, (std::vector<std::string>{"CP301"}));
  auto out = apply_suppressions({at("CP301", "g.py", 1)}, s, selection{});
  EXPECT_EQ(out.suppressed, 1);
  ASSERT_EQ(out.unused.size(), 1u);
  EXPECT_EQ(out.unused[0].message,
            "\"CP999\" is not a rule code or prefix; \"E501\" is not a rule code or prefix; "
            "CP004 cannot be suppressed by a comment; use --ignore CP004 or [rules] "
            "per_file_ignores");
  auto typo = scan_suppressions("# connplan: ingore[CP301]\n", "g.py", comment_style::python);
  ASSERT_EQ(typo.size(), 1u);
  EXPECT_FALSE(typo[0].problems.empty());
  auto unclosed = scan_suppressions("# connplan: ignore[CP301\n", "g.py", comment_style::python);
  ASSERT_EQ(unclosed.size(), 1u);
  EXPECT_TRUE(unclosed[0].codes.empty());
}

TEST(suppressions, unused_codes_are_cp004_at_the_comment_only_for_rules_the_run_reports) {
  auto s =
      scan_suppressions("x = 1  # connplan: ignore[CP301,CP304]\n# connplan: ignore-file[CP5]\n",
                        "g.py", comment_style::python);
  auto out = apply_suppressions({at("CP301", "g.py", 1)}, s, selection{});
  ASSERT_EQ(out.unused.size(), 2u);
  EXPECT_EQ(out.unused[0].message,
            "unused suppression of CP304: no such finding on the line it covers");
  EXPECT_EQ(out.unused[0].severity, severity::info);
  EXPECT_EQ(out.unused[0].location->begin, (source_position{1, 10}));
  EXPECT_EQ(out.unused[1].message,
            "unused file-level suppression of CP5: no such finding in this file");

  // ruff reports an unused noqa only for enabled rules: with CP304 and CP5 not selected, nothing
  // is unused.
  selection only_cp301{{"CP301"}, {}, {}, {}, {}};
  EXPECT_TRUE(apply_suppressions({at("CP301", "g.py", 1)}, s, only_cp301).unused.empty());
  // Nor when a per-file ignore already removes them in this file.
  selection per_file;
  per_file.per_file_ignores = {{"*.py", {"CP304", "CP5"}}};
  EXPECT_TRUE(apply_suppressions({at("CP301", "g.py", 1)}, s, per_file).unused.empty());
  // Nor when CP004 itself is not selected.
  selection no_cp004{{}, {}, {"CP004"}, {}, {}};
  EXPECT_TRUE(apply_suppressions({at("CP301", "g.py", 1)}, s, no_cp004).unused.empty());
}

TEST(suppressions, cp004_fingerprint_survives_line_moves) {
  auto a = scan_suppressions("# connplan: ignore[CP304]\nx = 1\n", "g.py", comment_style::python);
  auto b = scan_suppressions("\n\ny = 2\n# connplan: ignore[CP304]\nx = 1\n", "g.py",
                             comment_style::python);
  auto ua = apply_suppressions({}, a, selection{}).unused;
  auto ub = apply_suppressions({}, b, selection{}).unused;
  ASSERT_EQ(ua.size(), 1u);
  ASSERT_EQ(ub.size(), 1u);
  EXPECT_NE(ua[0].location->begin.line, ub[0].location->begin.line);
  EXPECT_EQ(fingerprint(ua[0]), fingerprint(ub[0]));
}

TEST(suppressions, cp004_findings_are_never_hidden_by_a_comment) {
  auto s = scan_suppressions("# connplan: ignore-file[CP0]\n", "g.py", comment_style::python);
  auto out = apply_suppressions({at("CP004", "g.py", 1)}, s, selection{});
  EXPECT_EQ(out.suppressed, 0);
  EXPECT_EQ(out.kept.size(), 1u);
}

TEST(suppressions, findings_without_a_location_are_not_suppressed) {
  auto s = scan_suppressions("# connplan: ignore-file[CP1]\n", "g.py", comment_style::python);
  auto f = make_finding("CP101", "m");
  auto out = apply_suppressions({f}, s, selection{});
  EXPECT_EQ(out.kept.size(), 1u);
}

}  // namespace
}  // namespace connplan::engine
