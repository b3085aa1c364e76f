#include "app/inspect_run.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <memory>

#include "app/document.hpp"
#include "app/inspect_launch.hpp"
#include "connplan/celery.hpp"
#include "connplan/django.hpp"
#include "connplan/gunicorn.hpp"
#include "connplan/json_io.hpp"
#include "connplan/pgbouncer.hpp"
#include "connplan/postgres.hpp"

namespace connplan {
namespace {

using front_end = inspected_file (*)(const std::filesystem::path&, const inspect_options&);

// The front ends by kind.
front_end front_end_for(file_kind kind) {
  switch (kind) {
    case file_kind::postgresql:
      return &postgres::inspect;
    case file_kind::pgbouncer:
      return &pgbouncer::inspect;
    case file_kind::gunicorn:
      return &gunicorn::inspect;
    case file_kind::django:
      return &django::inspect;
    case file_kind::celery:
      return &celery::inspect;
    default:
      return nullptr;  // launch files: inspect_launch_file, which takes the text already read
  }
}

// Each named file is read once: for kind detection here, and again by its front end through the
// same reader, which then answers from this cache.
file_reader caching(file_reader inner) {
  auto cache = std::make_shared<std::map<std::filesystem::path, read_result>>();
  return [inner = std::move(inner), cache](const std::filesystem::path& path,
                                           const read_limits& limits) -> read_result {
    auto key = path.lexically_normal();
    if (auto it = cache->find(key); it != cache->end()) return it->second;
    return cache->emplace(key, inner(path, limits)).first->second;
  };
}

source_location whole_file(std::string display) {
  return source_location{std::move(display), {}, {}};
}

}  // namespace

inspect_outcome run_inspect(const inspect_request& request) {
  inspect_outcome outcome;
  inspect_options options = request.options;
  options.reader = caching(options.reader);
  for (const auto& path : request.files) {
    const std::string shown = options.root.display(path);
    read_result read = options.reader(path, options.limits);
    std::string_view text;
    if (auto* failure = std::get_if<read_failure>(&read)) {
      if (failure->kind != read_failure_kind::binary) {
        outcome.fatal_errors.push_back(fmt::format("{}: {}", shown, failure->message));
        continue;
      }
      if (!request.kind) {
        outcome.diagnostics.push_back(
            make_finding("CP005", fmt::format("cannot inspect {}: it {}", shown, failure->message),
                         whole_file(shown), "binary"));
        continue;
      }
    } else {
      text = std::get<std::string>(read);
    }
    std::optional<file_kind> kind = request.kind ? request.kind : detect_kind(path, text);
    if (!kind) {
      outcome.diagnostics.push_back(make_finding(
          "CP008",
          fmt::format("{} is not recognised as a postgresql.conf, pgbouncer.ini, Python "
                      "configuration or launch file; skipped (name its kind with --kind)",
                      shown),
          whole_file(shown), "unclassified"));
      continue;
    }
    if (auto launch = launch_format_of(*kind)) {
      inspected_file result = inspect_launch_file(text, shown, *launch, options);
      std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), canonical_less);
      outcome.files.push_back(std::move(result));
      continue;
    }
    front_end run = front_end_for(*kind);
    if (run == nullptr) {
      outcome.diagnostics.push_back(make_finding(
          "CP008",
          fmt::format("{} looks like {} configuration, which this version of connplan does not "
                      "read yet; skipped",
                      shown, to_string(*kind)),
          whole_file(shown), "unsupported-kind"));
      continue;
    }
    inspected_file result = run(path, options);
    std::stable_sort(result.diagnostics.begin(), result.diagnostics.end(), canonical_less);
    outcome.files.push_back(std::move(result));
  }
  std::sort(outcome.diagnostics.begin(), outcome.diagnostics.end(), canonical_less);
  return outcome;
}

int inspect_exit_code(const inspect_outcome& outcome) {
  if (!outcome.fatal_errors.empty()) return 2;
  auto is_error = [](const finding& f) { return f.severity == severity::error; };
  bool errors =
      std::any_of(outcome.diagnostics.begin(), outcome.diagnostics.end(), is_error) ||
      std::any_of(outcome.files.begin(), outcome.files.end(), [&](const inspected_file& f) {
        return std::any_of(f.diagnostics.begin(), f.diagnostics.end(), is_error);
      });
  return errors ? 1 : 0;
}

nlohmann::json inspect_document(const inspect_outcome& outcome, const project_root& root) {
  nlohmann::json doc = document_header("inspect", root);
  nlohmann::json files = nlohmann::json::array();
  for (const auto& f : outcome.files) files.push_back(to_json(f));
  doc["files"] = std::move(files);
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const auto& d : outcome.diagnostics) diagnostics.push_back(to_json(d));
  doc["diagnostics"] = std::move(diagnostics);
  return doc;
}

}  // namespace connplan
