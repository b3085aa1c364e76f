// gitignore(5) pattern semantics, each case quoting the manual's line.
#include <gtest/gtest.h>

#include "project/gitignore.hpp"

namespace connplan {
namespace {

TEST(glob_match, star_and_question_do_not_cross_slashes) {
  // "An asterisk "*" matches anything except a slash. The character "?" matches any one character
  // except "/"."
  EXPECT_TRUE(glob_match("*.conf", "postgresql.conf"));
  EXPECT_FALSE(glob_match("*.conf", "deploy/postgresql.conf"));
  EXPECT_TRUE(glob_match("deploy/?.ini", "deploy/a.ini"));
  EXPECT_FALSE(glob_match("a?b", "a/b"));
}

TEST(glob_match, double_star) {
  // "A leading "**" followed by a slash means match in all directories." "A trailing "/**" matches
  // everything inside." "A slash followed by two consecutive asterisks then a slash matches zero or
  // more directories."
  EXPECT_TRUE(glob_match("**/settings.py", "settings.py"));
  EXPECT_TRUE(glob_match("**/settings.py", "crm/config/settings.py"));
  EXPECT_TRUE(glob_match("legacy/**", "legacy/a/b.conf"));
  EXPECT_TRUE(glob_match("a/**/b", "a/b"));
  EXPECT_TRUE(glob_match("a/**/b", "a/x/y/b"));
  EXPECT_FALSE(glob_match("a/**/b", "ab"));
}

TEST(glob_match, classes_and_escapes) {
  EXPECT_TRUE(glob_match("[a-c]x", "bx"));
  EXPECT_FALSE(glob_match("[!a-c]x", "bx"));
  EXPECT_TRUE(glob_match("\\*x", "*x"));
  EXPECT_FALSE(glob_match("\\*x", "ax"));
  EXPECT_TRUE(glob_match("[x", "[x"));  // malformed class: literal
}

TEST(ignore_rules, basename_patterns_match_at_any_depth) {
  // "If there is a separator at the beginning or middle ... the pattern is relative to the
  // directory level of the particular .gitignore file itself. Otherwise the pattern may also match
  // at any level below the .gitignore level."
  ignore_rules r;
  r.add("*.pyc\n/build\ndocs/tmp\n", "");
  EXPECT_TRUE(r.ignored("a/b/c.pyc", false));
  EXPECT_TRUE(r.ignored("build", true));
  EXPECT_FALSE(r.ignored("src/build", true));
  EXPECT_TRUE(r.ignored("docs/tmp", true));
  EXPECT_FALSE(r.ignored("x/docs/tmp", true));
}

TEST(ignore_rules, directory_only_negation_and_nested_files) {
  // "If there is a separator at the end of the pattern then the pattern will only match
  // directories." "An optional prefix "!" which negates the pattern".
  ignore_rules r;
  r.add("env/\n*.conf\n!postgresql.conf\n# comment\n\n", "");
  r.add("local.py\n", "crm/settings");
  EXPECT_TRUE(r.ignored("env", true));
  EXPECT_FALSE(r.ignored("env", false));
  EXPECT_TRUE(r.ignored("deploy/other.conf", false));
  EXPECT_FALSE(r.ignored("deploy/postgresql.conf", false));
  EXPECT_TRUE(r.ignored("crm/settings/local.py", false));
  EXPECT_FALSE(r.ignored("local.py", false));
}

}  // namespace
}  // namespace connplan
