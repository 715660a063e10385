// doctest's main for every suite. Statistical tests use fixed seeds written in
// the tests themselves, so a run is deterministic and pass/fail never flickers.
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
