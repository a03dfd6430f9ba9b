// Record headers; see headers.hpp.
#include "connectd/api/headers.hpp"

#include <algorithm>

namespace connectd {

Headers& Headers::add(std::string key, SchemaPtr schema, Value value) {
  headers_.push_back(Header{std::move(key), std::move(schema), std::move(value)});
  return *this;
}

Headers& Headers::add(Header header) {
  headers_.push_back(std::move(header));
  return *this;
}

Headers& Headers::addString(std::string key, std::string value) {
  return add(std::move(key), Schema::string(), Value::string(std::move(value)));
}

Headers& Headers::addBytes(std::string key, Bytes value) {
  return add(std::move(key), Schema::bytes(), Value::bytes(std::move(value)));
}

const Header* Headers::lastWithName(std::string_view key) const {
  for (auto it = headers_.rbegin(); it != headers_.rend(); ++it) {
    if (it->key == key) {
      return &*it;
    }
  }
  return nullptr;
}

std::vector<const Header*> Headers::allWithName(std::string_view key) const {
  std::vector<const Header*> out;
  for (const auto& h : headers_) {
    if (h.key == key) {
      out.push_back(&h);
    }
  }
  return out;
}

Headers& Headers::remove(std::string_view key) {
  std::erase_if(headers_, [&](const Header& h) { return h.key == key; });
  return *this;
}

Headers& Headers::retainLatest() {
  std::vector<Header> kept;
  for (std::size_t i = 0; i < headers_.size(); ++i) {
    const bool later = std::any_of(headers_.begin() + static_cast<std::ptrdiff_t>(i) + 1, headers_.end(),
                                   [&](const Header& h) { return h.key == headers_[i].key; });
    if (!later) {
      kept.push_back(std::move(headers_[i]));
    }
  }
  headers_ = std::move(kept);
  return *this;
}

Headers& Headers::clear() {
  headers_.clear();
  return *this;
}

}  // namespace connectd
