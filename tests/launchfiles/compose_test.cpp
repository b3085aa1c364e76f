#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "launchfiles/yaml_readers.hpp"
#include "launchfiles/yaml_support.hpp"

namespace connplan::launchfiles::detail {
namespace {

launch_file read(std::string_view text, std::map<std::string, std::string> env = {}) {
  read_options o;
  o.env = std::move(env);
  return read_compose(text, "deploy/compose.yml", o);
}

const launched_process* named(const launch_file& f, std::string_view name) {
  for (const auto& p : f.processes) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

bool has_code(const launch_file& f, std::string_view code) {
  for (const auto& x : f.findings) {
    if (x.code == code) return true;
  }
  return false;
}

TEST(Compose, StringAndListCommandsWithReplicas) {
  auto f = read(
      "services:\n"
      "  web:\n"
      "    image: app\n"
      "    command: gunicorn -w 4 app.wsgi\n"
      "    deploy:\n"
      "      replicas: 3\n"
      "  worker:\n"
      "    command: [\"celery\", \"-A\", \"app\", \"worker\", \"-c\", \"8 x\"]\n"
      "    scale: 2\n");
  ASSERT_EQ(f.processes.size(), 2u);
  const auto* web = named(f, "web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->command, "gunicorn -w 4 app.wsgi");
  EXPECT_EQ(web->command_at.begin.line, 4u);
  EXPECT_EQ(web->command_at.begin.column, 14u);
  ASSERT_TRUE(web->replicas && web->replicas->value);
  EXPECT_EQ(*web->replicas->value, 3);
  EXPECT_EQ(web->replicas->where.begin.line, 6u);
  const auto* worker = named(f, "worker");
  ASSERT_NE(worker, nullptr);
  EXPECT_EQ(worker->command, "celery -A app worker -c '8 x'");
  EXPECT_EQ(*worker->replicas->value, 2);
  EXPECT_TRUE(f.findings.empty());
}

// compose-spec: "entrypoint overrides the ENTRYPOINT … command overrides the default command".
TEST(Compose, EntrypointAndCommandCombine) {
  auto f = read(
      "services:\n"
      "  worker:\n"
      "    entrypoint: [\"celery\"]\n"
      "    command: -A core worker -c 3\n");
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_EQ(f.processes[0].command, "celery -A core worker -c 3");
  EXPECT_EQ(f.processes[0].command_at.begin.line, 3u);
}

// yaml.org/type/merge.html: explicit keys win; earlier mappings in a merge sequence win.
TEST(Compose, MergeKeysAndExtensionFields) {
  auto f = read(
      "x-env: &env\n"
      "  environment:\n"
      "    WEB_CONCURRENCY: \"2\"\n"
      "  command: gunicorn app.wsgi\n"
      "x-other: &other\n"
      "  command: daphne app.asgi:application\n"
      "  working_dir: /srv\n"
      "services:\n"
      "  web:\n"
      "    <<: [*env, *other]\n"
      "    image: app\n"
      "  api:\n"
      "    <<: *env\n"
      "    command: uvicorn app.asgi:application\n");
  const auto* web = named(f, "web");
  ASSERT_NE(web, nullptr);
  EXPECT_EQ(web->command, "gunicorn app.wsgi");
  EXPECT_EQ(web->workdir, "/srv");
  EXPECT_EQ(web->env.at("WEB_CONCURRENCY"), "2");
  EXPECT_EQ(web->env_at.at("WEB_CONCURRENCY").begin.line, 3u);
  const auto* api = named(f, "api");
  ASSERT_NE(api, nullptr);
  EXPECT_EQ(api->command, "uvicorn app.asgi:application");
  EXPECT_EQ(named(f, "x-env"), nullptr);
}

// compose-spec interpolation: "${VAR:-default} evaluates to default if VAR is unset or empty".
TEST(Compose, InterpolationOfCountsAndCommands) {
  auto f = read(
      "services:\n"
      "  api:\n"
      "    command: gunicorn -w ${WORKERS:-3} --threads $$THREADS app.wsgi\n"
      "    deploy:\n"
      "      replicas: ${API_REPLICAS:-2}\n"
      "  worker:\n"
      "    command: celery -A app worker -c ${CONC}\n"
      "    deploy:\n"
      "      replicas: ${WORKER_REPLICAS}\n",
      {{"WORKERS", "5"}});
  const auto* api = named(f, "api");
  EXPECT_EQ(api->command, "gunicorn -w 5 --threads $THREADS app.wsgi");
  EXPECT_EQ(*api->replicas->value, 2);
  const auto* worker = named(f, "worker");
  EXPECT_EQ(worker->command, "celery -A app worker -c ${CONC}");
  ASSERT_TRUE(worker->replicas);
  EXPECT_FALSE(worker->replicas->value);
  EXPECT_EQ(worker->replicas->text, "${WORKER_REPLICAS}");
  ASSERT_TRUE(has_code(f, "CP002"));
  EXPECT_EQ(f.findings.size(), 1u);
  EXPECT_EQ(f.findings[0].location->begin.line, 9u);
}

TEST(Compose, EnvironmentListHostValuesAndBuild) {
  auto f = read(
      "services:\n"
      "  web:\n"
      "    build: .\n"
      "    environment:\n"
      "      - A=1\n"
      "      - FROM_HOST\n"
      "      - MISSING\n"
      "    env_file: .env.prod\n"
      "  other:\n"
      "    build:\n"
      "      context: ../app\n"
      "      dockerfile: docker/Web.Dockerfile\n",
      {{"FROM_HOST", "h"}});
  const auto* web = named(f, "web");
  EXPECT_EQ(web->env.at("A"), "1");
  EXPECT_EQ(web->env.at("FROM_HOST"), "h");
  EXPECT_EQ(web->env.count("MISSING"), 0u);
  EXPECT_EQ(web->dockerfile, "deploy/Dockerfile");
  ASSERT_EQ(web->env_files.size(), 1u);
  EXPECT_EQ(web->env_files[0].first, ".env.prod");
  EXPECT_EQ(named(f, "other")->dockerfile, "app/docker/Web.Dockerfile");
}

TEST(Compose, SyntaxErrorIsAFinding) {
  auto f = read("services:\n  web: [\n");
  EXPECT_TRUE(has_code(f, "CP001"));
  EXPECT_FALSE(f.complete);
  EXPECT_TRUE(read("").findings.empty());
  EXPECT_TRUE(read("- a\n- b\n").processes.empty());
}

TEST(Compose, RequiredVariable) {
  auto f = read("services:\n  web:\n    command: gunicorn -w ${W:?set W}\n");
  EXPECT_TRUE(has_code(f, "CP002"));
  EXPECT_TRUE(read("services:\n  web:\n    command: gunicorn -w ${W:?set W}\n", {{"W", "2"}})
                  .findings.empty());
}

TEST(YamlSupport, ShellQuoteRoundTrips) {
  EXPECT_EQ(shell_quote("abc"), "abc");
  EXPECT_EQ(shell_quote(""), "''");
  EXPECT_EQ(shell_quote("it's"), "'it'\\''s'");
  auto e = interpolate_compose("-w=${W}", {}, true);
  EXPECT_FALSE(e.known);
  EXPECT_EQ(e.shell, "-w=${W}");
  EXPECT_EQ(interpolate_compose("${A-x}", {{"A", ""}}).text, "");
  EXPECT_EQ(interpolate_compose("${A:-x}", {{"A", ""}}).text, "x");
  EXPECT_EQ(interpolate_compose("${A:+y}", {{"A", "1"}}).text, "y");
}

// Every compose file of the corpus is read without a crash.
TEST(Compose, CorpusFiles) {
  const std::filesystem::path dir = CONNPLAN_SHARED_DIR "/corpus/launch";
  if (!std::filesystem::exists(dir)) GTEST_SKIP() << "no corpus at " << dir;
  int read_any = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    if (name.find("compose") == std::string::npos) continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto f = read(ss.str());
    EXPECT_TRUE(f.complete) << name;
    EXPECT_FALSE(f.processes.empty()) << name;
    ++read_any;
  }
  EXPECT_GE(read_any, 3);
}

}  // namespace
}  // namespace connplan::launchfiles::detail
