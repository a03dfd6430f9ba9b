// libpq connections for the PostgreSQL connector; see pg_connection.hpp.
#include "pg_connection.hpp"

#include <poll.h>

#include <cstring>

#include "connectd/api/errors.hpp"

namespace connectd::postgres {
namespace {

std::string trimmed(const char* message) {
  std::string s = message != nullptr ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) {
    s.pop_back();
  }
  return s;
}

}  // namespace

PgConnection::PgConnection(const std::string& conninfo, const std::string& what, const std::string& server)
    : conn_(PQconnectdb(conninfo.c_str()), &PQfinish) {
  if (PQstatus(conn_.get()) != CONNECTION_OK) {
    // libpq's messages never contain the password.
    throw ConnectException("Could not open the " + what + " to PostgreSQL at " + server + ": " +
                           trimmed(PQerrorMessage(conn_.get())));
  }
}

std::string PgConnection::errorMessage() const {
  return trimmed(PQerrorMessage(conn_.get()));
}

PgResult PgConnection::exec(const std::string& sql) {
  PgResult r(PQexec(conn_.get(), sql.c_str()));
  const auto st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    throw ConnectException("PostgreSQL statement failed (" + sql + "): " + trimmed(PQresultErrorMessage(r.get())));
  }
  return r;
}

PgResult PgConnection::execParams(const std::string& sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  for (const auto& p : params) {
    values.push_back(p.c_str());
  }
  PgResult r(PQexecParams(conn_.get(), sql.c_str(), static_cast<int>(values.size()), nullptr, values.data(), nullptr,
                          nullptr, 0));
  const auto st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
    throw ConnectException("PostgreSQL statement failed (" + sql + "): " + trimmed(PQresultErrorMessage(r.get())));
  }
  return r;
}

PgConnection::Outcome PgConnection::tryExec(const std::string& sql) {
  PgResult r(PQexec(conn_.get(), sql.c_str()));
  const auto st = PQresultStatus(r.get());
  Outcome out;
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_COPY_BOTH) {
    out.result.emplace(std::move(r));
    return out;
  }
  const char* state = PQresultErrorField(r.get(), PG_DIAG_SQLSTATE);
  out.sqlstate = state != nullptr ? state : "?????";
  out.message = trimmed(PQresultErrorMessage(r.get()));
  if (out.message.empty()) {
    out.message = errorMessage();
  }
  return out;
}

std::optional<std::vector<std::uint8_t>> PgConnection::readCopyData(std::chrono::milliseconds wait) {
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (true) {
    char* raw = nullptr;
    const int n = PQgetCopyData(conn_.get(), &raw, 1);
    if (n > 0) {
      std::vector<std::uint8_t> out(reinterpret_cast<std::uint8_t*>(raw), reinterpret_cast<std::uint8_t*>(raw) + n);
      PQfreemem(raw);
      return out;
    }
    if (n == -1) {
      PgResult r(PQgetResult(conn_.get()));
      throw RetriableException("The PostgreSQL server ended the replication stream: " +
                               trimmed(PQresultErrorMessage(r.get())));
    }
    if (n == -2) {
      throw RetriableException("The replication connection to PostgreSQL failed: " + errorMessage());
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      return std::nullopt;
    }
    pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
    if (poll(&fd, 1, static_cast<int>(left.count())) < 0 && errno != EINTR) {
      throw RetriableException(std::string("poll() on the replication connection failed: ") + std::strerror(errno));
    }
    if (PQconsumeInput(conn_.get()) != 1) {
      throw RetriableException("The replication connection to PostgreSQL failed: " + errorMessage());
    }
  }
}

void PgConnection::writeCopyData(const std::uint8_t* data, std::size_t size) {
  if (PQputCopyData(conn_.get(), reinterpret_cast<const char*>(data), static_cast<int>(size)) != 1 ||
      PQflush(conn_.get()) != 0) {
    throw RetriableException("Could not send a status update to PostgreSQL: " + errorMessage());
  }
}

std::string PgConnection::quoteIdentifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') {
      out += '"';
    }
  }
  return out + "\"";
}

std::string PgConnection::quoteLiteral(const std::string& value) {
  std::string out = "'";
  for (char c : value) {
    out += c;
    if (c == '\'') {
      out += '\'';
    }
  }
  return out + "'";
}

}  // namespace connectd::postgres
