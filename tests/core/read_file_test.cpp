// The reading wrapper: every failure is a value, nothing blocks (FIFOs), nothing crashes.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <fstream>

#include "connplan/read_file.hpp"
#include "support/run_binary.hpp"

namespace connplan {
namespace {

using testing::temp_dir;

read_failure_kind failure_of(const read_result& r) {
  return std::get<read_failure>(r).kind;
}

TEST(read_file, reads_a_regular_file_byte_for_byte) {
  temp_dir dir;
  auto p = dir.write("a.conf", "x = 1\r\n\xef\xbb\xbfy\n");
  EXPECT_EQ(std::get<std::string>(read_file(p, {})), "x = 1\r\n\xef\xbb\xbfy\n");
}

TEST(read_file, missing_directory_fifo) {
  temp_dir dir;
  EXPECT_EQ(failure_of(read_file(dir.path() / "nope", {})), read_failure_kind::missing);
  EXPECT_EQ(failure_of(read_file(dir.path(), {})), read_failure_kind::not_regular);
  auto fifo = dir.path() / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  auto r = read_file(fifo, {});  // must return at once, not wait for a writer
  EXPECT_EQ(failure_of(r), read_failure_kind::not_regular);
  EXPECT_EQ(std::get<read_failure>(r).message, "is a FIFO");
}

TEST(read_file, size_limit_and_nul_bytes) {
  temp_dir dir;
  auto big = dir.write("big", std::string(100, 'x'));
  EXPECT_EQ(failure_of(read_file(big, read_limits{99})), read_failure_kind::too_large);
  EXPECT_TRUE(std::holds_alternative<std::string>(read_file(big, read_limits{100})));
  auto bin = dir.write("bin", std::string("ab\0cd", 5));
  auto r = read_file(bin, {});
  EXPECT_EQ(failure_of(r), read_failure_kind::binary);
  EXPECT_EQ(std::get<read_failure>(r).message, "is binary (a NUL byte at offset 2)");
}

TEST(read_file, permission_denied_when_not_root) {
  if (::geteuid() == 0) GTEST_SKIP() << "root reads everything; loaders test this by injection";
  temp_dir dir;
  auto p = dir.write("secret.conf", "x = 1\n");
  ::chmod(p.c_str(), 0);
  EXPECT_EQ(failure_of(read_file(p, {})), read_failure_kind::unreadable);
}

}  // namespace
}  // namespace connplan
