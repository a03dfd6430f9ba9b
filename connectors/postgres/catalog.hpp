// What Debezium reads from PostgreSQL's catalog about a captured table: its columns (with types resolved
// through domains, nullability and DEFAULT expressions), its primary key and its replica identity.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <libpq-fe.h>

#include "type_mapping.hpp"

namespace connectd::postgres {

struct PgRelation {
  std::uint32_t oid = 0;
  std::string schema;                    // nspname
  std::string name;                      // relname
  char replica_identity = 'd';           // pg_class.relreplident: 'd' default, 'f' full, 'i' index, 'n' nothing
  std::vector<PgColumn> columns;         // in attnum order, dropped columns skipped
  std::vector<std::string> primary_key;  // column names in key order; empty without a primary key
  // REPLICA IDENTITY USING INDEX: that index's columns in key order; empty for the other identities.
  std::vector<std::string> replica_identity_columns;
};

// Loads one table by OID over a regular (non-replication) connection. Throws ConnectException when the
// query fails or the table does not exist.
PgRelation loadRelation(PGconn* conn, std::uint32_t relation_oid);

}  // namespace connectd::postgres
