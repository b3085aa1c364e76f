// The worker class gunicorn really runs (gunicorn/config.py `Config.worker_class_str`,
// gunicorn/workers/__init__.py SUPPORTED_WORKERS @ 20.1.0 … 23.0.0).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "connplan/value.hpp"

namespace connplan::gunicorn::detail {

// The short name of a built-in worker class: an alias of SUPPORTED_WORKERS (`gevent_wsgi`,
// `gevent_pywsgi` -> gevent), its `egg:gunicorn#name` form, or the dotted path of a built-in class
// (`gunicorn.workers.ggevent.GeventWorker` -> gevent); any other path is returned as written.
[[nodiscard]] std::string canonical_worker_class(std::string_view uri);

// What gunicorn runs for a worker_class value and a threads count: a string "sync" or a path
// ending in "SyncWorker" with threads > 1 becomes gthread; a class object (is_class) is never
// switched (23.0: `isinstance(uri, str)`).
[[nodiscard]] std::string effective_worker_class(std::string_view uri, bool is_class,
                                                 std::int64_t threads);

// Orders effective classes by the connections a process can hold, for the worst case of
// alternatives: gevent/eventlet (worker_connections greenlets, unbounded with persistent
// connections) and other paths (ASGI workers such as UvicornWorker: no cap) above gthread
// (threads) above tornado and sync (one request at a time).
[[nodiscard]] int worker_class_rank(std::string_view effective);

// The effective class from the worker_class and threads entries, combining alternatives
// (value = the worst case by worker_class_rank). Unknown when either input is unknown and the
// answer depends on it.
[[nodiscard]] value_entry effective_entry(const value_entry& worker_class, bool is_class,
                                          const value_entry& threads);

}  // namespace connplan::gunicorn::detail
