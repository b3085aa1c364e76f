// convert_value against the rules of PostgreSQL 15's GUC machinery (tool-behaviour.md
// "PostgreSQL 15", domain.md §6.3-6.4), and differentially against a real PostgreSQL 15.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "postgres/catalogue.hpp"

namespace connplan::postgres {
namespace {

converted_value conv(std::string_view name, std::string_view value) {
  const auto* p = find_parameter(name, "15");
  EXPECT_NE(p, nullptr) << name;
  return p ? convert_value(*p, value) : converted_value{};
}

std::string setting(std::string_view name, std::string_view value) {
  auto r = conv(name, value);
  EXPECT_FALSE(r.error) << name << " = " << value << ": " << r.error.value_or("");
  return r.setting;
}

std::string error(std::string_view name, std::string_view value) {
  auto r = conv(name, value);
  EXPECT_TRUE(r.error) << name << " = " << value << " gave " << r.setting;
  return r.error.value_or("");
}

// tool-behaviour.md 3: "Integers go through strtol(..., 0): '010' is octal 8, 0x10000 is hex;
// quoting a number is fine (port = '6543', '  200  ')."
TEST(convert_value, integers_are_read_by_strtol_base_0) {
  EXPECT_EQ(setting("max_connections", "010"), "8");
  EXPECT_EQ(setting("max_connections", "0x1000"), "4096");
  EXPECT_EQ(setting("port", "6543"), "6543");
  EXPECT_EQ(setting("max_connections", "  200  "), "200");
  EXPECT_EQ(setting("max_connections", "0X1f"), "31");
  // strtol stops at '8' in "08" and the rest is not a unit: rejected as in parse_int.
  EXPECT_EQ(error("max_connections", "08"),
            R"(invalid value for parameter "max_connections": "08")");
  // guc.c parse_int: "If the conversion stops at a decimal point or 'e' ... re-parse as float".
  EXPECT_EQ(setting("max_connections", "1e2"), "100");
}

// tool-behaviour.md 4: "Rounding to the base unit is round-half-to-even (rint): shared_buffers =
// 1004kB = 125.5 pages -> 126, 1001kB -> 125, max_connections = 100.5 -> 100, 101.5 -> 102,
// statement_timeout = 500us -> 0 (= disabled!), 1500us -> 2 ms, work_mem = 100B -> 0 kB -> out of
// range error."
TEST(convert_value, rounding_is_half_to_even) {
  EXPECT_EQ(setting("shared_buffers", "1004kB"), "126");
  EXPECT_EQ(setting("shared_buffers", "1001kB"), "125");
  EXPECT_EQ(setting("max_connections", "100.5"), "100");
  EXPECT_EQ(setting("max_connections", "101.5"), "102");
  EXPECT_EQ(setting("statement_timeout", "500us"), "0");
  EXPECT_EQ(setting("statement_timeout", "1500us"), "2");
  EXPECT_EQ(error("work_mem", "100B"),
            R"(0 kB is outside the valid range for parameter "work_mem" (64 .. 2147483647))");
}

// tool-behaviour.md 5: "'1.5min' is 90000 ms; '1.5MB' is 1536 kB ... ('1 GB' works)".
// domain.md §6.3: "If a fractional value is specified with a unit, it will be rounded to a
// multiple of the next smaller unit if there is one."
TEST(convert_value, fractions_with_units_round_to_the_next_smaller_unit) {
  EXPECT_EQ(setting("statement_timeout", "1.5min"), "90000");
  EXPECT_EQ(setting("work_mem", "1.5MB"), "1536");
  EXPECT_EQ(setting("work_mem", "1 GB"), "1048576");
  // 0.3 MB = 307.2 kB -> 307 kB (kB is the next smaller unit).
  EXPECT_EQ(setting("work_mem", "0.3MB"), "307");
  // 1.0001 s = 1000.1 ms -> 1000 ms; in seconds: 1.4 min = 84 s.
  EXPECT_EQ(setting("statement_timeout", "1.0001s"), "1000");
  EXPECT_EQ(setting("checkpoint_timeout", "1.4min"), "84");
}

// tool-behaviour.md 6: "Units are case-sensitive (1gb invalid ...). A number without unit is in
// the base unit: shared_buffers = 100 is 100 x 8kB; statement_timeout = 30 is 30 ms."
// domain.md §6.3: "work_mem = 8M -> invalid value for parameter "work_mem": "8M" with hint
// Valid units for this parameter are "B", "kB", "MB", "GB", and "TB"."
TEST(convert_value, units_are_case_sensitive_and_default_to_the_base_unit) {
  EXPECT_EQ(setting("shared_buffers", "100"), "100");
  EXPECT_EQ(setting("statement_timeout", "30"), "30");
  EXPECT_EQ(setting("shared_buffers", "128MB"), "16384");
  EXPECT_EQ(setting("log_rotation_age", "1d"), "1440");
  EXPECT_EQ(setting("wal_keep_size", "1TB"), "1048576");
  auto r = conv("work_mem", "8M");
  EXPECT_EQ(r.error, R"(invalid value for parameter "work_mem": "8M")");
  EXPECT_EQ(r.hint, R"(Valid units for this parameter are "B", "kB", "MB", "GB", and "TB".)");
  r = conv("work_mem", "1gb");
  EXPECT_EQ(r.error, R"(invalid value for parameter "work_mem": "1gb")");
  r = conv("statement_timeout", "1 sec");
  EXPECT_EQ(r.hint, R"(Valid units for this parameter are "us", "ms", "s", "min", "h", and "d".)");
  // A unit on a unitless parameter: rejected without a hint (parse_int).
  r = conv("max_connections", "100kB");
  EXPECT_TRUE(r.error);
  EXPECT_FALSE(r.hint);
}

// guc.c parse_int: "Round to int, then check for overflow" with the hint "Value exceeds integer
// range."
TEST(convert_value, integer_overflow_is_an_invalid_value) {
  auto r = conv("work_mem", "2TB");  // 2^31 kB, one more than INT_MAX
  EXPECT_EQ(r.error, R"(invalid value for parameter "work_mem": "2TB")");
  EXPECT_EQ(r.hint, "Value exceeds integer range.");
  EXPECT_EQ(conv("max_connections", "99999999999999999999").hint, "Value exceeds integer range.");
  EXPECT_EQ(setting("work_mem", "2147483647"), "2147483647");
}

// guc.c parse_and_validate_value: "%d%s%s is outside the valid range for parameter \"%s\"
// (%d .. %d)", and "%g%s%s ... (%g .. %g)" for reals.
TEST(convert_value, range_errors_use_postgresql_messages) {
  EXPECT_EQ(error("max_connections", "0"),
            R"(0 is outside the valid range for parameter "max_connections" (1 .. 262143))");
  EXPECT_EQ(error("seq_page_cost", "-1"),
            R"(-1 is outside the valid range for parameter "seq_page_cost" (0 .. 1.79769e+308))");
  EXPECT_EQ(
      error("shared_buffers", "8kB"),
      R"(1 8kB is outside the valid range for parameter "shared_buffers" (16 .. 1073741823))");
}

// Real-valued parameters print with %g (GetConfigOption).
TEST(convert_value, reals_print_as_percent_g) {
  EXPECT_EQ(setting("seq_page_cost", "1.50"), "1.5");
  EXPECT_EQ(setting("seq_page_cost", "1e-7"), "1e-07");
  EXPECT_EQ(setting("hash_mem_multiplier", "2.0"), "2");
  EXPECT_EQ(setting("vacuum_cost_delay", "1500us"), "1.5");
  EXPECT_EQ(setting("seq_page_cost", "1234567"), "1.23457e+06");
  // src/port/snprintf.c prints infinities as "Infinity".
  EXPECT_EQ(
      error("seq_page_cost", "inf"),
      R"(Infinity is outside the valid range for parameter "seq_page_cost" (0 .. 1.79769e+308))");
  EXPECT_EQ(error("seq_page_cost", "nan"), R"(invalid value for parameter "seq_page_cost": "nan")");
}

// tool-behaviour.md 7: "Booleans accept any unambiguous prefix of on/off/true/false/yes/no (of,
// YES, 1); o is ambiguous and rejected."
TEST(convert_value, booleans_by_unambiguous_prefix) {
  EXPECT_EQ(setting("enable_seqscan", "of"), "off");
  EXPECT_EQ(setting("enable_seqscan", "YES"), "on");
  EXPECT_EQ(setting("enable_seqscan", "1"), "on");
  EXPECT_EQ(setting("enable_seqscan", "t"), "on");
  EXPECT_EQ(setting("enable_seqscan", "fA"), "off");
  EXPECT_EQ(error("enable_seqscan", "o"), R"(parameter "enable_seqscan" requires a Boolean value)");
  EXPECT_EQ(error("enable_seqscan", "truex"),
            R"(parameter "enable_seqscan" requires a Boolean value)");
  EXPECT_EQ(error("enable_seqscan", "10"),
            R"(parameter "enable_seqscan" requires a Boolean value)");
  EXPECT_EQ(error("enable_seqscan", " on"),
            R"(parameter "enable_seqscan" requires a Boolean value)");
}

// tool-behaviour.md 7: "Enums are case-insensitive (wal_level = REPLICA)"; guc.c wal_level_options
// keeps "archive" and "hot_standby" as hidden aliases of replica.
TEST(convert_value, enums_are_case_insensitive_with_hidden_aliases) {
  EXPECT_EQ(setting("wal_level", "REPLICA"), "replica");
  EXPECT_EQ(setting("wal_level", "hot_standby"), "replica");
  EXPECT_EQ(setting("wal_level", "Archive"), "replica");
  EXPECT_EQ(setting("huge_pages", "yes"), "on");
  EXPECT_EQ(setting("wal_compression", "on"), "pglz");
  EXPECT_EQ(setting("client_min_messages", "debug"), "debug2");
  EXPECT_EQ(setting("default_transaction_isolation", "Repeatable Read"), "repeatable read");
  auto r = conv("wal_level", "rep");
  EXPECT_EQ(r.error, R"(invalid value for parameter "wal_level": "rep")");
  EXPECT_EQ(r.hint, "Available values: minimal, replica, logical.");
}

TEST(convert_value, strings_are_kept_as_written) {
  EXPECT_EQ(setting("application_name", "a'b c"), "a'b c");
  EXPECT_EQ(setting("search_path", R"("$user", public)"), R"("$user", public)");
}

// tool-behaviour.md 1: the message names the parameter as the file spelled it:
// `invalid value for parameter "MAX_WAL_SENDERS": "abc"`.
TEST(convert_value, messages_use_the_name_as_written) {
  const auto* p = find_parameter("max_wal_senders", "15");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(convert_value(*p, "abc", "MAX_WAL_SENDERS").error,
            R"(invalid value for parameter "MAX_WAL_SENDERS": "abc")");
}

// ---------------------------------------------------------------------------------------------
// Differential test against the real PostgreSQL 15 (skipped when it is not installed). Valid
// values go, in batches of one value per parameter, into a configuration file read by one
// standalone backend that prints pg_settings.reset_val (the -C form: no show hooks, and unaffected
// by the `SET statement_timeout = 0` the query needs, tool-behaviour.md 13). Invalid values, and
// parameters that would make a backend allocate too much or refuse to start, are asked one by one
// with `postgres -C name -c name=value`, whose FATAL/HINT lines are compared with ours.

constexpr const char* pg_bindir = "/usr/lib/postgresql/15/bin";

struct run_result {
  int status = -1;
  std::string out;
};

std::string shell_quote(std::string_view s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string(R"('\'')") : std::string(1, c);
  return q + "'";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class pg_oracle {
 public:
  pg_oracle() {
    char templ[] = "/tmp/connplan-pgconv-XXXXXX";
    dir_ = mkdtemp(templ);
    if (geteuid() == 0) {
      // PostgreSQL refuses to run as root: everything runs as nobody in a directory it owns.
      as_user_ = "setpriv --reuid=nobody --regid=nogroup --clear-groups ";
      run("chown nobody:nogroup " + shell_quote(dir_.string()), false);
    }
    std::ofstream(dir_ / "empty.conf").flush();
    if (!as_user_.empty())
      run("chown nobody:nogroup " + shell_quote((dir_ / "empty.conf").string()), false);
    ok_ = run(std::string(pg_bindir) + "/initdb -D " + shell_quote((dir_ / "data").string()) +
                  " -A trust -U postgres --no-sync",
              true)
              .status == 0;
  }
  ~pg_oracle() { std::filesystem::remove_all(dir_); }
  [[nodiscard]] bool ok() const { return ok_; }

  // `postgres -C name -c name=value`: stdout on success, the FATAL and HINT texts otherwise.
  run_result dash_c(std::string_view name, std::string_view value) {
    return run(postgres() + " -c " + shell_quote(std::string(name) + "=" + std::string(value)) +
                   " -C " + shell_quote(name),
               true);
  }

  // Reads `lines` as the configuration file; returns name -> reset_val, empty on failure.
  std::map<std::string, std::string> batch(const std::string& lines) {
    const auto conf = dir_ / "batch.conf";
    const auto out = dir_ / "out.tsv";
    std::filesystem::remove(out);
    std::ofstream(conf) << lines;
    if (!as_user_.empty()) run("chown nobody:nogroup " + shell_quote(conf.string()), false);
    std::ofstream(dir_ / "query.sql")
        << "set statement_timeout = 0\n"
           "copy (select lower(name), coalesce(reset_val, '') from pg_settings) to '"
        << out.string() << "'\n";
    auto r = run(std::string(pg_bindir) + "/postgres --single -D " +
                     shell_quote((dir_ / "data").string()) +
                     " -c config_file=" + shell_quote(conf.string()) + " postgres < " +
                     shell_quote((dir_ / "query.sql").string()),
                 true);
    std::map<std::string, std::string> values;
    std::ifstream in(out);
    for (std::string line; std::getline(in, line);) {
      auto tab = line.find('\t');
      if (tab != std::string::npos) values[line.substr(0, tab)] = line.substr(tab + 1);
    }
    (void)r;
    return values;
  }

 private:
  std::string postgres() const {
    return std::string(pg_bindir) + "/postgres -D " + shell_quote((dir_ / "data").string()) +
           " -c config_file=" + shell_quote((dir_ / "empty.conf").string());
  }

  run_result run(const std::string& cmd, bool unprivileged) {
    const auto log = dir_ / "cmd.log";
    std::string full = (unprivileged ? as_user_ : std::string()) + cmd + " > " +
                       shell_quote(log.string()) + " 2>&1";
    run_result r;
    r.status = std::system(full.c_str());
    r.out = slurp(log);
    return r;
  }

  std::filesystem::path dir_;
  std::string as_user_;
  bool ok_ = false;
};

struct oracle_case {
  std::string name;
  std::string value;
};

// The cases: every unit for memory and time parameters of each base unit, fractions, halves,
// hex/octal, overflow, boolean prefixes, enum spellings and out-of-range values.
std::vector<oracle_case> oracle_cases() {
  std::vector<oracle_case> cases;
  auto add = [&](std::string name, std::vector<std::string> values) {
    for (auto& v : values) cases.push_back({name, v});
  };
  const std::vector<std::string> memory_units{"B", "kB", "MB", "GB", "TB"};
  for (std::string name : {"work_mem", "effective_cache_size", "wal_keep_size",
                           "log_parameter_max_length", "shared_buffers", "temp_file_limit"}) {
    for (const auto& u : memory_units)
      for (std::string n : {"1", "3", "0.3", "1.5", "1000", "1023.5", "2"})
        cases.push_back({name, n + u});
    add(name, {"1 GB", " 100 ", "1gb", "1 G", "1GBs", "0x100", "010", "-1", "64.5", "1004kB",
               "1001kB", "1012kB", "2.5kB", "1e3", "1e3kB", "0"});
  }
  const std::vector<std::string> time_units{"us", "ms", "s", "min", "h", "d"};
  for (std::string name : {"lock_timeout", "checkpoint_timeout", "log_rotation_age",
                           "autovacuum_naptime", "log_min_duration_statement"}) {
    for (const auto& u : time_units)
      for (std::string n : {"1", "0.5", "1.5", "2.5", "500", "1500", "45"})
        cases.push_back({name, n + u});
    add(name, {"1 sec", "1S", "10 min ", "0x20", "-1", "30"});
  }
  add("max_connections", {"100.5",      "101.5", "99.5",        "010",
                          "0x10",       "0X1F",  "08",          "0x",
                          "  200  ",    "+50",   "-0",          "1e2",
                          "1.5e2",      "100kB", "0",           "262144",
                          "2147483648", "1e10",  "-2147483649", "99999999999999999999",
                          ".5e3",       "-.5",   "abc",         ""});
  for (std::string v :
       {"on", "off", "of", "o", "ON", "t", "tr", "TRUE", "truex", "y",  "ye",  "yes", "n",
        "no", "f",   "fa", "1", "0",  "2", "10", "",     " on",   "On", "YES", "nO"})
    cases.push_back({"enable_seqscan", v});
  add("wal_level",
      {"replica", "REPLICA", "Replica", "hot_standby", "archive", "Logical", "minimal", "rep", ""});
  add("huge_pages", {"yes", "ON", "1", "Try", "maybe", "0", "off"});
  add("synchronous_commit", {"remote_apply", "Local", "true", "0", "of", "remote_write", "OFF"});
  add("client_min_messages", {"debug", "info", "DEBUG5", "log", "panic", "Notice"});
  add("wal_compression", {"on", "lz4", "1", "zstd", "PGLZ", "no", "maybe"});
  add("default_transaction_isolation",
      {"Read Committed", "serializable", "read  committed", "REPEATABLE READ"});
  add("ssl_max_protocol_version", {"", "TLSv1.3", "tlsv1.2", "TLSv1.4"});
  add("log_statement", {"everything", "DDL", "mod"});
  add("seq_page_cost", {"1.5", "-1", "1e308", "1e309", "inf", "nan", "0x10", " 2 ", "4.0", "1e-5",
                        "1234567", "1kB", "0.1234567"});
  add("vacuum_cost_delay",
      {"1.5ms", "100us", "1500us", "2s", "0.5", "0.05s", "1min", "20", "1 ms"});
  add("hash_mem_multiplier", {"1.0", "1000.5", "1000", "0.5", "3.25"});
  add("geqo_selection_bias", {"1.5", "2", "1.49", "1.75"});
  add("application_name", {"hello world", "x"});
  return cases;
}

// Parameters that are asked with -C even when valid: memory the standalone backend would
// allocate, and wal_level (minimal with max_wal_senders > 0 refuses to start).
bool ask_one_by_one(std::string_view name) {
  return name == "shared_buffers" || name == "wal_level" || name == "max_connections";
}

// "2026-11-28 ... FATAL:  msg\n... HINT:  hint" -> {msg, hint}
std::pair<std::string, std::string> fatal_and_hint(const std::string& log) {
  auto field = [&](std::string_view tag) {
    auto at = log.find(tag);
    if (at == std::string::npos) return std::string();
    at += tag.size();
    return log.substr(at, log.find('\n', at) - at);
  };
  return {field("FATAL:  "), field("HINT:  ")};
}

TEST(convert_value, agrees_with_postgresql_15) {
  if (!std::filesystem::exists(std::string(pg_bindir) + "/postgres"))
    GTEST_SKIP() << "PostgreSQL 15 is not installed";
  pg_oracle pg;
  ASSERT_TRUE(pg.ok()) << "initdb failed";
  const auto cases = oracle_cases();
  std::size_t agree = 0;
  std::vector<std::vector<const oracle_case*>> batches;
  std::vector<const oracle_case*> singles;
  for (const auto& c : cases) {
    const auto* p = find_parameter(c.name, "15");
    ASSERT_NE(p, nullptr) << c.name;
    if (convert_value(*p, c.value).error || ask_one_by_one(c.name)) {
      singles.push_back(&c);
      continue;
    }
    // One value per parameter and file: later lines would shadow earlier ones.
    std::size_t b = 0;
    while (b < batches.size() &&
           std::any_of(batches[b].begin(), batches[b].end(),
                       [&](const oracle_case* o) { return o->name == c.name; }))
      ++b;
    if (b == batches.size()) batches.emplace_back();
    batches[b].push_back(&c);
  }
  for (const auto& batch : batches) {
    std::string text;
    for (const auto* c : batch) {
      std::string quoted;
      for (char ch : c->value) quoted += ch == '\'' ? std::string("''") : std::string(1, ch);
      text += c->name + " = '" + quoted + "'\n";
    }
    auto values = pg.batch(text);
    if (values.empty()) {  // the file was rejected: find out which value, one by one
      singles.insert(singles.end(), batch.begin(), batch.end());
      continue;
    }
    for (const auto* c : batch) {
      const auto ours = convert_value(*find_parameter(c->name, "15"), c->value);
      const auto theirs = values[c->name];
      EXPECT_EQ(ours.setting, theirs) << c->name << " = '" << c->value << "'";
      agree += ours.setting == theirs ? 1 : 0;
    }
  }
  for (const auto* c : singles) {
    const auto ours = convert_value(*find_parameter(c->name, "15"), c->value);
    auto r = pg.dash_c(c->name, c->value);
    bool same = false;
    if (r.status == 0) {
      auto out = r.out.substr(0, r.out.find('\n'));
      same = !ours.error && ours.setting == out;
      EXPECT_TRUE(same) << c->name << " = '" << c->value << "': postgres -C prints " << out
                        << ", we say " << ours.error.value_or(ours.setting);
    } else {
      auto [fatal, hint] = fatal_and_hint(r.out);
      same = ours.error == fatal && ours.hint.value_or("") == hint;
      EXPECT_TRUE(same) << c->name << " = '" << c->value << "': postgres says " << fatal << " / "
                        << hint << "; we say " << ours.error.value_or(ours.setting) << " / "
                        << ours.hint.value_or("");
    }
    agree += same ? 1 : 0;
  }
  std::printf(
      "convert_value agrees with PostgreSQL 15 on %zu of %zu cases (%zu batch files, %zu "
      "single runs)\n",
      agree, cases.size(), batches.size(), singles.size());
}

}  // namespace
}  // namespace connplan::postgres

namespace connplan::postgres {
namespace {

// variable.c check_datestyle: "ISO, MDY" is the canonical form; keywords are case-insensitive and
// GERMAN implies DMY unless an order is given (found by the PostgreSQL 15 oracle).
TEST(convert_value, datestyle_is_canonicalised_as_check_datestyle_does) {
  const parameter* p = find_parameter("datestyle", "15");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(convert_value(*p, "iso, mdy").setting, "ISO, MDY");
  EXPECT_EQ(convert_value(*p, "German").setting, "German, DMY");
  EXPECT_EQ(convert_value(*p, "sql, euro").setting, "SQL, DMY");
  EXPECT_EQ(convert_value(*p, "postgres,ymd").setting, "Postgres, YMD");
  EXPECT_TRUE(convert_value(*p, "iso, sql").error.has_value());
  EXPECT_TRUE(convert_value(*p, "iso, banana").error.has_value());
}

// pg_clean_ascii @ REL_15_STABLE: non-printable and non-ASCII bytes become '?'.
TEST(convert_value, cluster_and_application_names_are_cleaned_to_ascii) {
  EXPECT_EQ(convert_value(*find_parameter("cluster_name", "15"), "caf\xC3\xA9\tx").setting,
            "caf??"
            "?x");
  EXPECT_EQ(convert_value(*find_parameter("application_name", "15"), "ok").setting, "ok");
}

}  // namespace
}  // namespace connplan::postgres
