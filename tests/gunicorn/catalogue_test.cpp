#include "gunicorn/catalogue.hpp"

#include <gtest/gtest.h>

namespace connplan::gunicorn::detail {
namespace {

TEST(GunicornCatalogue, VersionsOldestFirstNewestLast) {
  ASSERT_EQ(known_versions().size(), 4u);
  EXPECT_EQ(known_versions().front(), "20.1");
  EXPECT_EQ(newest_version(), "23.0");
  EXPECT_TRUE(is_known_version("21.0"));
  EXPECT_FALSE(is_known_version("24.0"));
}

// domain.md §1.5: "Counts per tag: 20.1.0=85, 21.0.0/21.2.0=87, 22.0.0=92, 23.0.0=93"; Debian's
// 20.1.0-6+deb12u1 adds tolerate_dangerous_framing (CVE-2024-1135 backport): 86.
TEST(GunicornCatalogue, SettingCountsPerVersion) {
  EXPECT_EQ(settings_of("20.1").size(), 86u);
  EXPECT_EQ(settings_of("21.0").size(), 87u);
  EXPECT_EQ(settings_of("22.0").size(), 92u);
  EXPECT_EQ(settings_of("23.0").size(), 93u);
}

// "The membership test is case-sensitive" (domain.md §1.3).
TEST(GunicornCatalogue, LookupIsExactAndCaseSensitive) {
  ASSERT_NE(find_setting("20.1", "workers"), nullptr);
  EXPECT_EQ(find_setting("20.1", "WORKERS"), nullptr);
  EXPECT_EQ(find_setting("20.1", "worker"), nullptr);
  EXPECT_EQ(find_setting("20.1", "workers")->check, validator::pos_int);
  EXPECT_EQ(find_setting("20.1", "workers")->rule, default_rule::web_concurrency);
  EXPECT_EQ(find_setting("20.1", "post_fork")->arity, 2);
}

// news.rst 21.0.0 "SSL: now use SSLContext object" / "improve logging"; 22.0.0 header mapping;
// 23.0.0 "remove temporary --tolerate-dangerous-framing switch from 22.0 (#3260)".
TEST(GunicornCatalogue, DeltasAddAndRemoveSettings) {
  EXPECT_EQ(find_setting("20.1", "ssl_context"), nullptr);
  EXPECT_NE(find_setting("21.0", "ssl_context"), nullptr);
  EXPECT_NE(find_setting("21.0", "logconfig_json"), nullptr);
  EXPECT_EQ(find_setting("21.0", "header_map"), nullptr);
  EXPECT_NE(find_setting("22.0", "header_map"), nullptr);
  EXPECT_NE(find_setting("22.0", "tolerate_dangerous_framing"), nullptr);
  EXPECT_EQ(find_setting("23.0", "tolerate_dangerous_framing"), nullptr);
  EXPECT_NE(find_setting("23.0", "permit_obsolete_folding"), nullptr);
}

// news.rst 23.0.0: "include IPv6 loopback address [::1] in default for forwarded-allow-ips".
TEST(GunicornCatalogue, ForwardedAllowIpsDefaultChangesIn23) {
  EXPECT_EQ(find_setting("22.0", "forwarded_allow_ips")->default_json, R"("127.0.0.1")");
  EXPECT_EQ(find_setting("23.0", "forwarded_allow_ips")->default_json, R"("127.0.0.1,::1")");
}

TEST(GunicornCatalogue, WhereKnownNamesOtherReleases) {
  auto later = where_known("20.1", "header_map");
  ASSERT_TRUE(later);
  EXPECT_EQ(later->version, "22.0");
  EXPECT_FALSE(later->removed);
  auto after = where_known("23.0", "asgi_loop");
  ASSERT_TRUE(after);
  EXPECT_EQ(after->version, "24.0");
  auto removed = where_known("23.0", "tolerate_dangerous_framing");
  ASSERT_TRUE(removed);
  EXPECT_TRUE(removed->removed);
  EXPECT_EQ(removed->version, "23.0");
  EXPECT_FALSE(where_known("23.0", "max_worker_age"));
}

}  // namespace
}  // namespace connplan::gunicorn::detail
