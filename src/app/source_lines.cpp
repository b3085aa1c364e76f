#include "app/source_lines.hpp"

#include "connplan/redact.hpp"

namespace connplan {

const std::vector<std::string_view>* source_lines::lines_of(const std::string& display_path) {
  if (auto it = lines_.find(display_path); it != lines_.end()) return &it->second;
  std::filesystem::path path(display_path);
  if (path.is_relative()) path = root_.dir / path;
  auto result = reader_(path, limits_);
  std::vector<std::string_view> lines;
  if (auto* text = std::get_if<std::string>(&result)) {
    const std::string& stored = texts_[display_path] = std::move(*text);
    std::string_view rest = stored;
    while (!rest.empty()) {
      std::size_t eol = rest.find('\n');
      std::string_view line = rest.substr(0, eol);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      lines.push_back(line);
      if (eol == std::string_view::npos) break;
      rest.remove_prefix(eol + 1);
    }
  }
  return &(lines_[display_path] = std::move(lines));
}

std::optional<std::string> source_lines::line(const std::string& display_path, std::uint32_t line) {
  const auto* lines = lines_of(display_path);
  if (lines == nullptr || line == 0 || line > lines->size()) return std::nullopt;
  return redact_secrets((*lines)[line - 1]);
}

}  // namespace connplan
