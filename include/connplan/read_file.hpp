// Reading files is a thin wrapper: parsers take (text, name) and never touch the file system.
// Every failure is a value, so callers turn it into a finding (CP005, CP006) or exit 2.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <variant>

namespace connplan {

inline constexpr std::uint64_t default_max_file_bytes = 64ull * 1024 * 1024;  // 64 MiB

enum class read_failure_kind {
  missing,      // does not exist
  not_regular,  // a directory, FIFO, socket or device
  unreadable,   // permission denied or an I/O error
  too_large,    // over the size limit (CP006)
  binary,       // contains a NUL byte (CP005)
};

struct read_failure {
  read_failure_kind kind;
  std::string message;  // "is a directory", "permission denied", "is 104857600 bytes, over ..."
};

struct read_limits {
  std::uint64_t max_bytes = default_max_file_bytes;
};

using read_result = std::variant<std::string, read_failure>;

// Reads a whole regular file. Never blocks on a FIFO: the type is checked before opening and the
// file is opened with O_NONBLOCK.
[[nodiscard]] read_result read_file(const std::filesystem::path& path, const read_limits& limits);

// The reader every loader uses; tests replace it to inject failures (root can read everything).
using file_reader = std::function<read_result(const std::filesystem::path&, const read_limits&)>;
[[nodiscard]] file_reader default_file_reader();

}  // namespace connplan
