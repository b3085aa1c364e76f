// An in-memory file system for the fuzz targets: one input becomes several files, so includes,
// imports and %include are fuzzed without touching the disk (include/connplan/read_file.hpp).
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "connplan/inspect.hpp"
#include "connplan/read_file.hpp"

namespace connplan::fuzz {

// The root the files live under; it does not exist on disk, so nothing real is ever read.
inline const std::filesystem::path fuzz_root = "/connplan-fuzz-root";

// The input is the main file, optionally followed by more files, each introduced by a line
// "@@@ NAME" (NAME relative to the root, or absolute). Every name is kept, however odd.
class memory_fs {
 public:
  memory_fs(std::string_view input, std::string_view main_name);

  [[nodiscard]] const std::filesystem::path& main() const { return main_; }
  [[nodiscard]] const std::map<std::filesystem::path, std::string>& files() const { return files_; }
  // A reader over the files: a prefix of a file's path is a directory, anything else is missing.
  // Reads of NUL bytes and sizes follow read_file()'s rules (binary, too_large).
  [[nodiscard]] file_reader reader() const;
  // inspect_options with the root, the reader and default versions.
  [[nodiscard]] inspect_options options() const;

 private:
  std::filesystem::path main_;
  std::map<std::filesystem::path, std::string> files_;
};

// The input as text, or nothing when the fuzzer's bytes are too large to be worth a run.
[[nodiscard]] inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

}  // namespace connplan::fuzz
