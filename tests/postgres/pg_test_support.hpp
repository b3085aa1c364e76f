// Shared helpers of the postgres layer's tests: a throwaway project directory.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "connplan/inspect.hpp"
#include "connplan/postgres.hpp"

namespace connplan::postgres::testing {

class project {
 public:
  project() {
    static std::atomic<int> counter{0};
    dir_ = std::filesystem::temp_directory_path() /
           ("connplan-pg-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    options_.root.dir = dir_;
    options_.pg_version = "15";
  }
  ~project() { std::filesystem::remove_all(dir_); }
  project(const project&) = delete;
  project& operator=(const project&) = delete;

  std::filesystem::path write(const std::string& relative, const std::string& text) {
    auto path = dir_ / relative;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  [[nodiscard]] const std::filesystem::path& dir() const { return dir_; }
  inspect_options& options() { return options_; }
  server_config load(const std::string& relative) {
    return postgres::load(dir_ / relative, options_);
  }

 private:
  std::filesystem::path dir_;
  inspect_options options_;
};

inline int count(const server_config& c, std::string_view code) {
  int n = 0;
  for (const auto& f : c.diagnostics) n += f.code == code ? 1 : 0;
  return n;
}

inline const finding* first(const server_config& c, std::string_view code) {
  for (const auto& f : c.diagnostics)
    if (f.code == code) return &f;
  return nullptr;
}

}  // namespace connplan::postgres::testing
