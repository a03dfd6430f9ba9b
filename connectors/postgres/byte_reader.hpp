// Bounds-checked big-endian reads over bytes that came from the server, and the error value the PostgreSQL
// wire decoders return. Decoding is on the hot path and malformed input is an expected outcome, so failures
// are values, never exceptions or asserts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <variant>

namespace connectd::connectors::postgres {

// Why a message could not be decoded, and the byte offset in that message where decoding stopped.
struct DecodeError {
  std::string message;
  std::size_t offset = 0;

  bool operator==(const DecodeError&) const = default;
};

// A decoded value or a DecodeError (C++20 has no std::expected).
template <typename T>
class DecodeResult {
 public:
  DecodeResult(T value) : state_(std::in_place_index<0>, std::move(value)) {}            // NOLINT: implicit by design
  DecodeResult(DecodeError error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT: implicit

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // Calling value() on an error (or error() on a value) is a programming error: std::bad_variant_access.
  T& value() & { return std::get<0>(state_); }
  const T& value() const& { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const DecodeError& error() const { return std::get<1>(state_); }

 private:
  std::variant<T, DecodeError> state_;
};

// Reads one message front to back. The first failed read records an error (with the offset where that read
// started) and makes the reader "failed": later reads return zero or empty and change nothing, so a decoder
// can read a whole fixed layout and check failed() once, while the first cause is what gets reported.
class ByteReader {
 public:
  explicit ByteReader(std::span<const std::uint8_t> data) : data_(data) {}

  std::uint8_t readByte();
  std::int8_t readInt8() { return static_cast<std::int8_t>(readByte()); }
  std::uint16_t readUint16() { return static_cast<std::uint16_t>(readBigEndian(2)); }
  std::int16_t readInt16() { return static_cast<std::int16_t>(readUint16()); }
  std::uint32_t readUint32() { return static_cast<std::uint32_t>(readBigEndian(4)); }
  std::int32_t readInt32() { return static_cast<std::int32_t>(readUint32()); }
  std::uint64_t readUint64() { return readBigEndian(8); }
  std::int64_t readInt64() { return static_cast<std::int64_t>(readUint64()); }

  // A NUL-terminated string of at most max_length bytes (without the NUL); the NUL is consumed.
  std::string readString(std::size_t max_length);
  // The next n bytes, as a view into the input; fails (and returns an empty span) when fewer remain.
  std::span<const std::uint8_t> readBytes(std::size_t n);

  // Records `message` as the error at the current offset (or at `at`, where the offending field started)
  // unless an earlier error is already recorded: the first cause is the one worth reporting.
  void fail(std::string message) { failAt(offset_, std::move(message)); }
  void failAt(std::size_t at, std::string message);
  // Fails when bytes are left over: every layout the decoders know is consumed completely.
  void expectEnd();

  bool failed() const { return failed_; }
  const DecodeError& error() const { return error_; }
  std::size_t offset() const { return offset_; }
  std::size_t remaining() const { return failed_ ? 0 : data_.size() - offset_; }

 private:
  std::uint64_t readBigEndian(std::size_t width);
  bool need(std::size_t n);

  std::span<const std::uint8_t> data_;
  std::size_t offset_ = 0;
  bool failed_ = false;
  DecodeError error_;
};

}  // namespace connectd::connectors::postgres
