// CP305 worker-timeout-disabled: gunicorn `timeout = 0`. gunicorn/config.py `Timeout.desc`
// @ 23.0.0: "Value is a positive number or 0. Setting it to 0 has the effect of infinite timeouts
// by disabling timeouts for all workers entirely" — a hung request then holds its worker, and
// the worker's database connections, until someone restarts it (domain.md §8 item 11).
#include <fmt/format.h>

#include <set>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {

void check_cp305(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  std::set<std::string> seen;
  for (const auto& service : ctx.model->services) {
    if (!service.gunicorn || !seen.insert(service.gunicorn->path).second) continue;
    const gunicorn::config& g = *service.gunicorn;
    if (!g.timeout.value.is_number() || g.timeout.value.get<double>() != 0) continue;
    auto f = make_finding("CP305",
                          "timeout = 0 disables the worker timeout: a hung request holds its "
                          "worker and its database connections indefinitely",
                          first_location({g.timeout.origin}), "timeout");
    f.service = service.input.name;
    f.notes.push_back(
        "gunicorn's default is 30 seconds; keep a timeout longer than your slowest request");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
