#include "observe/libpq_api.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>

#include "connplan/error.hpp"

namespace connplan::observe {

namespace {

// libpq's soname has been libpq.so.5 since PostgreSQL 8.0 (src/interfaces/libpq/Makefile,
// SO_MAJOR_VERSION = 5); the unversioned libpq.so is only in the -dev package. CONNPLAN_LIBPQ
// names another file (a libpq outside the loader's path, as in a PostgreSQL built from source).
std::string library_name() {
  const char* chosen = std::getenv("CONNPLAN_LIBPQ");
  return chosen && *chosen ? chosen : "libpq.so.5";
}

template <typename F>
void bind(void* handle, const std::string& library, const char* name, F& out) {
  void* symbol = dlsym(handle, name);
  if (!symbol) throw error(fmt::format("cannot use {}: it has no function {}", library, name));
  out = reinterpret_cast<F>(symbol);
}

libpq_api load() {
  const std::string library = library_name();
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    const char* why = dlerror();
    throw error(fmt::format("observe needs libpq (Debian package libpq5): cannot load {}: {}",
                            library, why ? why : "unknown reason"));
  }
  // Never dlclose'd: libpq stays loaded for the rest of the process, as if it were linked.
  libpq_api api{};
  bind(handle, library, "PQconnectdbParams", api.connectdb_params);
  bind(handle, library, "PQstatus", api.status);
  bind(handle, library, "PQerrorMessage", api.error_message);
  bind(handle, library, "PQfinish", api.finish);
  bind(handle, library, "PQhost", api.host);
  bind(handle, library, "PQport", api.port);
  bind(handle, library, "PQconninfoParse", api.conninfo_parse);
  bind(handle, library, "PQconninfoFree", api.conninfo_free);
  bind(handle, library, "PQfreemem", api.freemem);
  bind(handle, library, "PQexec", api.exec);
  bind(handle, library, "PQresultStatus", api.result_status);
  bind(handle, library, "PQclear", api.clear);
  bind(handle, library, "PQntuples", api.ntuples);
  bind(handle, library, "PQfnumber", api.fnumber);
  bind(handle, library, "PQgetisnull", api.getisnull);
  bind(handle, library, "PQgetvalue", api.getvalue);
  return api;
}

}  // namespace

const libpq_api& libpq() {
  // A failed load is retried on the next call (the error is thrown, nothing is cached).
  static std::mutex lock;
  static std::optional<libpq_api> api;
  std::lock_guard<std::mutex> guard(lock);
  if (!api) api = load();
  return *api;
}

}  // namespace connplan::observe
