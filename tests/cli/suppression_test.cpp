// Inline suppressions and CONNPLAN_* selection end to end (CONTRACTS §2, §6, §8, §10).
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::run_connplan;
using testing::temp_dir;

constexpr const char* toml =
    "[[service]]\nname = \"web\"\nkind = \"gunicorn\"\nconfig = \"gunicorn.conf.py\"\n";

// One unknown gunicorn setting (CP301, a warning) and max_requests without jitter (CP304, info).
void write_project(const temp_dir& dir, const std::string& gunicorn) {
  dir.write("connplan.toml", toml);
  dir.write("gunicorn.conf.py", gunicorn);
}

nlohmann::json check_json(const temp_dir& dir, std::vector<std::string> extra = {}) {
  std::vector<std::string> args{"check", "--format", "json", "--fail-level", "never"};
  args.insert(args.end(), extra.begin(), extra.end());
  args.push_back(".");
  auto r = run_connplan(args, dir.path());
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return nlohmann::json::parse(r.out);
}

std::vector<std::string> codes(const nlohmann::json& doc) {
  std::vector<std::string> out;
  for (const auto& f : doc.at("findings")) out.push_back(f.at("code"));
  return out;
}

// Sets an environment variable for the binaries a test runs, and unsets it afterwards.
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
  ~scoped_env() { ::unsetenv(name_); }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  const char* name_;
};

TEST(suppression, a_suppressed_finding_is_counted_not_shown_and_does_not_fail_the_run) {
  temp_dir dir;
  write_project(dir, "workers = 2\nwokers = 3\n");
  auto failing = run_connplan({"check", "."}, dir.path());
  EXPECT_EQ(failing.exit_code, 1) << failing.out;

  write_project(dir, "workers = 2\nwokers = 3  # connplan: ignore[CP301] typo kept on purpose\n");
  auto passing = run_connplan({"check", "."}, dir.path());
  EXPECT_EQ(passing.exit_code, 0) << passing.out;
  EXPECT_NE(passing.out.find("1 suppressed"), std::string::npos) << passing.out;
  auto doc = check_json(dir);
  EXPECT_TRUE(codes(doc).empty()) << doc.dump();
  EXPECT_EQ(doc["summary"]["suppressed"], 1);
  EXPECT_EQ(doc["summary"]["warning"], 0);
}

TEST(suppression, own_line_and_file_level_directives) {
  temp_dir dir;
  write_project(dir,
                "# connplan: ignore[CP301]\nwokers = 3\nthredas = 2\nmax_requests = 100\n"
                "# connplan: ignore-file[CP304]\n");
  auto doc = check_json(dir);
  // CP301 on line 2 by the line above; CP304 by the file-level directive; thredas is not covered.
  EXPECT_EQ(codes(doc), (std::vector<std::string>{"CP301"}));
  EXPECT_EQ(doc["findings"][0]["location"]["line"], 3);
  EXPECT_EQ(doc["summary"]["suppressed"], 2);
}

TEST(suppression, unused_suppression_is_cp004_info_at_the_comment) {
  temp_dir dir;
  write_project(dir, "workers = 2  # connplan: ignore[CP301]\n");
  auto doc = check_json(dir);
  ASSERT_EQ(codes(doc), (std::vector<std::string>{"CP004"}));
  EXPECT_EQ(doc["findings"][0]["severity"], "info");
  EXPECT_EQ(doc["findings"][0]["location"]["line"], 1);
  EXPECT_EQ(doc["findings"][0]["location"]["column"], 16);
  // Info does not fail the default fail level (warning), but does fail --fail-level info.
  EXPECT_EQ(run_connplan({"check", "."}, dir.path()).exit_code, 0);
  EXPECT_EQ(run_connplan({"check", "--fail-level", "info", "."}, dir.path()).exit_code, 1);
  // Not unused when CP301 is not selected (ruff reports RUF100 only for enabled rules).
  EXPECT_TRUE(codes(check_json(dir, {"--ignore", "CP301"})).empty());
}

TEST(suppression, strings_that_look_like_comments_do_not_suppress) {
  temp_dir dir;
  write_project(dir, "wokers = \"# connplan: ignore[CP301]\"\n");
  EXPECT_EQ(codes(check_json(dir)), (std::vector<std::string>{"CP301"}));
}

TEST(suppression, pgbouncer_directive_on_its_own_line_covers_the_next_line) {
  temp_dir dir;
  dir.write("connplan.toml", "[[pgbouncer]]\nname = \"bouncer\"\nconfig = \"pgbouncer.ini\"\n");
  const std::string head = "[databases]\n* = host=db\n[pgbouncer]\n";
  dir.write("pgbouncer.ini", head + "frobnicate = 1\n");
  auto before = codes(check_json(dir));
  ASSERT_NE(std::find(before.begin(), before.end(), "CP601"), before.end());
  dir.write("pgbouncer.ini",
            head + "; connplan: ignore[CP601] for the next release\nfrobnicate = 1\n");
  auto doc = check_json(dir);
  auto after = codes(doc);
  EXPECT_EQ(std::find(after.begin(), after.end(), "CP601"), after.end()) << doc.dump();
  EXPECT_EQ(doc["summary"]["suppressed"], 1);
}

// CONTRACTS §8: "Command-line flags > `CONNPLAN_*` environment variables > files".
TEST(suppression, connplan_environment_selection_sits_between_flags_and_the_toml) {
  temp_dir dir;
  write_project(dir, "wokers = 3\nmax_requests = 100\n");
  dir.write("connplan.toml", std::string(toml) + "[rules]\nselect = [\"CP304\"]\n");
  EXPECT_EQ(codes(check_json(dir)), (std::vector<std::string>{"CP304"}));
  {
    scoped_env env("CONNPLAN_SELECT", "cp301, ");
    EXPECT_EQ(codes(check_json(dir)), (std::vector<std::string>{"CP301"}));
    EXPECT_EQ(codes(check_json(dir, {"--select", "CP304"})), (std::vector<std::string>{"CP304"}));
  }
  {
    scoped_env env("CONNPLAN_IGNORE", "CP304");
    EXPECT_TRUE(codes(check_json(dir)).empty());
    // The flag replaces the variable's list.
    EXPECT_EQ(codes(check_json(dir, {"--ignore", "CP501"})), (std::vector<std::string>{"CP304"}));
  }
  {
    scoped_env env("CONNPLAN_EXTEND_SELECT", "CP301");
    EXPECT_EQ(codes(check_json(dir)), (std::vector<std::string>{"CP301", "CP304"}));
  }
  {
    scoped_env env("CONNPLAN_SELECT", "");  // empty: as if unset
    EXPECT_EQ(codes(check_json(dir)), (std::vector<std::string>{"CP304"}));
  }
}

TEST(suppression, a_bad_selector_in_the_environment_is_exit_2_naming_the_variable) {
  temp_dir dir;
  write_project(dir, "workers = 2\n");
  scoped_env env("CONNPLAN_IGNORE", "CP3,E501");
  auto r = run_connplan({"check", "."}, dir.path());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("CONNPLAN_IGNORE: \"E501\" is not a rule code"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace connplan
