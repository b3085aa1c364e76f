// CP302 worker-connections-ignored: `worker_connections` set in a gunicorn config file whose
// effective worker class is sync. gunicorn/config.py `WorkerConnections.desc` @ 23.0.0: "This
// setting only affects the gthread, eventlet and gevent worker types" (domain.md §8 item 8); the
// sync worker serves one request at a time, so the number the file states is not the one that runs.
#include <fmt/format.h>

#include <set>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp302(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  std::set<std::string> seen;  // a config file shared by two services is reported once
  for (const auto& service : ctx.model->services) {
    if (!service.gunicorn || !seen.insert(service.gunicorn->path).second) continue;
    const gunicorn::config& g = *service.gunicorn;
    if (g.worker_connections.origin.kind != source_kind::file) continue;
    // Sync in the file and in the service (a command line's -k would override the file).
    if (g.worker_class_effective.value != "sync" || service.input.model_label != "sync") continue;
    auto f = make_finding(
        "CP302",
        fmt::format("worker_connections = {} has no effect: the sync worker serves one request "
                    "at a time",
                    g.worker_connections.value.dump()),
        g.worker_connections.origin.location, "worker_connections");
    f.service = service.input.name;
    if (g.worker_class.origin.kind == source_kind::file) {
      f.related.push_back({g.worker_class.origin.location,
                           fmt::format("worker_class = {}", g.worker_class.value.dump())});
    }
    f.notes.push_back(
        "worker_connections only affects the gthread, eventlet and gevent workers; remove it, or "
        "choose one of those worker classes if that was the intent");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
