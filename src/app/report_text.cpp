#include "app/report_text.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "app/diagnostic_text.hpp"
#include "app/inspect_text.hpp"
#include "app/text_width.hpp"

namespace connplan {

std::string usage_bar(long long used, long long capacity, int width) {
  if (capacity <= 0) return "[" + std::string(static_cast<std::size_t>(width), '!') + "]";
  long long filled = std::min<long long>(width, (used * width + capacity - 1) / capacity);
  std::string bar = "[" + std::string(static_cast<std::size_t>(filled), '#') +
                    std::string(static_cast<std::size_t>(width - filled), '.') + "]";
  if (used > capacity) bar.back() = '!';
  return bar;
}

std::string summary_line(const engine::summary& s) {
  auto part = [](int n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  std::string line = fmt::format("{}, {}, {}", part(s.error, "error"), part(s.warning, "warning"),
                                 part(s.info, "info"));
  if (s.suppressed > 0) line += fmt::format(", {} suppressed", s.suppressed);
  if (s.baselined > 0) line += fmt::format(", {} baselined", s.baselined);
  return line;
}

namespace {

std::string show(const std::optional<long long>& v, bool unbounded = false) {
  if (v) return std::to_string(*v);
  return unbounded ? "unbounded" : "unknown";
}

std::string sources_text(const std::vector<source>& sources) {
  std::vector<std::string> parts;
  for (const auto& s : sources) {
    std::string text = describe_source(s);
    if (std::find(parts.begin(), parts.end(), text) == parts.end()) parts.push_back(text);
  }
  return parts.empty() ? "-" : fmt::format("{}", fmt::join(parts, ", "));
}

void render_server(std::string& out, const plan::server_plan& s) {
  out += fmt::format(
      "PostgreSQL \"{}\": {} max_connections − {} superuser_reserved_connections − {} "
      "reserved_connections = {} usable\n",
      s.name, s.max_connections, s.superuser_reserved_connections, s.reserved_connections,
      s.usable);
  out += fmt::format("  limits from: {}\n", sources_text(s.limit_sources));
  std::size_t width = 12;
  for (const auto& c : s.contributions) width = std::max(width, display_width(c.formula));
  out +=
      fmt::format("  {}  {:>11}  {}\n", pad_right("contribution", width), "connections", "sources");
  for (const auto& c : s.contributions) {
    out += fmt::format("  {}  {:>11}  {}\n", pad_right(c.formula, width),
                       show(c.connections, c.unbounded), sources_text(c.sources));
  }
  out += fmt::format("  {:<14}{}\n", "demand", show(s.demand, s.unbounded));
  for (const auto& r : s.unbounded_reasons) out += fmt::format("  {:<14}  {}\n", "", r);
  out += fmt::format("  {:<14}{}\n", "usable", s.usable);
  if (s.demand && s.headroom_percent) {
    out += fmt::format("  {:<14}{} {:.1f}% ({} of {} used)\n", "headroom",
                       usage_bar(*s.demand, s.usable), *s.headroom_percent, *s.demand, s.usable);
  } else {
    out += fmt::format("  {:<14}unknown\n", "headroom");
  }
  out += fmt::format("  {:<14}{}\n", "steady state", show(s.steady_state, s.unbounded));
  out += fmt::format("  {:<14}{}\n", "reload peak", show(s.reload_peak, s.unbounded));
}

void render_pgbouncer(std::string& out, const plan::pgbouncer_plan& b) {
  out += fmt::format("PgBouncer \"{}\" in front of \"{}\" ({} instance{})\n", b.name, b.server,
                     b.instances, b.instances == 1 ? "" : "s");
  out += fmt::format("  clients             {} of max_client_conn {} per instance\n",
                     show(b.client_demand, b.client_demand_unbounded), b.max_client_conn);
  out +=
      fmt::format("  server connections  {} (ceiling {})\n", show(b.server_connections), b.ceiling);
  for (const auto& p : b.pools) {
    out += fmt::format(
        "  pool {}/{}: pool_size {} + reserve {}, {} clients → {} server connections (ceiling "
        "{})\n",
        p.database, p.user.empty() ? "?" : p.user, p.pool_size, p.reserve, show(p.clients),
        show(p.server_connections), p.ceiling);
  }
}

}  // namespace

std::string render_report_text(const plan::result& plan, const std::vector<assumption>& assumptions,
                               const std::vector<finding>& findings, const engine::summary& summary,
                               source_lines& sources, bool color) {
  std::string out;
  for (const auto& s : plan.servers) {
    render_server(out, s);
    out += "\n";
  }
  for (const auto& b : plan.pgbouncers) {
    render_pgbouncer(out, b);
    out += "\n";
  }
  if (!plan.suggestions.empty()) {
    out += "What fits:\n";
    for (const auto& s : plan.suggestions) out += fmt::format("  {}\n", s.message);
    out += "\n";
  }
  if (!assumptions.empty()) {
    out += "Assumptions:\n";
    for (const auto& a : assumptions) {
      out += fmt::format(
          "  {} = {} — {}{}\n", a.name, a.value, a.origin,
          a.used_by.empty() ? "" : fmt::format("; used by {}", fmt::join(a.used_by, ", ")));
    }
    out += "\n";
  }
  for (const auto& f : findings) out += format_diagnostic(f, sources, color);
  out += summary_line(summary) + "\n";
  if (color) out += explain_hint(findings, true);
  return out;
}

}  // namespace connplan
