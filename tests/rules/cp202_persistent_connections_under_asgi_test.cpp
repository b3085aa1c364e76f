// CP202 persistent-connections-under-asgi: a case that fires and one that does not.
#include <gtest/gtest.h>

#include "rules/deployment_fixture.hpp"
#include "rules/django_rules.hpp"

namespace connplan::rules {
namespace {

using namespace testing;

std::string settings(const std::string& conn_max_age, const std::string& options = "{}") {
  return "DATABASES = {\n"
         "    'default': {\n"
         "        'ENGINE': 'django.db.backends.postgresql',\n"
         "        'NAME': 'app',\n"
         "        'CONN_MAX_AGE': " +
         conn_max_age +
         ",\n"
         "        'OPTIONS': " +
         options +
         ",\n"
         "    },\n"
         "}\n";
}

std::map<std::string, std::string> deployment(const std::string& service,
                                              const std::string& conn_max_age,
                                              const std::string& gunicorn_conf = "") {
  std::map<std::string, std::string> files{
      {"connplan.toml",
       "[django]\nsettings = \"settings.py\"\nversion = \"5.2\"\n\n"
       "[postgres]\nmax_connections = 100\n\n" +
           service},
      {"settings.py", settings(conn_max_age)}};
  if (!gunicorn_conf.empty()) files["gunicorn.conf.py"] = gunicorn_conf;
  return files;
}

const char* daphne = "[[service]]\nname = \"asgi\"\nkind = \"daphne\"\n";

// domain.md §2.4: Django docs: "When using ASGI, persistent connections should be disabled."
TEST(cp202, fires_for_daphne_with_persistent_connections) {
  auto r = run_on(&check_cp202, deployment(daphne, "600"));
  ASSERT_EQ(r.findings.size(), 1u);
  const finding& f = r.findings[0];
  EXPECT_EQ(f.location->file, "settings.py");
  EXPECT_EQ(f.location->begin.line, 5u);
  EXPECT_EQ(f.service, "asgi");
  EXPECT_EQ(f.related.at(0).location->file, "connplan.toml");
  EXPECT_NE(f.message.find("CONN_MAX_AGE of alias 'default' is 600"), std::string::npos)
      << f.message;
}

// domain.md §8 item 22: "Persistent connections (CONN_MAX_AGE > 0 or None) under ASGI"; gunicorn
// with a Uvicorn worker class is ASGI too (§1, item 13).
TEST(cp202, fires_for_none_under_gunicorn_with_uvicorn_workers) {
  auto r =
      run_on(&check_cp202,
             deployment("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
                        "config = \"gunicorn.conf.py\"\n",
                        "None", "workers = 2\nworker_class = 'uvicorn.workers.UvicornWorker'\n"));
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].related.at(0).location->file, "gunicorn.conf.py");
  EXPECT_NE(r.findings[0].message.find("is None"), std::string::npos);
}

TEST(cp202, does_not_fire_without_persistence_or_without_asgi) {
  EXPECT_TRUE(run_on(&check_cp202, deployment(daphne, "0")).findings.empty());
  EXPECT_TRUE(run_on(&check_cp202, deployment("[[service]]\nname = \"web\"\nkind = \"gunicorn\"\n"
                                              "config = \"gunicorn.conf.py\"\n",
                                              "600", "workers = 2\n"))
                  .findings.empty());
}

}  // namespace
}  // namespace connplan::rules
