#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "connplan/error.hpp"
#include "connplan/pgbouncer.hpp"

namespace connplan::pgbouncer {
namespace {

namespace fs = std::filesystem;

// Files in memory under /v; anything else is missing.
struct fake_files {
  std::map<std::string, std::string> files;
  inspect_options options(std::string version = "1.18") const {
    inspect_options o;
    o.root.dir = "/v";
    o.pgbouncer_version = std::move(version);
    auto copy = files;
    o.reader = [copy](const fs::path& p, const read_limits&) -> read_result {
      auto it = copy.find(p.lexically_normal().string());
      if (it == copy.end()) return read_failure{read_failure_kind::missing, "does not exist"};
      return it->second;
    };
    return o;
  }
};

config load_text(const std::string& text, std::string version = "1.18") {
  fake_files f{{{"/v/p.ini", text}}};
  return load("/v/p.ini", f.options(std::move(version)));
}

int count(const config& c, std::string_view code) {
  return static_cast<int>(std::count_if(c.diagnostics.begin(), c.diagnostics.end(),
                                        [&](const finding& f) { return f.code == code; }));
}

const std::string base = "[databases]\napp = host=127.0.0.1 dbname=app\n[pgbouncer]\n";

TEST(loader, clean_file_has_no_findings) {
  auto c = load_text(base + "pool_mode = transaction\nmax_client_conn = 500\n");
  EXPECT_TRUE(c.accepted);
  EXPECT_TRUE(c.diagnostics.empty());
  EXPECT_EQ(c.settings.at("pool_mode").shown, "transaction");
  EXPECT_EQ(c.global.max_client_conn.value, 500);
  EXPECT_EQ(c.global.max_client_conn.origin.location.begin, (source_position{5, 19}));
  EXPECT_EQ(c.global.default_pool_size.origin.kind, source_kind::default_value);
  EXPECT_EQ(c.settings.size(), 84u);
  EXPECT_TRUE(c.settings.at("auth_user").null);
}

// tool-behaviour.md #1: "Every [pgbouncer] header resets the whole section to defaults ...
// reserve_pool_size = 7 and max_db_connections = 77 in the first block end up 0."
TEST(loader, second_header_resets_section_cp603) {
  auto c = load_text(
      "[pgbouncer]\nreserve_pool_size = 7\nmax_db_connections = 77\n[databases]\n"
      "app = host=h\n[pgbouncer]\npool_mode = transaction\n");
  EXPECT_TRUE(c.accepted);
  ASSERT_EQ(count(c, "CP603"), 1);
  const auto& f = c.diagnostics.front();
  EXPECT_EQ(f.severity, severity::warning);
  EXPECT_EQ(f.related.size(), 2u);
  EXPECT_EQ(c.global.reserve_pool_size.value, 0);
  EXPECT_EQ(c.global.max_db_connections.value, 0);
  ASSERT_NE(c.database("app"), nullptr);  // "A second [databases] header does not drop" them
  EXPECT_EQ(c.shadowed.size(), 2u);
}

TEST(loader, single_header_no_cp603) {
  EXPECT_EQ(count(load_text(base + "reserve_pool_size = 7\n"), "CP603"), 0);
}

// tool-behaviour.md #2: "Unknown keys are fatal; key names and section names are case-sensitive".
TEST(loader, unknown_key_and_section_cp601) {
  auto c = load_text(base + "Pool_Mode = session\n");
  EXPECT_FALSE(c.accepted);
  EXPECT_EQ(count(c, "CP601"), 1);
  auto s = load_text("[PgBouncer]\n");
  EXPECT_FALSE(s.accepted);
  EXPECT_GE(count(s, "CP601"), 1);
}

// domain.md §5.6: track_extra_parameters was added in 1.20.
TEST(loader, key_of_another_version_cp601_names_versions) {
  auto c = load_text(base + "track_extra_parameters = IntervalStyle\n");
  ASSERT_EQ(count(c, "CP601"), 1);
  EXPECT_NE(c.diagnostics[0].notes[0].find("1.20 and later"), std::string::npos);
  EXPECT_EQ(count(load_text(base + "track_extra_parameters = IntervalStyle\n", "1.20"), "CP601"),
            0);
}

// tool-behaviour.md #4: "pool_mode = transaction ; x is an invalid value".
TEST(loader, inline_comment_is_invalid_cp602) {
  auto c = load_text(base + "pool_mode = transaction ; x\n");
  EXPECT_FALSE(c.accepted);
  ASSERT_EQ(count(c, "CP602"), 1);
  EXPECT_EQ(
      c.diagnostics[0].message,
      "invalid value \"transaction ; x\" for parameter pool_mode: pgbouncer refuses to start");
  EXPECT_EQ(c.diagnostics[0].location->begin, (source_position{4, 13}));
  EXPECT_EQ(count(load_text(base + "pool_mode = transaction\n"), "CP602"), 0);
}

// tool-behaviour.md #5: "a quoted database name ("Quoted DB" = ...) is a syntax error in 1.18".
TEST(loader, syntax_error_cp001) {
  auto c = load_text("[databases]\n\"Quoted DB\" = host=h\n[pgbouncer]\n");
  EXPECT_FALSE(c.accepted);
  EXPECT_EQ(count(c, "CP001"), 1);
  EXPECT_EQ(count(load_text(base), "CP001"), 0);
}

TEST(loader, missing_main_section_and_value_without_section) {
  EXPECT_EQ(count(load_text("[databases]\napp = host=h\n"), "CP001"), 1);
  EXPECT_EQ(count(load_text("pool_mode = session\n[pgbouncer]\n"), "CP001"), 1);
}

// tool-behaviour.md #8: "pool_size=010 is 10 (decimal), pool_size=abc is silently 0,
// pool_size=-3 means not set (falls back to default_pool_size); poolsize=5 is fatal".
TEST(loader, connection_string_numbers) {
  auto c = load_text(
      "[databases]\na = host=h pool_size=010\nb = host=h pool_size=abc\n"
      "c = host=h pool_size=-3 max_db_connections=-1 user=svc pool_mode=statement\n"
      "[pgbouncer]\ndefault_pool_size = 11\nmax_db_connections = 40\n");
  EXPECT_TRUE(c.accepted);
  EXPECT_EQ(c.database("a")->pool_size.value, 10);
  EXPECT_EQ(c.database("b")->pool_size.value, 0);
  const auto* db = c.database("c");
  EXPECT_EQ(db->pool_size.value, 11);
  EXPECT_EQ(db->pool_size.origin.location.begin, (source_position{6, 21}));
  EXPECT_EQ(db->max_db_connections.value, 40);
  EXPECT_EQ(db->forced_user.value, "svc");
  EXPECT_EQ(db->mode.value, pool_mode::statement);
  EXPECT_FALSE(db->mode_inherited);
  EXPECT_TRUE(c.database("a")->mode_inherited);
  auto bad = load_text("[databases]\napp = host=h poolsize=5\n[pgbouncer]\n");
  EXPECT_FALSE(bad.accepted);
  EXPECT_EQ(count(bad, "CP601"), 1);
}

// src/loader.c parse_database: "*" is only stored, and "pgbouncer" is reserved.
TEST(loader, fallback_and_reserved_names) {
  auto c = load_text("[databases]\n* = host=h poolsize=5\n[pgbouncer]\n");
  EXPECT_TRUE(c.accepted);
  ASSERT_EQ(count(c, "CP601"), 1);
  EXPECT_EQ(c.diagnostics[0].severity, severity::warning);
  auto r = load_text("[databases]\npgbouncer = host=h\n[pgbouncer]\n");
  EXPECT_FALSE(r.accepted);
  EXPECT_EQ(count(r, "CP602"), 1);
}

// tool-behaviour.md #3: "a duplicate database name: the last line replaces the whole entry".
TEST(loader, duplicate_database_last_wins) {
  auto c = load_text("[databases]\napp = host=a pool_size=3\napp = host=b\n[pgbouncer]\n");
  EXPECT_EQ(c.database("app")->host.value, "b");
  EXPECT_EQ(c.database("app")->pool_size.value, 20);
  ASSERT_EQ(c.shadowed.size(), 1u);
  EXPECT_EQ(c.shadowed[0].name, "databases.app");
}

TEST(loader, passwords_never_leave_the_model) {
  auto c = load_text(
      "[databases]\napp = host=a password=hunter2\napp = host=b password=x\n[pgbouncer]\n");
  EXPECT_TRUE(c.database("app")->has_password);
  ASSERT_EQ(c.shadowed.size(), 1u);
  EXPECT_EQ(c.shadowed[0].value.get<std::string>().find("hunter2"), std::string::npos);
}

TEST(loader, users_per_version) {
  auto c = load_text(
      base +
      "max_user_connections = 9\n[users]\nalice = pool_mode=Transaction max_user_connections=0\n");
  ASSERT_NE(c.user("alice"), nullptr);
  EXPECT_EQ(c.user("alice")->mode->value, pool_mode::transaction);
  EXPECT_EQ(c.user("alice")->max_user_connections.value, 9);
  EXPECT_EQ(count(load_text(base + "[users]\nalice = pool_size=3\n"), "CP601"), 1);
  EXPECT_EQ(count(load_text(base + "[users]\nalice = pool_size=3\n", "1.23"), "CP601"), 0);
}

// doc/config.md "Include directive": relative to the working directory.
TEST(loader, include_relative_to_workdir) {
  fake_files f{{{"/v/etc/p.ini", base + "%include extra.ini\n"},
                {"/v/run/extra.ini", "default_pool_size = 33\n"},
                {"/v/etc/extra.ini", "default_pool_size = 44\n"}}};
  auto o = f.options();
  auto c = load("/v/etc/p.ini", o);
  EXPECT_EQ(c.global.default_pool_size.value, 44);
  EXPECT_EQ(c.include_workdir, "etc");
  o.pgbouncer_workdir = "/v/run";
  auto d = load("/v/etc/p.ini", o);
  EXPECT_EQ(d.global.default_pool_size.value, 33);
  EXPECT_EQ(d.global.default_pool_size.origin.location.file, "run/extra.ini");
  EXPECT_EQ(d.include_workdir, "run");
}

TEST(loader, include_missing_cp005) {
  auto c = load_text(base + "%include nope.ini\n");
  EXPECT_FALSE(c.accepted);
  EXPECT_EQ(count(c, "CP005"), 1);
}

TEST(loader, include_loop_cp006) {
  fake_files f{{{"/v/p.ini", base + "%include p.ini\n"}}};
  auto c = load("/v/p.ini", f.options());
  EXPECT_FALSE(c.accepted);
  EXPECT_EQ(count(c, "CP006"), 1);
  EXPECT_EQ(count(load_text(base), "CP006"), 0);
}

TEST(loader, include_outside_root_cp007) {
  auto c = load_text(base + "%include /etc/pgbouncer/extra.ini\n");
  EXPECT_EQ(count(c, "CP007"), 1);
  EXPECT_FALSE(c.complete);
  EXPECT_EQ(count(load_text(base), "CP007"), 0);
}

// An unreadable file, injected through the reader (root reads everything).
TEST(loader, unreadable_main_file_cp005) {
  inspect_options o;
  o.root.dir = "/v";
  o.reader = [](const fs::path&, const read_limits&) -> read_result {
    return read_failure{read_failure_kind::unreadable, "permission denied"};
  };
  auto c = load("/v/p.ini", o);
  EXPECT_FALSE(c.accepted);
  EXPECT_FALSE(c.complete);
  EXPECT_EQ(count(c, "CP005"), 1);
}

TEST(loader, unknown_version_throws) {
  EXPECT_THROW((void)load_text(base, "1.99"), connplan::error);
}

}  // namespace
}  // namespace connplan::pgbouncer
