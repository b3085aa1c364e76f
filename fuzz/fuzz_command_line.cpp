// libFuzzer target: start commands (src/launch) — shell words, wrappers, the gunicorn, uvicorn,
// daphne, celery and manage.py flag tables, and the precedence resolvers.
#include <cstddef>
#include <cstdint>

#include <map>
#include <string>

#include "connplan/command_line.hpp"
#include "support/memory_fs.hpp"
#include "support/run_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return connplan::fuzz::guarded([&] {
    connplan::launch::parse_options options;
    options.env = {{"WEB_CONCURRENCY", "3"}, {"GUNICORN_CMD_ARGS", "--threads 4"}};
    auto parsed =
        connplan::launch::parse_command_line(connplan::fuzz::as_text(data, size), options);
    std::map<std::string, connplan::launch::raw_value> none;
    for (const auto& cmd : parsed.commands) {
      switch (cmd.program) {
        case connplan::launch::program::gunicorn:
          (void)connplan::launch::resolve_gunicorn(cmd, options.env, none, true);
          break;
        case connplan::launch::program::celery:
          (void)connplan::launch::resolve_celery_worker(cmd, none);
          break;
        case connplan::launch::program::uvicorn:
          (void)connplan::launch::resolve_uvicorn(cmd, options.env);
          break;
        default:
          break;
      }
    }
  });
}
