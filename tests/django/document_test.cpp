#include <gtest/gtest.h>

#include "connplan/django.hpp"
#include "connplan/json_io.hpp"
#include "django/test_values.hpp"

namespace connplan::django {
namespace {

using namespace testing;

// CONTRACTS.md §6 django: "databases": {alias: {KEY: value entry}} ...;
// "conn_max_age_history": {alias: [{"value", "source", "effective"}]}; "settings_chain".
TEST(DjangoDocument, HasTheContractMembers) {
  python::module_result m;
  m.path = "app/settings.py";
  m.chain = {"app/base.py", "app/settings.py"};
  value cma = located(integer(60), at(3, 40, "app/base.py"));
  m.globals["DATABASES"] = dict({{"default", dict({{"ENGINE", str("django.db.backends.postgresql")},
                                                   {"PASSWORD", str("pw")},
                                                   {"CONN_MAX_AGE", cma}})}});
  m.globals["WSGI_APPLICATION"] = str("app.wsgi.application");
  m.writes.push_back(write("DATABASES['default']['CONN_MAX_AGE']", cma, at(3, 40, "app/base.py")));
  auto file = to_inspected_file(build_model(m, {"3.2"}));
  EXPECT_EQ(file.kind, "django");
  nlohmann::json j = to_json(file);
  EXPECT_EQ(j["databases"]["default"]["CONN_MAX_AGE"]["value"], 60);
  EXPECT_EQ(j["databases"]["default"]["PASSWORD"]["value"], "***");
  EXPECT_EQ(j["databases"]["default"]["OPTIONS"]["value"], nlohmann::json::object());
  EXPECT_EQ(j["conn_max_age_history"]["default"][0]["effective"], true);
  EXPECT_EQ(j["conn_max_age_history"]["default"][0]["source"]["file"], "app/base.py");
  EXPECT_EQ(j["settings_chain"], nlohmann::json::array({"app/base.py", "app/settings.py"}));
  EXPECT_EQ(j["settings"]["WSGI_APPLICATION"]["value"], "app.wsgi.application");
  EXPECT_TRUE(j["database_extras"]["default"]["pool"].is_null());
  EXPECT_EQ(j["django_version"], "3.2");
  EXPECT_EQ(j["database_routers"]["value"], nlohmann::json::array());
  EXPECT_EQ(j["path"], "app/settings.py");
}

}  // namespace
}  // namespace connplan::django
