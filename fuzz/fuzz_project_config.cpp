// libFuzzer target: connplan.toml and pyproject.toml's [tool.connplan] (src/project).
#include <cstddef>
#include <cstdint>

#include "connplan/project.hpp"
#include "support/memory_fs.hpp"
#include "support/run_guard.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return connplan::fuzz::guarded([&] {
    auto text = connplan::fuzz::as_text(data, size);
    (void)connplan::parse_project_config(text, "connplan.toml");
    (void)connplan::parse_project_config(text, "pyproject.toml", true);
  });
}
