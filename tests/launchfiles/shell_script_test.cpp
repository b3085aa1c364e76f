#include <gtest/gtest.h>

#include "launchfiles/test_support.hpp"

namespace {

using namespace connplan::launchfiles;
using test_support::count_code;
using test_support::process_named;

launch_file read(const std::string& text, std::map<std::string, std::string> env = {}) {
  read_options o;
  o.env = std::move(env);
  return read_launch_file(text, "start.sh", format::shell, o);
}

TEST(shell_script, incident_start_script_starts_daphne_worker_and_beat) {
  const auto f = read_launch_file(test_support::fixture("shell/start-server.sh"), "start-server.sh",
                                  format::shell, {});
  ASSERT_NE(process_named(f, "daphne"), nullptr);
  const auto* worker = process_named(f, "celery-worker");
  ASSERT_NE(worker, nullptr);
  // `WORKERS=${CELERY_WORKERS:-8}` with CELERY_WORKERS unset; heredoc body is not a command.
  EXPECT_EQ(worker->command,
            "newrelic-admin run-program celery -A proj worker -c 8 --max-tasks-per-child 100");
  EXPECT_EQ(worker->command_at.begin.line, 16u);
  EXPECT_EQ(worker->workdir, "/app");
  EXPECT_EQ(worker->env.at("DJANGO_SETTINGS_MODULE"), "proj.settings");
  EXPECT_EQ(worker->env_at.at("DJANGO_SETTINGS_MODULE").begin.line, 5u);
  // A command inside a function counts where the function is called.
  ASSERT_NE(process_named(f, "celery-beat"), nullptr);
  ASSERT_NE(process_named(f, "manage.py-migrate"), nullptr);
  EXPECT_EQ(f.processes.size(), 4u);
  EXPECT_EQ(count_code(f, "CP001"), 0);
  EXPECT_EQ(count_code(f, "CP804"), 0);
}

// Heredoc bodies are data, not commands (POSIX io_here: `<<`, `<<-` strips leading tabs, a quoted
// delimiter), and `<<<` (a here-string) has no body.
TEST(shell_script, heredoc_bodies_are_not_commands) {
  const auto f = read(
      "cat <<EOF > a\ngunicorn one\nEOF\n"
      "cat <<-'END' > b\n\tgunicorn two\n\tEND\n"
      "cat << \"X_1\"\ngunicorn three\nX_1\n"
      "cat <<< word\n"
      "gunicorn four\n");
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_EQ(f.processes.at(0).command, "gunicorn four");
  EXPECT_EQ(f.processes.at(0).command_at.begin.line, 11u);
}

TEST(shell_script, known_environment_comes_first_then_the_script) {
  const std::string s = "W=${W:-2}\ngunicorn app --workers $W\n";
  EXPECT_EQ(read(s).processes.at(0).command, "gunicorn app --workers 2");
  EXPECT_EQ(read(s, {{"W", "5"}}).processes.at(0).command, "gunicorn app --workers 5");
}

TEST(shell_script, unset_variables_stay_unknown_in_the_command) {
  const auto f = read("exec gunicorn -w \"$GUNICORN_WORKERS\" app\n");
  EXPECT_EQ(f.processes.at(0).command, "exec gunicorn -w \"$GUNICORN_WORKERS\" app");
}

TEST(shell_script, chains_and_wrappers) {
  const auto f = read(
      "umask 0 && exec python -m gunicorn app ; pip install x || true\n"
      "poetry run uvicorn app:app --workers 2 &\n"
      "A=1 ddtrace-run opentelemetry-instrument celery -A x beat\n"
      "gosu app celery -A x multi start 3\n");
  ASSERT_EQ(f.processes.size(), 4u);
  EXPECT_EQ(f.processes[0].name, "gunicorn");
  EXPECT_EQ(f.processes[1].name, "uvicorn");
  EXPECT_EQ(f.processes[2].name, "celery-beat");
  EXPECT_EQ(f.processes[3].name, "celery-multi");
}

TEST(shell_script, su_and_runuser_run_their_command) {
  const auto f = read(
      "su app -c 'gunicorn app -w 2'\n"
      "runuser -u app -- celery -A x worker\n");
  ASSERT_EQ(f.processes.size(), 2u);
  EXPECT_EQ(f.processes[0].command, "gunicorn app -w 2");
  EXPECT_EQ(f.processes[1].name, "celery-worker");
}

TEST(shell_script, both_branches_count_and_disagreeing_assignments_become_unknown) {
  const auto f = read(
      "if [ -f x ]; then\n  W=2\n  gunicorn a\nelif [ -f y ]; then W=3\nelse\n"
      "  celery -A x worker\nfi\ngunicorn b -w $W\n");
  ASSERT_EQ(f.processes.size(), 3u);
  EXPECT_EQ(f.processes[0].name, "gunicorn");
  EXPECT_EQ(f.processes[1].name, "celery-worker");
  EXPECT_EQ(f.processes[2].name, "gunicorn-2");
  EXPECT_EQ(f.processes[2].command, "gunicorn b -w \"$W\"");
}

TEST(shell_script, loops_and_case_arms_are_read) {
  const auto f = read(
      "case \"$1\" in\n  web) exec gunicorn app ;;\n  worker|w) exec celery -A x worker ;;\n"
      "esac\nwhile true; do daphne app; done\n");
  ASSERT_EQ(f.processes.size(), 3u);
  EXPECT_EQ(f.processes[2].name, "daphne");
}

TEST(shell_script, cp804_for_what_cannot_be_followed) {
  EXPECT_EQ(count_code(read("$SERVER app\n"), "CP804"), 1);
  EXPECT_EQ(count_code(read("eval \"$CMD\"\n"), "CP804"), 1);
  EXPECT_EQ(count_code(read("$(which gunicorn) app\n"), "CP804"), 1);
  EXPECT_EQ(count_code(read("exec \"$@\"\n"), "CP804"), 1);
  EXPECT_EQ(count_code(read("SERVER=gunicorn\n$SERVER app\n"), "CP804"), 0);
  EXPECT_EQ(read("SERVER=gunicorn\n$SERVER app\n").processes.at(0).name, "gunicorn");
}

TEST(shell_script, cp001_on_syntax_errors_only) {
  EXPECT_EQ(count_code(read("echo 'unterminated\n"), "CP001"), 1);
  EXPECT_EQ(count_code(read("if true; then\n gunicorn a\n"), "CP001"), 1);
  EXPECT_EQ(count_code(read("if true; then\n gunicorn a\nfi\n"), "CP001"), 0);
}

TEST(shell_script, deep_nesting_is_bounded) {
  std::string s;
  for (int i = 0; i < 200; ++i) s += "if x; then\n";
  s += "gunicorn a\n";
  for (int i = 0; i < 200; ++i) s += "fi\n";
  const auto f = read(s);
  EXPECT_GE(count_code(f, "CP001"), 1);
  EXPECT_FALSE(f.complete);
}

TEST(shell_script, recursive_functions_terminate) {
  const auto f = read("f() { f; gunicorn a; }\nf\n");
  EXPECT_EQ(count_code(f, "CP804"), 1);
}

}  // namespace
