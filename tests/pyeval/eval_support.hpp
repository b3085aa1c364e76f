// Helpers shared by the evaluator's tests: evaluate a snippet as a file of a temporary project.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "connplan/python/evaluate.hpp"

namespace connplan::python::testing {

// A temporary project root with files written into it.
class temp_project {
 public:
  temp_project() {
    static int counter = 0;
    dir_ = std::filesystem::temp_directory_path() /
           ("connplan-pyeval-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(dir_);
    dir_ = std::filesystem::canonical(dir_);
  }
  ~temp_project() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  temp_project(const temp_project&) = delete;
  temp_project& operator=(const temp_project&) = delete;

  std::filesystem::path write(const std::string& rel, const std::string& text) const {
    std::filesystem::path p = dir_ / rel;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  [[nodiscard]] evaluate_options options(std::map<std::string, std::string> env = {}) const {
    evaluate_options o;
    o.root.dir = dir_;
    o.env = std::move(env);
    return o;
  }

 private:
  std::filesystem::path dir_;
};

// Evaluates `text` as settings.py of a fresh project.
inline module_result eval_text(const std::string& text, std::map<std::string, std::string> env = {},
                               std::optional<int> cpus = std::nullopt) {
  temp_project project;
  std::filesystem::path file = project.write("settings.py", text);
  evaluate_options o = project.options(std::move(env));
  o.cpus = cpus;
  return evaluate_file(file, o);
}

inline const value& global(const module_result& r, const std::string& name) {
  static const value missing{};
  auto it = r.globals.find(name);
  if (it == r.globals.end()) {
    ADD_FAILURE() << "no global " << name;
    return missing;
  }
  return it->second;
}

// The JSON of a global, for compact comparisons (`null` for unknown).
inline nlohmann::json json_of(const module_result& r, const std::string& name) {
  return to_json(global(r, name));
}

}  // namespace connplan::python::testing
