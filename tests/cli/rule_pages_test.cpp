// Every page in rules/ is the rule's documentation and its test: the "fires" example must produce
// the rule's code, the "passes" example must not (STYLE.md: "examples that the test-suite runs").
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "connplan/rule_table.hpp"
#include "support/run_binary.hpp"

namespace connplan {
namespace {

namespace fs = std::filesystem;
using testing::run_connplan;
using testing::temp_dir;

struct example_file {
  std::string name;
  std::string text;
};

struct page {
  fs::path path;
  std::string code;
  std::string text;
  std::map<std::string, std::vector<example_file>> groups;  // "fires" / "passes"
  // Examples tagged `live` (CP901-CP905) need a running server: tests/scripts/observe_test.py
  // shows each firing and not firing; this test only requires both examples.
  bool live = false;
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Fenced blocks whose info string is `<lang> file=<name> fires|passes`.
page read_page(const fs::path& path) {
  page p{path, path.filename().string().substr(0, 5), slurp(path), {}};
  static const std::regex fence(R"(```[a-z]* file=(\S+) (fires|passes)( live)?\n([\s\S]*?)```)");
  for (std::sregex_iterator it(p.text.begin(), p.text.end(), fence), end; it != end; ++it) {
    p.groups[(*it)[2]].push_back(example_file{(*it)[1], (*it)[4]});
    if ((*it)[3].matched) p.live = true;
  }
  return p;
}

std::vector<page> all_pages() {
  std::vector<page> pages;
  for (const auto& entry : fs::directory_iterator(fs::path(CONNPLAN_SOURCE_DIR) / "rules")) {
    if (entry.path().extension() == ".md") pages.push_back(read_page(entry.path()));
  }
  std::sort(pages.begin(), pages.end(),
            [](const page& a, const page& b) { return a.path < b.path; });
  return pages;
}

// Every code in the inspect document, from the files' diagnostics and the top-level ones.
std::vector<std::string> codes_in(const std::string& json_text) {
  std::vector<std::string> codes;
  auto doc = nlohmann::json::parse(json_text);
  for (const auto& f : doc.at("files")) {
    for (const auto& d : f.at("diagnostics")) codes.push_back(d.at("code"));
  }
  for (const auto& d : doc.at("diagnostics")) codes.push_back(d.at("code"));
  return codes;
}

// A single-file example is inspected (`connplan inspect FILE`); an example of several files is a
// miniature deployment and is checked as a whole (`connplan check .`).
std::vector<std::string> run_example(const std::vector<example_file>& files) {
  temp_dir dir;
  for (const auto& f : files) dir.write(f.name, f.text);
  const bool deployment = files.size() > 1;
  auto result =
      deployment
          ? run_connplan({"check", "--format", "json", "--fail-level", "never", "."}, dir.path())
          : run_connplan({"inspect", "--format", "json", files.front().name}, dir.path());
  EXPECT_NE(result.exit_code, 2) << result.err;
  if (result.exit_code == 2) return {};
  if (!deployment) return codes_in(result.out);
  std::vector<std::string> codes;
  const auto doc = nlohmann::json::parse(result.out);  // kept alive: the loop refers into it
  for (const auto& f : doc.at("findings")) codes.push_back(f.at("code"));
  return codes;
}

TEST(rule_pages, every_page_is_named_after_its_rule_and_has_every_section) {
  auto pages = all_pages();
  ASSERT_FALSE(pages.empty());
  for (const auto& p : pages) {
    const rule_info* rule = find_rule(p.code);
    ASSERT_NE(rule, nullptr) << p.path;
    EXPECT_EQ(p.path.filename().string(),
              std::string(rule->code) + "-" + std::string(rule->name) + ".md")
        << p.path;
    for (const char* section :
         {"## What it finds", "## Why it matters", "## Example", "## How to fix",
          "## How connplan computes it", "## Options", "## References"}) {
      EXPECT_NE(p.text.find(section), std::string::npos) << p.path << " lacks " << section;
    }
  }
}

TEST(rule_pages, fires_examples_produce_their_code_and_passes_examples_do_not) {
  for (const auto& p : all_pages()) {
    ASSERT_TRUE(p.groups.count("fires")) << p.path << " has no example that fires";
    ASSERT_TRUE(p.groups.count("passes")) << p.path << " has no example that passes";
    if (p.live) continue;
    auto fired = run_example(p.groups.at("fires"));
    EXPECT_NE(std::find(fired.begin(), fired.end(), p.code), fired.end())
        << p.path << ": the fires example did not produce " << p.code;
    auto passed = run_example(p.groups.at("passes"));
    EXPECT_EQ(std::find(passed.begin(), passed.end(), p.code), passed.end())
        << p.path << ": the passes example produced " << p.code;
  }
}

}  // namespace
}  // namespace connplan
