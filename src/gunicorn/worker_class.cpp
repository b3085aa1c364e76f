#include "gunicorn/worker_class.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace connplan::gunicorn::detail {
namespace {

using nlohmann::json;

// gunicorn/workers/__init__.py SUPPORTED_WORKERS @ 20.1.0 … 23.0.0, by alias and by class path.
constexpr std::array<std::pair<std::string_view, std::string_view>, 7> aliases = {{
    {"sync", "sync"},
    {"eventlet", "eventlet"},
    {"gevent", "gevent"},
    {"gevent_wsgi", "gevent"},
    {"gevent_pywsgi", "gevent"},
    {"tornado", "tornado"},
    {"gthread", "gthread"},
}};
constexpr std::array<std::pair<std::string_view, std::string_view>, 6> paths = {{
    {"gunicorn.workers.sync.SyncWorker", "sync"},
    {"gunicorn.workers.geventlet.EventletWorker", "eventlet"},
    {"gunicorn.workers.ggevent.GeventWorker", "gevent"},
    {"gunicorn.workers.ggevent.GeventPyWSGIWorker", "gevent"},
    {"gunicorn.workers.gtornado.TornadoWorker", "tornado"},
    {"gunicorn.workers.gthread.ThreadWorker", "gthread"},
}};

// A JSON value's possible values: the alternatives, or the value itself.
std::vector<json> possible(const value_entry& e) {
  if (e.status == value_status::alternatives) return e.alternatives;
  return {e.value};
}

}  // namespace

std::string canonical_worker_class(std::string_view uri) {
  std::string_view name = uri;
  // util.load_class: "egg:gunicorn#gevent" names the entry point `gevent` of the gunicorn
  // distribution, the same classes as the aliases.
  if (name.starts_with("egg:gunicorn#")) name.remove_prefix(13);
  for (const auto& [alias, canonical] : aliases) {
    if (name == alias) return std::string(canonical);
  }
  for (const auto& [path, canonical] : paths) {
    if (name == path) return std::string(canonical);
  }
  return std::string(uri);
}

std::string effective_worker_class(std::string_view uri, bool is_class, std::int64_t threads) {
  // Config.worker_class_str: `is_sync = uri.endswith('SyncWorker') or uri == 'sync'`, then
  // `if is_sync and self.threads > 1` -> the threaded worker (20.1 prints "threads", 23.0
  // "gthread"; both run gunicorn.workers.gthread.ThreadWorker).
  if (!is_class && (uri == "sync" || uri.ends_with("SyncWorker")) && threads > 1) return "gthread";
  if (is_class) return std::string(uri);
  return canonical_worker_class(uri);
}

int worker_class_rank(std::string_view effective) {
  if (effective == "sync") return 0;
  if (effective == "tornado") return 1;
  if (effective == "gthread") return 2;
  if (effective == "gevent" || effective == "eventlet") return 4;
  return 3;
}

value_entry effective_entry(const value_entry& worker_class, bool is_class,
                            const value_entry& threads) {
  if (worker_class.status == value_status::unknown) {
    return value_entry::unknown(worker_class.expr, worker_class.reason, worker_class.origin);
  }
  std::vector<std::string> results;
  for (const auto& uri : possible(worker_class)) {
    if (!uri.is_string()) continue;  // None: gunicorn fails when it reads the class
    const auto& text = uri.get_ref<const std::string&>();
    bool switchable = !is_class && (text == "sync" || text.ends_with("SyncWorker"));
    if (switchable && threads.status == value_status::unknown) {
      return value_entry::unknown(
          threads.expr,
          "sync becomes gthread when threads > 1, and threads is unknown: " + threads.reason,
          threads.origin);
    }
    for (const auto& t : switchable ? possible(threads) : std::vector<json>{json(1)}) {
      std::int64_t n = t.is_number_integer() ? t.get<std::int64_t>() : 1;
      std::string e = effective_worker_class(text, is_class, n);
      if (std::find(results.begin(), results.end(), e) == results.end()) results.push_back(e);
    }
  }
  // The source: where the class came from, unless the switch to gthread came from threads.
  connplan::source origin = worker_class.origin;
  if (results.size() == 1 && results.front() == "gthread" && possible(worker_class).size() == 1 &&
      possible(worker_class).front() != "gthread") {
    origin = threads.origin;
  }
  if (results.empty()) return value_entry::known(nullptr, origin);
  if (results.size() == 1) return value_entry::known(results.front(), origin);
  value_entry out;
  out.status = value_status::alternatives;
  out.origin = origin;
  for (const auto& r : results) out.alternatives.emplace_back(r);
  out.value = *std::max_element(results.begin(), results.end(), [](const auto& a, const auto& b) {
    return worker_class_rank(a) < worker_class_rank(b);
  });
  return out;
}

}  // namespace connplan::gunicorn::detail
