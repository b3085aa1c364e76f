#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

const char* toml = R"([django]
settings = "settings.py"

[[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn.conf.py"
)";

std::string settings_with(const std::string& password_expr) {
  return "import os\n"
         "DATABASES = {\n"
         "    'default': {\n"
         "        'ENGINE': 'django.db.backends.postgresql',\n"
         "        'NAME': 'app',\n"
         "        'PASSWORD': " +
         password_expr +
         ",\n"
         "    },\n"
         "}\n";
}

std::vector<finding> run_settings(const std::string& password_expr,
                                  std::map<std::string, std::string> env = {}) {
  return run_on(&check_cp701,
                {{"connplan.toml", toml},
                 {"gunicorn.conf.py", "workers = 2\n"},
                 {"settings.py", settings_with(password_expr)}},
                std::move(env))
      .findings;
}

// CONTRACTS §9: the password becomes *** before any text leaves the model — the finding names the
// setting, never the value.
TEST(cp701, fires_for_a_literal_django_password_without_echoing_it) {
  auto f = run_settings("'hunter2'");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].location->file, "settings.py");
  EXPECT_EQ(f[0].location->begin.line, 6u);
  EXPECT_EQ(f[0].identity, "DATABASES.default.PASSWORD");
  EXPECT_EQ(all_text(f[0]).find("hunter2"), std::string::npos) << all_text(f[0]);
}

// The default of an environment lookup is written in the file too (used whenever the variable is
// missing).
TEST(cp701, fires_for_the_default_of_an_environment_lookup) {
  auto f = run_settings("os.environ.get('DB_PASSWORD', 'hunter2')");
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(all_text(f[0]).find("hunter2"), std::string::npos);
}

// A password from the environment is not in any file; an empty PASSWORD is no password.
TEST(cp701, does_not_fire_for_the_environment_or_an_empty_password) {
  EXPECT_TRUE(run_settings("os.environ['DB_PASSWORD']", {{"DB_PASSWORD", "hunter2"}}).empty());
  EXPECT_TRUE(run_settings("''").empty());
}

// Celery broker_url / result_backend literals with a password in the URL.
TEST(cp701, fires_for_a_broker_url_with_a_password) {
  const char* worker = R"([[service]]
name = "worker"
kind = "celery-worker"
config = "celeryconfig.py"
)";
  auto r = run_on(&check_cp701,
                  {{"connplan.toml", worker},
                   {"celeryconfig.py",
                    "broker_url = 'redis://:s3cret@redis:6379/0'\nworker_concurrency = 2\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].identity, "broker_url");
  EXPECT_EQ(r.findings[0].location->begin.line, 1u);
  EXPECT_EQ(all_text(r.findings[0]).find("s3cret"), std::string::npos);

  auto clean = run_on(&check_cp701, {{"connplan.toml", worker},
                                     {"celeryconfig.py", "broker_url = 'redis://redis:6379/0'\n"}});
  EXPECT_TRUE(clean.findings.empty());
}

// A `password=` in a pgbouncer.ini connection string.
TEST(cp701, fires_for_a_password_in_a_pgbouncer_entry) {
  auto r = run_on(
      &check_cp701,
      {{"connplan.toml", "[[pgbouncer]]\nname = \"pgbouncer\"\nconfig = \"pgbouncer.ini\"\n"},
       {"pgbouncer.ini",
        "[databases]\napp = host=db dbname=app user=app password=s3cret\n"
        "other = host=db dbname=other\n"}});
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].location->begin.line, 2u);
  EXPECT_EQ(all_text(r.findings[0]).find("s3cret"), std::string::npos);
}

// A password in connplan.toml's env tables: by name (…PASS…) or in a URL's userinfo.
TEST(cp701, fires_for_passwords_in_toml_env_tables) {
  auto r = run_on(&check_cp701, {{"connplan.toml", R"([env]
DB_PASSWORD = "s3cret"
DEBUG = "1"

[[service]]
name = "web"
kind = "gunicorn"
env = { DATABASE_URL = "postgres://app:s3cret@db/app", PORT = "8000" }
)"}});
  ASSERT_EQ(r.findings.size(), 2u);
  for (const auto& f : r.findings) {
    EXPECT_EQ(f.location->file, "connplan.toml");
    EXPECT_EQ(all_text(f).find("s3cret"), std::string::npos) << all_text(f);
  }
}

// The text output echoes the offending line; CONTRACTS §9 requires it redacted.
TEST(cp701, the_text_output_never_shows_the_password) {
  connplan::testing::temp_dir dir;
  dir.write("connplan.toml", toml);
  dir.write("gunicorn.conf.py", "workers = 2\n");
  dir.write("settings.py", settings_with("'hunter2'"));
  for (const char* format : {"text", "json"}) {
    auto r = connplan::testing::run_connplan({"check", "--format", format, "--select=CP701", "."},
                                             dir.path());
    EXPECT_EQ(r.exit_code, 1) << format << r.err;
    EXPECT_NE(r.out.find("CP701"), std::string::npos) << format << r.out;
    EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << format << r.out;
  }
}

}  // namespace
}  // namespace connplan::rules
