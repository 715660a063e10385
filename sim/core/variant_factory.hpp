/// @file sim/core/variant_factory.hpp
/// Builds one alternative of a std::variant of components by registry name.
///
/// Each component type T provides:
///   static ComponentInfo info();                 // name, parameters, paper
///   struct Config { static Config from(const ParamMap&); ... };
///   explicit T(const Config&);
/// The variant is the closed set of a family's built-ins (DESIGN.md, "Dispatch").
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "sim/core/check.hpp"
#include "sim/core/component.hpp"
#include "sim/core/params.hpp"

namespace banditsim {

template <class Variant>
class VariantFactory;

template <class... Ts>
class VariantFactory<std::variant<Ts...>> {
 public:
  using Variant = std::variant<Ts...>;

  /// The descriptions of all alternatives, in variant order.
  static std::span<const ComponentInfo> infos() {
    static const std::array<ComponentInfo, sizeof...(Ts)> all = {Ts::info()...};
    return all;
  }

  /// True if `kind` names one of the alternatives.
  static bool has(std::string_view kind) { return index_of(kind) < sizeof...(Ts); }

  /// Builds the alternative named `kind` from validated parameters. Throws
  /// ConfigError (from the component) for values that only fail in combination.
  static Variant make(std::string_view kind, const ParamMap& params) {
    const std::size_t index = index_of(kind);
    BANDITSIM_CHECK(index < sizeof...(Ts), "unknown component kind " + std::string(kind));
    return makers()[index](params);
  }

 private:
  using Maker = Variant (*)(const ParamMap&);

  static std::size_t index_of(std::string_view kind) {
    const auto all = infos();
    for (std::size_t i = 0; i < all.size(); ++i)
      if (all[i].name == kind) return i;
    return sizeof...(Ts);
  }

  static const std::array<Maker, sizeof...(Ts)>& makers() {
    static const std::array<Maker, sizeof...(Ts)> table = {+[](const ParamMap& params) {
      return Variant(std::in_place_type<Ts>, Ts::Config::from(params));
    }...};
    return table;
  }
};

}  // namespace banditsim
