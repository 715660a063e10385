// Chunk shapes and staging of whole cells into chunk-sized groups.
#include <doctest/doctest.h>

#include <cmath>
#include <vector>

#include "sim/core/check.hpp"
#include "sim/output/cell_block_writer.hpp"
#include "tests/support/results_fixture.hpp"

using namespace banditsim;

TEST_CASE("chunk shapes: whole cells, grouped to 64 KiB, split above 1 MiB") {
  using Shape = std::array<hsize_t, 3>;
  CHECK(CellBlockWriter::chunk_shape(5, 1, 4096) == Shape{2, 1, 4096});     // 32 KiB cells
  CHECK(CellBlockWriter::chunk_shape(1000, 5, 1000) == Shape{2, 5, 1000});  // 40000 B cells
  CHECK(CellBlockWriter::chunk_shape(3, 2, 3) == Shape{3, 2, 3});           // all cells in one
  CHECK(CellBlockWriter::chunk_shape(9, 8, 1024) == Shape{1, 8, 1024});     // exactly 64 KiB
  CHECK(CellBlockWriter::chunk_shape(9, 8, 16384) == Shape{1, 8, 16384});   // exactly 1 MiB
  // 5 agents x 1e6 replications: 5 x 26214 x 8 bytes <= 1 MiB.
  CHECK(CellBlockWriter::chunk_shape(4, 5, 1000000) == Shape{1, 5, 26214});
  CHECK(CellBlockWriter::chunk_shape(4, 200000, 2) == Shape{1, 131072, 1});
}

TEST_CASE("cells written in any order land in place, and incomplete groups wait") {
  const auto path = banditsim::testing::scratch_dir("cell_block_writer") / "blocks.h5";
  const std::array<hsize_t, 3> shape{5, 1, 4096};  // groups {0, 1}, {2, 3}, {4}
  const auto chunk = CellBlockWriter::chunk_shape(shape[0], shape[1], shape[2]);
  const hid_t file = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  const hid_t space = H5Screate_simple(3, shape.data(), nullptr);
  const hid_t properties = H5Pcreate(H5P_DATASET_CREATE);
  H5Pset_chunk(properties, 3, chunk.data());
  const double nan = std::nan("");
  H5Pset_fill_value(properties, H5T_NATIVE_DOUBLE, &nan);
  hdf5::Dataset dataset(
      H5Dcreate2(file, "v", H5T_NATIVE_DOUBLE, space, H5P_DEFAULT, properties, H5P_DEFAULT), "v");
  H5Pclose(properties);
  H5Sclose(space);

  const auto read_all = [&] {
    std::vector<double> values(5 * 4096);
    const hid_t reader = H5Dopen2(file, "v", H5P_DEFAULT);
    H5Dread(reader, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
    H5Dclose(reader);
    return values;
  };
  const auto cell_values = [](std::size_t cell) {
    std::vector<double> values(4096);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = 10000.0 * cell + i;
    return values;
  };

  CellBlockWriter writer(std::move(dataset), shape, "'v'");
  writer.write(4, cell_values(4).data());  // a group of one: written at once
  writer.write(2, cell_values(2).data());  // staged until cell 3 arrives
  auto values = read_all();
  CHECK(values[4 * 4096 + 7] == 40007);
  CHECK(std::isnan(values[2 * 4096]));
  CHECK_THROWS_AS(writer.close(), InternalError);  // cells still pending
  writer.write(0, cell_values(0).data());
  writer.write(3, cell_values(3).data());
  writer.write(1, cell_values(1).data());
  values = read_all();
  for (std::size_t cell = 0; cell < 5; ++cell)
    for (std::size_t i = 0; i < 4096; i += 1023)
      CHECK(values[cell * 4096 + i] == 10000.0 * cell + i);
  writer.close();
  H5Fclose(file);
}
