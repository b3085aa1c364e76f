#include <gtest/gtest.h>

#include "launchfiles/test_support.hpp"

namespace {

using namespace connplan::launchfiles;
using test_support::count_code;

launch_file read(const std::string& text, std::map<std::string, std::string> env = {}) {
  read_options o;
  o.env = std::move(env);
  return read_launch_file(text, "etc/supervisord.conf", format::supervisord, o);
}

TEST(supervisord, numprocs_environment_and_expansions) {
  const auto f =
      read(test_support::fixture("supervisord/supervisord.conf"), {{"CELERY_CONCURRENCY", "6"}});
  ASSERT_EQ(f.processes.size(), 1u);
  const auto& p = f.processes[0];
  EXPECT_EQ(p.name, "celery");
  // An inline `;` comment after whitespace is not part of the value.
  EXPECT_EQ(p.command, "celery -A app worker -c 6");
  ASSERT_TRUE(p.replicas && p.replicas->value);
  EXPECT_EQ(*p.replicas->value, 2);
  EXPECT_EQ(p.workdir, "etc/app");
  EXPECT_EQ(p.env.at("DJANGO_SETTINGS_MODULE"), "app.settings");
  EXPECT_EQ(p.env.at("PATH"), "/venv/bin:/usr/bin");
  EXPECT_TRUE(f.findings.empty());
}

TEST(supervisord, unknown_env_expansion_stays_a_variable) {
  const auto f = read(test_support::fixture("supervisord/supervisord.conf"));
  EXPECT_EQ(f.processes.at(0).command, "celery -A app worker -c \"${CELERY_CONCURRENCY}\"");
}

TEST(supervisord, cp002_for_a_numprocs_from_an_unset_variable) {
  const std::string s =
      "[program:w]\ncommand=celery worker\nnumprocs=%(ENV_N)s\n"
      "process_name=%(process_num)s\n";
  EXPECT_EQ(count_code(read(s), "CP002"), 1);
  EXPECT_EQ(count_code(read(s, {{"N", "3"}}), "CP002"), 0);
  EXPECT_EQ(*read(s, {{"N", "3"}}).processes.at(0).replicas->value, 3);
}

TEST(supervisord, cp001_for_what_supervisord_refuses) {
  EXPECT_EQ(count_code(read("command=x\n"), "CP001"), 1);  // before any section
  EXPECT_EQ(count_code(read("[program:a]\ncommand=x\nnumprocs=2\n"), "CP001"), 1);
  EXPECT_EQ(count_code(read("[program:a]\ncommand=x\nnumprocs=two\n"), "CP001"), 1);
  EXPECT_EQ(count_code(read("[program:a]\ncommand=x 'open\n"), "CP001"), 1);
  EXPECT_EQ(count_code(read("[program:a]\ncommand=x\nnumprocs=1\n"), "CP001"), 0);
}

TEST(supervisord, continuation_lines_and_hash_without_space) {
  const auto f = read("[program:a]\ncommand=gunicorn app#1\n    --workers 3\n");
  EXPECT_EQ(f.processes.at(0).command, "gunicorn 'app#1' --workers 3");
}

}  // namespace

// supervisor/options.py @ 4.2.5 `_processes_from_section`: "extend expansions for process from
// [program:x] environment definition"; `read_config`: "extend expansions for global from
// [supervisord] environment definition" and the global environment is the base of each program's.
TEST(supervisord, program_and_global_environment_expand_in_the_command) {
  const auto f = read(
      "[supervisord]\nenvironment=CONC=\"3\"\n[program:w]\nenvironment=W=\"5\"\n"
      "command=celery -A app worker -c %(ENV_CONC)s --max-tasks-per-child %(ENV_W)s\n");
  ASSERT_EQ(f.processes.size(), 1u);
  const auto& p = f.processes[0];
  EXPECT_EQ(p.command, "celery -A app worker -c 3 --max-tasks-per-child 5");
  EXPECT_EQ(p.env.at("CONC"), "3");
  EXPECT_EQ(p.env.at("W"), "5");
  EXPECT_TRUE(f.findings.empty());
}
