// parse_command_line end to end: every command line of the shared launch corpus, limits, and
// inputs that must not crash.
#include "connplan/command_line.hpp"

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

#include <gtest/gtest.h>

#include "launch_test_support.hpp"

namespace connplan::launch {
namespace {

using testing::flag_text;
using testing::only_command;

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A rough extraction of start commands from launch files (the real readers come later):
// `command:` / `CMD` / `ExecStart=` / `command=` / Procfile `name: cmd` / `exec …` lines, and
// YAML list commands joined with spaces.
std::vector<std::string> extract_commands(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  static const std::regex key(
      R"(^\s*(?:-\s*)?(command|ExecStart|CMD|[a-z][a-z0-9_-]*)\s*[:=]\s*(.*)$)");
  static const std::regex exec_line(R"(^\s*(?:umask \d+ && )?exec\s.*$)");
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::smatch m;
    std::string cmd;
    if (std::regex_match(lines[i], exec_line)) {
      cmd = lines[i];
    } else if (std::regex_match(lines[i], m, key)) {
      const std::string k = m[1];
      std::string v = m[2];
      if (k == "command" && v.empty()) {
        // A YAML list under `command:`.
        for (std::size_t j = i + 1; j < lines.size(); ++j) {
          static const std::regex item(R"(^\s*-\s+(.*)$)");
          std::smatch mi;
          if (!std::regex_match(lines[j], mi, item)) break;
          std::string w = mi[1];
          if (w.size() >= 2 && w.front() == '"') w = w.substr(1, w.size() - 2);
          if (w == "|") break;
          cmd += (cmd.empty() ? "" : " ") + std::string("'") + w + "'";
        }
      } else if (k == "command" || k == "ExecStart" || k == "CMD" ||
                 v.find("gunicorn") != std::string::npos || v.find("celery") != std::string::npos) {
        cmd = v;
      }
      if (cmd.size() >= 2 && cmd.front() == '[' && cmd.back() == ']') {
        // JSON-array form: ["gunicorn", "app"] → the words, quoted.
        std::string words;
        static const std::regex str(R"re("((?:[^"\\]|\\.)*)")re");
        for (auto it = std::sregex_iterator(cmd.begin(), cmd.end(), str);
             it != std::sregex_iterator(); ++it)
          words += (words.empty() ? "" : " ") + std::string("'") + (*it)[1].str() + "'";
        cmd = words;
      }
    }
    // Backslash continuations.
    while (!cmd.empty() && cmd.back() == '\\' && i + 1 < lines.size()) cmd += "\n" + lines[++i];
    if (!cmd.empty()) out.push_back(cmd);
  }
  return out;
}

TEST(command_line, every_command_of_the_launch_corpus_parses) {
  const std::filesystem::path dir = CONNPLAN_SHARED_DIR "/corpus/launch";
  if (!std::filesystem::is_directory(dir)) GTEST_SKIP() << "no shared corpus";
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  int recognised = 0;
  int total = 0;
  for (const auto& f : files) {
    for (const auto& text : extract_commands(slurp(f))) {
      const auto r = parse_command_line(text, {});
      for (const auto& c : r.commands) {
        ++total;
        if (c.program == program::unknown) continue;
        ++recognised;
        std::string flags;
        for (const auto& [name, fl] : c.flags)
          flags +=
              " " + name + "=" + (fl.value.known ? fl.value.text : "<" + fl.value.reason + ">");
        std::printf("%s: %s %s app=%s%s%s\n", f.filename().c_str(),
                    std::string(to_string(c.program)).c_str(), c.subcommand.c_str(),
                    c.app ? c.app->text.c_str() : "-", flags.c_str(),
                    c.errors.empty() ? "" : (" ERROR " + c.errors.front()).c_str());
        for (const auto& fl : c.flags) {
          // Spans point into the text and cover the option as written.
          EXPECT_LE(fl.second.where.end, text.size());
        }
      }
    }
  }
  std::printf("%d of %d commands start a known program\n", recognised, total);
  // The corpus has gunicorn, celery and manage.py commands in most files.
  EXPECT_GE(recognised, 25);
}

TEST(command_line, limits_are_errors_not_crashes) {
  parse_options o;
  o.max_length = 16;
  const auto r = parse_command_line("gunicorn -w 4 app:application", o);
  EXPECT_TRUE(r.commands.empty());
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors.front().find("longer than the limit"), std::string::npos);

  std::string nested = "gunicorn -w 2 app";
  for (int i = 0; i < 6; ++i) {
    std::string quoted = "'";
    for (char c : nested) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    nested = "sh -c " + quoted + "'";
  }
  const auto deep = parse_command_line(nested, {});
  EXPECT_TRUE(deep.commands.empty());
  ASSERT_FALSE(deep.errors.empty());
  EXPECT_NE(deep.errors.front().find("nested deeper than 4"), std::string::npos);
}

TEST(command_line, nested_sh_c_keeps_spans_in_the_outer_text) {
  const std::string text = R"(sh -c "exec gunicorn -w 3 app:app")";
  const auto c = only_command(text);
  EXPECT_EQ(c.program, program::gunicorn);
  EXPECT_EQ(flag_text(c, "workers"), "3");
  const auto& w = c.flags.at("workers");
  EXPECT_EQ(text.substr(w.where.begin, w.where.end - w.where.begin), "-w 3");
  EXPECT_EQ(c.wrappers.front(), "sh -c");
}

TEST(command_line, random_inputs_never_throw) {
  std::mt19937 rng(1234);
  const std::string alphabet = "ab -=\"'\\$`{}():;&|#\n-w4-c--workers gunicorn celery worker";
  for (int n = 0; n < 3000; ++n) {
    std::string s;
    const int len = static_cast<int>(rng() % 60);
    for (int i = 0; i < len; ++i) s += alphabet[rng() % alphabet.size()];
    if (n % 2 == 0) s = "gunicorn " + s;
    if (n % 3 == 0) s = "celery -A x worker " + s;
    EXPECT_NO_THROW((void)parse_command_line(s, {})) << s;
  }
}

}  // namespace
}  // namespace connplan::launch
