// `check --format …`, `--output FORMAT=PATH`, `--color`, CONNPLAN_FORMAT / CONNPLAN_FAIL_LEVEL and
// GITHUB_STEP_SUMMARY, run on the real binary (issue 5 "Output formats"; CONTRACTS §2, §8, §9,
// §10).
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/run_binary.hpp"

namespace connplan {
namespace {

using nlohmann::json;
using testing::run_connplan;
using testing::temp_dir;

const std::filesystem::path incident =
    std::filesystem::path(CONNPLAN_SOURCE_DIR) / "fixtures" / "incident-before";
const std::vector<std::string> check_formats = {
    "text", "concise", "json", "sarif", "github", "rdjson", "rdjsonl", "checkstyle", "junit"};

// Sets an environment variable for the child processes of one test.
class scoped_env {
 public:
  scoped_env(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value != nullptr) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~scoped_env() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }
  scoped_env(const scoped_env&) = delete;
  scoped_env& operator=(const scoped_env&) = delete;

 private:
  const char* name_;
  std::optional<std::string> old_;
};

std::string read(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// CONTRACTS §2: "Exit codes (every command, every format)".
TEST(check_formats, exit_code_is_the_same_for_every_format) {
  scoped_env no_summary("GITHUB_STEP_SUMMARY", nullptr);
  for (const auto& format : check_formats) {
    auto r = run_connplan({"check", "--format", format, "."}, incident);
    EXPECT_EQ(r.exit_code, 1) << format << "\n" << r.err;
    EXPECT_FALSE(r.out.empty()) << format;
    EXPECT_EQ(run_connplan({"check", "--format", format, "--fail-level", "error", "."}, incident)
                  .exit_code,
              1)
        << format;
    EXPECT_EQ(run_connplan({"check", "--format", format, "--exit-zero", "."}, incident).exit_code,
              0)
        << format;
  }
  for (const std::string format : {"text", "json", "github"}) {
    EXPECT_EQ(run_connplan({"report", "--format", format, "."}, incident).exit_code, 0) << format;
  }
}

TEST(check_formats, machine_formats_parse_and_agree_on_the_findings) {
  auto doc = json::parse(run_connplan({"check", "--format", "json", "."}, incident).out);
  std::size_t n = doc["findings"].size();
  ASSERT_GT(n, 0U);
  auto sarif = json::parse(run_connplan({"check", "--format", "sarif", "."}, incident).out);
  EXPECT_EQ(sarif["runs"][0]["results"].size(), n);
  auto rdjson = json::parse(run_connplan({"check", "--format", "rdjson", "."}, incident).out);
  EXPECT_EQ(rdjson["diagnostics"].size(), n);
  std::istringstream lines(run_connplan({"check", "--format", "rdjsonl", "."}, incident).out);
  std::size_t count = 0;
  for (std::string line; std::getline(lines, line); ++count)
    EXPECT_TRUE(json::accept(line)) << line;
  EXPECT_EQ(count, n);
  for (std::size_t i = 0; i < n; ++i) {
    EXPECT_EQ(sarif["runs"][0]["results"][i]["partialFingerprints"]["connplanFingerprint/v1"],
              doc["findings"][i]["fingerprint"]);
  }
  auto concise = run_connplan({"check", "--format", "concise", "."}, incident).out;
  EXPECT_NE(concise.find("postgresql.conf:6:1: error: "), std::string::npos) << concise;
  auto github = run_connplan({"check", "--format", "github", "."}, incident).out;
  EXPECT_EQ(github.rfind("::error file=", 0), 0U) << github;
}

TEST(check_formats, output_writes_other_formats_in_the_same_run) {
  temp_dir dir;
  auto sarif = dir.path() / "out.sarif";
  auto junit = dir.path() / "out.xml";
  auto r = run_connplan({"check", "--format", "concise", "--output", "sarif=" + sarif.string(),
                         "--output", "junit=" + junit.string(), "."},
                        incident);
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_EQ(r.out, run_connplan({"check", "--format", "concise", "."}, incident).out);
  EXPECT_EQ(read(sarif), run_connplan({"check", "--format", "sarif", "."}, incident).out);
  EXPECT_EQ(read(junit), run_connplan({"check", "--format", "junit", "."}, incident).out);
}

TEST(check_formats, an_output_that_cannot_be_written_is_exit_2) {
  temp_dir dir;
  auto bad = dir.path() / "missing" / "out.sarif";
  auto r = run_connplan({"check", "--output", "sarif=" + bad.string(), "."}, incident);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("cannot write " + bad.string()), std::string::npos) << r.err;
  EXPECT_EQ(run_connplan({"check", "--output", "sarif", "."}, incident).exit_code, 2);
  EXPECT_EQ(run_connplan({"check", "--output", "yaml=x", "."}, incident).exit_code, 2);
  EXPECT_EQ(run_connplan({"report", "--output", "sarif=x.sarif", "."}, incident).exit_code, 2);
}

// CONTRACTS §8: "Command-line flags > CONNPLAN_* environment variables > files".
TEST(check_formats, environment_sets_format_and_fail_level_below_the_flags) {
  {
    scoped_env format("CONNPLAN_FORMAT", "concise");
    auto r = run_connplan({"check", "."}, incident);
    EXPECT_EQ(r.out, run_connplan({"check", "--format", "concise", "."}, incident).out);
    auto flag = run_connplan({"check", "--format", "rdjson", "."}, incident);
    EXPECT_TRUE(json::accept(flag.out)) << flag.out;
    // report has no concise format.
    EXPECT_EQ(run_connplan({"report", "."}, incident).exit_code, 2);
  }
  {
    scoped_env level("CONNPLAN_FAIL_LEVEL", "never");
    EXPECT_EQ(run_connplan({"check", "."}, incident).exit_code, 0);
    EXPECT_EQ(run_connplan({"check", "--fail-level", "error", "."}, incident).exit_code, 1);
  }
  {
    scoped_env level("CONNPLAN_FAIL_LEVEL", "loud");
    EXPECT_EQ(run_connplan({"check", "."}, incident).exit_code, 2);
  }
}

TEST(check_formats, colour_follows_flag_no_color_and_force_color) {
  scoped_env no_color("NO_COLOR", nullptr);
  scoped_env force("FORCE_COLOR", nullptr);
  const std::string esc = "\x1b[";
  auto plain = run_connplan({"check", "."}, incident);  // stdout is a pipe: no colour
  EXPECT_EQ(plain.out.find(esc), std::string::npos);
  auto always = run_connplan({"check", "--color", "always", "."}, incident);
  EXPECT_NE(always.out.find(esc + "1;31merror:"), std::string::npos) << always.out;
  EXPECT_NE(always.out.find("`connplan explain CODE`"), std::string::npos);
  {
    scoped_env forced("FORCE_COLOR", "1");
    EXPECT_NE(run_connplan({"check", "."}, incident).out.find(esc), std::string::npos);
    EXPECT_EQ(run_connplan({"check", "--color", "never", "."}, incident).out.find(esc),
              std::string::npos);
  }
  {
    scoped_env off("NO_COLOR", "1");
    scoped_env forced("FORCE_COLOR", "1");
    EXPECT_EQ(run_connplan({"check", "."}, incident).out.find(esc), std::string::npos);
  }
  // Colour never reaches the machine formats.
  EXPECT_EQ(
      run_connplan({"check", "--color", "always", "--format", "json", "."}, incident).out.find(esc),
      std::string::npos);
}

TEST(check_formats, github_appends_the_job_summary_when_asked) {
  temp_dir dir;
  auto summary = dir.write("summary.md", "previous step\n");
  {
    scoped_env env("GITHUB_STEP_SUMMARY", summary.c_str());
    EXPECT_EQ(run_connplan({"check", "--format", "github", "."}, incident).exit_code, 1);
    // Other formats do not write it.
    run_connplan({"check", "--format", "concise", "."}, incident);
  }
  std::string md = read(summary);
  EXPECT_EQ(md.rfind("previous step\n## connplan\n", 0), 0U) << md;
  EXPECT_NE(md.find("| postgres | 100 |"), std::string::npos) << md;
  EXPECT_NE(md.find("CP105 unbounded-demand"), std::string::npos);
  EXPECT_EQ(md.find("## connplan", 20), std::string::npos);  // appended once
  auto report = run_connplan({"report", "--format", "github", "."}, incident);
  EXPECT_EQ(report.out, md.substr(std::string("previous step\n").size()));
}

// CONTRACTS §9: "Never print secrets" — in every format.
TEST(check_formats, no_format_prints_a_password_and_paths_are_escaped) {
  temp_dir dir;
  dir.write("connplan.toml",
            "[django]\nsettings = \"settings.py\"\n\n[[service]]\nname = \"web\"\nkind = "
            "\"gunicorn\"\nconfig = \"we,b/gunicorn.conf.py\"\n");
  dir.write("we,b/gunicorn.conf.py", "workers = 2\nmax_worker_age = 5\n");
  dir.write("settings.py",
            "DATABASES = {\n    \"default\": {\n        \"ENGINE\": "
            "\"django.db.backends.postgresql\",\n        \"NAME\": \"app\",\n        \"PASSWORD\": "
            "\"hunter2-s3cr3t\",\n        \"HOST\": "
            "\"postgres://app:url-s3cr3t@db/app\",\n    }\n}\n");
  scoped_env no_summary("GITHUB_STEP_SUMMARY", nullptr);
  for (const auto& format : check_formats) {
    auto r = run_connplan({"check", "--format", format, "--color", "always", "."}, dir.path());
    EXPECT_EQ(r.out.find("s3cr3t"), std::string::npos) << format << "\n" << r.out;
    EXPECT_NE(r.out.find("CP701"), std::string::npos) << format << "\n" << r.out << r.err;
  }
  auto github = run_connplan({"check", "--format", "github", "."}, dir.path()).out;
  EXPECT_NE(github.find("file=we%2Cb/gunicorn.conf.py,line=2"), std::string::npos) << github;
  auto report = run_connplan({"report", "--format", "github", "."}, dir.path()).out;
  EXPECT_EQ(report.find("s3cr3t"), std::string::npos) << report;
}

}  // namespace
}  // namespace connplan
