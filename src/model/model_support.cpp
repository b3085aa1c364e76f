#include "model/model_support.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <system_error>

namespace connplan::model_detail {

void builder::add_findings(const std::vector<finding>& found) {
  for (const auto& f : found) {
    // The same file can be read for several services (a settings module, a config): report once.
    bool seen = std::any_of(model.findings.begin(), model.findings.end(), [&](const finding& g) {
      return g.code == f.code && g.message == f.message && g.location == f.location;
    });
    if (!seen) model.findings.push_back(f);
  }
}

void builder::assume(std::string name, std::string value, std::string origin, std::string used_by) {
  for (auto& a : model.assumptions) {
    if (a.name == name && a.value == value) {
      if (!used_by.empty() &&
          std::find(a.used_by.begin(), a.used_by.end(), used_by) == a.used_by.end()) {
        a.used_by.push_back(used_by);
      }
      return;
    }
  }
  assumption a{std::move(name), std::move(value), std::move(origin), {}};
  if (!used_by.empty()) a.used_by.push_back(std::move(used_by));
  model.assumptions.push_back(std::move(a));
}

std::filesystem::path builder::absolute(const std::string& relative) const {
  std::filesystem::path p(relative);
  return p.is_absolute() ? p : options.base.root.dir / p;
}

bool builder::exists(const std::string& relative) const {
  std::error_code ec;
  return std::filesystem::exists(absolute(relative), ec);
}

plan::count count_of(const value_entry& e, std::string_view what) {
  if (e.status == value_status::known && e.value.is_number_integer()) {
    return plan::count::known(e.value.get<long long>(), e.origin);
  }
  if (e.status == value_status::alternatives && e.value.is_number_integer()) {
    // The entry's value is the worst case of its alternatives (CONTRACTS §4).
    return plan::count::known(e.value.get<long long>(), e.origin);
  }
  if (e.status == value_status::unknown) {
    return plan::count::unknown(fmt::format("{} is unknown: {}", what, e.reason), e.origin);
  }
  return plan::count::unknown(fmt::format("{} is not a whole number", what), e.origin);
}

source toml_source(const toml_string& s) {
  return s.origin;
}

std::map<std::string, std::string> merged_env(
    const run_options& options, const project_config& config, const service_decl* service,
    const std::map<std::string, std::string>* launch_env) {
  std::map<std::string, std::string> env;
  for (const auto& [k, v] : config.env) env[k] = v.value;
  if (launch_env != nullptr) {
    for (const auto& [k, v] : *launch_env) env[k] = v;
  }
  if (service != nullptr) {
    for (const auto& [k, v] : service->env) env[k] = v.value;
  }
  for (const auto& [k, v] : options.base.env) env[k] = v;
  return env;
}

}  // namespace connplan::model_detail
