// CONTRACTS §9: passwords in URL userinfo and `password=` pairs, and secret-named keys, become ***.
#include <gtest/gtest.h>

#include "connplan/redact.hpp"

namespace connplan {
namespace {

TEST(redact, url_userinfo_password) {
  EXPECT_EQ(redact_secrets("postgres://crm:hunter2@db:5432/crm"), "postgres://crm:***@db:5432/crm");
  EXPECT_EQ(redact_secrets("amqp://guest:p%40ss@rabbit//"), "amqp://guest:***@rabbit//");
  // A user without a password has nothing to hide.
  EXPECT_EQ(redact_secrets("postgres://crm@db/crm"), "postgres://crm@db/crm");
  // A password containing '@' up to the last '@' before the host.
  EXPECT_EQ(redact_secrets("postgres://u:a@b@db/x"), "postgres://u:***@db/x");
}

TEST(redact, connection_string_pairs) {
  EXPECT_EQ(redact_secrets("app = host=db user=crm password=hunter2 dbname=crm"),
            "app = host=db user=crm password=*** dbname=crm");
  EXPECT_EQ(redact_secrets("host=db password='a b\\' c' port=5"), "host=db password=*** port=5");
  EXPECT_EQ(redact_secrets("ssl_passphrase_command = 'echo secret'"),
            "ssl_passphrase_command = ***");
  EXPECT_EQ(redact_secrets("max_connections = 100"), "max_connections = 100");
}

TEST(redact, python_dicts_and_assignments) {
  EXPECT_EQ(redact_secrets("        'PASSWORD': 'hunter2',"), "        'PASSWORD': ***,");
  EXPECT_EQ(redact_secrets("{\"PASSWORD\": \"hunter2\", \"HOST\": \"db\"}"),
            "{\"PASSWORD\": ***, \"HOST\": \"db\"}");
  EXPECT_EQ(redact_secrets("SECRET_KEY = os.environ.get('SECRET_KEY', 'django-insecure-abc')"),
            "SECRET_KEY = os.environ.get(***, ***)");
  EXPECT_EQ(redact_secrets("DB_PASSWORD: hunter2"), "DB_PASSWORD: ***");
  EXPECT_EQ(redact_secrets("if a == b: x = 1"), "if a == b: x = 1");
  EXPECT_EQ(redact_secrets("'HOST': 'db',  # password here"), "'HOST': 'db',  # password here");
}

// CONTRACTS §9: "userlist contents ... become `***`", also when a userlist line is echoed as a line
// of another kind of file (`connplan inspect --kind pgbouncer userlist.txt`).
TEST(redact, userlist_lines) {
  EXPECT_EQ(redact_secrets("\"app\" \"md5abc\""), "\"app\" \"***\"");
  EXPECT_EQ(redact_secrets("  \"a\"\"b\" \"SCRAM-SHA-256$4096:x\"\n\"c\" \"d\""),
            "  \"a\"\"b\" \"***\"\n\"c\" \"***\"");
  EXPECT_EQ(redact_secrets("\"app\" = 1"), "\"app\" = 1");
  EXPECT_EQ(redact_secrets("\"app\" \"unterminated"), "\"app\" \"unterminated");
}

TEST(redact, secret_names) {
  for (const char* name : {"PASSWORD", "db_pass", "SECRET_KEY", "api_token", "aws_credentials"}) {
    EXPECT_TRUE(is_secret_name(name)) << name;
  }
  for (const char* name : {"max_connections", "HOST", "pool_size"}) {
    EXPECT_FALSE(is_secret_name(name)) << name;
  }
}

}  // namespace
}  // namespace connplan
