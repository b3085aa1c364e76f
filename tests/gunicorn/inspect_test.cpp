#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "connplan/gunicorn.hpp"
#include "connplan/json_io.hpp"

namespace connplan::gunicorn {
namespace {

namespace fs = std::filesystem;

const fs::path fixtures = fs::path(CONNPLAN_SOURCE_DIR) / "fixtures" / "gunicorn";

// CONTRACTS.md §6 inspect/gunicorn: settings with every setting, worker_class_effective,
// ignored_names [{name, source, did_you_mean}].
TEST(GunicornInspect, DocumentShape) {
  inspect_options o;
  o.root.dir = fixtures;
  o.gunicorn_version = "20.1";
  o.cpus = 2;
  auto f = inspect(fixtures / "ignored_names.py", o);
  EXPECT_EQ(f.kind, "gunicorn");
  EXPECT_EQ(f.path, "ignored_names.py");
  auto j = to_json(f);
  EXPECT_EQ(j["settings"].size(), 86u);
  EXPECT_EQ(j["settings"]["workers"]["value"], 3);
  EXPECT_EQ(j["settings"]["workers"]["status"], "known");
  EXPECT_EQ(j["settings"]["timeout"]["source"]["kind"], "default");
  EXPECT_EQ(j["worker_class_effective"], "gthread");  // threads = cpu = 2
  ASSERT_EQ(j["ignored_names"].size(), 4u);
  EXPECT_EQ(j["ignored_names"][0]["name"], "WORKERS");
  EXPECT_EQ(j["ignored_names"][0]["did_you_mean"], "workers");
  EXPECT_EQ(j["ignored_names"][0]["source"]["kind"], "file");
  EXPECT_EQ(j["ignored_names"][3]["did_you_mean"], nullptr);
}

// CONTRACTS.md §9: the value of a name matching KEY is redacted (keyfile).
TEST(GunicornInspect, SecretsAreRedacted) {
  inspect_options o;
  o.root.dir = "/v";
  o.reader = [](const fs::path&, const read_limits&) -> read_result {
    return std::string(
        "keyfile = '/etc/ssl/private/k.pem'\nraw_env = ['DB=postgres://u:pw@h/d']\n");
  };
  auto j = to_json(inspect("/v/gunicorn.conf.py", o));
  EXPECT_EQ(j["settings"]["keyfile"]["value"], "***");
  EXPECT_EQ(j["settings"]["raw_env"]["value"][0], "DB=postgres://u:***@h/d");
}

// Not a test of behaviour: the differential test (tests/oracle/gunicorn_oracle.py) sets
// CONNPLAN_GUNICORN_DUMP to a JSON manifest [{"file", "version", "env", "cpus", "out"}] and reads
// the inspect documents this writes. Skipped otherwise.
TEST(GunicornInspect, OracleDump) {
  const char* manifest_path = std::getenv("CONNPLAN_GUNICORN_DUMP");
  if (!manifest_path) GTEST_SKIP() << "CONNPLAN_GUNICORN_DUMP not set";
  std::ifstream in(manifest_path);
  auto manifest = nlohmann::json::parse(in);
  for (const auto& c : manifest) {
    inspect_options o;
    fs::path file = c["file"].get<std::string>();
    o.root.dir = file.parent_path();
    o.gunicorn_version = c["version"].get<std::string>();
    for (const auto& [k, v] : c["env"].items()) o.env[k] = v.get<std::string>();
    if (!c["cpus"].is_null()) o.cpus = c["cpus"].get<int>();
    nlohmann::json doc;
    try {
      doc = to_json(inspect(file, o));
    } catch (const std::exception& e) {
      doc = {{"error", e.what()}};
    }
    std::ofstream(c["out"].get<std::string>()) << doc.dump(1);
  }
}

}  // namespace
}  // namespace connplan::gunicorn
