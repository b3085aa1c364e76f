// postgresql.conf front end (src/postgres: syntax, include reader, loader) on generated files.
#include <fmt/format.h>

#include "bench_support.hpp"
#include "connplan/postgres.hpp"
#include "generate.hpp"

namespace connplan::bench {
namespace {

template <std::string (*Generate)(std::size_t)>
void load_generated(benchmark::State& state) {
  const temp_tree tree;
  const std::string text = Generate(base_bytes * static_cast<std::size_t>(state.range(0)));
  const auto file = tree.write("postgresql.conf", text);
  const inspect_options options = options_in(tree.dir());
  for (auto _ : state) benchmark::DoNotOptimize(postgres::load(file, options));
  account(state, text.size());
}

// Many includes: the main file includes N small files (each a 1 KiB comment-heavy file).
void many_includes(benchmark::State& state) {
  const temp_tree tree;
  const std::size_t files = 64 * static_cast<std::size_t>(state.range(0));
  std::string main;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < files; ++i) {
    const std::string part = pg_comment_heavy(1024);
    bytes += part.size();
    tree.write(fmt::format("conf.d/part_{:05}.conf", i), part);
    main += fmt::format("include 'conf.d/part_{:05}.conf'\n", i);
  }
  bytes += main.size();
  const auto file = tree.write("postgresql.conf", main);
  const inspect_options options = options_in(tree.dir());
  for (auto _ : state) benchmark::DoNotOptimize(postgres::load(file, options));
  account(state, bytes);
}

BENCHMARK(load_generated<pg_comment_heavy>)->Name("postgres/comment_heavy")->Apply(scaled);
BENCHMARK(load_generated<pg_repeated_settings>)->Name("postgres/repeated_settings")->Apply(scaled);
BENCHMARK(load_generated<pg_long_lines>)->Name("postgres/long_lines")->Apply(scaled);
BENCHMARK(many_includes)->Name("postgres/many_includes")->Apply(scaled);

}  // namespace
}  // namespace connplan::bench
