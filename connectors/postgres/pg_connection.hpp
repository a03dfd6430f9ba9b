// A thin owner of a libpq connection for the PostgreSQL connector: connecting with the session settings
// the connector's text parsing relies on, running SQL with errors as exceptions that name the statement
// (never the password), and the CopyBoth reads and writes of a replication stream.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libpq-fe.h>

namespace connectd::postgres {

class PgResult {
 public:
  explicit PgResult(PGresult* res) : res_(res, &PQclear) {}
  PGresult* get() const { return res_.get(); }
  int rows() const { return PQntuples(res_.get()); }
  int columns() const { return PQnfields(res_.get()); }
  bool isNull(int row, int col) const { return PQgetisnull(res_.get(), row, col) != 0; }
  std::string value(int row, int col) const { return PQgetvalue(res_.get(), row, col); }
  std::optional<std::string> optionalValue(int row, int col) const {
    return isNull(row, col) ? std::nullopt : std::optional<std::string>(value(row, col));
  }

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> res_;
};

class PgConnection {
 public:
  // Connects; throws ConnectException naming `what` and the server, with libpq's message.
  PgConnection(const std::string& conninfo, const std::string& what, const std::string& server);
  PgConnection(const PgConnection&) = delete;
  PgConnection& operator=(const PgConnection&) = delete;

  PGconn* get() const { return conn_.get(); }
  // Runs a statement; throws ConnectException unless it succeeded (PGRES_COMMAND_OK or TUPLES_OK).
  PgResult exec(const std::string& sql);
  PgResult execParams(const std::string& sql, const std::vector<std::string>& params);
  // Runs a statement and returns the SQLSTATE and message instead of throwing ("" state on success).
  struct Outcome {
    std::string sqlstate;
    std::string message;
    std::optional<PgResult> result;
  };
  Outcome tryExec(const std::string& sql);
  std::string errorMessage() const;
  bool ok() const { return PQstatus(conn_.get()) == CONNECTION_OK; }

  // CopyBoth: the next CopyData payload, waiting at most `wait`. Empty optional when none arrived in
  // time; throws RetriableException when the stream ended or the connection broke.
  std::optional<std::vector<std::uint8_t>> readCopyData(std::chrono::milliseconds wait);
  // Sends one CopyData payload and flushes. Throws RetriableException on failure.
  void writeCopyData(const std::uint8_t* data, std::size_t size);

  static std::string quoteIdentifier(const std::string& name);
  static std::string quoteLiteral(const std::string& value);

 private:
  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
};

}  // namespace connectd::postgres
