#include "app/document.hpp"

namespace connplan {

nlohmann::json document_header(std::string_view kind, const project_root& root) {
  return nlohmann::json{{"schema_version", schema_version},
                        {"kind", kind},
                        {"tool", {{"name", "connplan"}, {"version", CONNPLAN_VERSION}}},
                        {"root", root.dir.generic_string()}};
}

}  // namespace connplan
