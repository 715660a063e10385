// Progress on stderr: a bar with rate and ETA, or plain lines for logs, or nothing.
#include <doctest/doctest.h>

#include <cstdio>
#include <stdexcept>
#include <string>
#include <thread>

#include "sim/engine/progress.hpp"

using namespace banditsim;

namespace {
/// Everything written to a temporary FILE*.
std::string contents(std::FILE* file) {
  std::fflush(file);
  std::rewind(file);
  std::string text;
  for (int c; (c = std::fgetc(file)) != EOF;) text += static_cast<char>(c);
  return text;
}
}  // namespace

TEST_CASE("progress modes parse, and a bad one is refused with the valid ones") {
  CHECK(parse_progress_mode("auto") == ProgressMode::kAuto);
  CHECK(parse_progress_mode("always") == ProgressMode::kAlways);
  CHECK(parse_progress_mode("never") == ProgressMode::kNever);
  CHECK_THROWS_WITH_AS(parse_progress_mode("sometimes"),
                       "--progress must be auto, always or never, got 'sometimes'",
                       std::invalid_argument);
}

TEST_CASE("auto mode writes plain, self-contained lines when the output is not a terminal") {
  std::FILE* file = std::tmpfile();
  ProgressReporter progress(ProgressMode::kAuto, 1000.0, 0.0, file, 0.01);
  progress.update(100);  // too early: nothing yet
  std::this_thread::sleep_for(std::chrono::milliseconds(30));
  progress.update(250);
  progress.finish(1000);
  const std::string text = contents(file);
  std::fclose(file);
  CHECK(text.find("progress 25.0% (250/1.0k steps) elapsed 00:00:00 rate ") == 0);
  CHECK(text.find("progress 100.0% (1.0k/1.0k steps)") != std::string::npos);
  CHECK(text.find('\r') == std::string::npos);  // no terminal control in logs
  CHECK(text.find("\033[") == std::string::npos);
}

TEST_CASE("a short run in a log prints no progress at all") {
  std::FILE* file = std::tmpfile();
  ProgressReporter progress(ProgressMode::kAuto, 1000.0, 0.0, file, 30.0);
  progress.update(500);
  progress.finish(1000);
  CHECK(contents(file).empty());
  std::fclose(file);
}

TEST_CASE("always draws a bar with rate and ETA, redrawn in place") {
  std::FILE* file = std::tmpfile();
  ProgressReporter progress(ProgressMode::kAlways, 2000.0, 0.0, file);
  std::this_thread::sleep_for(std::chrono::milliseconds(120));
  progress.update(500);
  progress.finish(2000);
  const std::string text = contents(file);
  std::fclose(file);
  CHECK(text.find("\r[#######.......................]  25.0%") == 0);
  CHECK(text.find("steps/s  ETA ") != std::string::npos);
  CHECK(text.find("100.0%") != std::string::npos);
  CHECK(text.find(" elapsed ") != std::string::npos);
  CHECK(text.back() == '\n');
}

TEST_CASE("never prints nothing") {
  std::FILE* file = std::tmpfile();
  ProgressReporter progress(ProgressMode::kNever, 10.0, 0.0, file, 0.0);
  progress.update(5);
  progress.finish(10);
  CHECK(contents(file).empty());
  std::fclose(file);
}

TEST_CASE("durations and counts are formatted for people") {
  CHECK(ProgressReporter::format_duration(0) == "00:00:00");
  CHECK(ProgressReporter::format_duration(3723.4) == "01:02:03");
  CHECK(ProgressReporter::format_duration(90061) == "1d 01:01:01");
  CHECK(ProgressReporter::format_duration(-1) == "--:--:--");
  CHECK(ProgressReporter::format_count(999) == "999");
  CHECK(ProgressReporter::format_count(12345678) == "12.3M");
}
