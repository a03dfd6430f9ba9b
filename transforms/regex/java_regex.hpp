// Java's java.util.regex on PCRE2: a Java pattern is translated to PCRE2 syntax once (docs/regex.md lists
// what is supported), then matched with Java's Matcher semantics — matches() is a full match, find() a
// search, and replaceFirst/replaceAll expand Java's replacement syntax ($1, ${name}, \$).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace connectd::transforms {

// One match: the span of every group (group 0 is the whole match); an unmatched group has no span.
struct RegexMatch {
  struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
  };
  std::vector<std::optional<Span>> groups;

  std::size_t begin() const { return groups[0]->begin; }
  std::size_t end() const { return groups[0]->end; }
  // The text of a group, or nullopt when the group did not take part in the match.
  std::optional<std::string_view> group(std::string_view subject, std::size_t index) const;
};

class JavaRegex {
 public:
  // Pattern.CASE_INSENSITIVE, the one flag callers pass from outside the pattern (Debezium's filters).
  static constexpr unsigned kCaseInsensitive = 0x02;

  // Compiles a Java pattern. Throws std::invalid_argument with the position and reason when the pattern is
  // not valid Java syntax or uses a construct docs/regex.md lists as unsupported.
  explicit JavaRegex(std::string_view pattern, unsigned flags = 0);
  ~JavaRegex();
  JavaRegex(JavaRegex&&) noexcept;
  JavaRegex& operator=(JavaRegex&&) noexcept;
  JavaRegex(const JavaRegex&) = delete;
  JavaRegex& operator=(const JavaRegex&) = delete;

  const std::string& pattern() const { return pattern_; }
  // The number of capturing groups (Matcher.groupCount()).
  std::size_t groupCount() const { return group_count_; }
  // The group number of a named group, or nullopt.
  std::optional<std::size_t> groupNumber(std::string_view name) const;

  // Matcher.matches(): the whole subject matches.
  bool matches(std::string_view subject) const;
  // matches() with the groups.
  std::optional<RegexMatch> fullMatch(std::string_view subject) const;
  // Matcher.find() from a byte offset.
  std::optional<RegexMatch> find(std::string_view subject, std::size_t from = 0) const;

  // Matcher.replaceFirst / replaceAll with Java's replacement syntax. Throws std::invalid_argument for an
  // illegal replacement (Java's IllegalArgumentException / IndexOutOfBoundsException messages).
  std::string replaceFirst(std::string_view subject, std::string_view replacement) const;
  std::string replaceAll(std::string_view subject, std::string_view replacement) const;
  // Appends the expansion of `replacement` for one match (Matcher.appendReplacement's replacement part).
  void appendReplacement(std::string& out, std::string_view subject, const RegexMatch& match,
                         std::string_view replacement) const;

  // Java's translation into PCRE2 syntax (exposed for tests and error messages).
  static std::string toPcre2(std::string_view java_pattern);

 private:
  std::optional<RegexMatch> run(std::string_view subject, std::size_t from, bool anchored_full) const;

  struct Compiled;
  std::string pattern_;
  std::unique_ptr<Compiled> compiled_;
  std::size_t group_count_ = 0;
};

}  // namespace connectd::transforms
