#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "launchfiles/yaml_readers.hpp"

namespace connplan::launchfiles::detail {
namespace {

launch_file read(std::string_view text) {
  return read_kubernetes(text, "k8s/web.yaml", {});
}

constexpr const char* deployment =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "spec:\n"
    "  replicas: 3\n"
    "  template:\n"
    "    spec:\n"
    "      initContainers:\n"
    "        - name: migrate\n"
    "          command: [python, manage.py, migrate]\n"
    "      containers:\n"
    "        - name: app\n"
    "          image: app:1\n"
    "          env:\n"
    "            - name: WORKERS\n"
    "              value: \"4\"\n"
    "            - name: SECRET\n"
    "              valueFrom: {secretKeyRef: {name: s, key: k}}\n"
    "          command: [\"gunicorn\"]\n"
    "          args: [\"-w\", \"$(WORKERS)\", \"--threads=$(SECRET)\", \"$$(WORKERS)\", "
    "\"$(NOPE)\"]\n"
    "        - name: nginx\n"
    "          image: nginx\n";

// "Variable references $(VAR_NAME) are expanded using the container's environment. … Double $$
// are reduced to a single $ … If a variable cannot be resolved, the reference in the input string
// will be unchanged." (Kubernetes API reference, Container v1 command/args)
TEST(Kubernetes, DeploymentContainersCommandArgsAndEnv) {
  auto f = read(deployment);
  ASSERT_EQ(f.processes.size(), 2u);
  const auto& p = f.processes[0];
  EXPECT_EQ(p.name, "web");
  EXPECT_EQ(p.workload, "Deployment/web");
  EXPECT_EQ(p.command, "gunicorn -w 4 --threads=${SECRET} '$(WORKERS)' '$(NOPE)'");
  EXPECT_EQ(p.command_at.begin.line, 20u);
  EXPECT_EQ(p.env.at("WORKERS"), "4");
  EXPECT_EQ(p.env.count("SECRET"), 0u);
  ASSERT_TRUE(p.replicas && p.replicas->value);
  EXPECT_EQ(*p.replicas->value, 3);
  // maxSurge "Defaults to 25%" and is "calculated from percentage by rounding up": 3 × 25% → 1.
  ASSERT_TRUE(p.surge && p.surge->value);
  EXPECT_EQ(*p.surge->value, 1);
  EXPECT_EQ(f.processes[1].name, "web/nginx");
  EXPECT_TRUE(f.processes[1].command.empty());
}

TEST(Kubernetes, AutoscalerGivesMaxReplicasAndSurgeFollows) {
  std::string text = deployment;
  text +=
      "---\n"
      "apiVersion: autoscaling/v2\n"
      "kind: HorizontalPodAutoscaler\n"
      "metadata: {name: web}\n"
      "spec:\n"
      "  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n"
      "  minReplicas: 2\n"
      "  maxReplicas: 10\n";
  auto f = read(text);
  ASSERT_EQ(f.autoscalers.size(), 1u);
  const auto& p = f.processes[0];
  EXPECT_EQ(*p.replicas->value, 10);
  EXPECT_EQ(p.replicas->where.begin.line, 31u);
  EXPECT_EQ(*p.surge->value, 3);  // ceil(10 × 25%)
}

TEST(Kubernetes, StrategiesListsAndKinds) {
  auto f = read(
      "apiVersion: v1\n"
      "kind: List\n"
      "items:\n"
      "  - kind: Deployment\n"
      "    metadata: {name: a}\n"
      "    spec:\n"
      "      strategy: {type: Recreate}\n"
      "      template: {spec: {containers: [{name: c, command: [daphne, x.asgi:app]}]}}\n"
      "  - kind: Deployment\n"
      "    metadata: {name: b}\n"
      "    spec:\n"
      "      replicas: 4\n"
      "      strategy: {rollingUpdate: {maxSurge: 2}}\n"
      "      template: {spec: {containers: [{name: c, args: [celery, beat]}]}}\n"
      "  - kind: StatefulSet\n"
      "    metadata: {name: s}\n"
      "    spec:\n"
      "      template: {spec: {containers: [{name: c, command: [celery, worker]}]}}\n"
      "  - kind: DaemonSet\n"
      "    metadata: {name: d}\n"
      "    spec:\n"
      "      template: {spec: {containers: [{name: c, command: [celery, worker]}]}}\n");
  ASSERT_EQ(f.processes.size(), 4u);
  EXPECT_EQ(*f.processes[0].surge->value, 0);
  EXPECT_EQ(*f.processes[1].surge->value, 2);
  EXPECT_EQ(*f.processes[1].replicas->value, 4);
  EXPECT_EQ(f.processes[1].command, "celery beat");
  EXPECT_EQ(*f.processes[2].replicas->value, 1);  // replicas default to 1
  EXPECT_FALSE(f.processes[2].surge);
  EXPECT_FALSE(f.processes[3].replicas->value);
  ASSERT_EQ(f.findings.size(), 1u);
  EXPECT_EQ(f.findings[0].code, "CP002");
}

TEST(Kubernetes, SurgeOfUnknownReplicas) {
  launch_count s;
  s.text = "50%";
  EXPECT_FALSE(surge_in_pods(s, std::nullopt).value);
  launch_count r;
  r.value = 5;
  EXPECT_EQ(*surge_in_pods(s, r).value, 3);
}

TEST(Kubernetes, SyntaxError) {
  auto f = read("kind: Deployment\nspec: {\n");
  ASSERT_EQ(f.findings.size(), 1u);
  EXPECT_EQ(f.findings[0].code, "CP001");
  EXPECT_FALSE(f.complete);
}

TEST(Kubernetes, CorpusFiles) {
  const std::filesystem::path dir = CONNPLAN_SHARED_DIR "/corpus/launch";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
  for (const char* name : {"1soooh__djangobuild__k8s_hpa.yaml",
                           "TandoorRecipes__recipes__docs_install_k8s_50-deployment.yaml",
                           "mineralogy-rocks__mr-api__k8s_api_deployment.yaml"}) {
    std::ifstream in(dir / name);
    std::stringstream ss;
    ss << in.rdbuf();
    auto f = read(ss.str());
    EXPECT_TRUE(f.complete) << name;
    EXPECT_TRUE(!f.processes.empty() || !f.autoscalers.empty()) << name;
  }
}

}  // namespace
}  // namespace connplan::launchfiles::detail
