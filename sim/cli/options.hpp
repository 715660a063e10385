/// @file sim/cli/options.hpp
/// Shared Boost.Program_options plumbing for the subcommands.
#pragma once

#include <boost/program_options.hpp>
#include <iostream>
#include <string>

#include "sim/cli/commands.hpp"

namespace banditsim::cli {

namespace po = boost::program_options;

/// Parses `args` into `values`; turns Boost's exceptions into UsageError.
/// Returns false (after printing `help_text`) when --help was given.
inline bool parse_options(const Args& args, const po::options_description& options,
                          const po::positional_options_description& positional,
                          po::variables_map& values, const std::string& help_text) {
  try {
    po::store(po::command_line_parser(args).options(options).positional(positional).run(), values);
    if (values.count("help")) {
      std::cout << help_text << "\n" << options << "\n";
      return false;
    }
    po::notify(values);
  } catch (const po::error& error) {
    throw UsageError(error.what());
  }
  // An empty -o would silently mean "the default output" (run.output, results/NAME.h5).
  if (values.count("output"))
    if (const auto* output = boost::any_cast<std::string>(&values["output"].value());
        output && output->empty())
      throw UsageError("-o/--output needs a file name, got an empty string");
  return true;
}

}  // namespace banditsim::cli
