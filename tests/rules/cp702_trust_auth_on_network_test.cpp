// CP702 trust-auth-on-network: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

std::map<std::string, std::string> files(const std::string& pgbouncer_section) {
  return {{"connplan.toml", "[[pgbouncer]]\nname = \"pgbouncer\"\nconfig = \"pgbouncer.ini\"\n"},
          {"pgbouncer.ini",
           "[databases]\napp = host=127.0.0.1 dbname=app\n\n[pgbouncer]\n" + pgbouncer_section}};
}

// doc/config.md `auth_type`: "trust: No authentication is done"; "any: Like the trust method, but
// the user name given is ignored" — with listen_addr = * anyone on the network gets in.
TEST(cp702, fires_for_trust_or_any_on_a_network_address) {
  auto trust = run_on(&check_cp702, files("listen_addr = *\nauth_type = trust\n"));
  ASSERT_EQ(trust.findings.size(), 1u);
  EXPECT_EQ(trust.findings[0].location->begin.line, 6u);  // the auth_type line
  ASSERT_EQ(trust.findings[0].related.size(), 1u);
  EXPECT_EQ(trust.findings[0].related[0].location->begin.line, 5u);

  auto any = run_on(&check_cp702, files("listen_addr = 127.0.0.1, 10.0.0.5\nauth_type = any\n"));
  ASSERT_EQ(any.findings.size(), 1u);
  EXPECT_NE(any.findings[0].message.find("auth_type = any"), std::string::npos);
}

// doc/config.md `listen_addr`: "If not set, only Unix socket connections are accepted"; loopback
// addresses are this machine only; md5 asks for a password.
TEST(cp702, does_not_fire_locally_or_with_a_password_method) {
  EXPECT_TRUE(run_on(&check_cp702, files("auth_type = trust\n")).findings.empty());
  EXPECT_TRUE(
      run_on(&check_cp702, files("listen_addr = 127.0.0.1,::1,localhost\nauth_type = trust\n"))
          .findings.empty());
  EXPECT_TRUE(run_on(&check_cp702, files("listen_addr = *\nauth_type = md5\n")).findings.empty());
}

}  // namespace
}  // namespace connplan::rules
