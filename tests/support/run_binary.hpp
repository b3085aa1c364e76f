// Runs the built connplan binary in a directory and captures what it prints, for CLI-level tests.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace connplan::testing {

struct run_result {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs CONNPLAN_BINARY with `args` (no shell: arguments are passed as they are) in `cwd`.
run_result run_connplan(const std::vector<std::string>& args, const std::filesystem::path& cwd);

// A fresh empty directory under the system temp dir, removed by the destructor.
class temp_dir {
 public:
  temp_dir();
  ~temp_dir();
  temp_dir(const temp_dir&) = delete;
  temp_dir& operator=(const temp_dir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  // Writes `text` to path()/name, creating parent directories.
  std::filesystem::path write(const std::string& name, const std::string& text) const;

 private:
  std::filesystem::path path_;
};

}  // namespace connplan::testing
