// The one exception type: "cannot continue". Everything else is a finding.
#pragma once

#include <stdexcept>
#include <string>

namespace connplan {

class error : public std::runtime_error {
 public:
  explicit error(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace connplan
