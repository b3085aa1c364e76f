// Inputs that crashed or hung fuzz_launch_files (fuzz/regressions/fuzz_launch_files/).
#include <gtest/gtest.h>

#include <string>

#include "connplan/launch_files.hpp"

namespace connplan::launchfiles {
namespace {

// hang-unclosed-marker-byte: a \x01 byte in a supervisord `command=` is also the reader's own
// marker of an unknown %(ENV_X)s; without its closing \x02 the quoting loop restarted from 0
// forever, growing its output until the fuzzer's timeout.
TEST(fuzz_regressions, a_marker_byte_in_the_file_is_kept_as_a_byte) {
  const std::string text = "[program:gunicorn]\r\ncommand=gunicorn -c conf.py app:\x01wsgi\r\n";
  launch_file f = read_launch_file(text, "supervisord.conf", format::supervisord, {});
  ASSERT_EQ(f.processes.size(), 1u);
  EXPECT_NE(f.processes[0].command.find('\x01'), std::string::npos) << f.processes[0].command;
}

}  // namespace
}  // namespace connplan::launchfiles
