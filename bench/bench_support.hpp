// Shared set-up of the benchmarks: every input is measured at 1×, 10× and 100× of its base size,
// reports bytes/s, and fits a complexity curve so that scaling is visible in one table.
#pragma once

#include <benchmark/benchmark.h>

#include <cstdint>
#include <filesystem>
#include <string>

#include "connplan/inspect.hpp"

namespace connplan::bench {

// 1×, 10×, 100×; Google Benchmark fits O(N) (and prints the RMS of the fit) over the three.
inline void scaled(benchmark::internal::Benchmark* b) {
  b->Arg(1)->Arg(10)->Arg(100)->Complexity(benchmark::oN)->Unit(benchmark::kMillisecond);
}

// Records the bytes read per iteration and the size N used for the complexity fit.
inline void account(benchmark::State& state, std::size_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(bytes));
  state.SetComplexityN(static_cast<std::int64_t>(bytes));
}

// Options as `connplan inspect` sets them for a file inside `root`.
inline inspect_options options_in(const std::filesystem::path& root) {
  inspect_options o;
  o.root.dir = root;
  o.root.allow_outside = true;
  return o;
}

}  // namespace connplan::bench
