// `connplan inspect` as users run it: exit codes (CONTRACTS §2), the document header (§6), kind
// detection, and bad input that must give a clear error and never a crash or a hang.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::run_connplan;
using testing::temp_dir;

TEST(inspect_command, json_document_has_the_contract_header) {
  temp_dir dir;
  dir.write("postgresql.conf", "max_connections = 150\n");
  auto r = run_connplan({"inspect", "--format", "json", "postgresql.conf"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  EXPECT_EQ(doc.at("schema_version"), 1);
  EXPECT_EQ(doc.at("kind"), "inspect");
  EXPECT_EQ(doc.at("tool").at("name"), "connplan");
  ASSERT_EQ(doc.at("files").size(), 1u);
  const auto& file = doc.at("files")[0];
  EXPECT_EQ(file.at("path"), "postgresql.conf");
  EXPECT_EQ(file.at("kind"), "postgresql");
  EXPECT_EQ(file.at("settings").at("max_connections").at("value"), "150");
  EXPECT_EQ(file.at("settings").at("max_connections").at("source").at("line"), 1);
}

TEST(inspect_command, output_is_byte_identical_across_runs) {
  temp_dir dir;
  dir.write("postgresql.conf", "max_connections = 150\nshared_buffers = '1GB'\nbogus = 1\n");
  dir.write("pgbouncer.ini",
            "[databases]\napp = host=db dbname=app\n[pgbouncer]\npool_mode = session\n");
  for (const char* format : {"json", "text"}) {
    auto a = run_connplan({"inspect", "--format", format, "postgresql.conf", "pgbouncer.ini"},
                          dir.path());
    auto b = run_connplan({"inspect", "--format", format, "postgresql.conf", "pgbouncer.ini"},
                          dir.path());
    EXPECT_EQ(a.out, b.out) << format;
    EXPECT_EQ(a.exit_code, b.exit_code);
  }
}

TEST(inspect_command, error_findings_exit_1_and_clean_files_exit_0) {
  temp_dir dir;
  dir.write("good/postgresql.conf", "max_connections = 150\n");
  dir.write("bad/postgresql.conf", "max_connection = 150\n");
  EXPECT_EQ(run_connplan({"inspect", "good/postgresql.conf"}, dir.path()).exit_code, 0);
  auto bad = run_connplan({"inspect", "bad/postgresql.conf"}, dir.path());
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.out.find("bad/postgresql.conf:1:1: error:"), std::string::npos) << bad.out;
  EXPECT_NE(bad.out.find("[CP501 unknown-postgres-parameter]"), std::string::npos) << bad.out;
}

TEST(inspect_command, text_output_shows_the_source_of_every_value) {
  temp_dir dir;
  dir.write("postgresql.conf", "# comment\nmax_connections = 150\n");
  auto r = run_connplan({"inspect", "postgresql.conf"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("postgresql.conf (postgresql): accepted, complete"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("postgresql.conf:2:1"), std::string::npos) << r.out;  // max_connections
  EXPECT_NE(r.out.find("default"), std::string::npos) << r.out;              // e.g. work_mem
}

// The CONN_MAX_AGE history is a list: one row per store, not a JSON cell cut at 60 characters.
TEST(inspect_command, text_output_lists_the_conn_max_age_history_row_by_row) {
  temp_dir dir;
  dir.write("settings.py",
            "DATABASES = {'default': {'ENGINE': 'django.db.backends.postgresql', "
            "'CONN_MAX_AGE': 60}}\n"
            "DATABASES['default']['CONN_MAX_AGE'] = 0\n");
  auto r = run_connplan({"inspect", "--kind", "django", "settings.py"}, dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto at = r.out.find("conn_max_age_history:");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string history = r.out.substr(at, r.out.find("\n", r.out.find("default[1]", at)) - at);
  EXPECT_NE(history.find("default[0]  60 (dict)"), std::string::npos) << history;
  EXPECT_NE(history.find("settings.py:1:"), std::string::npos) << history;
  EXPECT_NE(history.find("default[1]  0 (assign, used)"), std::string::npos) << history;
  EXPECT_NE(history.find("settings.py:2:"), std::string::npos) << history;
  EXPECT_EQ(history.find("..."), std::string::npos) << history;
}

TEST(inspect_command, a_missing_named_file_exits_2_with_a_message) {
  temp_dir dir;
  auto r = run_connplan({"inspect", "nope.conf"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "connplan: error: nope.conf: does not exist\n");
  EXPECT_TRUE(r.out.empty());
}

TEST(inspect_command, a_directory_or_fifo_named_exits_2_without_hanging) {
  temp_dir dir;
  std::filesystem::create_directory(dir.path() / "postgresql.conf");
  ASSERT_EQ(::mkfifo((dir.path() / "pgbouncer.ini").c_str(), 0600), 0);
  auto d = run_connplan({"inspect", "postgresql.conf"}, dir.path());
  EXPECT_EQ(d.exit_code, 2);
  EXPECT_EQ(d.err, "connplan: error: postgresql.conf: is a directory\n");
  auto f = run_connplan({"inspect", "pgbouncer.ini"}, dir.path());
  EXPECT_EQ(f.exit_code, 2);
  EXPECT_EQ(f.err, "connplan: error: pgbouncer.ini: is a FIFO\n");
}

TEST(inspect_command, a_file_over_the_size_limit_exits_2) {
  temp_dir dir;
  // 100 MB of comments: sparse, so the test costs no disk; the limit is 64 MiB.
  auto p = dir.path() / "postgresql.conf";
  { std::ofstream(p) << "# x\n"; }
  std::filesystem::resize_file(p, 100'000'000);
  auto r = run_connplan({"inspect", "postgresql.conf"}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("over the limit of 67108864 bytes"), std::string::npos) << r.err;
}

TEST(inspect_command, a_binary_file_is_cp005_and_never_parsed) {
  temp_dir dir;
  dir.write("blob", std::string("\x7f"
                                "ELF\0\0\0garbage\xff\xfe",
                                15));
  auto r = run_connplan({"inspect", "--format", "json", "blob"}, dir.path());
  EXPECT_EQ(r.exit_code, 1) << r.err;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("diagnostics").size(), 1u);
  EXPECT_EQ(doc.at("diagnostics")[0].at("code"), "CP005");
  EXPECT_TRUE(doc.at("files").empty());
}

TEST(inspect_command, an_unrecognised_file_is_cp008_and_skipped) {
  temp_dir dir;
  dir.write("notes.txt", "nothing to see\n");
  auto r = run_connplan({"inspect", "--format", "json", "notes.txt"}, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;  // CP008 is info
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("diagnostics").size(), 1u);
  EXPECT_EQ(doc.at("diagnostics")[0].at("code"), "CP008");
  EXPECT_EQ(doc.at("diagnostics")[0].at("severity"), "info");
}

TEST(inspect_command, kind_is_detected_from_content_when_the_name_says_nothing) {
  temp_dir dir;
  dir.write("conf.d/10-tuning.conf", "max_connections = 300\nwork_mem = '8MB'\n");
  dir.write("pooler.cfg", "[databases]\napp = host=db\n\n[pgbouncer]\npool_mode = transaction\n");
  auto r = run_connplan({"inspect", "--format", "json", "conf.d/10-tuning.conf", "pooler.cfg"},
                        dir.path());
  ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  auto doc = nlohmann::json::parse(r.out);
  ASSERT_EQ(doc.at("files").size(), 2u);
  EXPECT_EQ(doc.at("files")[0].at("kind"), "postgresql");
  EXPECT_EQ(doc.at("files")[1].at("kind"), "pgbouncer");
}

TEST(inspect_command, usage_errors_exit_2) {
  temp_dir dir;
  dir.write("postgresql.conf", "max_connections = 150\n");
  EXPECT_EQ(run_connplan({"inspect", "--kind", "mysql", "postgresql.conf"}, dir.path()).exit_code,
            2);
  EXPECT_EQ(run_connplan({"inspect", "--format", "yaml", "postgresql.conf"}, dir.path()).exit_code,
            2);
  EXPECT_EQ(run_connplan({"inspect"}, dir.path()).exit_code, 2);
  EXPECT_EQ(run_connplan({"frobnicate"}, dir.path()).exit_code, 2);
  auto v = run_connplan({"inspect", "--pg-version", "9.6", "postgresql.conf"}, dir.path());
  EXPECT_EQ(v.exit_code, 2);
  EXPECT_NE(v.err.find("unknown PostgreSQL version \"9.6\" (connplan knows 12 to 18)"),
            std::string::npos)
      << v.err;
  auto b = run_connplan({"inspect", "--pgbouncer-version", "1.17", "postgresql.conf"}, dir.path());
  EXPECT_EQ(b.exit_code, 2);
  EXPECT_NE(b.err.find("unknown PgBouncer version \"1.17\" (connplan knows 1.18 to 1.25)"),
            std::string::npos)
      << b.err;
}

TEST(inspect_command, env_and_assume_are_checked_and_never_echo_values) {
  temp_dir dir;
  dir.write("postgresql.conf", "max_connections = 150\n");
  auto ok = run_connplan(
      {"inspect", "--env", "A=1", "--env", "B=", "--assume", "cpus=8", "postgresql.conf"},
      dir.path());
  EXPECT_EQ(ok.exit_code, 0) << ok.err;
  auto no_eq = run_connplan({"inspect", "--env", "DATABASE_URL", "postgresql.conf"}, dir.path());
  EXPECT_EQ(no_eq.exit_code, 2);
  EXPECT_EQ(no_eq.err, "connplan: error: --env takes NAME=VALUE, got \"DATABASE_URL\"\n");
  auto no_name = run_connplan({"inspect", "--env", "=hunter2", "postgresql.conf"}, dir.path());
  EXPECT_EQ(no_name.exit_code, 2);
  EXPECT_EQ(no_name.err.find("hunter2"), std::string::npos) << no_name.err;
  for (const char* bad : {"cpus=0", "cpus=abc", "cpus=", "cpus=8x", "memory=4GB"}) {
    auto r = run_connplan({"inspect", "--assume", bad, "postgresql.conf"}, dir.path());
    EXPECT_EQ(r.exit_code, 2) << bad;
  }
}

TEST(inspect_command, help_and_version_exit_0) {
  temp_dir dir;
  auto h = run_connplan({"--help"}, dir.path());
  EXPECT_EQ(h.exit_code, 0);
  EXPECT_NE(h.out.find("inspect"), std::string::npos);
  auto v = run_connplan({"--version"}, dir.path());
  EXPECT_EQ(v.exit_code, 0);
  EXPECT_EQ(v.out, std::string("connplan ") + CONNPLAN_VERSION + "\n");
}

}  // namespace
}  // namespace connplan
