// The capacity planner: the worst-case connection budget of a deployment, one contribution per
// term, each with its formula and its sources (DESIGN.md "Worst-case arithmetic", CONTRACTS §7,
// reference/domain.md §7). The planner is pure arithmetic over this model; reading files and
// merging connplan.toml happen before it, rules and reports read its result.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "connplan/source.hpp"

namespace connplan::plan {

// A count with where it came from. `value` is empty when it cannot be known (then `reason` says
// why) or when it has no bound (`unbounded`).
struct count {
  std::optional<long long> value;
  bool unbounded = false;
  std::string reason;
  std::vector<connplan::source> sources;

  [[nodiscard]] static count known(long long v, connplan::source from) {
    return count{v, false, {}, {std::move(from)}};
  }
  [[nodiscard]] static count unknown(std::string why, connplan::source from) {
    return count{std::nullopt, false, std::move(why), {std::move(from)}};
  }
  [[nodiscard]] static count without_bound(std::string why, connplan::source from) {
    return count{std::nullopt, true, std::move(why), {std::move(from)}};
  }
};

enum class service_kind { gunicorn, uvicorn, daphne, celery_worker, celery_beat, command };

// How one process of a service runs requests or tasks, which decides its concurrency C
// (domain.md §7.1–7.3).
enum class concurrency_model {
  one,      // sync worker, solo pool, beat, a management command: C = 1
  threads,  // gthread worker, Celery threads pool: C = threads
  green,    // gevent/eventlet: C = worker_connections (gunicorn) or concurrency (Celery)
  asgi,     // uvicorn/daphne/UvicornWorker: C = the server's concurrency cap, else unbounded
};

// CONN_MAX_AGE as it matters for counting: 0 closes at the end of each request or task; a number
// or None keeps connections open (domain.md §2.2).
enum class persistence { closes, persistent, unknown };

// One database alias a service's processes touch, and where its connections go.
struct alias_use {
  std::string alias;   // "default", "replica", or "result backend"
  std::string target;  // the server's or the PgBouncer's name
  bool via_pgbouncer = false;
  std::string database;  // the database name the alias connects to (PgBouncer entry lookup)
  std::string user;      // the user it connects as (PgBouncer pools are per user)
  plan::persistence persistence = persistence::closes;
  connplan::source persistence_source;
  // Django's native pool (5.1+): min_size/max_size per process (domain.md §2.5).
  std::optional<long long> pool_min, pool_max;
  connplan::source pool_source;
  // A fixed number of connections per process regardless of C (Celery's db+ result backend keeps
  // one pooled connection per prefork child, measured: tool-behaviour.md).
  std::optional<long long> fixed_per_process;
};

struct service_input {
  std::string name;
  service_kind kind = service_kind::gunicorn;
  count replicas;
  count processes;  // per replica: gunicorn/uvicorn workers, Celery prefork children, 1 otherwise
  concurrency_model model = concurrency_model::one;
  std::string model_label;  // "sync", "gthread", "gevent", "prefork", "UvicornWorker", ...
  count concurrency;        // C when the model is not `one`
  std::vector<alias_use> aliases;
  // Django >= 4.0 runs every sync view of an ASGI request in its own thread (domain.md §2.4);
  // on 3.2 they share one thread per process (measured: 1 connection).
  bool django_per_request_threads = true;
  // Celery >= 5.6 closes connections around every task (domain.md §3.2): steady state 0.
  bool closes_per_task = false;
  // What a reload or deploy adds on top, as a multiple of the service's own total (gunicorn HUP
  // starts a full new set first: 1) or of one replica (a Kubernetes maxSurge).
  std::optional<count> surge_replicas;  // extra replicas during a rolling deploy
  bool reload_doubles = false;          // gunicorn: HUP/USR2 start a full new set first
  std::vector<connplan::source> sources;
};

struct pgbouncer_pool_input {
  std::string database;  // the [databases] entry ("*" for the fallback)
  std::optional<std::string> forced_user;
  long long pool_size = 20;
  long long reserve = 0;  // counted only when reserve_pool_timeout > 0
  long long min_pool_size = 0;
  long long max_db_connections = 0;  // 0: unlimited
  connplan::source source;
};

struct pgbouncer_input {
  std::string name;
  std::string server;  // the PostgreSQL it fronts
  count instances;
  count max_client_conn;
  long long default_pool_size = 20;
  long long reserve_pool_size = 0;
  double reserve_pool_timeout = 5.0;
  long long max_user_connections = 0;
  std::vector<pgbouncer_pool_input> databases;
  std::optional<pgbouncer_pool_input> fallback;  // the "*" entry
  bool unlimited_pool_size_zero = false;         // 1.24+: pool_size 0 means unlimited
  connplan::source source;
};

struct server_input {
  std::string name;
  count max_connections;
  count superuser_reserved_connections;
  count reserved_connections;  // 0 before 16
  count operations;            // [budget] operations
  double warn_percent = 80;
  connplan::source warn_percent_source;
  std::string standby_of;  // the primary's name for a standby (CP108)
};

struct deployment {
  std::vector<server_input> servers;
  std::vector<pgbouncer_input> pgbouncers;
  std::vector<service_input> services;
};

// ---- the plan --------------------------------------------------------------------------------

struct contribution {
  std::string kind;  // "service", "pgbouncer", "operations"
  std::string name;
  std::optional<long long> connections;  // empty when unknown or unbounded
  bool unbounded = false;
  std::string formula;  // "web: 2 replicas × 4 workers × 8 threads (gthread) × 1 alias = 64"
  std::vector<connplan::source> sources;
};

struct server_plan {
  std::string name;
  long long max_connections = 0;
  long long superuser_reserved_connections = 0;
  long long reserved_connections = 0;
  long long operations = 0;
  long long usable = 0;
  std::optional<long long> demand;  // empty when unbounded or unknown
  bool unbounded = false;
  std::vector<std::string> unbounded_reasons;  // and unknown ones
  std::optional<long long> steady_state;
  std::optional<long long> reload_peak;
  std::optional<double> headroom_percent;
  std::vector<contribution> contributions;
  std::vector<connplan::source> limit_sources;  // where max_connections etc. came from
};

struct service_plan {
  std::string name;
  service_kind kind = service_kind::gunicorn;
  std::optional<long long> replicas, processes_per_replica, concurrency_per_process;
  std::vector<std::string> aliases;
  std::vector<std::pair<std::string, std::string>> route;  // alias → target
  std::optional<long long> per_replica, total, steady_state;
  bool unbounded = false;
  std::string unbounded_reason;
  std::string formula;
  std::vector<connplan::source> sources;
};

struct pool_plan {
  std::string database, user;
  long long pool_size = 0, reserve = 0;
  std::optional<long long> clients;
  bool clients_unbounded = false;
  std::optional<long long> server_connections;
  long long ceiling = 0;
};

struct pgbouncer_plan {
  std::string name, server;
  long long instances = 1;
  std::optional<long long> client_demand;
  bool client_demand_unbounded = false;
  std::string client_demand_reason;  // why it is unbounded or unknown
  long long max_client_conn = 0;
  std::optional<long long> server_connections;
  long long ceiling = 0;
  std::vector<pool_plan> pools;
};

struct suggestion {
  std::string service, knob;
  long long current = 0;
  long long max_that_fits = 0;
  std::string message;
};

struct result {
  std::vector<server_plan> servers;
  std::vector<service_plan> services;
  std::vector<pgbouncer_plan> pgbouncers;
  std::vector<suggestion> suggestions;
};

[[nodiscard]] result compute(const deployment& d);

[[nodiscard]] std::string_view to_string(service_kind kind);

}  // namespace connplan::plan
