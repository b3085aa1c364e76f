// Python front end: tokenizer and parser (src/python) on generated modules, in memory.
#include "bench_support.hpp"
#include "connplan/python/parse.hpp"
#include "generate.hpp"

namespace connplan::bench {
namespace {

template <std::string (*Generate)(std::size_t)>
void parse_generated(benchmark::State& state) {
  const std::string text = Generate(base_bytes * static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(python::parse_module(text, "settings.py"));
  account(state, text.size());
}

BENCHMARK(parse_generated<python_settings>)->Name("python/settings")->Apply(scaled);
BENCHMARK(parse_generated<python_huge_dict>)->Name("python/huge_dict")->Apply(scaled);
BENCHMARK(parse_generated<python_deep_nesting>)->Name("python/deep_nesting")->Apply(scaled);
BENCHMARK(parse_generated<python_long_lines>)->Name("python/long_lines")->Apply(scaled);
BENCHMARK(parse_generated<python_comment_heavy>)->Name("python/comment_heavy")->Apply(scaled);

}  // namespace
}  // namespace connplan::bench
