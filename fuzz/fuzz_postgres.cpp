// libFuzzer target: postgresql.conf as `connplan inspect` reads it — grammar, include,
// include_if_exists, include_dir, value conversion, the JSON document (see
// docs/robustness.md). Extra files follow "@@@ NAME" lines (support/memory_fs.hpp).
#include <cstddef>
#include <cstdint>

#include "connplan/json_io.hpp"
#include "connplan/postgres.hpp"
#include "support/document.hpp"
#include "support/memory_fs.hpp"
#include "support/run_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return connplan::fuzz::guarded([&] {
    connplan::fuzz::memory_fs fs(connplan::fuzz::as_text(data, size), "postgresql.conf");
    connplan::inspect_options options = fs.options();
    auto file = connplan::postgres::inspect(fs.main(), options);
    (void)connplan::fuzz::document_text(file);
    // The same text under the oldest catalogue: version deltas take other paths.
    options.pg_version = "12";
    auto config = connplan::postgres::load(fs.main(), options);
    (void)config.integer("max_connections");
  });
}
