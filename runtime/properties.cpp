// Java .properties parsing; see properties.hpp. Follows java.util.Properties.load(Reader) line by line.
#include "runtime/properties.hpp"

#include <fstream>
#include <sstream>
#include <vector>

#include "connectd/api/errors.hpp"

namespace connectd::runtime {
namespace {

bool isPropWhitespace(char c) {
  return c == ' ' || c == '\t' || c == '\f';
}

void appendUtf8(std::string& out, std::uint32_t cp) {
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

// Splits text into logical lines: comments and blank lines dropped, continuations joined (the
// continuation's leading whitespace removed, the escaping backslash dropped).
std::vector<std::string> logicalLines(std::string_view text) {
  std::vector<std::string> lines;
  std::string current;
  bool continuing = false;
  std::size_t i = 0;
  while (i <= text.size()) {
    // One natural line: up to \n, \r or \r\n.
    std::size_t end = i;
    while (end < text.size() && text[end] != '\n' && text[end] != '\r') {
      ++end;
    }
    std::string_view natural = text.substr(i, end - i);
    std::size_t next = end;
    if (next < text.size()) {
      next += (text[next] == '\r' && next + 1 < text.size() && text[next + 1] == '\n') ? 2 : 1;
    } else {
      next = text.size() + 1;
    }
    i = next;

    std::size_t lead = 0;
    while (lead < natural.size() && isPropWhitespace(natural[lead])) {
      ++lead;
    }
    natural.remove_prefix(lead);
    if (!continuing) {
      if (natural.empty() || natural[0] == '#' || natural[0] == '!') {
        continue;
      }
    }
    // An odd number of trailing backslashes continues the line.
    std::size_t backslashes = 0;
    while (backslashes < natural.size() && natural[natural.size() - 1 - backslashes] == '\\') {
      ++backslashes;
    }
    if (backslashes % 2 == 1) {
      current.append(natural.substr(0, natural.size() - 1));
      continuing = true;
      if (i > text.size()) {
        lines.push_back(std::move(current));
        current.clear();
      }
      continue;
    }
    current.append(natural);
    lines.push_back(std::move(current));
    current.clear();
    continuing = false;
  }
  return lines;
}

// Removes escapes from a key or value (Properties.loadConvert).
std::string unescape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c != '\\' || i + 1 >= s.size()) {
      if (c != '\\') {
        out += c;
      }
      continue;
    }
    c = s[++i];
    switch (c) {
      case 't': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        std::uint32_t cp = 0;
        for (int k = 0; k < 4; ++k) {
          if (i + 1 >= s.size()) {
            throw ConfigException("Malformed \\uxxxx encoding.");
          }
          const char h = s[++i];
          cp <<= 4;
          if (h >= '0' && h <= '9') {
            cp |= static_cast<std::uint32_t>(h - '0');
          } else if (h >= 'a' && h <= 'f') {
            cp |= static_cast<std::uint32_t>(h - 'a' + 10);
          } else if (h >= 'A' && h <= 'F') {
            cp |= static_cast<std::uint32_t>(h - 'A' + 10);
          } else {
            throw ConfigException("Malformed \\uxxxx encoding.");
          }
        }
        appendUtf8(out, cp);
        break;
      }
      default: out += c; break;
    }
  }
  return out;
}

}  // namespace

ConfigMap parseProperties(std::string_view text) {
  ConfigMap out;
  for (const auto& line : logicalLines(text)) {
    // The key ends at the first unescaped '=', ':' or whitespace.
    std::size_t k = 0;
    bool escaped = false;
    bool has_separator = false;
    while (k < line.size()) {
      const char c = line[k];
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '=' || c == ':') {
        has_separator = true;
        break;
      } else if (isPropWhitespace(c)) {
        break;
      }
      ++k;
    }
    std::size_t v = k + (has_separator ? 1 : 0);
    while (v < line.size() && isPropWhitespace(line[v])) {
      ++v;
    }
    if (!has_separator && v < line.size() && (line[v] == '=' || line[v] == ':')) {
      ++v;
      while (v < line.size() && isPropWhitespace(line[v])) {
        ++v;
      }
    }
    out[unescape(std::string_view(line).substr(0, k))] = unescape(std::string_view(line).substr(v));
  }
  return out;
}

ConfigMap loadPropertiesFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw ConfigException("Cannot read properties file " + path.string());
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  return parseProperties(buf.str());
}

}  // namespace connectd::runtime
