// The JSON tree reader; see json_node.hpp.
#include "json_node.hpp"

#include <charconv>
#include <cmath>
#include <cstdlib>

#include "connectd/api/errors.hpp"
#include "connectd/api/java_text.hpp"

namespace connectd::converters {
namespace {

constexpr int kMaxDepth = 512;

class Parser {
 public:
  explicit Parser(std::string_view text) : text_(text) {}

  JsonNode parseRoot() {
    skipSpace();
    if (pos_ == text_.size()) {
      return JsonNode{};
    }
    return parseValue(0);
  }

 private:
  [[noreturn]] void fail(const std::string& what) const {
    throw DataException("Converting byte[] to Kafka Connect data failed due to serialization error: " + what +
                        " at offset " + std::to_string(pos_));
  }

  void skipSpace() {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool consumeWord(std::string_view word) {
    if (text_.substr(pos_, word.size()) == word) {
      pos_ += word.size();
      return true;
    }
    return false;
  }

  JsonNode parseValue(int depth) {
    if (depth > kMaxDepth) {
      fail("nesting too deep");
    }
    skipSpace();
    if (pos_ >= text_.size()) {
      fail("unexpected end of input");
    }
    JsonNode node;
    const char c = text_[pos_];
    if (c == '{') {
      node.type = JsonNode::Type::kObject;
      ++pos_;
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == '}') {
        ++pos_;
        return node;
      }
      while (true) {
        skipSpace();
        if (pos_ >= text_.size() || text_[pos_] != '"') {
          fail("expected a field name");
        }
        std::string key = parseString();
        skipSpace();
        if (pos_ >= text_.size() || text_[pos_] != ':') {
          fail("expected ':'");
        }
        ++pos_;
        JsonNode value = parseValue(depth + 1);
        bool replaced = false;
        for (auto& [k, v] : node.members) {
          if (k == key) {
            v = std::move(value);
            replaced = true;
            break;
          }
        }
        if (!replaced) {
          node.members.emplace_back(std::move(key), std::move(value));
        }
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == '}') {
          ++pos_;
          return node;
        }
        fail("expected ',' or '}'");
      }
    }
    if (c == '[') {
      node.type = JsonNode::Type::kArray;
      ++pos_;
      skipSpace();
      if (pos_ < text_.size() && text_[pos_] == ']') {
        ++pos_;
        return node;
      }
      while (true) {
        node.items.push_back(parseValue(depth + 1));
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == ',') {
          ++pos_;
          continue;
        }
        if (pos_ < text_.size() && text_[pos_] == ']') {
          ++pos_;
          return node;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c == '"') {
      node.type = JsonNode::Type::kString;
      node.text = parseString();
      return node;
    }
    if (consumeWord("true")) {
      node.type = JsonNode::Type::kBoolean;
      node.boolean = true;
      return node;
    }
    if (consumeWord("false")) {
      node.type = JsonNode::Type::kBoolean;
      return node;
    }
    if (consumeWord("null")) {
      node.type = JsonNode::Type::kNull;
      return node;
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
      return parseNumber();
    }
    fail(std::string("unexpected character '") + c + "'");
  }

  JsonNode parseNumber() {
    const std::size_t start = pos_;
    JsonNode node;
    node.type = JsonNode::Type::kNumber;
    node.integral = true;
    if (text_[pos_] == '-') {
      ++pos_;
    }
    const std::size_t int_start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      ++pos_;
    }
    if (pos_ == int_start || (text_[int_start] == '0' && pos_ - int_start > 1)) {
      fail("invalid number");
    }
    if (pos_ < text_.size() && text_[pos_] == '.') {
      node.integral = false;
      ++pos_;
      const std::size_t frac = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        ++pos_;
      }
      if (pos_ == frac) {
        fail("invalid number");
      }
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      node.integral = false;
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) {
        ++pos_;
      }
      const std::size_t exp = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
        ++pos_;
      }
      if (pos_ == exp) {
        fail("invalid number");
      }
    }
    node.text = std::string(text_.substr(start, pos_ - start));
    return node;
  }

  static void appendUtf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xc0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xe0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (cp & 0x3f));
    }
  }

  std::uint32_t parseHex4() {
    if (pos_ + 4 > text_.size()) {
      fail("truncated \\u escape");
    }
    std::uint32_t v = 0;
    const auto res = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, v, 16);
    if (res.ptr != text_.data() + pos_ + 4) {
      fail("invalid \\u escape");
    }
    pos_ += 4;
    return v;
  }

  std::string parseString() {
    ++pos_;  // opening quote
    std::string out;
    while (true) {
      if (pos_ >= text_.size()) {
        fail("unterminated string");
      }
      const char c = text_[pos_++];
      if (c == '"') {
        return out;
      }
      if (static_cast<unsigned char>(c) < 0x20) {
        fail("unescaped control character in string");
      }
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) {
        fail("unterminated string");
      }
      const char e = text_[pos_++];
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          std::uint32_t cp = parseHex4();
          if (cp >= 0xd800 && cp < 0xdc00 && text_.substr(pos_, 2) == "\\u") {
            pos_ += 2;
            const std::uint32_t low = parseHex4();
            if (low >= 0xdc00 && low < 0xe000) {
              cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
            } else {
              appendUtf8(out, cp);
              cp = low;
            }
          }
          appendUtf8(out, cp);
          break;
        }
        default: fail("invalid escape");
      }
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

}  // namespace

const JsonNode* JsonNode::get(std::string_view key) const {
  for (const auto& [k, v] : members) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

std::string_view JsonNode::typeName() const {
  switch (type) {
    case Type::kMissing: return "MISSING";
    case Type::kNull: return "NULL";
    case Type::kBoolean: return "BOOLEAN";
    case Type::kNumber: return "NUMBER";
    case Type::kString: return "STRING";
    case Type::kArray: return "ARRAY";
    case Type::kObject: return "OBJECT";
  }
  return "MISSING";
}

std::int64_t JsonNode::longValue() const {
  if (type != Type::kNumber) {
    return 0;
  }
  if (integral) {
    std::int64_t v = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
    if (res.ec == std::errc{}) {
      return v;
    }
  }
  // Java narrows a BigDecimal/BigInteger by truncation; out-of-range values are not reproduced exactly.
  const double d = doubleValue();
  if (std::isnan(d)) {
    return 0;
  }
  if (d >= 9.2233720368547758e18) {
    return INT64_MAX;
  }
  if (d <= -9.2233720368547758e18) {
    return INT64_MIN;
  }
  return static_cast<std::int64_t>(d);
}

double JsonNode::doubleValue() const {
  if (type != Type::kNumber) {
    return 0;
  }
  return java::parseDouble(text).value_or(0);
}

JsonNode JsonNode::parse(std::string_view text) {
  return Parser(text).parseRoot();
}

}  // namespace connectd::converters
