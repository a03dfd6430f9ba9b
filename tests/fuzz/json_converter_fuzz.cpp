// Fuzz target for JsonConverter.toConnectData (bytes read from Kafka topics): schemas on and off, then
// writing what was read back out. Malformed input may only raise DataException.
#include <cstddef>
#include <cstdint>
#include <span>

#include "connectd/api/errors.hpp"
#include "converters/json_converter.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  for (const char* schemas : {"true", "false"}) {
    connectd::converters::JsonConverter converter;
    converter.configure({{"schemas.enable", schemas}}, false);
    try {
      const auto read = converter.toConnectData("t", {}, bytes);
      (void)converter.fromConnectData("t", {}, read.schema, read.value);
    } catch (const connectd::DataException&) {
    }
  }
  return 0;
}
