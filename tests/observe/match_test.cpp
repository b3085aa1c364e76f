#include "observe/match.hpp"

#include <gtest/gtest.h>

namespace connplan::observe {
namespace {

TEST(glob_match, follows_fnmatch) {
  EXPECT_TRUE(glob_match("web*", "web-1"));
  EXPECT_TRUE(glob_match("web*", "web"));
  EXPECT_FALSE(glob_match("web*", "api-web"));
  EXPECT_TRUE(glob_match("*", ""));
  EXPECT_TRUE(glob_match("app?b", "appdb"));
  EXPECT_FALSE(glob_match("app?b", "appb"));
  EXPECT_TRUE(glob_match("celery-[0-9]", "celery-7"));
  EXPECT_FALSE(glob_match("celery-[!0-9]", "celery-7"));
  EXPECT_TRUE(glob_match("celery-[!0-9]", "celery-x"));
  EXPECT_TRUE(glob_match("a\\*b", "a*b"));
  EXPECT_FALSE(glob_match("a\\*b", "axb"));
  EXPECT_TRUE(glob_match("[", "["));  // an unclosed bracket is literal
  EXPECT_TRUE(glob_match("*worker*", "celery worker 3"));
  EXPECT_FALSE(glob_match("web", "Web"));  // case-sensitive, as application_name compares
}

TEST(cidr_contains, ipv4_and_ipv6_prefixes) {
  EXPECT_TRUE(cidr_contains("10.0.0.0/8", "10.1.2.3"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/8", "11.0.0.1"));
  EXPECT_TRUE(cidr_contains("192.168.1.0/25", "192.168.1.127"));
  EXPECT_FALSE(cidr_contains("192.168.1.0/25", "192.168.1.128"));
  EXPECT_TRUE(cidr_contains("127.0.0.1", "127.0.0.1"));  // a bare address is the whole prefix
  EXPECT_FALSE(cidr_contains("127.0.0.1", "127.0.0.2"));
  EXPECT_TRUE(cidr_contains("0.0.0.0/0", "8.8.8.8"));
  EXPECT_TRUE(cidr_contains("fd00::/8", "fd12:3456::1"));
  EXPECT_TRUE(cidr_contains("::1/128", "::1"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/8", "::1"));  // families differ
  EXPECT_FALSE(cidr_contains("10.0.0.0/33", "10.0.0.1"));
  EXPECT_FALSE(cidr_contains("10.0.0.0/x", "10.0.0.1"));
  EXPECT_FALSE(cidr_contains("not-an-address", "10.0.0.1"));
  EXPECT_TRUE(cidr_contains("10.0.0.0/8", "10.0.0.1/32"));  // inet text with a prefix length
}

// CONTRACTS §8: "match (observe): {application_name, usename, datname (globs), client_addr
// (CIDR)}, keys AND-ed".
TEST(matches, keys_are_and_ed) {
  match_rule rule;
  rule.application_name = "web*";
  rule.usename = "app";
  rule.client_addr = "10.0.0.0/8";
  EXPECT_TRUE(matches(rule, {"web-1", "app", "appdb", "10.0.0.5"}));
  EXPECT_FALSE(matches(rule, {"web-1", "other", "appdb", "10.0.0.5"}));
  EXPECT_FALSE(matches(rule, {"web-1", "app", "appdb", "192.168.0.1"}));
  // A Unix-socket connection has no address: a client_addr rule does not match it.
  EXPECT_FALSE(matches(rule, {"web-1", "app", "appdb", std::nullopt}));
}

TEST(matches, an_empty_rule_matches_nothing) {
  EXPECT_FALSE(matches(match_rule{}, {"web", "app", "appdb", std::nullopt}));
  match_rule only_db;
  only_db.datname = "appdb";
  EXPECT_TRUE(matches(only_db, {"", "", "appdb", std::nullopt}));
}

}  // namespace
}  // namespace connplan::observe
