#include "support/memory_fs.hpp"

#include <memory>

namespace connplan::fuzz {
namespace {

constexpr std::string_view separator = "\n@@@ ";

std::filesystem::path under_root(std::string_view name) {
  std::filesystem::path p(std::string{name});
  return (p.is_absolute() ? p : fuzz_root / p).lexically_normal();
}

}  // namespace

memory_fs::memory_fs(std::string_view input, std::string_view main_name)
    : main_(under_root(main_name)) {
  std::size_t cut = input.find(separator);
  files_[main_] = std::string(input.substr(0, cut));
  while (cut != std::string_view::npos) {
    std::size_t name_start = cut + separator.size();
    std::size_t name_end = input.find('\n', name_start);
    std::string_view name =
        input.substr(name_start, name_end == std::string_view::npos ? std::string_view::npos
                                                                    : name_end - name_start);
    if (name_end == std::string_view::npos) break;
    cut = input.find(separator, name_end);
    std::size_t body_start = name_end + 1;
    std::string_view body = input.substr(
        body_start, cut == std::string_view::npos ? std::string_view::npos : cut - body_start);
    if (name.empty()) continue;
    files_.emplace(under_root(name), std::string(body));  // the first file of a name wins
  }
}

file_reader memory_fs::reader() const {
  auto files = std::make_shared<const std::map<std::filesystem::path, std::string>>(files_);
  return [files](const std::filesystem::path& path, const read_limits& limits) -> read_result {
    auto key = path.lexically_normal();
    if (auto it = files->find(key); it != files->end()) {
      if (it->second.size() > limits.max_bytes) {
        return read_failure{read_failure_kind::too_large, "is over the limit"};
      }
      if (it->second.find('\0') != std::string::npos) {
        return read_failure{read_failure_kind::binary, "is binary (a NUL byte)"};
      }
      return it->second;
    }
    std::string prefix = key.string();
    if (!prefix.empty() && prefix.back() != '/') prefix += '/';
    for (const auto& entry : *files) {  // a handful of files: a scan is enough
      if (entry.first.string().starts_with(prefix)) {
        return read_failure{read_failure_kind::not_regular, "is a directory"};
      }
    }
    return read_failure{read_failure_kind::missing, "does not exist"};
  };
}

inspect_options memory_fs::options() const {
  inspect_options options;
  options.root.dir = fuzz_root;
  options.reader = reader();
  // Small enough that the size limit itself is reached by the fuzzer now and then.
  options.limits.max_bytes = 64 * 1024;
  return options;
}

}  // namespace connplan::fuzz
