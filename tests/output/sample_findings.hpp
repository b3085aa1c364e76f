// Findings for the format tests: one per severity, one without a location, awkward characters.
#pragma once

#include <vector>

#include "connplan/finding.hpp"

namespace connplan::output::testing {

inline source_location at(std::string file, std::uint32_t line, std::uint32_t column,
                          std::uint32_t end_column) {
  return source_location{std::move(file), {line, column}, {line, end_column}};
}

inline std::vector<finding> sample_findings() {
  std::vector<finding> out;
  finding capacity =
      make_finding("CP101", "worst-case demand of 412 connections exceeds the 197 usable slots",
                   at("deploy/postgresql.conf", 64, 1, 22), "max_connections");
  capacity.related.push_back({at("gunicorn.conf.py", 3, 1, 11), "web: 4 workers × 100 = 400"});
  capacity.related.push_back({std::nullopt, "operations: 12"});
  capacity.notes.push_back("412 = 400 + 12");
  out.push_back(capacity);
  out.push_back(make_finding("CP301", "gunicorn ignores `max_worker_age`: it is not a setting",
                             at("gunicorn.conf.py", 7, 1, 21), "max_worker_age"));
  out.push_back(make_finding("CP304", "max_requests = 500 without max_requests_jitter",
                             at("gunicorn.conf.py", 6, 1, 18), "max_requests"));
  out.push_back(make_finding("CP804", "no known program starts the service \"web\""));
  // Quotes, <, &, %, a newline, and a comma and colon in the path.
  out.push_back(make_finding("CP701", "password \"***\" <set> & 100% hard-coded\nsee line 2",
                             at("a,b:c/settings.py", 2, 5, 9), "DATABASES.default.PASSWORD"));
  return out;
}

}  // namespace connplan::output::testing
