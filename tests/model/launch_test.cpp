// Launch files in the model: the merge of CONTRACTS §8, tested on the fixture deployments.
#include <gtest/gtest.h>

#include "connplan/project_model.hpp"
#include "connplan/read_file.hpp"

namespace connplan {
namespace {

project_model load(const std::string& fixture) {
  run_options o;
  o.base.root.dir =
      (std::filesystem::path(CONNPLAN_SOURCE_DIR) / "fixtures" / fixture).lexically_normal();
  return load_project(o);
}

const loaded_service* named(const project_model& m, std::string_view name) {
  for (const auto& s : m.services) {
    if (s.input.name == name) return &s;
  }
  return nullptr;
}

// CONTRACTS §8: "replicas multiply"; compose deploy.replicas and postgres -c max_connections.
TEST(LaunchModel, ComposeReplicasAndServerOverride) {
  auto m = load("launch-deployments/compose");
  const auto* web = named(m, "web");
  ASSERT_NE(web, nullptr);
  ASSERT_TRUE(web->input.replicas.value);
  EXPECT_EQ(*web->input.replicas.value, 3);
  EXPECT_EQ(*web->input.processes.value, 4);  // -w ${WEB_WORKERS:-4}
  ASSERT_EQ(m.servers.size(), 1u);
  EXPECT_EQ(*m.servers[0].input.max_connections.value, 200);
  EXPECT_EQ(m.servers[0].input.max_connections.sources.at(0).location.file, "compose.yml");
}

TEST(LaunchModel, KubernetesAutoscalerAcrossFilesAndSurge) {
  auto m = load("launch-deployments/kubernetes");
  const auto* web = named(m, "web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(*web->input.replicas.value, 6);
  ASSERT_TRUE(web->input.surge_replicas && web->input.surge_replicas->value);
  EXPECT_EQ(*web->input.surge_replicas->value, 3);
}

// The incident's start-server.sh merges with connplan.toml's services (names kept).
TEST(LaunchModel, StartScriptMergesWithDeclaredServices) {
  auto m = load("incident-before");
  EXPECT_EQ(m.services.size(), 4u);
  const auto* channels = named(m, "channels");
  ASSERT_NE(channels, nullptr);
  bool cites_script = false;
  for (const auto& s : channels->input.sources)
    cites_script |= s.location.file == "start-server.sh";
  EXPECT_TRUE(cites_script);
}

}  // namespace
}  // namespace connplan
