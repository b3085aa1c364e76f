#include "generate.hpp"

#include <fmt/format.h>

#include <atomic>
#include <fstream>
#include <functional>
#include <system_error>

#include <unistd.h>

namespace connplan::bench {

namespace {

// Appends block(i) for i = 0, 1, ... until the text reaches `bytes`.
std::string repeat_blocks(std::size_t bytes, const std::string& head,
                          const std::function<void(std::string&, std::size_t)>& block,
                          const std::string& tail = {}) {
  std::string out = head;
  out.reserve(bytes + 4096);
  for (std::size_t i = 0; out.size() + tail.size() < bytes; ++i) block(out, i);
  out += tail;
  return out;
}

// The names of real parameters, so the loaders do the full work (catalogue lookup, conversion).
constexpr const char* pg_names[] = {"max_connections",
                                    "shared_buffers",
                                    "work_mem",
                                    "maintenance_work_mem",
                                    "effective_cache_size",
                                    "log_min_duration_statement",
                                    "statement_timeout",
                                    "idle_in_transaction_session_timeout",
                                    "random_page_cost",
                                    "checkpoint_timeout"};
constexpr const char* pg_values[] = {"200", "'4GB'", "'16MB'",  "'512MB'", "'12GB'",
                                     "250", "'30s'", "'10min'", "1.1",     "'15min'"};

}  // namespace

std::string pg_comment_heavy(std::size_t bytes) {
  return repeat_blocks(
      bytes, "# generated postgresql.conf, comment-heavy\n", [](std::string& out, std::size_t i) {
        out += "#------------------------------------------------------------\n";
        out += fmt::format("# SECTION {}\n", i);
        out += "#------------------------------------------------------------\n";
        for (int k = 0; k < 16; ++k) {
          out += fmt::format("#{} = {}\t\t# (change requires restart) explanation {}.{}\n",
                             pg_names[(i + k) % 10], pg_values[(i + k) % 10], i, k);
        }
        out +=
            fmt::format("{} = {}\t# set in section {}\n\n", pg_names[i % 10], pg_values[i % 10], i);
      });
}

std::string pg_repeated_settings(std::size_t bytes) {
  return repeat_blocks(bytes, "", [](std::string& out, std::size_t i) {
    out += fmt::format("{} = {}\n", pg_names[i % 10], pg_values[i % 10]);
  });
}

std::string pg_long_lines(std::size_t bytes) {
  return repeat_blocks(bytes, "", [](std::string& out, std::size_t i) {
    // A long search_path-like custom value: one line of 16 KiB.
    out += fmt::format("app.long_{} = '", i);
    for (int k = 0; k < 1024; ++k) out += fmt::format("s{:06},", k);
    out += "end'\n";
  });
}

std::string pgbouncer_ini(std::size_t bytes) {
  // Databases first, then users, then the [pgbouncer] section, as real files are ordered.
  const std::size_t database_bytes = bytes * 7 / 10;
  std::string out =
      repeat_blocks(database_bytes, "[databases]\n", [](std::string& o, std::size_t i) {
        o += fmt::format("; tenant {} of the shared cluster\n", i);
        o += fmt::format(
            "tenant_{} = host=db-{}.internal port=5432 dbname=app_{} "
            "pool_size={} reserve_pool={} pool_mode=transaction\n",
            i, i % 16, i, 5 + i % 20, i % 3);
      });
  out += repeat_blocks(
      bytes - std::min(bytes, out.size()), "\n[users]\n", [](std::string& o, std::size_t i) {
        o += fmt::format("user_{} = pool_mode=session max_user_connections={}\n", i, 10 + i % 50);
      });
  out +=
      "\n[pgbouncer]\n"
      "; the listener\n"
      "listen_addr = *\nlisten_port = 6432\n"
      "; authentication\n"
      "auth_type = scram-sha-256\nauth_file = userlist.txt\n"
      "pool_mode = transaction\nmax_client_conn = 5000\ndefault_pool_size = 20\n"
      "reserve_pool_size = 5\nreserve_pool_timeout = 3\nmax_db_connections = 100\n";
  return out;
}

std::string python_settings(std::size_t bytes) {
  const std::string head =
      "\"\"\"Generated Django settings.\"\"\"\n"
      "import os\n"
      "from pathlib import Path\n\n"
      "BASE_DIR = Path(__file__).resolve().parent.parent\n"
      "DEBUG = os.environ.get(\"DEBUG\", \"0\") == \"1\"\n"
      "DATABASES = {\n"
      "    \"default\": {\n"
      "        \"ENGINE\": \"django.db.backends.postgresql\",\n"
      "        \"NAME\": os.environ.get(\"DB_NAME\", \"app\"),\n"
      "        \"HOST\": os.environ.get(\"DB_HOST\", \"localhost\"),\n"
      "        \"CONN_MAX_AGE\": int(os.environ.get(\"CONN_MAX_AGE\", \"60\")),\n"
      "    }\n"
      "}\n"
      "INSTALLED_APPS = [\"django.contrib.admin\", \"django.contrib.auth\"]\n\n";
  return repeat_blocks(bytes, head, [](std::string& out, std::size_t i) {
    out += fmt::format(
        "# ---- block {0}: settings of feature {0} -----------------------------------------\n"
        "# Explains why the feature exists and which team owns it; kept as documentation.\n"
        "FEATURE_{0} = os.environ.get(\"FEATURE_{0}\", \"off\") == \"on\"\n"
        "CACHE_{0} = {{\n"
        "    \"BACKEND\": \"django.core.cache.backends.redis.RedisCache\",\n"
        "    \"LOCATION\": \"redis://cache-{1}.internal:6379/{2}\",\n"
        "    \"OPTIONS\": {{\"timeout\": {3}, \"retries\": [1, 2, 3, 5, 8], \"ratio\": {0}.5}},\n"
        "    'KEY_PREFIX': f\"feature-{{FEATURE_{0}}}-\" + 'v' * 2,\n"
        "}}\n"
        "APPS_{0} = [\"app_{0}_a\", \"app_{0}_b\", 'app_{0}_c', (\"pair\", {0}), None, True]\n"
        "if FEATURE_{0}:\n"
        "    LIMIT_{0} = {0} * 2 + 1\n"
        "else:\n"
        "    LIMIT_{0} = ({0} - 1) // 3 if {0} > 1 else -{0}\n"
        "MIDDLEWARE_{0} = APPS_{0}[:2] + [\"tail\"]\n\n",
        i, i % 7, i % 16, i % 300);
  });
}

std::string python_huge_dict(std::size_t bytes) {
  return repeat_blocks(
      bytes, "SETTINGS = {\n",
      [](std::string& out, std::size_t i) {
        out += fmt::format(
            "    \"key_{0}\": {{\"name\": \"value {0}\", \"size\": {0}, \"on\": {1}, "
            "\"tags\": [\"a\", \"b\", {0}.25]}},\n",
            i, i % 2 == 0 ? "True" : "False");
      },
      "}\n");
}

std::string python_deep_nesting(std::size_t bytes) {
  return repeat_blocks(bytes, "", [](std::string& out, std::size_t i) {
    // 60 nested brackets (CPython's limit is 200) and a 60-term sum on one statement.
    out += fmt::format("NESTED_{} = ", i);
    for (int k = 0; k < 60; ++k) out += k % 3 == 0 ? "[" : (k % 3 == 1 ? "(" : "{'k': ");
    out += "0";
    for (int k = 59; k >= 0; --k) out += k % 3 == 0 ? "]" : (k % 3 == 1 ? ",)" : "}");
    out += fmt::format("\nSUM_{} = 1", i);
    for (int k = 0; k < 60; ++k) out += fmt::format(" + {}", k);
    out += "\n";
  });
}

std::string python_long_lines(std::size_t bytes) {
  return repeat_blocks(bytes, "", [](std::string& out, std::size_t i) {
    // One list of 2,000 strings on a single 24 KiB line.
    out += fmt::format("LONG_{} = [", i);
    for (int k = 0; k < 2000; ++k) out += fmt::format("'s{:06}', ", k);
    out += "]\n";
  });
}

std::string python_comment_heavy(std::size_t bytes) {
  return repeat_blocks(bytes, "", [](std::string& out, std::size_t i) {
    for (int k = 0; k < 20; ++k) {
      out += fmt::format("# comment line {}.{}: nothing in here is code, only prose for readers\n",
                         i, k);
    }
    out += fmt::format("\"\"\"A docstring-like block {}.\nSpanning lines.\n\"\"\"\nVALUE_{} = {}\n",
                       i, i, i);
  });
}

std::string python_list_growth(std::size_t bytes) {
  return repeat_blocks(bytes, "INSTALLED_APPS = []\n", [](std::string& out, std::size_t i) {
    out += fmt::format("INSTALLED_APPS += [\"app_{}\"]\n", i);
  });
}

temp_tree::temp_tree() {
  static std::atomic<int> counter{0};
  dir_ = std::filesystem::temp_directory_path() /
         fmt::format("connplan-bench-{}-{}", ::getpid(), counter++);
  std::filesystem::create_directories(dir_);
}

temp_tree::~temp_tree() {
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::filesystem::path temp_tree::write(const std::string& relative, const std::string& text) const {
  const std::filesystem::path p = dir_ / relative;
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

}  // namespace connplan::bench
