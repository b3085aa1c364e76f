// Shared by the launch-file reader tests: reading a fixture and finding things in a result.
#pragma once

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>

#include "connplan/launch_files.hpp"

namespace connplan::launchfiles::test_support {

inline std::string fixture(const std::string& relative) {
  std::ifstream in(std::string(CONNPLAN_SOURCE_DIR) + "/fixtures/launch/" + relative,
                   std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline int count_code(const launch_file& f, const std::string& code) {
  return static_cast<int>(std::count_if(f.findings.begin(), f.findings.end(),
                                        [&](const finding& x) { return x.code == code; }));
}

inline const launched_process* process_named(const launch_file& f, const std::string& name) {
  for (const auto& p : f.processes)
    if (p.name == name) return &p;
  return nullptr;
}

}  // namespace connplan::launchfiles::test_support
