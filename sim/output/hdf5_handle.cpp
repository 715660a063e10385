#include "sim/output/hdf5_handle.hpp"

#include "sim/core/check.hpp"

namespace banditsim::hdf5 {

ErrorScope::ErrorScope() {
  H5Eget_auto2(H5E_DEFAULT, &previous_func_, &previous_data_);
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

ErrorScope::~ErrorScope() { H5Eset_auto2(H5E_DEFAULT, previous_func_, previous_data_); }

namespace {
// Walking upward starts at the function that detected the error, whose
// description is the specific one (file names, errno text).
herr_t keep_innermost(unsigned n, const H5E_error2_t* error, void* data) {
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
  return 0;
}
}  // namespace

void fail(const std::string& what) {
  std::string innermost;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &innermost);
  H5Eclear2(H5E_DEFAULT);
  throw RuntimeFailure(innermost.empty() ? what + " (HDF5 gave no detail)"
                                         : what + ": " + innermost);
}

Datatype vlen_utf8_type() {
  Datatype type(H5Tcopy(H5T_C_S1), "cannot create a string type");
  check(H5Tset_size(type, H5T_VARIABLE), "cannot create a string type");
  check(H5Tset_cset(type, H5T_CSET_UTF8), "cannot create a string type");
  return type;
}

}  // namespace banditsim::hdf5
