// libFuzzer target: launch files (src/launchfiles) — Dockerfiles, shell scripts, Procfiles,
// systemd units, supervisord programs, compose files, Kubernetes manifests. The first byte picks
// the format (so every reader gets every input), the rest is the file; format detection by name
// and shape runs on the same text.
#include <cstddef>
#include <cstdint>
#include <string>

#include "connplan/launch_files.hpp"
#include "support/memory_fs.hpp"
#include "support/run_guard.hpp"

namespace lf = connplan::launchfiles;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  return connplan::fuzz::guarded([&] {
    static constexpr lf::format formats[] = {
        lf::format::dockerfile,  lf::format::shell,   lf::format::procfile,  lf::format::systemd,
        lf::format::supervisord, lf::format::compose, lf::format::kubernetes};
    static constexpr const char* names[] = {"Dockerfile",     "start.sh",         "Procfile",
                                            "web.service",    "supervisord.conf", "compose.yml",
                                            "deployment.yaml"};
    const std::size_t pick = data[0] % std::size(formats);
    auto text = connplan::fuzz::as_text(data + 1, size - 1);
    lf::read_options options;
    options.env = {{"WEB_CONCURRENCY", "3"}, {"PORT", "8000"}};
    (void)lf::read_launch_file(text, names[pick], formats[pick], options);
    (void)lf::format_of(names[pick], text.substr(0, 4096));
  });
}
