#include "app/observe_run.hpp"

#include <gtest/gtest.h>

#include "connplan/error.hpp"
#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::temp_dir;

void write_deployment(const temp_dir& dir) {
  dir.write("connplan.toml", R"([postgres]
name = "main"
config = "postgresql.conf"

[django]
settings = "settings.py"

[budget]
warn_percent = 50

[[service]]
name = "web"
kind = "gunicorn"
config = "gunicorn.conf.py"
match = { application_name = "web*", client_addr = "10.0.0.0/8" }

[[service]]
name = "cron"
kind = "command"
replicas = 2
)");
  dir.write("postgresql.conf", "max_connections = 40\nwork_mem = '4MB'\n");
  dir.write("gunicorn.conf.py", "workers = 3\n");
  dir.write("settings.py",
            "DATABASES = {\"default\": {\"ENGINE\": \"django.db.backends.postgresql\", "
            "\"NAME\": \"app\"}}\n");
}

check_request request_for(const temp_dir& dir) {
  check_request r;
  r.options.base.root = find_project_root(dir.path());
  return r;
}

TEST(prepare_observe, expectations_come_from_the_plan_and_connplan_toml) {
  temp_dir dir;
  write_deployment(dir);
  auto setup = prepare_observe(request_for(dir), "", 30);
  const auto& e = setup.expected;
  EXPECT_EQ(e.server_name, "main");
  EXPECT_EQ(e.warn_percent, 50);
  EXPECT_EQ(e.idle_in_transaction_after, 30);
  ASSERT_EQ(e.services.size(), 2u);
  EXPECT_EQ(e.services[0].name, "web");
  EXPECT_EQ(e.services[0].worst_case, 3);  // 3 sync workers
  EXPECT_EQ(e.services[0].match.application_name, "web*");
  EXPECT_EQ(e.services[0].match.client_addr, "10.0.0.0/8");
  ASSERT_TRUE(e.services[0].declared_at);
  EXPECT_EQ(e.services[0].declared_at->file, "connplan.toml");
  EXPECT_EQ(e.services[1].worst_case, 2);  // 2 replicas of a command × 1 alias
  EXPECT_TRUE(e.services[1].match.empty());
  ASSERT_TRUE(e.max_connections_at);
  EXPECT_EQ(e.max_connections_at->begin.line, 1u);
  // Only what the file sets: max_connections and work_mem, not the defaults.
  ASSERT_EQ(e.repo_settings.size(), 2u);
  EXPECT_EQ(e.repo_settings[1].name, "work_mem");
  EXPECT_EQ(e.repo_settings[1].setting, "4096");
  EXPECT_EQ(e.repo_settings[1].unit, "kB");
}

TEST(prepare_observe, an_unknown_server_is_a_usage_error) {
  temp_dir dir;
  write_deployment(dir);
  EXPECT_THROW((void)prepare_observe(request_for(dir), "replica", 60), connplan::error);
}

TEST(observe_snapshot, findings_go_through_the_selection) {
  temp_dir dir;
  write_deployment(dir);
  auto request = request_for(dir);
  observe::snapshot live;
  live.server.max_connections = 40;
  live.server.superuser_reserved_connections = 3;
  live.server.settings["work_mem"] = {"8192", "kB"};
  live.server.settings["max_connections"] = {"40", ""};
  for (long long pid = 1; pid <= 4; ++pid) {
    observe::backend_row b;
    b.pid = pid;
    b.application_name = "web-1";
    b.client_addr = "10.1.2.3";
    b.state = "idle";
    live.server.backends.push_back(b);
  }
  observe::peaks running;
  auto round = observe_snapshot(prepare_observe(request, "", 60), live, running);
  std::vector<std::string> codes;
  for (const auto& f : round.findings) codes.push_back(f.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"CP901", "CP905"}));

  request.ignore = std::vector<std::string>{"CP905"};
  observe::peaks again;
  round = observe_snapshot(prepare_observe(request, "", 60), live, again);
  ASSERT_EQ(round.findings.size(), 1u);
  EXPECT_EQ(round.findings[0].code, "CP901");
}

}  // namespace
}  // namespace connplan
