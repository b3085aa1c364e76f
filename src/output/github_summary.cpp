#include "output/github_summary.hpp"

#include <fmt/format.h>

#include "output/common.hpp"

namespace connplan::output {

std::string markdown_cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '|':
        out += "\\|";
        break;
      case '\n':
        out += "<br>";
        break;
      case '\r':
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

namespace {

std::string show(const std::optional<long long>& v, bool unbounded) {
  if (v) return std::to_string(*v);
  return unbounded ? "unbounded" : "unknown";
}

// Mermaid labels are quoted strings: a double quote would end them.
std::string mermaid_label(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"') {
      out += "'";
    } else if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      out.push_back(c);
    }
  }
  return out;
}

void server_table(std::string& out, const plan::result& plan) {
  out += "| server | max_connections | usable | demand | headroom | steady state | reload peak |\n";
  out += "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& s : plan.servers) {
    std::string headroom =
        s.headroom_percent ? fmt::format("{:.1f}%", *s.headroom_percent) : std::string("unknown");
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(s.name),
                       s.max_connections, s.usable, show(s.demand, s.unbounded), headroom,
                       show(s.steady_state, s.unbounded), show(s.reload_peak, s.unbounded));
  }
  out += "\n";
}

void budget_chart(std::string& out, const plan::server_plan& s) {
  out += fmt::format("### Budget of `{}`\n\n", s.name);
  if (!s.demand) {
    out += fmt::format("The demand on `{}` is {}; nothing to chart.\n\n", markdown_cell(s.name),
                       s.unbounded ? "unbounded" : "unknown");
    for (const auto& r : s.unbounded_reasons) out += fmt::format("- {}\n", markdown_cell(r));
    out += "\n";
    return;
  }
  out += "```mermaid\n";
  // mermaid's pie syntax (mermaid-js docs/syntax/pie.md): `pie showData`, `title …`, then
  // `"label" : value` lines.
  out += fmt::format("pie showData\n  title {}: demand {} of {} usable\n", mermaid_label(s.name),
                     *s.demand, s.usable);
  for (const auto& c : s.contributions) {
    if (c.connections && *c.connections > 0) {
      out += fmt::format("  \"{} {}\" : {}\n", c.kind, mermaid_label(c.name), *c.connections);
    }
  }
  if (*s.demand < s.usable) out += fmt::format("  \"free\" : {}\n", s.usable - *s.demand);
  out += "```\n\n";
  if (*s.demand > s.usable) {
    out += fmt::format("**Over capacity by {} connections.**\n\n", *s.demand - s.usable);
  }
}

void pgbouncer_table(std::string& out, const plan::result& plan) {
  if (plan.pgbouncers.empty()) return;
  out += "### PgBouncers\n\n";
  out +=
      "| pgbouncer | server | instances | clients | max_client_conn | server connections | "
      "ceiling |\n";
  out += "|---|---|---:|---:|---:|---:|---:|\n";
  for (const auto& b : plan.pgbouncers) {
    out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", markdown_cell(b.name),
                       markdown_cell(b.server), b.instances,
                       show(b.client_demand, b.client_demand_unbounded), b.max_client_conn,
                       show(b.server_connections, false), b.ceiling);
  }
  out += "\n";
}

void findings_table(std::string& out, const std::vector<finding>& findings) {
  out += "### Findings\n\n";
  if (findings.empty()) {
    out += "No findings.\n";
    return;
  }
  out += "| severity | rule | location | message |\n|---|---|---|---|\n";
  for (const finding* f : most_severe_first(findings)) {
    std::string where = "-";
    if (f->location) {
      span s = span_of(*f->location);
      where = s.line > 0 ? fmt::format("`{}:{}`", s.file, s.line) : fmt::format("`{}`", s.file);
      where = markdown_cell(where);
    }
    out += fmt::format("| {} | [{}]({}) | {} | {} |\n", to_string(f->severity),
                       markdown_cell(rule_title(f->code)), rule_url(f->code), where,
                       markdown_cell(message_with_notes(*f)));
  }
}

}  // namespace

std::string render_github_summary(const plan::result& plan, const std::vector<finding>& findings,
                                  const engine::summary& summary) {
  std::string out = "## connplan\n\n";
  out += fmt::format("{} error{}, {} warning{}, {} info{}", summary.error,
                     summary.error == 1 ? "" : "s", summary.warning,
                     summary.warning == 1 ? "" : "s", summary.info, summary.info == 1 ? "" : "s");
  if (summary.suppressed > 0) out += fmt::format(", {} suppressed", summary.suppressed);
  if (summary.baselined > 0) out += fmt::format(", {} baselined", summary.baselined);
  out += "\n\n";
  if (!plan.servers.empty()) server_table(out, plan);
  for (const auto& s : plan.servers) budget_chart(out, s);
  pgbouncer_table(out, plan);
  findings_table(out, findings);
  return out;
}

}  // namespace connplan::output
