// Tests of src/pyeval/evaluate.cpp: the public entry points, to_json, safety, the corpus, limits,
// and the export the differential oracle (tests/oracle/pyeval_oracle.py) compares with Python.
#include <chrono>
#include <fstream>
#include <sstream>

#include "pyeval/eval_support.hpp"

namespace connplan::python::testing {
namespace {

TEST(evaluate, to_json_shapes_and_redaction) {
  module_result r = eval_text(
      "import os\nD = {'PASSWORD': 'pw', 'SECRET_KEY': 'k', 'HOST': 'h', 1: 'one'}\n"
      "U = 'postgres://u:pw@h/db'\nT = (1, 2)\nN = None\nX = os.environ['X']\n"
      "A = 1 if os.environ.get('Y') else 2\n");
  EXPECT_EQ(json_of(r, "D"),
            nlohmann::json::parse(
                R"({"PASSWORD": "***", "SECRET_KEY": "***", "HOST": "h", "1": "one"})"));
  EXPECT_EQ(json_of(r, "U"), "postgres://u:***@h/db");
  EXPECT_EQ(json_of(r, "T"), nlohmann::json({1, 2}));
  EXPECT_TRUE(json_of(r, "N").is_null());
  EXPECT_TRUE(json_of(r, "X").is_null());
  EXPECT_EQ(json_of(r, "A"), nlohmann::json::parse(R"({"alternatives": [1, 2]})"));
}

TEST(evaluate, evaluate_source_uses_the_given_text) {
  temp_project p;
  module_result r = evaluate_source("X = 41 + 1\n", p.dir() / "virtual.py", p.options());
  EXPECT_EQ(json_of(r, "X"), 42);
  EXPECT_EQ(r.path, "virtual.py");
}

TEST(evaluate, syntax_errors_make_the_chain_incomplete) {
  module_result r = eval_text("X = 1\nY = (\nZ = 2\n");
  EXPECT_FALSE(r.complete);
  ASSERT_FALSE(r.findings.empty());
  EXPECT_EQ(r.findings[0].code, "CP001");
  module_result ok = eval_text("X = 1\n");
  EXPECT_TRUE(ok.complete);
}

TEST(evaluate, nothing_is_ever_executed) {
  // A file that, if run, would delete a canary, spawn a process, open a socket and write a file.
  temp_project p;
  std::filesystem::path canary = p.write("canary.txt", "alive");
  std::string c = canary.string();
  std::filesystem::path f = p.write("evil.py",
                                    "import os, subprocess, socket, shutil\n"
                                    "os.remove('" +
                                        c +
                                        "')\n"
                                        "subprocess.run(['rm', '-f', '" +
                                        c +
                                        "'])\n"
                                        "socket.create_connection(('127.0.0.1', 9))\n"
                                        "open('" +
                                        c +
                                        "', 'w').write('dead')\n"
                                        "shutil.rmtree('" +
                                        p.dir().string() +
                                        "')\n"
                                        "__import__('os').system('rm " +
                                        c +
                                        "')\n"
                                        "eval(\"__import__('os').remove('" +
                                        c +
                                        "')\")\n"
                                        "exec('import os')\n"
                                        "with open('" +
                                        c +
                                        "', 'w') as fh:\n    fh.write('dead')\n"
                                        "X = os.system('true')\n");
  module_result r = evaluate_file(f, p.options());
  std::ifstream in(canary);
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(content, "alive");
  std::vector<std::string> callees;
  for (const call_event& e : r.calls) callees.push_back(e.callee);
  for (const char* expected : {"os.remove", "subprocess.run", "socket.create_connection", "open",
                               "shutil.rmtree", "__import__", "eval", "exec", "os.system"}) {
    EXPECT_NE(std::find(callees.begin(), callees.end(), expected), callees.end()) << expected;
  }
  EXPECT_EQ(global(r, "X").reason, "call of os.system is not modelled");
}

TEST(evaluate, straight_line_code_is_linear) {
  // A large settings file of assignments evaluates quickly (the limit is generous for Debug).
  std::string text;
  text.reserve(250'000);
  for (int i = 0; text.size() < 200'000; ++i) {
    text += "SETTING_" + std::to_string(i) + " = {'k': " + std::to_string(i) + ", 'v': 'text'}\n";
  }
  auto t0 = std::chrono::steady_clock::now();
  module_result r = eval_text(text);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0)
          .count();
  EXPECT_EQ(json_of(r, "SETTING_0")["k"], 0);
  // Debug builds and the parser dominate; the Release figure is in the report.
  EXPECT_LT(ms, 10000);
  std::cout << "200 kB of assignments: " << ms << " ms\n";
}

TEST(evaluate, limits_bound_recursion_and_work) {
  module_result r = eval_text(
      "def f(n):\n    return f(n)\nX = f(1)\n"
      "def g0(n): return n\n" +
      [] {
        std::string s;
        for (int i = 1; i < 30; ++i) {
          s += "def g" + std::to_string(i) + "(n): return g" + std::to_string(i - 1) + "(n)\n";
        }
        return s;
      }() +
      "Y = g29(1)\nZ = g5(1)\nL = [i for i in range(2000) for j in range(2000)]\n");
  EXPECT_EQ(global(r, "X").reason, "recursive call of f");
  EXPECT_EQ(global(r, "Y").reason, "the call depth limit (20) was reached");
  EXPECT_EQ(json_of(r, "Z"), 1);
  EXPECT_EQ(global(r, "L").kind, value_kind::unknown);
  // A tree taller than the evaluator's expression bound (the parser allows 1000) is unknown.
  std::string tall = "X = 1";
  for (int i = 0; i < 600; ++i) tall += " + 1";
  std::string shorter = "X = 1";
  for (int i = 0; i < 300; ++i) shorter += " + 1";
  EXPECT_EQ(global(eval_text(tall + "\n"), "X").reason,
            "the expression is nested too deeply to evaluate");
  EXPECT_EQ(json_of(eval_text(shorter + "\n"), "X"), 301);
}

std::map<std::string, std::string> declared_env(const std::string& text) {
  std::map<std::string, std::string> env;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind("# env:", 0) != 0) continue;
    std::istringstream words(line.substr(6));
    std::string word;
    while (words >> word) {
      std::size_t eq = word.find('=');
      if (eq != std::string::npos) env[word.substr(0, eq)] = word.substr(eq + 1);
    }
  }
  return env;
}

