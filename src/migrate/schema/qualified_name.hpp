// Schema-qualified table names: "studio.crews" is table crews of PostgreSQL schema studio, a
// name without a dot is in the connection's own schema. The qualified string is a table's
// identity everywhere (models, revision files, shapes); only dialect/ splits it to quote it.
#pragma once

#include <set>
#include <string>

namespace migrate::schema {

struct MetaData;

struct QualifiedName {
    std::string schema;  // empty: the connection's schema (PostgreSQL's search_path, SQLite)
    std::string name;
};

// At the first dot: a table's own name may not hold one, a schema's may not either.
QualifiedName split_name(const std::string& qualified);
std::string qualified(const std::string& schema, const std::string& name);
std::string schema_of(const std::string& qualified);   // "" when unqualified
std::string local_name(const std::string& qualified);  // the name within its schema

// The schemas a schema names besides the connection's own: those it declares (create_schema)
// and those of its tables, of the tables its foreign keys refer to and of its sequences.
std::set<std::string> schemas_of(const MetaData& metadata);

}  // namespace migrate::schema
