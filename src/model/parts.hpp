// The steps of load_project, in the order it runs them.
#pragma once

#include "model/model_support.hpp"
#include "project/discovery.hpp"

#include <optional>
#include <string>
#include <vector>

namespace connplan::model_detail {

// A service a launch file starts (issue 6): one recognised command of a launched process.
struct launched_service {
  std::string name;
  plan::service_kind kind = plan::service_kind::gunicorn;
  std::optional<std::string> config;  // gunicorn -c, Celery -A's module file (relative to root)
  const launchfiles::launched_process* process = nullptr;
  bool embedded_beat = false;  // the beat a `celery worker -B` runs inside the worker
};

// Reads every launch file (discovered by name and shape, `[launch] files`, minus `[launch]
// exclude`) into b.launch_files, before the servers (postgres -c overrides) and services.
void read_launch_files(builder& b, const discovered_files& found);
// The services the launch files start, with CP801/CP802 findings.
[[nodiscard]] std::vector<launched_service> launched_services(builder& b);

void load_servers(builder& b, const discovered_files& found);
void load_pgbouncers(builder& b, const discovered_files& found);
void load_services(builder& b, const discovered_files& found);

}  // namespace connplan::model_detail
