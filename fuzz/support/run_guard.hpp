// What every fuzz target does around one run: connplan::error ("cannot continue", CONTRACTS §2
// exit 2) is an allowed outcome; any other exception escapes and libFuzzer reports it as a crash.
#pragma once

#include "connplan/error.hpp"

namespace connplan::fuzz {

template <class Run>
int guarded(Run&& run) {
  try {
    run();
  } catch (const connplan::error&) {
    // An allowed outcome: the CLI turns it into exit 2.
  }
  return 0;
}

}  // namespace connplan::fuzz
