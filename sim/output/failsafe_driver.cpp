#include "sim/output/failsafe_driver.hpp"

#include <H5FDsec2.h>

#include <new>

#include "sim/core/check.hpp"

// The driver class below follows the layout of H5FD_class_t in HDF5 1.10; later
// versions changed it (a version field, vector I/O, ctl).
#if H5_VERSION_GE(1, 12, 0)
#error "sim/output/failsafe_driver.cpp is written against HDF5 1.10's H5FD_class_t: port it"
#endif

namespace banditsim::hdf5 {
namespace {

/// The driver's file access property: where to report.
struct DriverInfo {
  DriverState* state;
};

/// One open file: HDF5's public part first (the library fills it), then the
/// sec2 file everything is passed to.
struct FailsafeFile {
  H5FD_t pub;
  H5FD_t* inner;
  DriverState* state;
};

FailsafeFile* self(H5FD_t* file) { return reinterpret_cast<FailsafeFile*>(file); }
const FailsafeFile* self(const H5FD_t* file) { return reinterpret_cast<const FailsafeFile*>(file); }

herr_t keep_innermost(unsigned n, const H5E_error2_t* error, void* data) {
  if (n == 0 && error->desc != nullptr) *static_cast<std::string*>(data) = error->desc;
  return 0;
}

/// Records the failure HDF5's error stack describes, clears the stack and drops
/// every later write.
void record_failure(DriverState& state, const char* operation) {
  std::string innermost;
  H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, &innermost);
  H5Eclear2(H5E_DEFAULT);
  if (!state.failed()) state.failure = innermost.empty() ? operation : innermost;
  state.dropping = true;
}

void* info_copy(const void* info) {
  return new (std::nothrow) DriverInfo(*static_cast<const DriverInfo*>(info));
}

herr_t info_free(void* info) {
  delete static_cast<DriverInfo*>(info);
  return 0;
}

void* info_get(H5FD_t* file) { return new (std::nothrow) DriverInfo{self(file)->state}; }

H5FD_t* open(const char* name, unsigned flags, hid_t fapl, haddr_t maxaddr) {
  const auto* info = static_cast<const DriverInfo*>(H5Pget_driver_info(fapl));
  if (info == nullptr || info->state == nullptr) return nullptr;
  // Made once and kept: closing it here would clear HDF5's error stack, which
  // holds why H5FDopen failed ("... errno = 21, error message = 'Is a directory'").
  static const hid_t sec2 = [] {
    const hid_t access = H5Pcreate(H5P_FILE_ACCESS);
    if (access >= 0 && H5Pset_fapl_sec2(access) < 0) {
      H5Pclose(access);
      return hid_t{H5I_INVALID_HID};
    }
    return access;
  }();
  if (sec2 < 0) return nullptr;
  H5FD_t* inner = H5FDopen(name, flags, sec2, maxaddr);
  if (inner == nullptr) return nullptr;
  auto* file = new (std::nothrow) FailsafeFile{};
  if (file == nullptr) {
    H5FDclose(inner);
    return nullptr;
  }
  file->inner = inner;
  file->state = info->state;
  return &file->pub;
}

herr_t close(H5FD_t* file) {
  FailsafeFile* f = self(file);
  const herr_t status = H5FDclose(f->inner);
  delete f;
  return status;
}

int compare(const H5FD_t* a, const H5FD_t* b) { return H5FDcmp(self(a)->inner, self(b)->inner); }

herr_t query(const H5FD_t* file, unsigned long* flags) {
  if (file == nullptr) {  // asked of the driver before any file is open: sec2's features
    *flags = H5FD_FEAT_AGGREGATE_METADATA | H5FD_FEAT_ACCUMULATE_METADATA | H5FD_FEAT_DATA_SIEVE |
             H5FD_FEAT_AGGREGATE_SMALLDATA | H5FD_FEAT_POSIX_COMPAT_HANDLE |
             H5FD_FEAT_DEFAULT_VFD_COMPATIBLE;
    return 0;
  }
  return H5FDquery(self(file)->inner, flags) < 0 ? -1 : 0;
}

haddr_t get_eoa(const H5FD_t* file, H5FD_mem_t type) {
  return H5FDget_eoa(self(file)->inner, type);
}

herr_t set_eoa(H5FD_t* file, H5FD_mem_t type, haddr_t address) {
  return H5FDset_eoa(self(file)->inner, type, address);
}

haddr_t get_eof(const H5FD_t* file, H5FD_mem_t type) {
  return H5FDget_eof(self(file)->inner, type);
}

herr_t get_handle(H5FD_t* file, hid_t fapl, void** handle) {
  return H5FDget_vfd_handle(self(file)->inner, fapl, handle);
}

herr_t read(H5FD_t* file, H5FD_mem_t type, hid_t dxpl, haddr_t address, size_t size, void* buffer) {
  return H5FDread(self(file)->inner, type, dxpl, address, size, buffer);
}

herr_t write(H5FD_t* file, H5FD_mem_t type, hid_t dxpl, haddr_t address, size_t size,
             const void* buffer) {
  FailsafeFile* f = self(file);
  if (f->state->dropping) return 0;
  if (H5FDwrite(f->inner, type, dxpl, address, size, buffer) < 0)
    record_failure(*f->state, "file write failed");
  return 0;
}

herr_t flush(H5FD_t* file, hid_t dxpl, hbool_t closing) {
  FailsafeFile* f = self(file);
  if (f->state->dropping) return 0;
  if (H5FDflush(f->inner, dxpl, closing) < 0) record_failure(*f->state, "file flush failed");
  return 0;
}

herr_t truncate(H5FD_t* file, hid_t dxpl, hbool_t closing) {
  FailsafeFile* f = self(file);
  if (f->state->dropping) return 0;
  if (H5FDtruncate(f->inner, dxpl, closing) < 0) record_failure(*f->state, "file truncate failed");
  return 0;
}

herr_t lock(H5FD_t* file, hbool_t rw) { return H5FDlock(self(file)->inner, rw); }

herr_t unlock(H5FD_t* file) { return H5FDunlock(self(file)->inner); }

const H5FD_class_t kFailsafeClass = {
    .name = "banditsim_failsafe",
    .maxaddr = (haddr_t{1} << 63) - 1,  // sec2's: the largest off_t
    .fc_degree = H5F_CLOSE_WEAK,
    .terminate = nullptr,
    .sb_size = nullptr,  // no driver block: the file is an ordinary sec2 file
    .sb_encode = nullptr,
    .sb_decode = nullptr,
    .fapl_size = sizeof(DriverInfo),
    .fapl_get = info_get,
    .fapl_copy = info_copy,
    .fapl_free = info_free,
    .dxpl_size = 0,
    .dxpl_copy = nullptr,
    .dxpl_free = nullptr,
    .open = open,
    .close = close,
    .cmp = compare,
    .query = query,
    .get_type_map = nullptr,
    .alloc = nullptr,
    .free = nullptr,
    .get_eoa = get_eoa,
    .set_eoa = set_eoa,
    .get_eof = get_eof,
    .get_handle = get_handle,
    .read = read,
    .write = write,
    .flush = flush,
    .truncate = truncate,
    .lock = lock,
    .unlock = unlock,
    .fl_map = H5FD_FLMAP_DICHOTOMY,
};

hid_t failsafe_driver() {
  static const hid_t id = H5FDregister(&kFailsafeClass);
  return id;
}

}  // namespace

PropertyList failsafe_file_access(DriverState& state, const std::string& what) {
  const hid_t driver = check(failsafe_driver(), what + " (cannot register its file driver)");
  PropertyList access(H5Pcreate(H5P_FILE_ACCESS), what);
  const DriverInfo info{&state};
  check(H5Pset_driver(access, driver, &info), what);
  return access;
}

}  // namespace banditsim::hdf5
