// CP303 threads-switch-to-gthread: `threads > 1` with the sync worker class. gunicorn/config.py
// `WorkerThreads.desc` @ 23.0.0: "If you try to use the sync worker type and set the threads
// setting to more than 1, the gthread worker type will be used instead" — silently, and each
// thread then holds its own Django connection per alias (domain.md §8 item 6; tool-behaviour.md
// gunicorn 20.1 item 2: `worker_class` still reads "sync").
#include <fmt/format.h>

#include <set>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp303(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  std::set<std::string> seen;
  for (const auto& service : ctx.model->services) {
    if (!service.gunicorn || !seen.insert(service.gunicorn->path).second) continue;
    const gunicorn::config& g = *service.gunicorn;
    // The model already applied gunicorn's switch (`worker_class_str`): the class as written is
    // sync (or the default) and the one that runs is gthread — in the file's model and in the
    // service's (where a command line's -k would override the file).
    if (g.worker_class.value != "sync" || g.worker_class_effective.value != "gthread" ||
        service.input.model_label != "gthread")
      continue;
    if (!g.threads.value.is_number_integer() || g.threads.value.get<long long>() <= 1) continue;
    const long long threads = g.threads.value.get<long long>();
    auto f = make_finding("CP303",
                          fmt::format("threads = {} switches the sync worker to gthread: {} "
                                      "concurrent requests and connections per worker and alias",
                                      threads, threads),
                          first_location({g.threads.origin}), "threads");
    f.service = service.input.name;
    if (g.worker_class.origin.kind == source_kind::file) {
      f.related.push_back({g.worker_class.origin.location, "worker_class = \"sync\""});
    } else {
      f.notes.push_back("worker_class is not set: gunicorn's default is sync");
    }
    f.notes.push_back(
        "write worker_class = \"gthread\" to say what runs, or threads = 1 for one request per "
        "worker");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
