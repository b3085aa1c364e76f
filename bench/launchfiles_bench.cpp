// Launch files (src/launchfiles): a generated compose file and a multi-document Kubernetes
// manifest, and as the reference yaml-cpp's own YAML::LoadAll of the same text (the goal is
// connplan ≤ 1.5× the library's load, issue 7).
#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "bench_support.hpp"
#include "connplan/launch_files.hpp"
#include "generate.hpp"

namespace connplan::bench {
namespace {

std::string compose_file(std::size_t bytes) {
  std::string out = "# generated compose file\nservices:\n";
  for (std::size_t i = 0; out.size() < bytes; ++i) {
    out += fmt::format(
        "  # service {0}\n"
        "  web_{0}:\n"
        "    image: registry.example.com/app:{0}\n"
        "    command: gunicorn app.wsgi:application --workers {1} --threads 4 --bind 0.0.0.0:8000\n"
        "    environment:\n"
        "      DJANGO_SETTINGS_MODULE: app.settings\n"
        "      CONN_MAX_AGE: \"60\"\n"
        "      FEATURE_{0}: \"on\"\n"
        "    deploy:\n"
        "      replicas: {2}\n"
        "    depends_on: [db, pgbouncer]\n",
        i, 2 + i % 6, 1 + i % 3);
  }
  return out;
}

std::string kubernetes_file(std::size_t bytes) {
  std::string out;
  for (std::size_t i = 0; out.size() < bytes; ++i) {
    out += fmt::format(
        "---\n"
        "apiVersion: apps/v1\n"
        "kind: Deployment\n"
        "metadata:\n"
        "  name: worker-{0}\n"
        "spec:\n"
        "  replicas: {1}\n"
        "  template:\n"
        "    spec:\n"
        "      containers:\n"
        "        - name: worker\n"
        "          image: registry.example.com/app:{0}\n"
        "          args: [\"celery\", \"-A\", \"app\", \"worker\", \"-c\", \"{2}\"]\n"
        "          env:\n"
        "            - name: DJANGO_SETTINGS_MODULE\n"
        "              value: app.settings\n",
        i, 1 + i % 4, 2 + i % 8);
  }
  return out;
}

template <std::string (*Generate)(std::size_t), launchfiles::format F>
void read_generated(benchmark::State& state) {
  const std::string text = Generate(base_bytes * static_cast<std::size_t>(state.range(0)));
  const launchfiles::read_options options;
  for (auto _ : state) {
    benchmark::DoNotOptimize(launchfiles::read_launch_file(text, "compose.yml", F, options));
  }
  account(state, text.size());
}

template <std::string (*Generate)(std::size_t)>
void yaml_cpp_load_all(benchmark::State& state) {
  const std::string text = Generate(base_bytes * static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(YAML::LoadAll(text));
  account(state, text.size());
}

BENCHMARK(read_generated<compose_file, launchfiles::format::compose>)
    ->Name("launchfiles/compose")
    ->Apply(scaled);
BENCHMARK(yaml_cpp_load_all<compose_file>)->Name("reference/yaml_cpp_compose")->Apply(scaled);
BENCHMARK(read_generated<kubernetes_file, launchfiles::format::kubernetes>)
    ->Name("launchfiles/kubernetes")
    ->Apply(scaled);
BENCHMARK(yaml_cpp_load_all<kubernetes_file>)->Name("reference/yaml_cpp_kubernetes")->Apply(scaled);

}  // namespace
}  // namespace connplan::bench
