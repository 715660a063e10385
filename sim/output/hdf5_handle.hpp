/// @file sim/output/hdf5_handle.hpp
/// RAII ownership of HDF5 identifiers and error checking that turns a failed
/// HDF5 call into a RuntimeFailure carrying HDF5's innermost message
/// ("cannot open 'x.h5': ... errno = 2, error message = 'No such file or directory'").
///
/// HDF5 prints its whole error stack to stderr by default. Every public entry
/// point that calls HDF5 holds an hdf5::ErrorScope, which turns that printing off
/// for its duration (the setting is per thread in a thread-safe libhdf5).
#pragma once

#include <hdf5.h>

#include <string>
#include <utility>

namespace banditsim::hdf5 {

/// Silences HDF5's automatic error-stack printing for the current thread while
/// it lives, then restores the previous handler.
class ErrorScope {
 public:
  ErrorScope();
  ~ErrorScope();
  ErrorScope(const ErrorScope&) = delete;
  ErrorScope& operator=(const ErrorScope&) = delete;

 private:
  H5E_auto2_t previous_func_ = nullptr;
  void* previous_data_ = nullptr;
};

/// Throws RuntimeFailure("<what>: <innermost HDF5 message>") and clears the
/// HDF5 error stack.
[[noreturn]] void fail(const std::string& what);

/// Returns `status`, or fails with `what` if it is negative (herr_t, htri_t, hid_t).
template <typename Status>
Status check(Status status, const std::string& what) {
  if (status < 0) fail(what);
  return status;
}

/// Owns one HDF5 identifier and closes it with `Close`. Converts implicitly to
/// hid_t so it can be passed straight to the C API.
template <herr_t (*Close)(hid_t)>
class Handle {
 public:
  Handle() = default;
  /// Takes ownership of `id`; fails with `what` if the call that produced it failed.
  Handle(hid_t id, const std::string& what) : id_(check(id, what)) {}
  ~Handle() { reset(); }
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;

  operator hid_t() const { return id_; }
  bool valid() const { return id_ >= 0; }

  /// Closes now and reports a failure (a file's close is where its data is flushed).
  void close(const std::string& what) {
    if (!valid()) return;
    check(Close(std::exchange(id_, H5I_INVALID_HID)), what);
  }
  /// Closes now, ignoring errors (for destructors and cleanup after a failure).
  void reset() noexcept {
    if (valid()) Close(std::exchange(id_, H5I_INVALID_HID));
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

using File = Handle<H5Fclose>;
using Group = Handle<H5Gclose>;
using Dataset = Handle<H5Dclose>;
using Dataspace = Handle<H5Sclose>;
using Datatype = Handle<H5Tclose>;
using PropertyList = Handle<H5Pclose>;
using Attribute = Handle<H5Aclose>;
using Object = Handle<H5Oclose>;

/// The variable-length UTF-8 string type used for all text in results files.
Datatype vlen_utf8_type();

}  // namespace banditsim::hdf5
