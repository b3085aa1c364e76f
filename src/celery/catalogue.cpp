#include "celery/catalogue.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>

namespace connplan::celery::detail {
namespace {

constexpr std::array<std::string_view, 5> versions{"5.2", "5.3", "5.4", "5.5", "5.6"};

// Debian bookworm's python3-celery 5.2.6, written by scripts/gen_celery_catalogue.py.
constexpr option base_rows[] = {
#include "celery/catalogue_5_2.inc"
};

std::unique_ptr<catalogue> build(std::string_view version) {
  std::vector<option> rows(std::begin(base_rows), std::end(base_rows));
  for (const auto& d : deltas()) {
    // Versions compare as strings: every one is "5.<single digit>".
    if (d.version > version) break;
    for (const auto& a : d.added) rows.push_back(a);
    for (const auto& c : d.changed_defaults) {
      auto it =
          std::find_if(rows.begin(), rows.end(), [&](const option& o) { return o.name == c.name; });
      if (it != rows.end()) *it = c;
    }
  }
  return std::make_unique<catalogue>(std::string(version), std::move(rows));
}

}  // namespace

catalogue::catalogue(std::string version, std::vector<option> options)
    : version_(std::move(version)), options_(std::move(options)) {
  std::sort(options_.begin(), options_.end(),
            [](const option& a, const option& b) { return a.name < b.name; });
  for (std::size_t i = 0; i < options_.size(); ++i) {
    by_name_.emplace(std::string(options_[i].name), i);
    by_old_name_.emplace(std::string(options_[i].old_name), i);
  }
}

const option* catalogue::find(std::string_view name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : &options_[it->second];
}

const option* catalogue::find_old(std::string_view old_name) const {
  auto it = by_old_name_.find(old_name);
  return it == by_old_name_.end() ? nullptr : &options_[it->second];
}

nlohmann::json catalogue::default_of(const option& o) const {
  return nlohmann::json::parse(o.default_json);
}

std::span<const option> base_options() {
  return base_rows;
}

// Built the first time a version is asked for: a run uses one version, and building every
// version's index at start-up showed in the profile of a cold `check`.
const catalogue* catalogue_for(std::string_view version) {
  static std::array<std::once_flag, versions.size()> built;
  static std::array<std::unique_ptr<catalogue>, versions.size()> all;
  for (std::size_t i = 0; i < versions.size(); ++i) {
    if (versions[i] != version) continue;
    std::call_once(built[i], [i] { all[i] = build(versions[i]); });
    return all[i].get();
  }
  return nullptr;
}

std::span<const std::string_view> known_versions() {
  return versions;
}

std::string_view newest_version() {
  return versions.back();
}

}  // namespace connplan::celery::detail
