// Record headers (org.apache.kafka.connect.header.Headers): ordered, duplicates allowed, each a key with a
// schema and a value. They go on the wire in this order.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "connectd/api/schema.hpp"
#include "connectd/api/value.hpp"

namespace connectd {

struct Header {
  std::string key;
  SchemaPtr schema;  // may be null for a schemaless header
  Value value;
  bool operator==(const Header& other) const {
    return key == other.key && schemaEquals(schema, other.schema) && value == other.value;
  }
};

class Headers {
 public:
  using const_iterator = std::vector<Header>::const_iterator;

  Headers& add(std::string key, SchemaPtr schema, Value value);
  Headers& add(Header header);
  Headers& addString(std::string key, std::string value);
  Headers& addBytes(std::string key, Bytes value);

  // The last header with this key, or nullptr.
  const Header* lastWithName(std::string_view key) const;
  // All headers with this key, in order.
  std::vector<const Header*> allWithName(std::string_view key) const;
  // Removes every header with this key.
  Headers& remove(std::string_view key);
  // Keeps only the last header of each key (Headers.retainLatest()).
  Headers& retainLatest();
  Headers& clear();

  std::size_t size() const { return headers_.size(); }
  bool empty() const { return headers_.empty(); }
  const Header& operator[](std::size_t i) const { return headers_[i]; }
  const_iterator begin() const { return headers_.begin(); }
  const_iterator end() const { return headers_.end(); }

  bool operator==(const Headers& other) const = default;

 private:
  std::vector<Header> headers_;
};

}  // namespace connectd
