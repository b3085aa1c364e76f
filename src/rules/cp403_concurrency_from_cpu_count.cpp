// CP403 concurrency-from-cpu-count: a Celery worker whose concurrency is Celery's default, the CPU
// count seen when the worker starts. celery/app/defaults.py `worker_concurrency` @ v5.5.3 defaults
// to None and celery/worker/worker.py replaces a false value by `cpu_count()`; configuration.rst:
// "Default: Number of CPU cores." In a container that is often the host's count (domain.md §3.1,
// §8 item 29), so the number of connections depends on the machine, not on the repository.
#include <fmt/format.h>

#include <cctype>
#include <sstream>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {
namespace {

const service_decl* decl_named(const project_config& config, const std::string& name) {
  for (const auto& d : config.services) {
    if (d.name && d.name->value == name) return &d;
  }
  return nullptr;
}

// Whether a start command names the concurrency itself: `-c N`, `-cN`, `--concurrency[=]N` or
// `--autoscale[=]MAX,MIN` (celery/bin/worker.py). Until launch commands are modelled this reads
// the `[[service]] command` string word by word.
bool command_sets_concurrency(std::string_view command) {
  std::istringstream words{std::string(command)};
  for (std::string w; words >> w;) {
    if (w == "-c" ||
        (w.starts_with("-c") && w.size() > 2 && std::isdigit(static_cast<unsigned char>(w[2]))) ||
        w.starts_with("--concurrency") || w.starts_with("--autoscale")) {
      return true;
    }
  }
  return false;
}

bool is_default_concurrency(const value_entry& e) {
  if (e.status != value_status::known) return false;
  // -c 0 and worker_concurrency = 0 also fall back to cpu_count(): `concurrency or cpu_count()`.
  return e.value.is_null() || (e.value.is_number_integer() && e.value.get<long long>() == 0);
}

}  // namespace

void check_cp403(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  for (const auto& service : ctx.model->services) {
    const plan::service_input& in = service.input;
    if (in.kind != plan::service_kind::celery_worker || in.model_label == "solo") continue;
    if (service.celery && !is_default_concurrency(service.celery->worker_concurrency)) continue;
    const service_decl* decl = decl_named(ctx.model->config, in.name);
    if (decl != nullptr && decl->command && command_sets_concurrency(decl->command->value))
      continue;
    // A count the model took from somewhere else than the CPU count (a launch file's -c) wins.
    const plan::count& used =
        in.model == plan::concurrency_model::one ? in.processes : in.concurrency;
    if (used.value && !used.sources.empty() && used.sources.front().kind != source_kind::assumed &&
        used.sources.front().kind != source_kind::default_value)
      continue;

    // Anchor: the line that leaves it at the default, else the service's declaration, else the
    // Celery file as a whole.
    std::optional<source_location> at;
    if (service.celery) at = first_location({service.celery->worker_concurrency.origin});
    if (!at && decl != nullptr) at = decl->declared_at;
    if (!at && service.celery) at = source_location{service.celery->path, {}, {}};

    const value_entry* written = service.celery ? &service.celery->worker_concurrency : nullptr;
    const std::string why =
        written != nullptr && written->origin.kind == source_kind::file
            ? fmt::format("worker_concurrency = {}",
                          written->value.is_null() ? "None" : written->value.dump())
            : "worker_concurrency is not set";
    auto f = make_finding(
        "CP403",
        fmt::format("celery service {} runs one {} per CPU of the machine it starts on: {}",
                    in.name, in.model_label == "prefork" ? "child process" : "pool slot", why),
        at, "worker_concurrency");
    f.service = in.name;
    if (used.value && !used.sources.empty() && used.sources.front().kind == source_kind::assumed) {
      f.notes.push_back(fmt::format(
          "the plan counted {} CPUs (from --assume cpus, [[service]] cpus or [host] cpus)",
          *used.value));
    } else {
      f.notes.push_back(
          "the CPU count is unknown, so the plan cannot count this worker; pass --assume cpus=N "
          "or set [host] cpus");
    }
    f.notes.push_back(
        "set worker_concurrency (or -c N on the command line) so the connection count does not "
        "depend on the host; in a container the CPU count is often the host's, not the limit's");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
