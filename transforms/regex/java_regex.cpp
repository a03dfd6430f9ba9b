// JavaRegex; see java_regex.hpp and docs/regex.md.
#define PCRE2_CODE_UNIT_WIDTH 8
#include "java_regex.hpp"

#include <pcre2.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace connectd::transforms {
namespace {

[[noreturn]] void syntaxError(std::string_view reason, std::size_t index, std::string_view pattern) {
  throw std::invalid_argument(std::string(reason) + " near index " + std::to_string(index) + "\n" +
                              std::string(pattern));
}

bool isHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isAsciiLetter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isDigit(char c) {
  return c >= '0' && c <= '9';
}

// Java's POSIX character classes (US-ASCII only) as PCRE2 POSIX bracket names.
const char* posixName(std::string_view java) {
  struct Entry {
    std::string_view java;
    const char* posix;
  };
  static constexpr Entry kNames[] = {
      {"Lower", "lower"}, {"Upper", "upper"},   {"ASCII", "ascii"}, {"Alpha", "alpha"}, {"Digit", "digit"},
      {"Alnum", "alnum"}, {"Punct", "punct"},   {"Graph", "graph"}, {"Print", "print"}, {"Blank", "blank"},
      {"Cntrl", "cntrl"}, {"XDigit", "xdigit"}, {"Space", "space"},
  };
  for (const auto& e : kNames) {
    if (e.java == java) {
      return e.posix;
    }
  }
  return nullptr;
}

// Translates \p{..} / \P{..} starting at pattern[i] == 'p' or 'P'; returns the index after it.
std::size_t translateProperty(std::string_view p, std::size_t i, bool in_class, std::string& out) {
  const bool negated = p[i] == 'P';
  std::string name;
  std::size_t next = i + 1;
  if (next < p.size() && p[next] == '{') {
    const auto close = p.find('}', next);
    if (close == std::string_view::npos) {
      syntaxError("Unclosed character family", p.size(), p);
    }
    name = std::string(p.substr(next + 1, close - next - 1));
    next = close + 1;
  } else if (next < p.size()) {
    name = std::string(1, p[next]);
    next += 1;
  } else {
    syntaxError("Illegal/unsupported escape sequence", i, p);
  }
  if (const char* posix = posixName(name)) {
    const std::string bracket = std::string("[:") + (negated ? "^" : "") + posix + ":]";
    out += in_class ? bracket : "[" + bracket + "]";
    return next;
  }
  if (name.rfind("java", 0) == 0 || name.rfind("In", 0) == 0 || name.find('=') != std::string::npos) {
    syntaxError("Unsupported character property {" + name + "} (see docs/regex.md)", i, p);
  }
  if (name.rfind("Is", 0) == 0) {
    name = name.substr(2);  // \p{IsLatin}, \p{IsL}: PCRE2 takes the bare script or category
  }
  out += negated ? "\\P{" : "\\p{";
  out += name;
  out += '}';
  return next;
}

// Inline flags "(?idmsuxU-idmsuxU)" or "(?flags:" at p[i] == '(' ; returns the index after the flags (at ')'
// or ':'), or npos when this is not a flag group.
std::size_t translateFlags(std::string_view p, std::size_t i, std::string& out) {
  std::size_t j = i + 2;
  std::string flags;
  while (j < p.size() && (isAsciiLetter(p[j]) || p[j] == '-')) {
    const char c = p[j];
    switch (c) {
      case 'i':
      case 'm':
      case 's':
      case 'x':
      case '-': flags += c; break;
      case 'u':  // UNICODE_CASE: PCRE2's caseless matching is Unicode-aware in UTF mode already
        break;
      case 'd':
      case 'U': syntaxError(std::string("Unsupported inline flag '") + c + "' (see docs/regex.md)", j, p);
      default: syntaxError("Unknown inline modifier", j, p);
    }
    ++j;
  }
  if (j >= p.size() || (p[j] != ')' && p[j] != ':')) {
    syntaxError("Unknown inline modifier", j, p);
  }
  if (!flags.empty() && flags.back() == '-') {
    flags.pop_back();
  }
  out += "(?";
  out += flags;
  return j;
}

std::size_t utf8Length(unsigned char lead) {
  if (lead < 0x80) {
    return 1;
  }
  if ((lead >> 5) == 0x6) {
    return 2;
  }
  if ((lead >> 4) == 0xE) {
    return 3;
  }
  if ((lead >> 3) == 0x1E) {
    return 4;
  }
  return 1;
}

std::string pcre2Message(int code) {
  PCRE2_UCHAR buffer[256];
  if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0) {
    return "PCRE2 error " + std::to_string(code);
  }
  return reinterpret_cast<const char*>(buffer);
}

}  // namespace

