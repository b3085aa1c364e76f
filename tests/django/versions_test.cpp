#include "django/versions.hpp"

#include <gtest/gtest.h>

#include "connplan/django.hpp"
#include "connplan/error.hpp"

namespace connplan::django::detail {
namespace {

// CONTRACTS.md §3: "Django | --django-version 4.2 | ... | newest in the catalogue | 3.2 … 5.2".
TEST(DjangoVersions, RangeIsThreeTwoToFiveTwo) {
  EXPECT_EQ(supported_versions().front(), "3.2");
  EXPECT_EQ(newest_version(), "5.2");
  EXPECT_EQ(supported_versions().size(), 7u);
}

TEST(DjangoVersions, EmptyMeansNewest) {
  EXPECT_EQ(parse_version("").text(), "5.2");
}

TEST(DjangoVersions, UnknownVersionIsAUsageError) {
  EXPECT_THROW((void)parse_version("6.0"), error);
  EXPECT_THROW((void)parse_version("3"), error);
}

// CONTRACTS.md §3: "Django fills CONN_HEALTH_CHECKS only from 4.1; ... native pool from 5.1".
TEST(DjangoVersions, FeatureGates) {
  EXPECT_FALSE(has_health_checks(parse_version("4.0")));
  EXPECT_TRUE(has_health_checks(parse_version("4.1")));
  EXPECT_FALSE(has_native_pool(parse_version("5.0")));
  EXPECT_TRUE(has_native_pool(parse_version("5.1")));
  EXPECT_FALSE(has_psycopg3(parse_version("4.1")));
  EXPECT_TRUE(has_psycopg3(parse_version("4.2")));
}

}  // namespace
}  // namespace connplan::django::detail
