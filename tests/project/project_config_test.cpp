// connplan.toml: every key of CONTRACTS §8 with its default, and bad input as findings.
#include <gtest/gtest.h>

#include "connplan/project.hpp"

namespace connplan {
namespace {

std::vector<std::string> codes(const project_config& c) {
  std::vector<std::string> out;
  for (const auto& f : c.findings) out.push_back(f.code);
  return out;
}

TEST(project_config, defaults_of_an_empty_file) {
  // CONTRACTS §8: python_path ["."], exclude [], operations 0, warn_percent 80, replicas 1.
  auto c = parse_project_config("", "connplan.toml");
  EXPECT_TRUE(c.findings.empty());
  ASSERT_EQ(c.python_path.size(), 1u);
  EXPECT_EQ(c.python_path[0].value, ".");
  EXPECT_EQ(c.python_path[0].origin.kind, source_kind::default_value);
  EXPECT_EQ(c.operations.value, 0);
  EXPECT_EQ(c.warn_percent.value, 80);
  EXPECT_TRUE(c.servers.empty());
}

TEST(project_config, every_key_with_its_line) {
  auto c = parse_project_config(R"([project]
python_path = ["src"]
exclude = ["legacy/**"]

[env]
DJANGO_SETTINGS_MODULE = "crm.settings"
WEB_CONCURRENCY = 4

[postgres]
name = "main"
config = "deploy/postgresql.conf"
version = "15"
memory = "16GB"

[[pgbouncer]]
name = "pool"
config = "deploy/pgbouncer.ini"
version = "1.18"
instances = 2
workdir = "deploy"

[django]
module = "crm.settings"
version = "3.2"

[[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn_config.py"
replicas = 3
via = "pool"
routes = { replica = "main" }
env = { DB_CONN_MAX_AGE = "0" }
cpus = 4
match = { application_name = "web*" }

[host]
cpus = 8

[budget]
operations = 5
warn_percent = 70

[rules]
ignore = ["CP304"]
severity = { CP503 = "warning" }
per_file_ignores = { "legacy/*" = ["CP301"] }

[rules.CP102]
threshold = 75
)",
                                "connplan.toml");
  EXPECT_TRUE(c.findings.empty()) << c.findings.front().message;
  EXPECT_EQ(c.python_path.at(0).value, "src");
  EXPECT_EQ(c.env.at("WEB_CONCURRENCY").value, "4");
  ASSERT_EQ(c.servers.size(), 1u);
  EXPECT_EQ(c.servers[0].name.value, "main");
  EXPECT_EQ(c.servers[0].config->origin.location.begin.line, 11u);
  EXPECT_EQ(c.servers[0].config->origin.kind, source_kind::toml);
  ASSERT_EQ(c.pgbouncers.size(), 1u);
  EXPECT_EQ(c.pgbouncers[0].instances.value, 2);
  EXPECT_EQ(c.django_module->value, "crm.settings");
  ASSERT_EQ(c.services.size(), 1u);
  const auto& web = c.services[0];
  EXPECT_EQ(web.replicas.value, 3);
  EXPECT_EQ(web.replicas.origin.location.begin.line, 30u);
  EXPECT_EQ(web.routes.at("replica").value, "main");
  EXPECT_EQ(web.match.application_name->value, "web*");
  EXPECT_EQ(c.host_cpus->value, 8);
  EXPECT_EQ(c.operations.value, 5);
  EXPECT_EQ(c.warn_percent.value, 70);
  EXPECT_EQ(c.rules.ignore.at(0).value, "CP304");
  EXPECT_EQ(c.rules.severity.at("CP503").value, "warning");
  EXPECT_EQ(c.rules.per_file_ignores.at("legacy/*").at(0).value, "CP301");
}

TEST(project_config, several_servers_as_an_array_of_tables) {
  auto c = parse_project_config(
      "[[postgres]]\nname = \"primary\"\n[[postgres]]\nname = \"standby\"\n"
      "standby_of = \"primary\"\n",
      "connplan.toml");
  ASSERT_EQ(c.servers.size(), 2u);
  EXPECT_EQ(c.servers[1].standby_of->value, "primary");
}

TEST(project_config, unknown_keys_are_cp009_at_the_key) {
  auto c = parse_project_config(
      "[budget]\nwarn_percnt = 70\n\n[[service]]\nreplica = 3\n[rules]\nignor = []\n",
      "connplan.toml");
  EXPECT_EQ(codes(c), (std::vector<std::string>{"CP009", "CP009", "CP009"}));
  EXPECT_EQ(c.findings[0].message, "unknown key \"warn_percnt\" in [budget]; connplan ignores it");
  EXPECT_EQ(c.findings[0].location->begin.line, 2u);
}

TEST(project_config, wrong_types_are_cp010_and_the_default_stays) {
  auto c = parse_project_config(
      "[budget]\nwarn_percent = 180\n[[service]]\nreplicas = \"3\"\nkind = \"nginx\"\n",
      "connplan.toml");
  EXPECT_EQ(codes(c), (std::vector<std::string>{"CP010", "CP010", "CP010"}));
  EXPECT_EQ(c.warn_percent.value, 80);
  EXPECT_EQ(c.services.at(0).replicas.value, 1);
  EXPECT_FALSE(c.services.at(0).kind.has_value());
}

TEST(project_config, toml_syntax_error_is_cp001_located) {
  auto c = parse_project_config("[budget]\noperations = = 3\n", "connplan.toml");
  ASSERT_EQ(codes(c), (std::vector<std::string>{"CP001"}));
  EXPECT_EQ(c.findings[0].location->begin.line, 2u);
  EXPECT_EQ(c.findings[0].location->file, "connplan.toml");
}

TEST(project_config, pyproject_reads_only_tool_connplan) {
  auto c = parse_project_config(
      "[tool.black]\nline-length = 100\n[tool.connplan.budget]\noperations = 7\n", "pyproject.toml",
      true);
  EXPECT_TRUE(c.findings.empty());
  EXPECT_EQ(c.operations.value, 7);
}

}  // namespace
}  // namespace connplan
