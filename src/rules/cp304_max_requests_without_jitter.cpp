// CP304 max-requests-without-jitter: `max_requests > 0` with `max_requests_jitter = 0`. Every
// worker then restarts after the same number of requests, so under even load they restart
// together. gunicorn/config.py `MaxRequestsJitter.desc` @ 23.0.0: "This is intended to stagger
// worker restarts to avoid all workers restarting at the same time" (domain.md §8 item 12).
#include <fmt/format.h>

#include <set>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp304(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  std::set<std::string> seen;
  for (const auto& service : ctx.model->services) {
    if (!service.gunicorn || !seen.insert(service.gunicorn->path).second) continue;
    const gunicorn::config& g = *service.gunicorn;
    if (!g.max_requests.value.is_number_integer() || !g.max_requests_jitter.value.is_number())
      continue;
    const long long max_requests = g.max_requests.value.get<long long>();
    if (max_requests <= 0 || g.max_requests_jitter.value.get<double>() != 0) continue;
    auto f = make_finding("CP304",
                          fmt::format("max_requests = {} without max_requests_jitter restarts "
                                      "every worker after the same number of requests",
                                      max_requests),
                          first_location({g.max_requests.origin}), "max_requests");
    f.service = service.input.name;
    if (g.max_requests_jitter.origin.kind == source_kind::file) {
      f.related.push_back({g.max_requests_jitter.origin.location, "max_requests_jitter = 0"});
    }
    f.notes.push_back(fmt::format(
        "set max_requests_jitter (e.g. {}): each worker then restarts after max_requests + "
        "randint(0, max_requests_jitter) requests (gunicorn/workers/base.py)",
        std::max<long long>(1, max_requests / 10)));
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