std::optional<std::string_view> RegexMatch::group(std::string_view subject, std::size_t index) const {
  if (index >= groups.size() || !groups[index]) {
    return std::nullopt;
  }
  return subject.substr(groups[index]->begin, groups[index]->end - groups[index]->begin);
}

std::string JavaRegex::toPcre2(std::string_view p) {
  std::string out;
  out.reserve(p.size() + 8);
  bool in_class = false;
  for (std::size_t i = 0; i < p.size();) {
    const char c = p[i];
    if (c == '\\') {
      if (i + 1 >= p.size()) {
        syntaxError("Unexpected internal error", p.size(), p);
      }
      const char e = p[i + 1];
      switch (e) {
        case 'Q': {
          const auto end = p.find("\\E", i + 2);
          const std::size_t stop = end == std::string_view::npos ? p.size() : end + 2;
          out.append(p.substr(i, stop - i));
          if (end == std::string_view::npos) {
            out += "\\E";
          }
          i = stop;
          continue;
        }
        case 'p':
        case 'P': i = translateProperty(p, i + 1, in_class, out); continue;
        case 'u': {
          if (i + 6 > p.size() || !isHex(p[i + 2]) || !isHex(p[i + 3]) || !isHex(p[i + 4]) || !isHex(p[i + 5])) {
            syntaxError("Illegal Unicode escape sequence", i + 2, p);
          }
          out += "\\x{";
          out.append(p.substr(i + 2, 4));
          out += '}';
          i += 6;
          continue;
        }
        case '0': {
          std::size_t j = i + 2;
          std::string digits;
          while (j < p.size() && digits.size() < 3 && p[j] >= '0' && p[j] <= '7' &&
                 (digits.size() < 2 || digits[0] <= '3')) {
            digits += p[j++];
          }
          if (digits.empty()) {
            syntaxError("Illegal octal escape sequence", i + 2, p);
          }
          out += "\\o{" + digits + "}";
          i = j;
          continue;
        }
        case 'N': syntaxError("Unsupported escape \\N{name} (see docs/regex.md)", i, p);
        default:
          out += c;
          out += e;
          i += 2;
          continue;
      }
    }
    if (in_class) {
      if (c == '[') {
        syntaxError("Unsupported nested character class (see docs/regex.md)", i, p);
      }
      if (c == '&' && i + 1 < p.size() && p[i + 1] == '&') {
        syntaxError("Unsupported character class intersection '&&' (see docs/regex.md)", i, p);
      }
      if (c == ']') {
        in_class = false;
      }
      out += c;
      ++i;
      continue;
    }
    if (c == '[') {
      in_class = true;
      out += c;
      ++i;
      // A ']' right after '[' or '[^' is a literal in both dialects.
      if (i < p.size() && p[i] == '^') {
        out += '^';
        ++i;
      }
      if (i < p.size() && p[i] == ']') {
        out += ']';
        ++i;
      }
      continue;
    }
    if (c == '(' && i + 2 < p.size() && p[i + 1] == '?' && (isAsciiLetter(p[i + 2]) || p[i + 2] == '-')) {
      i = translateFlags(p, i, out);
      continue;
    }
    out += c;
    ++i;
  }
  if (in_class) {
    syntaxError("Unclosed character class", p.size() - 1, p);
  }
  return out;
}

