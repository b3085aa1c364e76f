#include "model/settings_module.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <set>

#include "connplan/django.hpp"
#include "connplan/python/evaluate.hpp"

namespace connplan::model_detail {

std::optional<std::string> module_file(const builder& b, std::string_view dotted) {
  std::string rel(dotted);
  std::replace(rel.begin(), rel.end(), '.', '/');
  std::vector<std::string> roots;
  for (const auto& r : b.model.config.python_path) roots.push_back(r.value);
  if (roots.empty()) roots.push_back(".");
  for (const auto& root : roots) {
    std::string base = root == "." ? rel : root + "/" + rel;
    if (b.exists(base + ".py")) return base + ".py";
    if (b.exists(base + "/__init__.py")) return base + "/__init__.py";
  }
  return std::nullopt;
}

namespace {

bool looks_like_file(std::string_view s) {
  return s.ends_with(".py") || s.find('/') != std::string_view::npos;
}

// DJANGO_SETTINGS_MODULE as an entry point sets it, without running it: the evaluator logs
// `os.environ.setdefault("DJANGO_SETTINGS_MODULE", "crm.settings")` as a call event.
std::optional<std::pair<std::string, std::string>> from_entry_points(
    builder& b, const discovered_files& found) {
  std::vector<std::string> candidates = found.entry_points;
  candidates.insert(candidates.end(), found.celery.begin(), found.celery.end());
  // manage.py first: it is what developers and deploy scripts run.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const std::string& a, const std::string& c) {
                     return a.ends_with("manage.py") && !c.ends_with("manage.py");
                   });
  for (const auto& file : candidates) {
    python::evaluate_options eo;
    eo.root = b.options.base.root;
    eo.reader = b.options.base.reader;
    eo.limits = b.options.base.limits;
    auto result = python::evaluate_file(b.absolute(file), eo);
    for (const auto& call : result.calls) {
      if (call.callee != "os.environ.setdefault" || call.args.size() < 2) continue;
      if (call.args[0].kind != python::value_kind::string ||
          call.args[0].text != "DJANGO_SETTINGS_MODULE")
        continue;
      if (call.args[1].kind != python::value_kind::string) continue;
      return std::pair{call.args[1].text, fmt::format("{}:{}", file, call.where.begin.line)};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<settings_choice> choose_settings(builder& b, const discovered_files& found,
                                               const service_decl* service,
                                               const std::map<std::string, std::string>& env) {
  auto by_name = [&](const std::string& name,
                     const std::string& origin) -> std::optional<settings_choice> {
    if (looks_like_file(name)) return settings_choice{name, origin};
    if (auto file = module_file(b, name)) return settings_choice{*file, origin};
    return std::nullopt;
  };
  if (service != nullptr && service->settings) {
    if (auto c = by_name(service->settings->value, "[[service]] settings")) return c;
  }
  const project_config& cfg = b.model.config;
  if (cfg.django_settings) return settings_choice{cfg.django_settings->value, "[django] settings"};
  if (cfg.django_module) {
    if (auto c = by_name(cfg.django_module->value, "[django] module")) return c;
  }
  if (auto it = env.find("DJANGO_SETTINGS_MODULE"); it != env.end()) {
    if (auto c = by_name(it->second, "DJANGO_SETTINGS_MODULE in the environment")) return c;
  }
  if (!b.entry_point_settings) b.entry_point_settings = from_entry_points(b, found);
  if (const auto& set = *b.entry_point_settings) {
    if (auto c = by_name(set->first, fmt::format("DJANGO_SETTINGS_MODULE set in {}", set->second)))
      return c;
  }
  if (found.django.empty()) return std::nullopt;
  // A leaf is a settings file that no other one star-imports by its module name. Cheap textual
  // test: good enough to rank candidates; the choice is reported as an assumption.
  std::vector<std::string> leaves;
  for (const auto& f : found.django) {
    std::string stem = std::filesystem::path(f).stem().string();
    bool imported =
        std::any_of(found.django.begin(), found.django.end(), [&](const std::string& other) {
          if (other == f) return false;
          std::ifstream in(b.absolute(other));
          std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
          return text.find("." + stem + " import") != std::string::npos ||
                 text.find("from " + stem + " import") != std::string::npos;
        });
    if (!imported) leaves.push_back(f);
  }
  if (leaves.empty()) leaves = found.django;
  if (leaves.size() == 1)
    return settings_choice{leaves.front(), "the only leaf settings module found"};
  // Several leaves (production.py, local.py, test.py): evaluate each and take the worst case for
  // connections (issue 4): the most PostgreSQL aliases, then persistent connections over closing
  // ones; ties keep the first in path order.
  auto rank = [&](const std::string& file) {
    inspect_options o = b.options.base;
    o.env = env;
    o.django_version = b.model.django_version;
    django::settings_model m = django::load(b.absolute(file), o);
    int aliases = 0, persistent = 0;
    for (const auto& a : m.databases) {
      const value_entry* engine = a.find("ENGINE");
      if (engine != nullptr && engine->value.is_string() &&
          engine->value.get<std::string>().find("postgres") == std::string::npos &&
          engine->value.get<std::string>().find("postgis") == std::string::npos) {
        continue;
      }
      ++aliases;
      const value_entry* age = a.find("CONN_MAX_AGE");
      if (age != nullptr &&
          (age->value.is_null() || (age->value.is_number() && age->value.get<double>() != 0))) {
        ++persistent;
      }
    }
    return std::pair{aliases, persistent};
  };
  std::string best = leaves.front();
  auto best_rank = rank(best);
  for (std::size_t i = 1; i < leaves.size(); ++i) {
    auto r = rank(leaves[i]);
    if (r > best_rank) {
      best = leaves[i];
      best_rank = r;
    }
  }
  return settings_choice{
      best, fmt::format("the worst case of {} leaf settings modules found ({}); declare "
                        "[django] module in connplan.toml to choose",
                        leaves.size(), fmt::join(leaves, ", "))};
}

}  // namespace connplan::model_detail