TEST(evaluate, corpus_evaluates_without_crash_or_hang) {
  std::filesystem::path corpus = CONNPLAN_SHARED_DIR "/corpus";
  if (!std::filesystem::exists(corpus)) GTEST_SKIP() << "no corpus";
  int files = 0;
  int known = 0;
  int unknown = 0;
  for (const char* kind : {"django", "gunicorn", "celery"}) {
    if (!std::filesystem::exists(corpus / kind)) continue;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(corpus / kind))
      paths.push_back(e.path());
    std::sort(paths.begin(), paths.end());
    for (const std::filesystem::path& path : paths) {
      evaluate_options o;
      o.root.dir = std::filesystem::canonical(corpus);
      auto t0 = std::chrono::steady_clock::now();
      module_result r = evaluate_file(path, o);
      auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - t0)
                    .count();
      EXPECT_LT(ms, 30000) << path;
      ++files;
      std::cout << "== " << kind << "/" << path.filename().string() << " (" << ms << " ms)\n";
      for (const auto& [name, v] : r.globals) {
        if (name.empty() || !std::isupper(static_cast<unsigned char>(name[0]))) continue;
        (v.is_known() ? known : unknown)++;
        std::string shown =
            v.kind == value_kind::unknown ? "unknown (" + v.reason + ")" : to_json(v).dump();
        if (shown.size() > 160) shown = shown.substr(0, 157) + "...";
        std::cout << "   " << name << " = " << shown << "\n";
      }
    }
  }
  std::cout << files << " files; upper-case names: " << known << " known, " << unknown
            << " not known\n";
}

// The oracle's side of the comparison: when CONNPLAN_PYEVAL_EXPORT names a directory, every
// fixtures/pyeval/*.py is evaluated with the environment its `# env:` line declares and its
// globals are written as JSON (status + value) for tests/oracle/pyeval_oracle.py.
TEST(evaluate, oracle_export) {
  const char* out = std::getenv("CONNPLAN_PYEVAL_EXPORT");
  if (out == nullptr) GTEST_SKIP() << "CONNPLAN_PYEVAL_EXPORT is not set";
  std::filesystem::path dir = CONNPLAN_SOURCE_DIR "/fixtures/pyeval";
  for (const auto& e : std::filesystem::directory_iterator(dir)) {
    if (e.path().extension() != ".py") continue;
    std::ifstream in(e.path());
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    evaluate_options o;
    o.root.dir = std::filesystem::canonical(dir);
    o.env = declared_env(text);
    module_result r = evaluate_file(e.path(), o);
    nlohmann::json doc = nlohmann::json::object();
    for (const auto& [name, v] : r.globals) {
      std::string status = v.kind == value_kind::unknown        ? "unknown"
                           : v.kind == value_kind::alternatives ? "alternatives"
                                                                : "known";
      doc[name] = {{"status", status}, {"value", to_json(v)}};
    }
    std::ofstream(std::filesystem::path(out) / (e.path().stem().string() + ".json")) << doc.dump(1);
  }
}

}  // namespace
}  // namespace connplan::python::testing
