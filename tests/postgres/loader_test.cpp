// Tests of includes, postgresql.auto.conf and effective values (guc-file.l and guc.c of
// PostgreSQL 15; reference/domain.md §6.5; reference/tool-behaviour.md "PostgreSQL 15").
#include <gtest/gtest.h>

#include "pg_test_support.hpp"

namespace connplan::postgres {
namespace {

using testing::count;
using testing::first;
using testing::project;

std::string setting(const server_config& c, const std::string& name) {
  auto it = c.settings.find(name);
  return it == c.settings.end() ? "<unset>" : it->second.setting;
}

// domain.md §6.5: "Includes are processed inline at their position (so a setting after an
// include overrides it)".
TEST(loader, include_is_applied_in_place) {
  project p;
  p.write("postgresql.conf",
          "max_connections = 300\ninclude 'sub/tuning.conf'\nwork_mem = '16MB'\n");
  p.write("sub/tuning.conf", "max_connections = 150\nwork_mem = '4MB'\n");
  auto c = p.load("postgresql.conf");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(setting(c, "max_connections"), "150");
  EXPECT_EQ(setting(c, "work_mem"), "16384");
  EXPECT_EQ(c.settings.at("max_connections").origin.location.file, "sub/tuning.conf");
  EXPECT_EQ(c.files_read, (std::vector<std::string>{"postgresql.conf", "sub/tuning.conf"}));
}

// config.sgml: include_dir files are processed "in file name order (according to C locale
// rules, i.e., numbers before letters, and uppercase letters before lowercase ones)"; names
// starting with "." and other suffixes are skipped.
TEST(loader, include_dir_reads_conf_files_in_c_order) {
  project p;
  p.write("postgresql.conf", "include_dir 'conf.d'\n");
  p.write("conf.d/b.conf", "max_connections = 4\n");
  p.write("conf.d/B.conf", "max_connections = 3\n");
  p.write("conf.d/10.conf", "max_connections = 2\n");
  p.write("conf.d/.hidden.conf", "max_connections = 999\n");
  p.write("conf.d/x.conf.bak", "max_connections = 998\n");
  auto c = p.load("postgresql.conf");
  EXPECT_EQ(setting(c, "max_connections"), "4");
  EXPECT_EQ(c.files_read.size(), 4u);
  EXPECT_EQ(c.files_read[1], "conf.d/10.conf");
  EXPECT_EQ(c.files_read[2], "conf.d/B.conf");
}

// config.sgml: "Settings in postgresql.auto.conf override those in postgresql.conf".
TEST(loader, auto_conf_overrides_the_main_file) {
  project p;
  p.write("postgresql.conf", "max_connections = 100\n");
  p.write("postgresql.auto.conf", "max_connections = '250'\n");
  auto c = p.load("postgresql.conf");
  EXPECT_EQ(setting(c, "max_connections"), "250");
  EXPECT_EQ(count(c, "CP503"), 1);
}

// tool-behaviour.md item 10: "include of itself: configuration file recursion".
TEST(loader, self_include_is_recursion) {
  project p;
  p.write("postgresql.conf", "include 'postgresql.conf'\n");
  auto c = p.load("postgresql.conf");
  EXPECT_FALSE(c.accepted);
  ASSERT_NE(first(c, "CP006"), nullptr);
  EXPECT_EQ(first(c, "CP006")->message, "configuration file recursion in \"postgresql.conf\"");
}

// tool-behaviour.md item 10: "a loop through two files: maximum nesting depth exceeded (depth
// 10)".
TEST(loader, include_loop_hits_the_depth_limit) {
  project p;
  p.write("postgresql.conf", "include 'other.conf'\n");
  p.write("other.conf", "include 'postgresql.conf'\n");
  auto c = p.load("postgresql.conf");
  EXPECT_FALSE(c.accepted);
  ASSERT_EQ(count(c, "CP006"), 1);
  EXPECT_NE(first(c, "CP006")->message.find("maximum nesting depth exceeded"), std::string::npos);
}

TEST(loader, ten_levels_of_include_are_fine) {
  project p;
  p.write("postgresql.conf", "include 'l1.conf'\n");
  for (int i = 1; i < 10; ++i) {
    p.write("l" + std::to_string(i) + ".conf", "include 'l" + std::to_string(i + 1) + ".conf'\n");
  }
  p.write("l10.conf", "max_connections = 7\n");
  auto c = p.load("postgresql.conf");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(count(c, "CP006"), 0);
  EXPECT_EQ(setting(c, "max_connections"), "7");
}

// guc-file.l ParseConfigFile: a missing `include` is "could not open configuration file".
TEST(loader, missing_include_is_unreadable_input) {
  project p;
  p.write("postgresql.conf", "include 'nope.conf'\nmax_connections = 5\n");
  auto c = p.load("postgresql.conf");
  EXPECT_FALSE(c.accepted);
  ASSERT_NE(first(c, "CP005"), nullptr);
  EXPECT_EQ(first(c, "CP005")->message,
            "could not open configuration file \"nope.conf\": No such file or directory");
  EXPECT_EQ(first(c, "CP005")->location->begin.line, 1u);
  EXPECT_EQ(setting(c, "max_connections"), "5");
}

// tool-behaviour.md item 10: "include_if_exists of a missing file only logs".
// An optional file that is absent is what the directive is for: no finding (docs/decisions.md).
TEST(loader, missing_include_if_exists_is_not_a_finding) {
  project p;
  p.write("postgresql.conf", "include_if_exists 'nope.conf'\nmax_connections = 7\n");
  auto c = p.load("postgresql.conf");
  EXPECT_TRUE(c.accepted);
  EXPECT_TRUE(c.diagnostics.empty());
  EXPECT_EQ(setting(c, "max_connections"), "7");
}

TEST(loader, unreadable_or_binary_include_is_unreadable_input) {
  project p;
  p.write("postgresql.conf", "include 'secret.conf'\ninclude 'blob.conf'\n");
  p.write("secret.conf", "max_connections = 1\n");
  p.write("blob.conf", std::string("a\0b", 3));
  auto fallback = p.options().reader;
  p.options().reader = [fallback](const std::filesystem::path& path, const read_limits& limits) {
    if (path.filename() == "secret.conf") {
      return read_result(read_failure{read_failure_kind::unreadable, "permission denied"});
    }
    return fallback(path, limits);
  };
  auto c = p.load("postgresql.conf");
  EXPECT_FALSE(c.accepted);
  EXPECT_EQ(count(c, "CP005"), 2);
  EXPECT_EQ(first(c, "CP005")->message,
            "could not open configuration file \"secret.conf\": Permission denied");
}

TEST(loader, directory_where_a_file_is_expected) {
  project p;
  p.write("postgresql.conf", "include 'dir'\n");
  std::filesystem::create_directories(p.dir() / "dir");
  auto c = p.load("postgresql.conf");
  EXPECT_FALSE(c.accepted);
  EXPECT_EQ(count(c, "CP005"), 1);
}

// CONTRACTS.md §1: files outside the root are not read; a reference to one is CP007 and its
// values are unknown.
TEST(loader, include_outside_root_is_not_read) {
  project p;
  project outside;
  outside.write("extra.conf", "max_connections = 9\n");
  p.write("postgresql.conf", "work_mem = '8MB'\ninclude '" +
                                 (outside.dir() / "extra.conf").string() + "'\nport = 6000\n");
  auto c = p.load("postgresql.conf");
  ASSERT_EQ(count(c, "CP007"), 1);
  EXPECT_FALSE(c.complete);
  EXPECT_FALSE(c.settings.at("work_mem").known);
  EXPECT_FALSE(c.settings.at("max_connections").known);
  EXPECT_TRUE(c.settings.at("port").known);

  p.options().root.allow_outside = true;
  auto allowed = p.load("postgresql.conf");
  EXPECT_EQ(count(allowed, "CP007"), 0);
  EXPECT_EQ(setting(allowed, "max_connections"), "9");
}

TEST(loader, symlink_out_of_the_root_is_outside) {
  project p;
  project outside;
  outside.write("extra.conf", "max_connections = 9\n");
  std::filesystem::create_symlink(outside.dir() / "extra.conf", p.dir() / "link.conf");
  p.write("postgresql.conf", "include 'link.conf'\n");
  auto c = p.load("postgresql.conf");
  EXPECT_EQ(count(c, "CP007"), 1);
}

// tool-behaviour.md item 1: "max_wal_senders = abc followed by max_wal_senders = 3 is accepted,
// value 3 -- but only when both lines spell the name with the same case".
TEST(loader, invalid_earlier_duplicate_with_the_same_spelling_is_skipped) {
  project p;
  p.write("a.conf", "max_wal_senders = abc\nmax_wal_senders = 3\n");
  auto c = p.load("a.conf");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(setting(c, "max_wal_senders"), "3");
  EXPECT_EQ(count(c, "CP502"), 0);
  EXPECT_EQ(count(c, "CP503"), 1);
  ASSERT_EQ(c.shadowed.size(), 1u);
  EXPECT_EQ(c.shadowed[0].value, "abc");
  EXPECT_EQ(c.shadowed[0].origin.location.begin.line, 1u);
}

// The same rule over several repeats, with another spelling in between (the loader indexes lines
// by spelling instead of walking the whole list for every repeat, as PostgreSQL does).
TEST(loader, every_earlier_duplicate_with_the_same_spelling_is_skipped_across_repeats) {
  project p;
  p.write("a.conf",
          "max_wal_senders = abc\nMAX_WAL_SENDERS = def\nmax_wal_senders = ghi\n"
          "max_wal_senders = 3\n");
  auto c = p.load("a.conf");
  EXPECT_FALSE(c.accepted);
  ASSERT_EQ(count(c, "CP502"), 1);  // only the other spelling is checked
  EXPECT_EQ(first(c, "CP502")->message, "invalid value for parameter \"MAX_WAL_SENDERS\": \"def\"");
  EXPECT_EQ(setting(c, "max_wal_senders"), "3");
  EXPECT_EQ(count(c, "CP503"), 3);
}

TEST(loader, invalid_earlier_duplicate_with_another_case_is_checked) {
  project p;
  p.write("a.conf", "MAX_WAL_SENDERS = abc\nmax_wal_senders = 3\n");
  auto c = p.load("a.conf");
  EXPECT_FALSE(c.accepted);
  ASSERT_EQ(count(c, "CP502"), 1);
  EXPECT_EQ(first(c, "CP502")->message, "invalid value for parameter \"MAX_WAL_SENDERS\": \"abc\"");
  EXPECT_EQ(setting(c, "max_wal_senders"), "3");
}

// tool-behaviour.md item 2: "Names are case-insensitive (Max_Connections = 100 works)".
TEST(loader, names_are_case_insensitive_and_the_last_wins) {
  project p;
  p.write("a.conf", "Max_Connections = 100\nmax_connections = 120\n");
  auto c = p.load("a.conf");
  EXPECT_EQ(setting(c, "max_connections"), "120");
  const finding* f = first(c, "CP503");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->location->begin.line, 1u);
  ASSERT_EQ(f->related.size(), 1u);
  EXPECT_EQ(f->related[0].location->begin.line, 2u);
}

TEST(loader, single_setting_is_not_shadowed) {
  project p;
  p.write("a.conf", "max_connections = 100\n");
  auto c = p.load("a.conf");
  EXPECT_EQ(count(c, "CP503"), 0);
  EXPECT_TRUE(c.shadowed.empty());
}

// tool-behaviour.md item 8: "Unknown names are fatal, except names with a dot".
TEST(loader, unknown_names_and_placeholders) {
  project p;
  p.write("a.conf", "max_connection = 100\nmy_ext.X = 'two words'\n");
  auto c = p.load("a.conf");
  EXPECT_FALSE(c.accepted);
  ASSERT_EQ(count(c, "CP501"), 1);
  EXPECT_EQ(first(c, "CP501")->message,
            "unrecognized configuration parameter \"max_connection\" in file \"a.conf\" line 1");
  EXPECT_EQ(setting(c, "my_ext.x"), "two words");
  EXPECT_TRUE(c.settings.at("my_ext.x").placeholder);
  EXPECT_TRUE(c.settings.at("my_ext.x").unit.empty());
}

TEST(loader, known_names_are_not_unknown) {
  project p;
  p.write("a.conf", "max_connections = 100\n");
  EXPECT_EQ(count(p.load("a.conf"), "CP501"), 0);
}

// A parameter of another version says where it exists (reserved_connections is 16+).
TEST(loader, parameter_of_another_version) {
  project p;
  p.write("a.conf", "reserved_connections = 2\n");
  auto c = p.load("a.conf");
  ASSERT_EQ(count(c, "CP501"), 1);
  ASSERT_EQ(first(c, "CP501")->notes.size(), 1u);
  EXPECT_NE(first(c, "CP501")->notes[0].find("16"), std::string::npos);
  p.options().pg_version = "16";
  auto c16 = p.load("a.conf");
  EXPECT_EQ(count(c16, "CP501"), 0);
  EXPECT_EQ(setting(c16, "reserved_connections"), "2");
}

// guc.c map_old_guc_names: sort_mem and vacuum_mem still work (observed with PostgreSQL 15).
TEST(loader, old_names_are_aliases) {
  project p;
  p.write("a.conf", "sort_mem = 2MB\nvacuum_mem = 1MB\n");
  auto c = p.load("a.conf");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(setting(c, "work_mem"), "2048");
  EXPECT_EQ(setting(c, "maintenance_work_mem"), "1024");
}

// Observed: "parameter "server_version" cannot be changed".
TEST(loader, internal_parameters_cannot_be_set) {
  project p;
  p.write("a.conf", "server_version = 3\n");
  auto c = p.load("a.conf");
  ASSERT_EQ(count(c, "CP502"), 1);
  EXPECT_EQ(first(c, "CP502")->message, "parameter \"server_version\" cannot be changed");
}

TEST(loader, valid_values_are_not_invalid) {
  project p;
  p.write("a.conf", "work_mem = '1.5MB'\nwal_level = REPLICA\n");
  auto c = p.load("a.conf");
  EXPECT_EQ(count(c, "CP502"), 0);
  EXPECT_EQ(setting(c, "work_mem"), "1536");
  EXPECT_EQ(setting(c, "wal_level"), "replica");
}

TEST(loader, invalid_value_makes_the_setting_unknown) {
  project p;
  p.write("a.conf", "work_mem = 100B\n");
  auto c = p.load("a.conf");
  EXPECT_FALSE(c.accepted);
  EXPECT_EQ(count(c, "CP502"), 1);
  EXPECT_FALSE(c.settings.at("work_mem").known);
}

// tool-behaviour.md item 11: "max_connections + autovacuum_max_workers + 1 +
// max_worker_processes + max_wal_senders above 262143 is rejected by the parser" (observed
// message: `invalid value for parameter "max_worker_processes": 1000`).
TEST(loader, max_backends_sum_is_a_parser_rejection_in_15) {
  project p;
  p.write("a.conf", "max_connections = 262000\nmax_worker_processes = 1000\n");
  auto c = p.load("a.conf");
  EXPECT_FALSE(c.accepted);
  ASSERT_EQ(count(c, "CP502"), 1);
  EXPECT_EQ(first(c, "CP502")->message,
            "invalid value for parameter \"max_worker_processes\": 1000");
  EXPECT_EQ(count(c, "CP506"), 0);
}

TEST(loader, syntax_errors_make_the_file_incomplete) {
  project p;
  p.write("a.conf", "max_connections = 1.5min\nwork_mem = 4MB\n");
  auto c = p.load("a.conf");
  EXPECT_FALSE(c.accepted);
  EXPECT_FALSE(c.complete);
  EXPECT_EQ(count(c, "CP001"), 1);
  EXPECT_EQ(setting(c, "work_mem"), "4096");
}

TEST(loader, secrets_are_redacted) {
  project p;
  p.write("a.conf",
          "primary_conninfo = 'host=db password=hunter2'\nssl_passphrase_command = 'echo x'\n");
  auto c = p.load("a.conf");
  EXPECT_EQ(setting(c, "primary_conninfo").find("hunter2"), std::string::npos);
  EXPECT_EQ(setting(c, "ssl_passphrase_command"), "***");
}

TEST(loader, corpus_files_load_without_crashing) {
  const std::filesystem::path corpus = CONNPLAN_SHARED_DIR "/corpus/postgresql";
  if (!std::filesystem::is_directory(corpus)) GTEST_SKIP() << "no corpus at " << corpus;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    inspect_options options;
    options.root.dir = corpus;
    options.pg_version = "15";
    auto c = load(entry.path(), options);
    EXPECT_FALSE(c.settings.empty()) << entry.path();
  }
}

}  // namespace
}  // namespace connplan::postgres
