// The JSON text of an inspected file, produced as `connplan inspect --format json` produces it
// (src/cli/inspect_command.cpp: bytes that are not UTF-8 become U+FFFD).
#pragma once

#include <string>

#include "connplan/inspect.hpp"
#include "connplan/json_io.hpp"

namespace connplan::fuzz {

[[nodiscard]] inline std::string document_text(const inspected_file& file) {
  return to_json(file).dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace connplan::fuzz
