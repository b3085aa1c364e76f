#include "connplan/read_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace connplan {
namespace {

read_failure failure(read_failure_kind kind, std::string message) {
  return read_failure{kind, std::move(message)};
}

std::string describe_type(mode_t mode) {
  if (S_ISDIR(mode)) return "is a directory";
  if (S_ISFIFO(mode)) return "is a FIFO";
  if (S_ISSOCK(mode)) return "is a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "is a device";
  return "is not a regular file";
}

read_failure from_errno(int err) {
  if (err == ENOENT || err == ENOTDIR) return failure(read_failure_kind::missing, "does not exist");
  if (err == EACCES || err == EPERM)
    return failure(read_failure_kind::unreadable, "permission denied");
  return failure(read_failure_kind::unreadable, std::strerror(err));
}

// Closes the descriptor on every path out of read_file.
struct fd_guard {
  int fd;
  ~fd_guard() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

read_result read_file(const std::filesystem::path& path, const read_limits& limits) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return from_errno(errno);
  // Checked before open(): opening a FIFO for reading would block until a writer appears.
  if (!S_ISREG(st.st_mode))
    return failure(read_failure_kind::not_regular, describe_type(st.st_mode));
  if (static_cast<std::uint64_t>(st.st_size) > limits.max_bytes) {
    return failure(
        read_failure_kind::too_large,
        fmt::format("is {} bytes, over the limit of {} bytes", st.st_size, limits.max_bytes));
  }
  fd_guard file{::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC)};
  if (file.fd < 0) return from_errno(errno);
  // The file may have been swapped between stat() and open(): check the opened object again.
  if (::fstat(file.fd, &st) != 0) return from_errno(errno);
  if (!S_ISREG(st.st_mode))
    return failure(read_failure_kind::not_regular, describe_type(st.st_mode));

  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[1 << 16];
  for (;;) {
    ssize_t n = ::read(file.fd, buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      return from_errno(errno);
    }
    if (n == 0) break;
    if (text.size() + static_cast<std::size_t>(n) > limits.max_bytes) {
      return failure(read_failure_kind::too_large,
                     fmt::format("is over the limit of {} bytes", limits.max_bytes));
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  if (auto nul = text.find('\0'); nul != std::string::npos) {
    return failure(read_failure_kind::binary,
                   fmt::format("is binary (a NUL byte at offset {})", nul));
  }
  return text;
}

file_reader default_file_reader() {
  return &read_file;
}

}  // namespace connplan
