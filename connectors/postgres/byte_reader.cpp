// ByteReader; see byte_reader.hpp.
#include "byte_reader.hpp"

#include <algorithm>
#include <string>

namespace connectd::connectors::postgres {

bool ByteReader::need(std::size_t n) {
  if (failed_) {
    return false;
  }
  if (n > data_.size() - offset_) {
    fail("truncated: " + std::to_string(n) + " bytes needed, " + std::to_string(data_.size() - offset_) + " left");
    return false;
  }
  return true;
}

std::uint8_t ByteReader::readByte() {
  if (!need(1)) {
    return 0;
  }
  return data_[offset_++];
}

std::uint64_t ByteReader::readBigEndian(std::size_t width) {
  if (!need(width)) {
    return 0;
  }
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < width; ++i) {
    value = (value << 8) | data_[offset_ + i];
  }
  offset_ += width;
  return value;
}

std::string ByteReader::readString(std::size_t max_length) {
  if (failed_) {
    return {};
  }
  const auto rest = data_.subspan(offset_);
  // Look one byte past the cap at most: a longer string is an error whether or not a NUL follows.
  const auto window = rest.first(max_length < rest.size() ? max_length + 1 : rest.size());
  const auto nul = std::find(window.begin(), window.end(), std::uint8_t{0});
  if (nul == window.end()) {
    fail(window.size() > max_length ? "string longer than " + std::to_string(max_length) + " bytes"
                                    : std::string("string without a terminating NUL"));
    return {};
  }
  const auto length = static_cast<std::size_t>(nul - window.begin());
  std::string out(reinterpret_cast<const char*>(rest.data()), length);
  offset_ += length + 1;
  return out;
}

std::span<const std::uint8_t> ByteReader::readBytes(std::size_t n) {
  if (!need(n)) {
    return {};
  }
  const auto out = data_.subspan(offset_, n);
  offset_ += n;
  return out;
}

void ByteReader::failAt(std::size_t at, std::string message) {
  if (failed_) {
    return;
  }
  failed_ = true;
  error_ = DecodeError{std::move(message), at};
}

void ByteReader::expectEnd() {
  if (!failed_ && offset_ != data_.size()) {
    fail(std::to_string(data_.size() - offset_) + " trailing bytes after the message");
  }
}

}  // namespace connectd::connectors::postgres
