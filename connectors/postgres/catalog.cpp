// Catalog queries for captured tables. The type details (domains, arrays, enums) are resolved here so
// that type_mapping works from plain data.
#include "catalog.hpp"

#include <string>

#include "connectd/api/errors.hpp"

namespace connectd::postgres {
namespace {

struct Result {
  PGresult* res;
  ~Result() { PQclear(res); }
};

Result exec(PGconn* conn, const char* sql, const std::string& param) {
  const char* values[] = {param.c_str()};
  Result r{PQexecParams(conn, sql, 1, nullptr, values, nullptr, nullptr, 0)};
  if (PQresultStatus(r.res) != PGRES_TUPLES_OK) {
    throw ConnectException(std::string("catalog query failed: ") + PQerrorMessage(conn));
  }
  return r;
}

}  // namespace

PgRelation loadRelation(PGconn* conn, std::uint32_t relation_oid) {
  const std::string oid = std::to_string(relation_oid);
  PgRelation rel;
  rel.oid = relation_oid;
  {
    Result r = exec(conn,
                    "SELECT n.nspname, c.relname, c.relreplident FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::oid",
                    oid);
    if (PQntuples(r.res) != 1) {
      throw ConnectException("table with OID " + oid + " does not exist");
    }
    rel.schema = PQgetvalue(r.res, 0, 0);
    rel.name = PQgetvalue(r.res, 0, 1);
    rel.replica_identity = PQgetvalue(r.res, 0, 2)[0];
  }
  {
    Result r = exec(conn,
                    "SELECT a.attname, t.oid, t.typname, t.typtype, t.typcategory, a.atttypmod, a.attnotnull, "
                    "pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a "
                    "JOIN pg_type t ON t.oid = a.atttypid "
                    "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                    "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
                    oid);
    for (int i = 0; i < PQntuples(r.res); ++i) {
      PgColumn col;
      col.name = PQgetvalue(r.res, i, 0);
      col.type.oid = static_cast<std::uint32_t>(std::stoul(PQgetvalue(r.res, i, 1)));
      col.type.name = PQgetvalue(r.res, i, 2);
      col.type.typtype = PQgetvalue(r.res, i, 3)[0];
      col.type.category = PQgetvalue(r.res, i, 4)[0];
      col.typmod = std::stoi(PQgetvalue(r.res, i, 5));
      col.optional = PQgetvalue(r.res, i, 6)[0] != 't';
      if (!PQgetisnull(r.res, i, 7)) {
        col.default_expression = PQgetvalue(r.res, i, 7);
      }
      rel.columns.push_back(std::move(col));
    }
  }
  {
    Result r = exec(conn,
                    "SELECT a.attname FROM pg_index i "
                    "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                    "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                    "WHERE i.indrelid = $1::oid AND i.indisprimary ORDER BY k.ord",
                    oid);
    for (int i = 0; i < PQntuples(r.res); ++i) {
      rel.primary_key.emplace_back(PQgetvalue(r.res, i, 0));
    }
  }
  return rel;
}

}  // namespace connectd::postgres
