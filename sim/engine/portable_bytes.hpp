/// @file sim/engine/portable_bytes.hpp
/// Little-endian encoding of integers, doubles and strings, whatever the host's
/// byte order, for the files and messages that travel between machines
/// (journals, shard files, MPI messages). Doubles travel as their IEEE-754 bits,
/// so values (NaN payloads included) arrive bit for bit.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace banditsim {

class ByteWriter {
 public:
  explicit ByteWriter(std::vector<char>& out) : out_(&out) {}
  void u32(std::uint32_t value) { put(value); }
  void u64(std::uint64_t value) { put(value); }
  void f64(double value) { put(std::bit_cast<std::uint64_t>(value)); }
  void doubles(std::span<const double> values) {
    if (values.empty()) return;
    if constexpr (std::endian::native == std::endian::little) {
      const auto* bytes = reinterpret_cast<const char*>(values.data());
      out_->insert(out_->end(), bytes, bytes + values.size_bytes());
    } else {
      for (const double value : values) f64(value);
    }
  }
  void string(std::string_view text) {
    u64(text.size());
    const std::size_t at = out_->size();
    out_->resize(at + text.size());
    if (!text.empty()) std::memcpy(out_->data() + at, text.data(), text.size());
  }
  /// Pads with zero bytes to a multiple of 8.
  void align8() { out_->resize((out_->size() + 7) / 8 * 8, '\0'); }

 private:
  template <class T>
  void put(T value) {
    const std::size_t at = out_->size();
    out_->resize(at + sizeof(T));
    for (std::size_t i = 0; i < sizeof(T); ++i)
      (*out_)[at + i] = static_cast<char>((value >> (8 * i)) & 0xff);
  }
  std::vector<char>* out_;
};

/// Reads what ByteWriter wrote; throws std::out_of_range past the end.
class ByteReader {
 public:
  explicit ByteReader(std::span<const char> bytes) : bytes_(bytes) {}
  std::uint32_t u32() { return get<std::uint32_t>(); }
  std::uint64_t u64() { return get<std::uint64_t>(); }
  double f64() { return std::bit_cast<double>(get<std::uint64_t>()); }
  void doubles(std::span<double> values) {
    need(values.size_bytes());
    if (values.empty()) return;  // (memcpy with a null pointer is undefined even for 0 bytes)
    if constexpr (std::endian::native == std::endian::little) {
      std::memcpy(values.data(), bytes_.data() + at_, values.size_bytes());
      at_ += values.size_bytes();
    } else {
      for (double& value : values) value = f64();
    }
  }
  std::string string() {
    const std::uint64_t size = u64();
    need(size);
    std::string text(bytes_.data() + at_, static_cast<std::size_t>(size));
    at_ += static_cast<std::size_t>(size);
    return text;
  }
  std::size_t remaining() const { return bytes_.size() - at_; }

 private:
  void need(std::uint64_t size) const {
    if (size > remaining()) throw std::out_of_range("record shorter than its contents");
  }
  template <class T>
  T get() {
    need(sizeof(T));
    T value = 0;
    for (std::size_t i = 0; i < sizeof(T); ++i)
      value |= static_cast<T>(static_cast<unsigned char>(bytes_[at_ + i])) << (8 * i);
    at_ += sizeof(T);
    return value;
  }
  std::span<const char> bytes_;
  std::size_t at_ = 0;
};

}  // namespace banditsim
