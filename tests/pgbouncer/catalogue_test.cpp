#include "pgbouncer/catalogue.hpp"

#include <gtest/gtest.h>

namespace connplan::pgbouncer::detail {
namespace {

TEST(catalogue, versions) {
  EXPECT_EQ(parse_version(""), newest_minor);
  EXPECT_EQ(parse_version("1.18"), 18);
  EXPECT_EQ(parse_version("1.23.1"), 23);
  EXPECT_FALSE(parse_version("1.17"));
  EXPECT_FALSE(parse_version("1.26"));
  EXPECT_FALSE(parse_version("2.0"));
  EXPECT_FALSE(parse_version("1.18x"));
  EXPECT_EQ(version_name(18), "1.18");
}

// domain.md §5.4: "1.18.0 has 85 keys" counts service_name, which is #ifdef WIN32; SHOW CONFIG
// of the real 1.18 on Linux prints 84 rows.
TEST(catalogue, key_count_per_version) {
  auto count = [](int minor) {
    int n = 0;
    for (const auto& k : all_keys()) n += k.exists_in(minor) ? 1 : 0;
    return n;
  };
  EXPECT_EQ(count(18), 84);
  EXPECT_EQ(count(19), 87);
  EXPECT_EQ(count(20), 88);
  EXPECT_EQ(count(21), 89);
  EXPECT_EQ(count(23), 90);
  EXPECT_EQ(count(24), 92);
  EXPECT_EQ(count(25), 98);
  EXPECT_EQ(find_key("service_name"), nullptr);
}

// domain.md §5.1 / §5.6: server_tls_sslmode defaults to prefer from 1.20; max_prepared_statements
// is 0 in 1.21–1.23 and 200 from 1.24.
TEST(catalogue, defaults_change_between_versions) {
  const key_info* sslmode = find_key("server_tls_sslmode");
  ASSERT_NE(sslmode, nullptr);
  EXPECT_STREQ(sslmode->default_in(18), "disable");
  EXPECT_STREQ(sslmode->default_in(20), "prefer");
  const key_info* prepared = find_key("max_prepared_statements");
  ASSERT_NE(prepared, nullptr);
  EXPECT_FALSE(prepared->exists_in(20));
  EXPECT_STREQ(prepared->default_in(21), "0");
  EXPECT_STREQ(prepared->default_in(24), "200");
  EXPECT_EQ(find_key("auth_user")->default_in(18), nullptr);
}

// domain.md §5.2: accepted connection-string keys per version.
TEST(catalogue, entry_keys) {
  EXPECT_EQ(entry_key_since(entry_section::databases, "pool_size"), 18);
  EXPECT_EQ(entry_key_since(entry_section::databases, "reserve_pool_size"), 24);
  EXPECT_EQ(entry_key_since(entry_section::users, "pool_size"), 23);
  EXPECT_FALSE(entry_key_since(entry_section::databases, "poolsize"));
}

}  // namespace
}  // namespace connplan::pgbouncer::detail
