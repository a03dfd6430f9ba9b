// The built-in converter factory; see builtin_converters.hpp.
#include "builtin_converters.hpp"

#include "binary_data_converter.hpp"
#include "byte_array_converter.hpp"
#include "json_converter.hpp"
#include "number_converters.hpp"
#include "string_converter.hpp"

namespace connectd::converters {
namespace {

template <class T>
std::unique_ptr<Converter> make() {
  return std::make_unique<T>();
}

}  // namespace

std::unique_ptr<Converter> newBuiltinConverter(std::string_view class_name) {
  using Factory = std::unique_ptr<Converter> (*)();
  static constexpr std::pair<std::string_view, Factory> kFactories[] = {
      {JsonConverter::kClassName, &make<JsonConverter>},
      {StringConverter::kClassName, &make<StringConverter>},
      {ByteArrayConverter::kClassName, &make<ByteArrayConverter>},
      {BinaryDataConverter::kClassName, &make<BinaryDataConverter>},
      {ShortConverter::kClassName, &make<ShortConverter>},
      {IntegerConverter::kClassName, &make<IntegerConverter>},
      {LongConverter::kClassName, &make<LongConverter>},
      {FloatConverter::kClassName, &make<FloatConverter>},
      {DoubleConverter::kClassName, &make<DoubleConverter>},
      {BooleanConverter::kClassName, &make<BooleanConverter>},
  };
  for (const auto& [name, factory] : kFactories) {
    if (name == class_name) {
      return factory();
    }
  }
  return nullptr;
}

}  // namespace connectd::converters
