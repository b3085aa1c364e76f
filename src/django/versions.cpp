#include "django/versions.hpp"

#include <fmt/format.h>

#include <string>
#include <vector>

#include "connplan/django.hpp"
#include "connplan/error.hpp"

namespace connplan::django {

const std::vector<std::string>& supported_versions() {
  static const std::vector<std::string> versions{"3.2", "4.0", "4.1", "4.2", "5.0", "5.1", "5.2"};
  return versions;
}

std::string_view newest_version() {
  return supported_versions().back();
}

namespace detail {

std::string version::text() const {
  return fmt::format("{}.{}", major, minor);
}

version parse_version(std::string_view text) {
  if (text.empty()) text = newest_version();
  for (const auto& known : supported_versions()) {
    if (known == text) {
      auto dot = known.find('.');
      return version{std::stoi(known.substr(0, dot)), std::stoi(known.substr(dot + 1))};
    }
  }
  throw error(fmt::format("unknown Django version '{}' (known: {})", text,
                          fmt::join(supported_versions(), ", ")));
}

}  // namespace detail
}  // namespace connplan::django
