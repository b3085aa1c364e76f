// `connplan inspect` on launch files (issue 6, src/app/inspect_launch.cpp): every fixture of
// fixtures/launch/ through the CLI in text and JSON, the numbers and names it understood, secrets
// redacted, `--kind`, and files that must not be taken for launch files.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"

namespace connplan {
namespace {

using nlohmann::json;
using testing::run_connplan;
using testing::temp_dir;

const std::filesystem::path source_dir{CONNPLAN_SOURCE_DIR};

struct inspected {
  int exit_code = -1;
  json file;  // the one file entry
  std::string out, err;
};

inspected inspect_json(const std::vector<std::string>& extra, const std::filesystem::path& cwd) {
  std::vector<std::string> args{"inspect", "--isolated", "--format", "json"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = run_connplan(args, cwd);
  inspected out{r.exit_code, json(), r.out, r.err};
  if (r.exit_code == 0 || r.exit_code == 1) {
    auto doc = json::parse(r.out);
    if (doc.at("files").size() == 1) out.file = doc["files"][0];
  }
  return out;
}

const json& process(const json& file, const std::string& name) {
  for (const auto& p : file.at("processes"))
    if (p.at("name") == name) return p;
  ADD_FAILURE() << "no process " << name << " in " << file.dump(2);
  static const json none = json::object();
  return none;
}

bool has_code(const json& file, const std::string& code) {
  for (const auto& d : file.at("diagnostics"))
    if (d.at("code") == code) return true;
  return false;
}

std::filesystem::path fixture(const std::string& format) {
  return source_dir / "fixtures" / "launch" / format;
}

// ---- the fixtures, one per format ----

TEST(inspect_launch, procfile_processes_programs_and_flags) {
  auto r = inspect_json({"Procfile"}, fixture("procfile"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.file.at("kind"), "procfile");
  EXPECT_EQ(r.file.at("accepted"), true);
  EXPECT_EQ(r.file.at("settings"), json::object());
  ASSERT_EQ(r.file.at("processes").size(), 2u);
  const json& web = process(r.file, "web");
  EXPECT_EQ(web.at("program").at("name"), "gunicorn");
  // `--workers ${WEB_CONCURRENCY:-2}` with the variable unset: sh gives the default.
  const json& workers = web.at("program").at("flags").at("workers");
  EXPECT_EQ(workers.at("value"), "2");
  EXPECT_EQ(workers.at("spelling"), "--workers");
  EXPECT_EQ(workers.at("connection_relevant"), true);
  EXPECT_EQ(workers.at("source").at("line"), 2);
  // The flag is located at its own column: `web: gunicorn app.wsgi --workers` → column 24.
  EXPECT_EQ(workers.at("source").at("column"), 24);
  const json& worker = process(r.file, "worker");
  EXPECT_EQ(worker.at("program").at("name"), "celery");
  EXPECT_EQ(worker.at("program").at("subcommand"), "worker");
  EXPECT_EQ(worker.at("program").at("flags").at("concurrency").at("value"), "4");
  EXPECT_EQ(worker.at("program").at("assignments").at("REMAP_SIGTERM").at("value"), "SIGQUIT");
  EXPECT_EQ(worker.at("command_source").at("line"), 3);
}

TEST(inspect_launch, procfile_with_env_uses_the_given_value) {
  auto r = inspect_json({"--env", "WEB_CONCURRENCY=7", "Procfile"}, fixture("procfile"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(process(r.file, "web").at("program").at("flags").at("workers").at("value"), "7");
}

TEST(inspect_launch, supervisord_numprocs_environment_and_unset_variable) {
  auto r = inspect_json({"supervisord.conf"}, fixture("supervisord"));
  // CP002 is a warning: inspect exits 1 only for errors (CONTRACTS §2).
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.file.at("kind"), "supervisord");
  const json& celery = process(r.file, "celery");
  EXPECT_EQ(celery.at("replicas").at("value"), 2);
  EXPECT_EQ(celery.at("replicas").at("source").at("line"), 6);
  EXPECT_EQ(celery.at("env").at("DJANGO_SETTINGS_MODULE").at("value"), "app.settings");
  EXPECT_EQ(celery.at("env").at("PATH").at("value"), "/venv/bin:/usr/bin");
  EXPECT_EQ(celery.at("env").at("PATH").at("source").at("line"), 9);
  const json& concurrency = celery.at("program").at("flags").at("concurrency");
  EXPECT_EQ(concurrency.at("status"), "unknown");
  EXPECT_NE(concurrency.at("reason").get<std::string>().find("CELERY_CONCURRENCY"),
            std::string::npos);
  EXPECT_TRUE(has_code(r.file, "CP002"));
  EXPECT_FALSE(has_code(r.file, "CP001"));
  EXPECT_EQ(r.file.at("accepted"), true);

  auto known =
      inspect_json({"--env", "CELERY_CONCURRENCY=8", "supervisord.conf"}, fixture("supervisord"));
  ASSERT_EQ(known.exit_code, 0) << known.out;
  EXPECT_EQ(process(known.file, "celery").at("program").at("flags").at("concurrency").at("value"),
            "8");
  EXPECT_FALSE(has_code(known.file, "CP002"));
}

TEST(inspect_launch, systemd_unit_environment_workdir_and_env_file) {
  auto r = inspect_json({"web@blue.service"}, fixture("systemd"));
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.file.at("kind"), "systemd");
  ASSERT_EQ(r.file.at("processes").size(), 1u);
  const json& p = r.file.at("processes")[0];
  EXPECT_EQ(p.at("program").at("name"), "gunicorn");
  EXPECT_EQ(p.at("program").at("flags").at("workers").at("value"), "3");
  EXPECT_EQ(p.at("env").at("WEB_CONCURRENCY").at("value"), "3");
  EXPECT_EQ(p.at("env").at("WEB_CONCURRENCY").at("source").at("line"), 6);
  EXPECT_EQ(p.at("workdir"), "/srv/blue");
  ASSERT_EQ(p.at("env_files").size(), 1u);
  EXPECT_EQ(p.at("env_files")[0].at("source").at("line"), 7);
}

TEST(inspect_launch, shell_script_starts_daphne_celery_worker_and_beat) {
  auto r = inspect_json({"start-server.sh"}, fixture("shell"));
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  EXPECT_EQ(r.file.at("kind"), "shell");
  std::set<std::string> programs;
  for (const auto& p : r.file.at("processes")) {
    const json& prog = p.at("program");
    if (prog.is_object()) {
      programs.insert(prog.at("name").get<std::string>() + " " +
                      (prog.at("subcommand").is_string() ? prog.at("subcommand").get<std::string>()
                                                         : std::string()));
    }
  }
  EXPECT_TRUE(programs.count("daphne ")) << r.file.dump(2);
  EXPECT_TRUE(programs.count("celery worker")) << r.file.dump(2);
  EXPECT_TRUE(programs.count("celery beat")) << r.file.dump(2);
  // The heredoc's `celery -A proj worker -c 99` is text, not a command.
  for (const auto& p : r.file.at("processes")) {
    const json& prog = p.at("program");
    if (!prog.is_object() || !prog.at("flags").contains("concurrency")) continue;
    EXPECT_NE(prog.at("flags").at("concurrency").at("value"), "99");
    // `-c "$WORKERS"` with WORKERS=${CELERY_WORKERS:-8}.
    EXPECT_EQ(prog.at("flags").at("concurrency").at("value"), "8");
    EXPECT_EQ(prog.at("wrappers"), json::array({"newrelic-admin run-program"}));
  }
}

TEST(inspect_launch, dockerfile_final_stage_entrypoint_and_cmd) {
  auto r = inspect_json({"Dockerfile"}, fixture("dockerfile"));
  ASSERT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  EXPECT_EQ(r.file.at("kind"), "dockerfile");
  ASSERT_EQ(r.file.at("processes").size(), 1u) << r.file.dump(2);
  const json& p = r.file.at("processes")[0];
  EXPECT_EQ(p.at("program").at("name"), "gunicorn");
  EXPECT_EQ(p.at("program").at("config"), "gunicorn.conf.py");
  EXPECT_EQ(p.at("env").at("WEB_CONCURRENCY").at("value"), "4");
  EXPECT_EQ(p.at("workdir"), "/srv/app");
}

TEST(inspect_launch, text_output_has_a_block_per_process_with_locations) {
  temp_dir dir;
  auto r = run_connplan({"inspect", "--isolated", fixture("procfile").string() + "/Procfile"},
                        fixture("procfile"));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Procfile (procfile): accepted, complete"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("process web"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("process worker"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Procfile:2:24"), std::string::npos) << r.out;  // --workers
  EXPECT_NE(r.out.find("celery worker"), std::string::npos) << r.out;

  auto sup = run_connplan({"inspect", "--isolated", "supervisord.conf"}, fixture("supervisord"));
  EXPECT_NE(sup.out.find("process celery"), std::string::npos) << sup.out;
  EXPECT_NE(sup.out.find("replicas"), std::string::npos) << sup.out;
  EXPECT_NE(sup.out.find("supervisord.conf:6:"), std::string::npos) << sup.out;
  EXPECT_NE(sup.out.find("[CP002 unresolved-value]"), std::string::npos) << sup.out;
}

TEST(inspect_launch, output_is_byte_identical_across_runs) {
  for (const char* format : {"json", "text"}) {
    auto a = run_connplan({"inspect", "--isolated", "--format", format, "start-server.sh"},
                          fixture("shell"));
    auto b = run_connplan({"inspect", "--isolated", "--format", format, "start-server.sh"},
                          fixture("shell"));
    EXPECT_EQ(a.out, b.out) << format;
  }
}

// ---- secrets (CONTRACTS §9) ----

TEST(inspect_launch, secrets_in_env_entries_and_command_line_dsns_are_redacted) {
  temp_dir dir;
  dir.write("supervisord.conf",
            "[supervisord]\n[program:web]\n"
            "command=celery -A app worker --result-backend=db+postgresql://app:hunter2@db/app\n"
            "environment=DB_PASSWORD=\"hunter2\",DATABASE_URL=\"postgres://u:hunter2@db/app\"\n");
  dir.write("Procfile", "web: DATABASE_URL=postgres://u:hunter2@db/app gunicorn app.wsgi -w 2\n");
  for (const char* format : {"json", "text"}) {
    auto r = run_connplan(
        {"inspect", "--isolated", "--format", format, "supervisord.conf", "Procfile"}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
    EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("***"), std::string::npos) << r.out;
  }
  auto j = inspect_json({"supervisord.conf"}, dir.path());
  const json& web = process(j.file, "web");
  EXPECT_EQ(web.at("env").at("DB_PASSWORD").at("value"), "***");
  EXPECT_EQ(web.at("env").at("DATABASE_URL").at("value"), "postgres://u:***@db/app");
  EXPECT_NE(web.at("command").get<std::string>().find("postgresql://app:***@db/app"),
            std::string::npos);
}

// ---- --kind and detection ----

TEST(inspect_launch, kind_override_reads_a_file_named_otherwise) {
  temp_dir dir;
  dir.write("run-web", "exec gunicorn app.wsgi --workers 3\n");
  auto skipped = run_connplan({"inspect", "--isolated", "--format", "json", "run-web"}, dir.path());
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  auto doc = json::parse(skipped.out);
  EXPECT_TRUE(doc.at("files").empty());
  ASSERT_EQ(doc.at("diagnostics").size(), 1u);
  EXPECT_EQ(doc["diagnostics"][0].at("code"), "CP008");

  auto r = inspect_json({"--kind", "shell", "run-web"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.file.at("kind"), "shell");
  ASSERT_EQ(r.file.at("processes").size(), 1u);
  EXPECT_EQ(r.file["processes"][0].at("program").at("flags").at("workers").at("value"), "3");
}

TEST(inspect_launch, configuration_files_are_not_taken_for_launch_files) {
  temp_dir dir;
  dir.write("conf.d/tuning.conf", "max_connections = 300\n");
  dir.write("tox.ini", "[tox]\nenvlist = py3\n[testenv]\ncommands = pytest\n");
  dir.write("manage", "#!/usr/bin/env python3\nimport sys\n");
  dir.write("gunicorn.conf.py", "#!/bin/sh\nworkers = 4\n");
  auto conf = inspect_json({"conf.d/tuning.conf"}, dir.path());
  EXPECT_EQ(conf.file.at("kind"), "postgresql");
  auto gunicorn = inspect_json({"gunicorn.conf.py"}, dir.path());
  EXPECT_EQ(gunicorn.file.at("kind"), "gunicorn");
  for (const char* name : {"tox.ini", "manage"}) {
    auto r = run_connplan({"inspect", "--isolated", "--format", "json", name}, dir.path());
    auto doc = json::parse(r.out);
    EXPECT_TRUE(doc.at("files").empty()) << name << ": " << r.out;
  }
}

TEST(inspect_launch, a_supervisord_file_with_a_shape_name_is_detected) {
  temp_dir dir;
  dir.write("conf.d/web.conf", "[program:web]\ncommand=gunicorn app.wsgi -w 5\n");
  auto r = inspect_json({"conf.d/web.conf"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_EQ(r.file.at("kind"), "supervisord");
  EXPECT_EQ(process(r.file, "web").at("program").at("flags").at("workers").at("value"), "5");
}

// ---- exit codes (CONTRACTS §2: 1 when an error-level finding exists) ----

TEST(inspect_launch, a_syntax_error_is_cp001_not_accepted_and_exit_1) {
  temp_dir dir;
  dir.write("supervisord.conf", "[supervisord]\n[program:web]\ndirectory=/srv\n");
  auto r = inspect_json({"supervisord.conf"}, dir.path());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.file.at("accepted"), false);
  EXPECT_TRUE(has_code(r.file, "CP001"));

  dir.write("ok/supervisord.conf", "[supervisord]\n[program:web]\ncommand=gunicorn app.wsgi\n");
  auto ok = inspect_json({"ok/supervisord.conf"}, dir.path());
  EXPECT_EQ(ok.exit_code, 0);
  EXPECT_EQ(ok.file.at("accepted"), true);
  EXPECT_TRUE(ok.file.at("diagnostics").empty()) << ok.file.dump(2);
}

}  // namespace
}  // namespace connplan