struct JavaRegex::Compiled {
  pcre2_code* find = nullptr;
  pcre2_code* full = nullptr;
  ~Compiled() {
    pcre2_code_free(find);
    pcre2_code_free(full);
  }
};

namespace {
pcre2_code* compile(const std::string& translated, std::string_view java, std::uint32_t options) {
  pcre2_compile_context* context = pcre2_compile_context_create(nullptr);
  // Java's line terminators: \n, \r, \r\n, \u0085, \u2028, \u2029 ('.' and '$' stop at each).
  pcre2_set_newline(context, PCRE2_NEWLINE_ANY);
  int error = 0;
  PCRE2_SIZE offset = 0;
  pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(translated.data()), translated.size(),
                                   options | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &error, &offset, context);
  pcre2_compile_context_free(context);
  if (code == nullptr) {
    syntaxError(pcre2Message(error), offset, java);
  }
  // JIT is an optimisation only: without it the interpreter gives the same results.
  (void)pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);
  return code;
}
}  // namespace

JavaRegex::JavaRegex(std::string_view pattern, unsigned flags)
    : pattern_(pattern), compiled_(std::make_unique<Compiled>()) {
  const std::string translated = toPcre2(pattern);
  std::uint32_t options = 0;
  if ((flags & kCaseInsensitive) != 0) {
    options |= PCRE2_CASELESS;
  }
  compiled_->find = compile(translated, pattern, options);
  compiled_->full = compile(translated, pattern, options | PCRE2_ANCHORED | PCRE2_ENDANCHORED);
  std::uint32_t count = 0;
  pcre2_pattern_info(compiled_->find, PCRE2_INFO_CAPTURECOUNT, &count);
  group_count_ = count;
}

JavaRegex::~JavaRegex() = default;
JavaRegex::JavaRegex(JavaRegex&&) noexcept = default;
JavaRegex& JavaRegex::operator=(JavaRegex&&) noexcept = default;

std::optional<std::size_t> JavaRegex::groupNumber(std::string_view name) const {
  const std::string n(name);
  const int number = pcre2_substring_number_from_name(compiled_->find, reinterpret_cast<PCRE2_SPTR>(n.c_str()));
  if (number < 0) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(number);
}

std::optional<RegexMatch> JavaRegex::run(std::string_view subject, std::size_t from, bool anchored_full) const {
  pcre2_code* code = anchored_full ? compiled_->full : compiled_->find;
  // One match block per thread, grown on demand: allocating one per match costs more than the match.
  struct MatchData {
    pcre2_match_data* data = nullptr;
    std::uint32_t pairs = 0;
    ~MatchData() { pcre2_match_data_free(data); }
  };
  thread_local MatchData cache;
  const auto pairs = static_cast<std::uint32_t>(group_count_ + 1);
  if (cache.pairs < pairs) {
    pcre2_match_data_free(cache.data);
    cache.data = pcre2_match_data_create(std::max<std::uint32_t>(pairs, 16), nullptr);
    cache.pairs = std::max<std::uint32_t>(pairs, 16);
  }
  pcre2_match_data* data = cache.data;
  const int rc =
      pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), from, 0, data, nullptr);
  if (rc < 0) {
    if (rc == PCRE2_ERROR_NOMATCH) {
      return std::nullopt;
    }
    throw std::runtime_error("regex match failed: " + pcre2Message(rc));
  }
  const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
  RegexMatch match;
  match.groups.resize(group_count_ + 1);
  for (std::size_t g = 0; g <= group_count_ && g < static_cast<std::size_t>(rc); ++g) {
    if (ovector[2 * g] != PCRE2_UNSET) {
      match.groups[g] = RegexMatch::Span{ovector[2 * g], ovector[2 * g + 1]};
    }
  }
  return match;
}

