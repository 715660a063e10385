/// @file sim/output/cell_block_writer.hpp
/// Writes a chunked float64 variable (cell, x, y) one whole cell at a time, in
/// any cell order, so that every chunk is written exactly once and complete.
///
/// Small cells are grouped k to a chunk (a chunk of a few hundred bytes
/// compresses badly and costs an index entry). Writing such a chunk a cell at a
/// time in scattered order would make HDF5 evict, recompress and reread it over
/// and over (16x slower measured for 2000 cells in random order), so the cells
/// of a group are staged here and written together once the group is complete.
/// Only groups that are still incomplete are held in memory.
#pragma once

#include <hdf5.h>

#include <array>
#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "sim/output/hdf5_handle.hpp"

namespace banditsim {

class CellBlockWriter {
 public:
  /// Chunk shape for `cells` cells of x * y values: whole cells, grouped until a
  /// chunk holds 64 KiB; a cell larger than 1 MiB is split along y, then x.
  static std::array<hsize_t, 3> chunk_shape(hsize_t cells, hsize_t x, hsize_t y);

  /// `dataset` has shape (cells, x, y) and chunks of chunk_shape(cells, x, y);
  /// `name` describes it in messages ("'regret_mean' in 'run.h5.tmp'").
  CellBlockWriter(hdf5::Dataset dataset, std::array<hsize_t, 3> shape, std::string name);

  /// Writes (or stages) the x * y values of one cell, row-major.
  void write(std::size_t cell, const double* values);

  /// Closes the dataset, flushing HDF5's cache; every cell must have been written.
  void close();

 private:
  struct Block {
    std::vector<double> values;
    std::size_t received = 0;
  };

  void write_cells(std::size_t first, std::size_t count, const double* values);

  hdf5::Dataset dataset_;
  std::array<hsize_t, 3> shape_;
  std::size_t cells_per_chunk_;
  std::string name_;
  std::map<std::size_t, Block> pending_;  ///< Incomplete groups by first cell.
};

}  // namespace banditsim
