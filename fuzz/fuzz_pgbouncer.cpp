// libFuzzer target: pgbouncer.ini as `connplan inspect` reads it — sections, connection strings,
// %include, auth_file, the JSON document. Extra files follow "@@@ NAME" lines.
#include <cstddef>
#include <cstdint>

#include "connplan/json_io.hpp"
#include "connplan/pgbouncer.hpp"
#include "support/document.hpp"
#include "support/memory_fs.hpp"
#include "support/run_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return connplan::fuzz::guarded([&] {
    connplan::fuzz::memory_fs fs(connplan::fuzz::as_text(data, size), "pgbouncer.ini");
    connplan::inspect_options options = fs.options();
    auto file = connplan::pgbouncer::inspect(fs.main(), options);
    (void)connplan::fuzz::document_text(file);
    options.pgbouncer_version = "1.18";
    auto config = connplan::pgbouncer::load(fs.main(), options);
    for (const auto& db : config.databases) (void)config.database(db.name);
  });
}
