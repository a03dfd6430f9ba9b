// Catalog queries for captured tables. The type details (domains, arrays, enums) are resolved here so
// that type_mapping works from plain data. Everything read is in pg_catalog, which any role may read: the
// connector needs no privilege beyond SELECT on its tables.
#include "catalog.hpp"

#include <map>
#include <memory>
#include <string>

#include "connectd/api/errors.hpp"

namespace connectd::postgres {
namespace {

// Owns a PGresult; move-only so that it is cleared exactly once.
class Result {
 public:
  explicit Result(PGresult* r) : owner_(r, &PQclear), res(r) {}

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> owner_;

 public:
  PGresult* res;
};

Result exec(PGconn* conn, const char* sql, const std::string& param) {
  const char* values[] = {param.c_str()};
  Result r(PQexecParams(conn, sql, 1, nullptr, values, nullptr, nullptr, 0));
  if (PQresultStatus(r.res) != PGRES_TUPLES_OK) {
    throw ConnectException(std::string("catalog query failed: ") + PQerrorMessage(conn));
  }
  return r;
}

std::uint32_t oidAt(const PGresult* res, int row, int col) {
  return static_cast<std::uint32_t>(std::stoul(PQgetvalue(res, row, col)));
}

// One pg_type row, before domain resolution.
struct RawType {
  std::uint32_t oid = 0;
  std::string name;
  char typtype = 'b';
  char category = 'U';
  std::uint32_t basetype = 0;    // typbasetype (domains)
  std::int32_t basetypmod = -1;  // typtypmod (domains)
  std::uint32_t element = 0;     // typelem (arrays)
};

class TypeResolver {
 public:
  explicit TypeResolver(PGconn* conn) : conn_(conn) {}

  // The type with domains resolved to their base; `typmod` takes the base typmod of a domain when the column
  // has none of its own.
  std::shared_ptr<const PgType> resolve(std::uint32_t type_oid, std::int32_t& typmod, int depth = 0) {
    if (depth > 32) throw ConnectException("domain chain too deep for type OID " + std::to_string(type_oid));
    const RawType raw = load(type_oid);
    if (raw.typtype == 'd') {
      if (typmod < 0) typmod = raw.basetypmod;
      return resolve(raw.basetype, typmod, depth + 1);
    }
    if (auto it = resolved_.find(type_oid); it != resolved_.end()) return it->second;
    auto type = std::make_shared<PgType>();
    type->oid = raw.oid;
    type->name = raw.name;
    type->typtype = raw.typtype;
    type->category = raw.category;
    if (raw.typtype == 'e') {
      Result r =
          exec(conn_, "SELECT enumlabel FROM pg_catalog.pg_enum WHERE enumtypid = $1::oid ORDER BY enumsortorder",
               std::to_string(type_oid));
      for (int i = 0; i < PQntuples(r.res); ++i) type->enum_labels.emplace_back(PQgetvalue(r.res, i, 0));
    }
    if (raw.category == 'A' && raw.element != 0) {
      std::int32_t element_typmod = -1;
      type->element = resolve(raw.element, element_typmod, depth + 1);
    }
    resolved_.emplace(type_oid, type);
    return type;
  }

  const RawType& load(std::uint32_t type_oid) {
    if (auto it = raw_.find(type_oid); it != raw_.end()) return it->second;
    Result r = exec(conn_,
                    "SELECT t.oid, t.typname, t.typtype, t.typcategory, t.typbasetype, t.typtypmod, t.typelem "
                    "FROM pg_catalog.pg_type t WHERE t.oid = $1::oid",
                    std::to_string(type_oid));
    if (PQntuples(r.res) != 1) throw ConnectException("type with OID " + std::to_string(type_oid) + " does not exist");
    RawType t;
    t.oid = oidAt(r.res, 0, 0);
    t.name = PQgetvalue(r.res, 0, 1);
    t.typtype = PQgetvalue(r.res, 0, 2)[0];
    t.category = PQgetvalue(r.res, 0, 3)[0];
    t.basetype = oidAt(r.res, 0, 4);
    t.basetypmod = std::stoi(PQgetvalue(r.res, 0, 5));
    t.element = oidAt(r.res, 0, 6);
    return raw_.emplace(type_oid, std::move(t)).first->second;
  }

 private:
  PGconn* conn_;
  std::map<std::uint32_t, RawType> raw_;
  std::map<std::uint32_t, std::shared_ptr<const PgType>> resolved_;
};

}  // namespace

PgRelation loadRelation(PGconn* conn, std::uint32_t relation_oid) {
  const std::string oid = std::to_string(relation_oid);
  PgRelation rel;
  rel.oid = relation_oid;
  {
    Result r = exec(conn,
                    "SELECT n.nspname, c.relname, c.relreplident FROM pg_catalog.pg_class c "
                    "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = $1::oid",
                    oid);
    if (PQntuples(r.res) != 1) {
      throw ConnectException("table with OID " + oid + " does not exist");
    }
    rel.schema = PQgetvalue(r.res, 0, 0);
    rel.name = PQgetvalue(r.res, 0, 1);
    rel.replica_identity = PQgetvalue(r.res, 0, 2)[0];
  }
  TypeResolver types(conn);
  {
    Result r =
        exec(conn,
             "SELECT a.attname, a.atttypid, a.atttypmod, a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid) "
             "FROM pg_catalog.pg_attribute a "
             "LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
             "WHERE a.attrelid = $1::oid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum",
             oid);
    for (int i = 0; i < PQntuples(r.res); ++i) {
      PgColumn col;
      col.name = PQgetvalue(r.res, i, 0);
      const std::uint32_t type_oid = oidAt(r.res, i, 1);
      col.typmod = std::stoi(PQgetvalue(r.res, i, 2));
      col.optional = PQgetvalue(r.res, i, 3)[0] != 't';
      if (!PQgetisnull(r.res, i, 4)) {
        col.default_expression = PQgetvalue(r.res, i, 4);
      }
      col.declared_type = types.load(type_oid).name;
      col.type = *types.resolve(type_oid, col.typmod);
      rel.columns.push_back(std::move(col));
    }
  }
  {
    Result r = exec(conn,
                    "SELECT a.attname FROM pg_catalog.pg_index i "
                    "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                    "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                    "WHERE i.indrelid = $1::oid AND i.indisprimary ORDER BY k.ord",
                    oid);
    for (int i = 0; i < PQntuples(r.res); ++i) {
      rel.primary_key.emplace_back(PQgetvalue(r.res, i, 0));
    }
  }
  if (rel.replica_identity == 'i') {
    Result r = exec(conn,
                    "SELECT a.attname FROM pg_catalog.pg_index i "
                    "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) "
                    "JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                    "WHERE i.indrelid = $1::oid AND i.indisreplident ORDER BY k.ord",
                    oid);
    for (int i = 0; i < PQntuples(r.res); ++i) {
      rel.replica_identity_columns.emplace_back(PQgetvalue(r.res, i, 0));
    }
  }
  return rel;
}

}  // namespace connectd::postgres
