#include "sim/output/cell_block_writer.hpp"

#include <algorithm>
#include <limits>

#include "sim/core/check.hpp"

namespace banditsim {

namespace {
constexpr hsize_t kMinChunkBytes = 64 * 1024;
constexpr hsize_t kMaxChunkBytes = 1024 * 1024;
}  // namespace

std::array<hsize_t, 3> CellBlockWriter::chunk_shape(hsize_t cells, hsize_t x, hsize_t y) {
  const hsize_t bytes = sizeof(double);
  const hsize_t slab = x * y * bytes;
  if (slab > kMaxChunkBytes) {
    if (x * bytes <= kMaxChunkBytes) return {1, x, kMaxChunkBytes / (x * bytes)};
    return {1, kMaxChunkBytes / bytes, 1};
  }
  const hsize_t grouped = (kMinChunkBytes + slab - 1) / slab;
  return {std::min(cells, grouped), x, y};
}

CellBlockWriter::CellBlockWriter(hdf5::Dataset dataset, std::array<hsize_t, 3> shape,
                                 std::string name)
    : dataset_(std::move(dataset)),
      shape_(shape),
      cells_per_chunk_(chunk_shape(shape[0], shape[1], shape[2])[0]),
      name_(std::move(name)) {}

void CellBlockWriter::write(std::size_t cell, const double* values) {
  const std::size_t slab = shape_[1] * shape_[2];
  if (cells_per_chunk_ == 1) return write_cells(cell, 1, values);
  const std::size_t first = cell - cell % cells_per_chunk_;
  const std::size_t count = std::min<std::size_t>(cells_per_chunk_, shape_[0] - first);
  Block& block = pending_[first];
  if (block.values.empty())
    block.values.assign(count * slab, std::numeric_limits<double>::quiet_NaN());
  std::copy(values, values + slab, block.values.begin() + (cell - first) * slab);
  if (++block.received == count) {
    write_cells(first, count, block.values.data());
    pending_.erase(first);
  }
}

void CellBlockWriter::write_cells(std::size_t first, std::size_t count, const double* values) {
  const std::string what = "cannot write cells " + std::to_string(first) + ".." +
                           std::to_string(first + count - 1) + " of " + name_;
  const std::array<hsize_t, 3> start{first, 0, 0};
  const std::array<hsize_t, 3> size{count, shape_[1], shape_[2]};
  hdf5::Dataspace file_space(H5Dget_space(dataset_), what);
  hdf5::check(
      H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start.data(), nullptr, size.data(), nullptr),
      what);
  hdf5::Dataspace memory_space(H5Screate_simple(3, size.data(), nullptr), what);
  hdf5::check(H5Dwrite(dataset_, H5T_NATIVE_DOUBLE, memory_space, file_space, H5P_DEFAULT, values),
              what);
}

void CellBlockWriter::close() {
  BANDITSIM_CHECK(pending_.empty(), "cells of " + name_ + " still pending at close");
  dataset_.close("cannot finish " + name_);
}

}  // namespace banditsim
