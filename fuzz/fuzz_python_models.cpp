// libFuzzer target: the abstract evaluator (src/pyeval) through the three models that read Python
// configuration — Django settings, gunicorn config, Celery config — as `connplan inspect` runs
// them, imports included. Extra modules follow "@@@ NAME" lines ("@@@ base.py",
// "@@@ pkg/__init__.py").
#include <cstddef>
#include <cstdint>

#include "connplan/celery.hpp"
#include "connplan/django.hpp"
#include "connplan/gunicorn.hpp"
#include "connplan/json_io.hpp"
#include "support/document.hpp"
#include "support/memory_fs.hpp"
#include "support/run_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return connplan::fuzz::guarded([&] {
    connplan::fuzz::memory_fs fs(connplan::fuzz::as_text(data, size), "proj/settings.py");
    connplan::inspect_options options = fs.options();
    // Some environment, so env lookups take their known paths as well as their unknown ones.
    options.env = {{"DATABASE_URL", "postgres://u:p@db:5432/app?conn_max_age=60"},
                   {"WEB_CONCURRENCY", "3"},
                   {"CONN_MAX_AGE", "60"}};
    options.cpus = 4;
    // A strict dump(): every string the Python front end keeps must be valid UTF-8 (the parser
    // refuses or transcodes other bytes, src/python/encoding.hpp), since inspect's text output and
    // rule messages dump values without a replacement handler.
    (void)connplan::to_json(connplan::django::inspect(fs.main(), options)).dump();
    (void)connplan::to_json(connplan::gunicorn::inspect(fs.main(), options)).dump();
    (void)connplan::to_json(connplan::celery::inspect(fs.main(), options)).dump();
  });
}
