// `connplan inspect` for a gunicorn config file (CONTRACTS.md §6 "gunicorn").
#include "connplan/gunicorn.hpp"
#include "connplan/json_io.hpp"

namespace connplan::gunicorn {

inspected_file inspect(const std::filesystem::path& file, const inspect_options& options) {
  config c = load(file, options);
  inspected_file out;
  out.path = c.path;
  out.kind = "gunicorn";
  out.accepted = c.accepted;
  out.complete = c.complete;
  out.settings = std::move(c.settings);
  out.diagnostics = std::move(c.diagnostics);
  // §6: the effective class as a plain value (null when it cannot be known).
  out.extra["worker_class_effective"] = c.worker_class_effective.status == value_status::unknown
                                            ? nlohmann::json(nullptr)
                                            : c.worker_class_effective.value;
  nlohmann::json ignored = nlohmann::json::array();
  for (const auto& n : c.ignored) {
    ignored.push_back({{"name", n.name},
                       {"source", to_json(source::from_file(n.location))},
                       {"did_you_mean", n.did_you_mean ? nlohmann::json(*n.did_you_mean)
                                                       : nlohmann::json(nullptr)}});
  }
  out.extra["ignored_names"] = std::move(ignored);
  return out;
}

}  // namespace connplan::gunicorn
