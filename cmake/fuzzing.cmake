# Sanitizer builds and libFuzzer targets (issue 7).
