// Terminal columns of UTF-8 text: one per code point (connplan prints "×" and "−" in formulas), so
// tables line up where byte counts would not.
#pragma once

#include <string>
#include <string_view>

namespace connplan {

[[nodiscard]] inline std::size_t display_width(std::string_view text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;  // count every byte but continuation bytes
  return n;
}

[[nodiscard]] inline std::string pad_right(std::string_view text, std::size_t width) {
  std::string out(text);
  std::size_t w = display_width(text);
  if (w < width) out.append(width - w, ' ');
  return out;
}

[[nodiscard]] inline std::string pad_left(std::string_view text, std::size_t width) {
  std::size_t w = display_width(text);
  return (w < width ? std::string(width - w, ' ') : std::string()) + std::string(text);
}

}  // namespace connplan
