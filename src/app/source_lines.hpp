// Source lines for echoing under a diagnostic, read once per file and redacted (CONTRACTS §9).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "connplan/paths.hpp"
#include "connplan/read_file.hpp"

namespace connplan {

class source_lines {
 public:
  source_lines(project_root root, file_reader reader, read_limits limits)
      : root_(std::move(root)), reader_(std::move(reader)), limits_(limits) {}

  // The 1-based line `line` of the file shown as `display_path`, with secrets redacted and without
  // its line ending; nullopt when the file cannot be read or is shorter.
  [[nodiscard]] std::optional<std::string> line(const std::string& display_path,
                                                std::uint32_t line);

 private:
  const std::vector<std::string_view>* lines_of(const std::string& display_path);

  project_root root_;
  file_reader reader_;
  read_limits limits_;
  std::map<std::string, std::string> texts_;
  std::map<std::string, std::vector<std::string_view>> lines_;
};

}  // namespace connplan