bool JavaRegex::matches(std::string_view subject) const {
  return run(subject, 0, true).has_value();
}

std::optional<RegexMatch> JavaRegex::fullMatch(std::string_view subject) const {
  return run(subject, 0, true);
}

std::optional<RegexMatch> JavaRegex::find(std::string_view subject, std::size_t from) const {
  if (from > subject.size()) {
    return std::nullopt;
  }
  return run(subject, from, false);
}

// Matcher.appendExpandedReplacement (Java 9+), with its exception messages.
void JavaRegex::appendReplacement(std::string& out, std::string_view subject, const RegexMatch& match,
                                  std::string_view r) const {
  std::size_t cursor = 0;
  while (cursor < r.size()) {
    const char c = r[cursor];
    if (c == '\\') {
      ++cursor;
      if (cursor == r.size()) {
        throw std::invalid_argument("character to be escaped is missing");
      }
      out += r[cursor++];
      continue;
    }
    if (c != '$') {
      out += c;
      ++cursor;
      continue;
    }
    ++cursor;
    if (cursor == r.size()) {
      throw std::invalid_argument("Illegal group reference: group index is missing");
    }
    std::size_t ref = 0;
    if (r[cursor] == '{') {
      ++cursor;
      std::string name;
      while (cursor < r.size() && (isAsciiLetter(r[cursor]) || isDigit(r[cursor]))) {
        name += r[cursor++];
      }
      if (name.empty()) {
        throw std::invalid_argument("named capturing group has 0 length name");
      }
      if (cursor == r.size() || r[cursor] != '}') {
        throw std::invalid_argument("named capturing group is missing trailing '}'");
      }
      if (isDigit(name[0])) {
        throw std::invalid_argument("capturing group name {" + name + "} starts with digit character");
      }
      const auto number = groupNumber(name);
      if (!number) {
        throw std::invalid_argument("No group with name {" + name + "}");
      }
      ref = *number;
      ++cursor;
    } else {
      if (!isDigit(r[cursor])) {
        throw std::invalid_argument("Illegal group reference");
      }
      ref = static_cast<std::size_t>(r[cursor] - '0');
      ++cursor;
      while (cursor < r.size() && isDigit(r[cursor])) {
        const std::size_t next = ref * 10 + static_cast<std::size_t>(r[cursor] - '0');
        if (next > group_count_) {
          break;
        }
        ref = next;
        ++cursor;
      }
    }
    if (ref > group_count_) {
      throw std::out_of_range("No group " + std::to_string(ref));
    }
    if (const auto text = match.group(subject, ref)) {
      out.append(*text);
    }
  }
}

std::string JavaRegex::replaceFirst(std::string_view subject, std::string_view replacement) const {
  const auto m = find(subject);
  if (!m) {
    return std::string(subject);
  }
  std::string out(subject.substr(0, m->begin()));
  appendReplacement(out, subject, *m, replacement);
  out.append(subject.substr(m->end()));
  return out;
}

std::string JavaRegex::replaceAll(std::string_view subject, std::string_view replacement) const {
  std::string out;
  std::size_t appended = 0;  // end of the text already copied
  std::size_t from = 0;
  bool any = false;
  while (from <= subject.size()) {
    const auto m = find(subject, from);
    if (!m) {
      break;
    }
    any = true;
    out.append(subject.substr(appended, m->begin() - appended));
    appendReplacement(out, subject, *m, replacement);
    appended = m->end();
    // After an empty match the next search starts one character further, as Matcher.find() does.
    from = m->end() == m->begin()
               ? m->end() + (m->end() < subject.size() ? utf8Length(static_cast<unsigned char>(subject[m->end()])) : 1)
               : m->end();
  }
  if (!any) {
    return std::string(subject);
  }
  out.append(subject.substr(appended));
  return out;
}

}  // namespace connectd::transforms
