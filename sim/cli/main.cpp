#include <iostream>

#include "sim/families.hpp"

int main() {
  for (const auto* family : banditsim::builtin_families())
    for (const auto& info : family->agents()) std::cout << info.name << "\n";
}
