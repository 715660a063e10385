#include "sim/engine/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

namespace banditsim {

ProgressMode parse_progress_mode(std::string_view text) {
  if (text == "auto") return ProgressMode::kAuto;
  if (text == "always") return ProgressMode::kAlways;
  if (text == "never") return ProgressMode::kNever;
  throw std::invalid_argument("--progress must be auto, always or never, got '" +
                              std::string(text) + "'");
}

ProgressReporter::ProgressReporter(ProgressMode mode, double total_steps, double already_done,
                                   std::FILE* out, double plain_interval_seconds)
    : total_(total_steps),
      start_done_(already_done),
      out_(out),
      interval_(plain_interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
  const char* term = std::getenv("TERM");
  const bool terminal = ::isatty(::fileno(out)) != 0 && !(term && std::strcmp(term, "dumb") == 0);
  switch (mode) {
    case ProgressMode::kNever:
      style_ = Style::kNone;
      break;
    case ProgressMode::kAlways:
      style_ = Style::kBar;
      break;
    case ProgressMode::kAuto:
      style_ = terminal ? Style::kBar : Style::kPlain;
      break;
  }
}

std::string ProgressReporter::format_duration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--:--";
  auto s = static_cast<long long>(seconds + 0.5);
  const long long days = s / 86400;
  s %= 86400;
  char text[48];
  if (days > 0)
    std::snprintf(text, sizeof text, "%lldd %02lld:%02lld:%02lld", days, s / 3600, s / 60 % 60,
                  s % 60);
  else
    std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld", s / 3600, s / 60 % 60, s % 60);
  return text;
}

std::string ProgressReporter::format_count(double value) {
  const char* units[] = {"", "k", "M", "G", "T"};
  int unit = 0;
  while (std::fabs(value) >= 1000 && unit < 4) {
    value /= 1000;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit ? "%.1f%s" : "%.0f%s", value, units[unit]);
  return text;
}

void ProgressReporter::update(double done_steps) {
  if (style_ == Style::kNone) return;
  const auto now = std::chrono::steady_clock::now();
  const double since = std::chrono::duration<double>(now - last_draw_).count();
  if (since < (style_ == Style::kBar ? 0.1 : interval_)) return;
  last_draw_ = now;
  draw(done_steps, false);
}

void ProgressReporter::finish(double done_steps) {
  if (style_ == Style::kNone) return;
  if (style_ == Style::kPlain && !drawn_ &&
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count() < interval_)
    return;  // short runs in batch logs: no progress noise at all
  draw(done_steps, true);
  if (style_ == Style::kBar) std::fputc('\n', out_);
  std::fflush(out_);
}

void ProgressReporter::draw(double done_steps, bool final) {
  drawn_ = true;
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double fraction = total_ > 0 ? std::min(1.0, done_steps / total_) : 1.0;
  const double rate = elapsed > 0 ? (done_steps - start_done_) / elapsed : 0;
  const double eta = rate > 0 ? (total_ - done_steps) / rate : NAN;
  if (style_ == Style::kBar) {
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    char bar[kWidth + 1];
    for (int i = 0; i < kWidth; ++i) bar[i] = i < filled ? '#' : '.';
    bar[kWidth] = '\0';
    std::fprintf(out_, "\r[%s] %5.1f%%  %s steps/s  %s %s\033[K", bar, 100 * fraction,
                 format_count(rate).c_str(), final ? "elapsed" : "ETA",
                 format_duration(final ? elapsed : eta).c_str());
  } else {
    std::fprintf(out_, "progress %.1f%% (%s/%s steps) elapsed %s rate %s steps/s eta %s\n",
                 100 * fraction, format_count(done_steps).c_str(), format_count(total_).c_str(),
                 format_duration(elapsed).c_str(), format_count(rate).c_str(),
                 format_duration(final ? 0.0 : eta).c_str());
  }
  std::fflush(out_);
}

}  // namespace banditsim
