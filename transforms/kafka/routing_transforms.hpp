// Kafka's topic and header transforms and the TopicNameMatches predicate:
// org.apache.kafka.connect.transforms.{RegexRouter, TimestampRouter, Filter, DropHeaders, InsertHeader} and
// org.apache.kafka.connect.transforms.predicates.TopicNameMatches.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "connectd/api/plugin.hpp"

namespace connectd::transforms {

class JavaRegex;

class RegexRouter : public Transformation {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.RegexRouter";
  RegexRouter();
  ~RegexRouter() override;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 private:
  std::unique_ptr<JavaRegex> regex_;
  std::string replacement_;
};

class TimestampRouter : public Transformation {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.TimestampRouter";
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;
  // java.text.SimpleDateFormat in UTC for the letters y M d H h m s S a E and quoted literals.
  static std::string formatTimestamp(const std::string& pattern, std::int64_t epoch_ms);

 private:
  std::string topic_format_;
  std::string timestamp_format_;
};

class Filter : public Transformation {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.Filter";
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;
};

class DropHeaders : public Transformation {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.DropHeaders";
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;

 private:
  std::vector<std::string> headers_;
};

class InsertHeader : public Transformation {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.InsertHeader";
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  std::optional<SourceRecord> apply(SourceRecord record) override;
  // Values.parseString: booleans, the smallest integer type that fits, doubles, else the string.
  static SchemaAndValue parseLiteral(const std::string& literal);

 private:
  std::string header_;
  SchemaAndValue value_;
};

class TopicNameMatches : public Predicate {
 public:
  static constexpr const char* kClassName = "org.apache.kafka.connect.transforms.predicates.TopicNameMatches";
  TopicNameMatches();
  ~TopicNameMatches() override;
  std::string version() const override;
  const ConfigDef& config() const override;
  void configure(const ConfigMap& props) override;
  bool test(const SourceRecord& record) const override;

 private:
  std::unique_ptr<JavaRegex> pattern_;
};

}  // namespace connectd::transforms
