// Tests of src/pyeval/database_url.cpp: dj-database-url and django-environ URL helpers.
#include "pyeval/eval_support.hpp"

namespace connplan::python::testing {
namespace {

TEST(database_url, dj_database_url_always_writes_conn_max_age) {
  // dj_database_url.parse: parsed_config.update({... "CONN_MAX_AGE": conn_max_age,
  // "CONN_HEALTH_CHECKS": conn_health_checks, ...}); query values: digits -> int, true/false ->
  // bool.
  module_result r = eval_text(
      "import dj_database_url\nD = dj_database_url.config(conn_max_age=600)\n"
      "P = "
      "dj_database_url.parse('postgres://u:p%40ss@DB.example:6432/"
      "app?pool=true&connect_timeout=10&currentSchema=s')\n",
      {{"DATABASE_URL", "postgresql://user:secret@host:5432/name"}});
  nlohmann::json d = json_of(r, "D");
  EXPECT_EQ(d["ENGINE"], "django.db.backends.postgresql");
  EXPECT_EQ(d["NAME"], "name");
  EXPECT_EQ(d["USER"], "user");
  EXPECT_EQ(d["PASSWORD"], "***");  // secret-named key
  EXPECT_EQ(d["HOST"], "host");
  EXPECT_EQ(d["PORT"], 5432);
  EXPECT_EQ(d["CONN_MAX_AGE"], 600);
  EXPECT_EQ(d["CONN_HEALTH_CHECKS"], false);
  EXPECT_FALSE(d.contains("OPTIONS"));
  const value& p = global(r, "P");
  EXPECT_EQ(p.dict->find("PASSWORD")->text, "p@ss");
  EXPECT_EQ(p.dict->find("HOST")->text, "db.example");
  nlohmann::json po = json_of(r, "P");
  EXPECT_EQ(po["CONN_MAX_AGE"], 0);
  EXPECT_EQ(
      po["OPTIONS"],
      nlohmann::json({{"pool", true}, {"connect_timeout", 10}, {"options", "-c search_path=s"}}));
}

TEST(database_url, conn_max_age_is_known_when_the_url_is_not) {
  module_result r = eval_text(
      "import dj_database_url\nD = dj_database_url.config(conn_max_age=500)\n"
      "E = dj_database_url.config(default=None)\n");
  const value& d = global(r, "D");
  ASSERT_EQ(d.kind, value_kind::dict);
  EXPECT_EQ(d.dict->find("CONN_MAX_AGE")->integer, 500);
  EXPECT_EQ(d.dict->find("HOST")->kind, value_kind::unknown);
  // "No DATABASE_URL environment variable set, and so no databases setup": {}.
  EXPECT_EQ(json_of(r, "E"), nlohmann::json::object());
}

TEST(database_url, django_environ_db_maps_conn_max_age_from_the_query) {
  // django-environ db_url_config: query keys whose upper-case form is in _DB_BASE_OPTIONS become
  // top-level keys (ast.literal_eval'd); other keys go to OPTIONS.
  module_result r = eval_text(
      "import environ\nenv = environ.Env()\nA = env.db()\nB = env.db('OTHER', "
      "default='postgres://h/db')\n",
      {{"DATABASE_URL", "postgres://u:pw@h:5433/db?conn_max_age=600&sslmode=require"}});
  nlohmann::json a = json_of(r, "A");
  EXPECT_EQ(a["CONN_MAX_AGE"], 600);
  EXPECT_EQ(a["OPTIONS"], nlohmann::json({{"sslmode", "require"}}));
  EXPECT_EQ(a["ENGINE"], "django.db.backends.postgresql");
  EXPECT_EQ(a["PORT"], 5433);
  nlohmann::json b = json_of(r, "B");
  EXPECT_FALSE(b.contains("CONN_MAX_AGE"));
  EXPECT_EQ(b["HOST"], "h");
  EXPECT_EQ(b["PORT"], "");
}

TEST(database_url, passwords_never_reach_text) {
  module_result r = eval_text("import os\nURL = os.environ['DATABASE_URL']\nX = int(URL)\n",
                              {{"DATABASE_URL", "postgres://u:hunter2@h/db"}});
  EXPECT_EQ(json_of(r, "URL"), "postgres://u:***@h/db");
  EXPECT_EQ(global(r, "X").reason.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace connplan::python::testing
