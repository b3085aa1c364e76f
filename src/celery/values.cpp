#include "celery/values.hpp"

#include <algorithm>

#include "connplan/redact.hpp"

namespace connplan::celery::detail {
namespace {

using nlohmann::json;
using python::value;
using python::value_kind;

std::string redacted_text(std::string_view text) {
  return redact_secrets(text);
}

json secret_or(std::string_view name, json v) {
  if (!v.is_null() && is_secret_name(name)) return json(std::string(redacted));
  return v;
}

// Rank of a worker pool by the connections it can hold: green pools run hundreds of tasks at
// once, threads one per thread, prefork one per child, solo one (domain.md §3.1).
int pool_rank(const json& v) {
  if (!v.is_string()) return 0;
  const auto& s = v.get_ref<const std::string&>();
  if (s == "gevent" || s == "eventlet") return 4;
  if (s == "threads") return 3;
  if (s == "prefork" || s == "processes") return 2;
  if (s == "solo") return 1;
  return 3;  // a custom pool class: assume it may run tasks concurrently
}

bool contains(const json& v, std::string_view needle) {
  return v.is_string() && v.get_ref<const std::string&>().find(needle) != std::string::npos;
}

}  // namespace

// The evaluator's JSON form (redacted), except that a value Celery would only know at run time is
// null here: the worst case of alternatives is chosen by worst_case(), per setting.
json value_json(const value& v) {
  if (!v.is_known()) return nullptr;
  return python::to_json(v);
}

json worst_case(std::string_view setting, const std::vector<json>& alternatives) {
  if (alternatives.empty()) return nullptr;
  if (setting == "worker_concurrency") {
    // None is the CPU count at run time: no bound written in the configuration.
    for (const auto& a : alternatives) {
      if (a.is_null()) return a;
    }
  }
  if (setting == "worker_pool") {
    return *std::max_element(
        alternatives.begin(), alternatives.end(),
        [](const json& a, const json& b) { return pool_rank(a) < pool_rank(b); });
  }
  if (setting == "result_backend") {
    // The database backend opens a connection per prefork child (CONTRACTS §7).
    for (const auto& a : alternatives) {
      if (contains(a, "db+")) return a;
    }
  }
  if (setting == "beat_scheduler") {
    // django-celery-beat's DatabaseScheduler holds a connection per alias (domain.md §3.6).
    for (const auto& a : alternatives) {
      if (contains(a, "DatabaseScheduler")) return a;
    }
  }
  if (setting == "task_always_eager") {
    // Eager tasks run in the caller: only False puts them on the workers' connections.
    for (const auto& a : alternatives) {
      if (a.is_boolean() && !a.get<bool>()) return a;
    }
  }
  // Otherwise the largest number (more processes, more tasks), else the first possibility.
  const json* best = nullptr;
  for (const auto& a : alternatives) {
    if (a.is_number() && (best == nullptr || a.get<double>() > best->get<double>())) best = &a;
  }
  return best != nullptr ? *best : alternatives.front();
}

value_entry to_entry(std::string_view setting, const setting_value& v) {
  const value& x = v.value;
  if (x.kind == value_kind::unknown) {
    return value_entry::unknown(redacted_text(x.expr), redacted_text(x.reason), v.origin);
  }
  if (x.kind == value_kind::alternatives) {
    // One unknown possibility makes the worst case unknown.
    for (const auto& a : x.alternatives) {
      if (a.kind == value_kind::unknown) {
        return value_entry::unknown(redacted_text(a.expr.empty() ? x.expr : a.expr),
                                    redacted_text(a.reason), v.origin);
      }
    }
    value_entry e;
    e.status = value_status::alternatives;
    e.origin = v.origin;
    for (const auto& a : x.alternatives) {
      e.alternatives.push_back(secret_or(setting, value_json(a)));
    }
    e.value = worst_case(setting, e.alternatives);
    e.expr = redacted_text(x.expr);
    return e;
  }
  return value_entry::known(secret_or(setting, value_json(x)), v.origin);
}

}  // namespace connplan::celery::detail
