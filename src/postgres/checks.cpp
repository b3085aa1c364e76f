#include "postgres/checks.hpp"

#include <array>

#include <fmt/format.h>

namespace connplan::postgres {
namespace {

constexpr std::array<std::string_view, 13> defaults{"max_connections",
                                                    "superuser_reserved_connections",
                                                    "reserved_connections",
                                                    "shared_buffers",
                                                    "work_mem",
                                                    "maintenance_work_mem",
                                                    "statement_timeout",
                                                    "idle_in_transaction_session_timeout",
                                                    "max_wal_senders",
                                                    "max_worker_processes",
                                                    "autovacuum_max_workers",
                                                    "listen_addresses",
                                                    "port"};

int major(std::string_view version) {
  int v = 0;
  for (char c : version) {
    if (c < '0' || c > '9') break;
    v = v * 10 + (c - '0');
  }
  return v;
}

const effective_setting* find(const server_config& config, std::string_view name) {
  auto it = config.settings.find(std::string(name));
  return it == config.settings.end() ? nullptr : &it->second;
}

// Where a finding about `name` anchors: its line, or nothing when it is a default.
std::optional<source_location> anchor(const server_config& config, std::string_view name) {
  const effective_setting* s = find(config, name);
  if (s == nullptr || s->origin.kind != source_kind::file) return std::nullopt;
  return s->origin.location;
}

std::string setting_of(const server_config& config, std::string_view name) {
  const effective_setting* s = find(config, name);
  return s != nullptr && s->known ? s->setting : std::string();
}

// The first of `names` set in a file, else a location on the main file's first line.
source_location anchor_any(const server_config& config,
                           std::initializer_list<std::string_view> names) {
  for (auto name : names)
    if (auto where = anchor(config, name)) return *where;
  return source_location{config.path, {1, 1}, {1, 1}};
}

void add(server_config& config, std::string_view code, std::string message, source_location where,
         std::string identity, std::initializer_list<std::string_view> related) {
  auto f = make_finding(code, std::move(message), where, std::move(identity));
  for (auto name : related) {
    auto loc = anchor(config, name);
    if (loc && *loc != where) {
      f.related.push_back({*loc, fmt::format("{} = {}", name, setting_of(config, name))});
    }
  }
  f.notes.push_back("PostgreSQL accepts this file (postgres -C) but the server refuses to start");
  config.diagnostics.push_back(std::move(f));
}

}  // namespace

std::span<const std::string_view> key_defaults() {
  return defaults;
}

void apply_start_checks(server_config& config) {
  const int version = major(config.version);
  auto max_connections = config.integer("max_connections");
  auto superuser_reserved = config.integer("superuser_reserved_connections");
  std::optional<long long> reserved =
      version >= 16 ? config.integer("reserved_connections") : std::optional<long long>(0);

  // postmaster.c PostmasterMain @ REL_15_STABLE: ReservedBackends >= MaxConnections.
  if (max_connections && superuser_reserved && reserved &&
      *superuser_reserved + *reserved >= *max_connections) {
    std::string message;
    if (version >= 17) {
      message = fmt::format(
          "\"superuser_reserved_connections\" ({}) plus \"reserved_connections\" ({}) must be "
          "less than \"max_connections\" ({})",
          *superuser_reserved, *reserved, *max_connections);
    } else if (version == 16) {
      message = fmt::format(
          "superuser_reserved_connections ({}) plus reserved_connections ({}) must be less than "
          "max_connections ({})",
          *superuser_reserved, *reserved, *max_connections);
    } else {
      message =
          fmt::format("superuser_reserved_connections ({}) must be less than max_connections ({})",
                      *superuser_reserved, *max_connections);
    }
    add(config, "CP505", std::move(message),
        anchor_any(config,
                   {"max_connections", "superuser_reserved_connections", "reserved_connections"}),
        "max_connections", {"superuser_reserved_connections", "reserved_connections"});
  }

  const std::string wal_level = setting_of(config, "wal_level");
  if (wal_level == "minimal") {
    auto senders = config.integer("max_wal_senders");
    if (senders && *senders > 0) {
      add(config, "CP506",
          "WAL streaming (max_wal_senders > 0) requires wal_level \"replica\" or \"logical\"",
          anchor_any(config, {"wal_level"}), "wal_level:max_wal_senders", {"max_wal_senders"});
    }
    const std::string archive_mode = setting_of(config, "archive_mode");
    if (!archive_mode.empty() && archive_mode != "off") {
      add(config, "CP506", "WAL archival cannot be enabled when wal_level is \"minimal\"",
          anchor_any(config, {"archive_mode", "wal_level"}), "wal_level:archive_mode",
          {"wal_level"});
    }
    if (version >= 17 && setting_of(config, "summarize_wal") == "on") {
      add(config, "CP506", "WAL cannot be summarized when wal_level is \"minimal\"",
          anchor_any(config, {"summarize_wal", "wal_level"}), "wal_level:summarize_wal",
          {"wal_level"});
    }
  }

  // From PostgreSQL 16 the MaxBackends sum is checked at start (InitializeMaxBackends); up to
  // 15 the parameters' check hooks reject it while the file is read (loader.cpp).
  if (version >= 16) {
    long long sum = 1;
    bool all = true;
    for (auto name :
         {"max_connections", "autovacuum_max_workers", "max_worker_processes", "max_wal_senders"}) {
      auto v = config.integer(name);
      if (!v) all = false;
      sum += v.value_or(0);
    }
    if (all && sum > 0x3FFFF) {
      add(config, "CP506",
          version >= 17 ? "too many server processes configured" : "too many backends configured",
          anchor_any(config, {"max_connections", "max_worker_processes", "autovacuum_max_workers",
                              "max_wal_senders"}),
          "max_backends", {"max_worker_processes", "autovacuum_max_workers", "max_wal_senders"});
    }
  }
}

}  // namespace connplan::postgres
