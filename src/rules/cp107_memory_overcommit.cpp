// CP107 memory-overcommit: `shared_buffers + (max_connections + max_worker_processes) × work_mem ×
// k`, k = 2 (CONTRACTS §11), exceeds the `[postgres] memory` declared in connplan.toml. Each
// backend may use work_mem several times at once, once per sort or hash node ("several running
// sessions could be doing such operations concurrently … the total memory used could be many times
// the value of work_mem", config.sgml `work_mem`); PGTune sizes work_mem as (RAM − shared_buffers)
// / ((max_connections + max_worker_processes) × 3), i.e. k = 2–3 (domain.md §6.6, §8 item 57).
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <cmath>

#include "rules/checks.hpp"
#include "rules/rule_context.hpp"

namespace connplan::rules {
namespace {

constexpr long double kB = 1024.0L;
constexpr int k = 2;  // work_mem allocations per backend (CONTRACTS §11)

// PostgreSQL's memory units (config.sgml "Numeric with Unit": B, kB, MB, GB, TB; multiplier 1024,
// case-sensitive), optionally with a fraction and blanks before the unit, as a quoted value in
// postgresql.conf may have. nullopt for anything else.
std::optional<long double> parse_memory(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
    text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
    text.remove_suffix(1);
  std::size_t i = 0;
  while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.'))
    ++i;
  if (i == 0) return std::nullopt;
  double number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + i, number);
  if (ec != std::errc() || end != text.data() + i) return std::nullopt;
  std::string_view unit = text.substr(i);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  static constexpr std::pair<std::string_view, int> units[] = {
      {"B", 0}, {"kB", 1}, {"MB", 2}, {"GB", 3}, {"TB", 4}};
  for (const auto& [name, power] : units) {
    if (unit == name) return number * std::pow(kB, power);
  }
  return std::nullopt;
}

// Bytes as PostgreSQL would print a size: the largest unit, one decimal when not whole.
std::string pretty(long double bytes) {
  static constexpr std::string_view names[] = {"B", "kB", "MB", "GB", "TB"};
  int unit = 0;
  while (unit < 4 && bytes >= kB * std::pow(kB, unit)) ++unit;
  long double v = bytes / std::pow(kB, unit);
  long double rounded = std::round(v * 10) / 10;
  if (rounded == std::floor(rounded))
    return fmt::format("{}{}", static_cast<long long>(rounded), names[unit]);
  return fmt::format("{:.1f}{}", static_cast<double>(rounded), names[unit]);
}

struct parameter {
  std::optional<long long> value;  // base units
  connplan::source origin;
};

// A parameter of the server's postgresql.conf (set or default), or PostgreSQL's default when the
// repository has no postgresql.conf (postgresql.conf.sample, domain.md §6.2).
parameter parameter_of(const loaded_server& s, std::string_view name, long long fallback) {
  if (!s.config) return {fallback, source::default_value()};
  auto it = s.config->settings.find(std::string(name));
  return {s.config->integer(name),
          it != s.config->settings.end() ? it->second.origin : source::default_value()};
}

const postgres_decl* decl_named(const project_config& config, const std::string& name) {
  for (const auto& d : config.servers) {
    if (d.name.value == name) return &d;
  }
  return nullptr;
}

}  // namespace

void check_cp107(const rule_context& ctx, std::vector<finding>& out) {
  if (ctx.model == nullptr) return;
  for (const auto& server : ctx.model->servers) {
    const postgres_decl* decl = decl_named(ctx.model->config, server.input.name);
    if (decl == nullptr || !decl->memory) continue;  // only when the memory is declared
    auto memory = parse_memory(decl->memory->value);
    if (!memory) {
      out.push_back(make_finding(
          "CP010",
          fmt::format("[postgres] memory = \"{}\" is not a size in PostgreSQL's units (B, kB, MB, "
                      "GB, TB, e.g. \"16GB\")",
                      decl->memory->value),
          first_location({decl->memory->origin}), server.input.name + ".memory"));
      continue;
    }
    const parameter shared_buffers = parameter_of(server, "shared_buffers", 16384);  // 8kB pages
    const parameter work_mem = parameter_of(server, "work_mem", 4096);               // kB
    const parameter workers = parameter_of(server, "max_worker_processes", 8);
    parameter connections = parameter_of(server, "max_connections", 100);
    if (!server.config) {
      connections = {server.input.max_connections.value,
                     server.input.max_connections.sources.empty()
                         ? source::default_value()
                         : server.input.max_connections.sources.front()};
    }
    if (!shared_buffers.value || !work_mem.value || !workers.value || !connections.value)
      continue;  // an unknown value is CP502's or CP002's to report
    const long double sb = static_cast<long double>(*shared_buffers.value) * 8 * kB;
    const long double wm = static_cast<long double>(*work_mem.value) * kB;
    const long long backends = *connections.value + *workers.value;
    const long double total = sb + static_cast<long double>(backends) * wm * k;
    if (total <= *memory) continue;

    auto f = make_finding(
        "CP107",
        fmt::format("{} may use {} of memory in the worst case, more than the {} it has",
                    server.input.name, pretty(total), pretty(*memory)),
        first_location({decl->memory->origin}), server.input.name + ".memory");
    f.notes.push_back(fmt::format(
        "shared_buffers {} + (max_connections {} + max_worker_processes {}) × work_mem {} × {} = "
        "{}",
        pretty(sb), *connections.value, *workers.value, pretty(wm), k, pretty(total)));
    auto relate = [&](const parameter& p, std::string text) {
      if (auto at = first_location({p.origin})) f.related.push_back({at, std::move(text)});
    };
    relate(work_mem, fmt::format("work_mem = {}", pretty(wm)));
    relate(connections, fmt::format("max_connections = {}", *connections.value));
    relate(shared_buffers, fmt::format("shared_buffers = {}", pretty(sb)));
    relate(workers, fmt::format("max_worker_processes = {}", *workers.value));
    if (*memory > sb) {
      const long double fits = (*memory - sb) / (static_cast<long double>(backends) * k);
      f.notes.push_back(fmt::format(
          "a work_mem of at most {} fits: (memory − shared_buffers) / ((max_connections + "
          "max_worker_processes) × {}); or lower max_connections and put a PgBouncer in front",
          pretty(std::floor(fits / kB) * kB), k));
    } else {
      f.notes.push_back("shared_buffers alone is at least the declared memory");
    }
    f.notes.push_back(
        "k = 2 work_mem allocations per backend (sorts and hashes; a hash may use work_mem × "
        "hash_mem_multiplier), as PGTune assumes");
    out.push_back(std::move(f));
  }
}

}  // namespace connplan::rules
