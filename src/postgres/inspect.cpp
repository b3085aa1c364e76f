// postgres::inspect: one file of the `inspect` document (CONTRACTS.md §6, kind "postgresql").
#include <string>
#include <string_view>

#include "connplan/postgres.hpp"

namespace connplan::postgres {
namespace {

// postgresql.conf is read as bytes (guc-file.l is `%option 8bit`): a Latin-1 value is legal
// there but not in JSON. Invalid UTF-8 sequences become U+FFFD.
std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t n = c < 0x80           ? 1
                    : (c >> 5) == 0x6  ? 2
                    : (c >> 4) == 0xe  ? 3
                    : (c >> 3) == 0x1e ? 4
                                       : 0;
    bool ok = n > 0 && i + n <= s.size() && !(n == 2 && c < 0xc2);
    for (std::size_t k = 1; ok && k < n; ++k)
      ok = (static_cast<unsigned char>(s[i + k]) & 0xc0) == 0x80;
    if (ok) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\xef\xbf\xbd";
      ++i;
    }
  }
  return out;
}

}  // namespace

inspected_file inspect(const std::filesystem::path& file, const inspect_options& options) {
  server_config config = load(file, options);
  inspected_file out;
  out.path = valid_utf8(config.path);
  out.kind = "postgresql";
  out.accepted = config.accepted;
  out.complete = config.complete;
  for (const auto& [name, s] : config.settings) {
    value_entry entry =
        s.known ? value_entry::known(valid_utf8(s.setting), s.origin)
                : value_entry::unknown(valid_utf8(s.setting), valid_utf8(s.reason), s.origin);
    // `unit` is the base unit pg_settings reports; unit-less and custom names have none.
    if (!s.unit.empty()) entry.unit = s.unit;
    out.settings[valid_utf8(name)] = std::move(entry);
  }
  for (auto& sh : config.shadowed) {
    sh.name = valid_utf8(sh.name);
    if (sh.value.is_string()) sh.value = valid_utf8(sh.value.get<std::string>());
    out.shadowed.push_back(std::move(sh));
  }
  for (auto& d : config.diagnostics) {
    d.message = valid_utf8(d.message);
    for (auto& r : d.related) r.message = valid_utf8(r.message);
    out.diagnostics.push_back(std::move(d));
  }
  return out;
}

}  // namespace connplan::postgres
