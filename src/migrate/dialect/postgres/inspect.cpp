// PostgreSQL introspection: six pg_catalog queries for the whole schema (tables, columns,
// enum labels, constraints, indexes, sequences), each bound to the schema name, then
// canonicalised.
#include "migrate/dialect/postgres/inspect.hpp"

#include <cctype>
#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "migrate/dialect/postgres/catalog_text.hpp"
#include "migrate/dialect/postgres/exclusion_def.hpp"
#include "migrate/dialect/postgres/identity.hpp"
#include "migrate/dialect/postgres/sequence_sql.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/log.hpp"

namespace migrate::dialect::postgres {

namespace {

// The relations every query walks: ordinary and partitioned tables of the schemas read ($1,
// an array), but not partitions (they belong to their parent's definition).
constexpr const char* in_schema =
    "n.nspname = ANY($1::text[]) AND c.relkind IN ('r', 'p') AND NOT c.relispartition";
constexpr const char* named_relation = named_relation_sql;

// The schemas one inspection reads: the connection's and those the caller lists.
struct Scope {
    std::string own;     // the connection's schema
    std::string listed;  // an array literal of own and the others, for $1
};

Scope scope_of(const std::string& own, const std::set<std::string>& others) {
    return {own, schema_list_literal(own, others)};
}

std::string text_of(const schema::Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
    if (auto* b = std::get_if<bool>(&v)) return *b ? "t" : "f";
    return "";
}
std::optional<std::string> optional_text(const schema::Value& v) {
    if (schema::is_null(v)) return std::nullopt;
    return text_of(v);
}
std::int64_t int_of(const schema::Value& v) {
    if (auto* n = std::get_if<std::int64_t>(&v)) return *n;
    return 0;
}
bool bool_of(const schema::Value& v) {
    if (auto* b = std::get_if<bool>(&v)) return *b;
    return false;
}

// A query naming relations (named_relation) binds both; one that does not, only $1.
std::vector<Row> rows_of(Connection& connection, const std::string& sql, const Scope& scope,
                         bool names_relations = true) {
    std::vector<schema::Value> params{schema::Value{scope.listed}};
    if (names_relations) params.push_back(schema::Value{scope.own});
    return connection.query(Statement{sql, std::move(params), false});
}

std::string referential_action(const std::string& code) {
    if (code == "r") return "RESTRICT";
    if (code == "c") return "CASCADE";
    if (code == "n") return "SET NULL";
    if (code == "d") return "SET DEFAULT";
    return "";  // a: NO ACTION
}

bool integer_kind(const schema::Type& type) {
    return type.kind == schema::TypeKind::integer || type.kind == schema::TypeKind::bigint ||
           type.kind == schema::TypeKind::smallint;
}

// The portable type of a catalog type name (pg_type.typname) with its typmod; nullopt
// for types migrate has no portable name for.
std::optional<schema::Type> portable_type(const std::string& name, std::int64_t typmod) {
    namespace types = schema::types;
    // varchar and bpchar keep the length plus a 4-byte header in typmod; -1 is unbounded.
    int length = typmod >= 4 ? static_cast<int>(typmod - 4) : 0;
    if (name == "int4") return types::integer();
    if (name == "int8") return types::bigint();
    if (name == "int2") return types::smallint();
    if (name == "bool") return types::boolean();
    if (name == "float8") return types::float_();
    if (name == "float4") return types::float_(24);
    if (name == "numeric") {
        if (typmod < 4) return types::numeric(0, 0);
        // Precision in the high 16 bits; the scale (negative since 15) in 11 signed bits.
        auto packed = typmod - 4;
        return types::numeric(static_cast<int>((packed >> 16) & 0xffff),
                              static_cast<int>(((packed & 0x7ff) ^ 1024) - 1024));
    }
    if (name == "varchar") return types::string(length);
    if (name == "bpchar") return types::char_(length == 0 ? 1 : length);
    if (name == "text") return types::text();
    if (name == "date") return types::date();
    if (name == "time") return types::time();
    if (name == "timestamp") return types::datetime(false);
    if (name == "timestamptz") return types::datetime(true);
    if (name == "uuid") return types::uuid();
    if (name == "jsonb") return types::json();
    if (name == "json") return types::json_text();
    if (name == "bytea") return types::binary();
    if (name == "interval") return types::interval();
    if (name == "inet") return types::inet();
    if (name == "cidr") return types::cidr();
    if (name == "tsvector") return types::tsvector();
    // An array type is its element's name after an underscore (_text, _varchar), with the
    // element's typmod; arrays of arrays do not exist, and of enums read verbatim.
    if (name.size() > 1 && name[0] == '_') {
        auto element = portable_type(name.substr(1), typmod);
        if (element && !element->array) return schema::types::array_of(*element);
    }
    return std::nullopt;
}

// Domains read as themselves; an array type (category A) is named _element, and other
// types of category A (int2vector, oidvector) or named with an underscore are no arrays.
bool portable_candidate(const std::string& type_name, const std::string& typtype,
                        const std::string& category) {
    return typtype != "d" && (category == "A") == (type_name.rfind('_', 0) == 0);
}

using TableMap = std::unordered_map<std::string, std::size_t>;

void read_tables(Connection& connection, const Scope& scope, const std::set<std::string>& exclude,
                 std::vector<schema::Table>& tables, TableMap& by_name) {
    for (const Row& r :
         rows_of(connection,
                 (std::string("SELECT ") + named_relation +
                  ", obj_description(c.oid, 'pg_class') FROM pg_class c JOIN pg_namespace n ON "
                  "n.oid = c.relnamespace WHERE ") +
                     in_schema + " ORDER BY 1",
                 scope)) {
        std::string name = text_of(r[0]);
        if (exclude.count(name)) continue;
        schema::Table t;
        t.name = name;
        t.comment = optional_text(r[1]);
        by_name.emplace(name, tables.size());
        tables.push_back(std::move(t));
    }
}

// Enum type oid -> labels in enumsortorder, for the enums the schema's columns use.
std::unordered_map<std::int64_t, std::vector<std::string>> read_enums(Connection& connection,
                                                                      const Scope& scope) {
    std::unordered_map<std::int64_t, std::vector<std::string>> labels;
    for (const Row& r :
         rows_of(connection,
                 // The columns' own types, and the element types of their arrays.
                 std::string("SELECT e.enumtypid, e.enumlabel FROM pg_enum e WHERE e.enumtypid "
                             "IN (SELECT CASE WHEN t.typcategory = 'A' THEN t.typelem ELSE "
                             "a.atttypid END FROM pg_attribute a JOIN pg_type t ON t.oid = "
                             "a.atttypid JOIN pg_class c ON c.oid = a.attrelid JOIN "
                             "pg_namespace n ON n.oid = c.relnamespace WHERE ") +
                     in_schema + ") ORDER BY e.enumtypid, e.enumsortorder",
                 scope, false))
        labels[int_of(r[0])].push_back(text_of(r[1]));
    return labels;
}

void read_columns(Connection& connection, const Scope& scope, std::vector<schema::Table>& tables,
                  const TableMap& by_name) {
    auto enums = read_enums(connection, scope);
    // A domain reads as itself (verbatim); bt, its base type, is not used for the type.
    const std::string sql =
        (std::string("SELECT ") + named_relation +
         ", a.attname, coalesce(bt.typname, t.typname), t.typtype, "
         "CASE WHEN t.typtype = 'd' THEN t.typtypmod ELSE a.atttypmod END, "
         "format_type(a.atttypid, a.atttypmod), a.attnotnull, "
         "pg_get_expr(d.adbin, d.adrelid), col_description(c.oid, a.attnum), "
         "a.attidentity, a.attgenerated, t.oid, "
         // An enum type of another schema than the connection's is named with it.
         "CASE WHEN tn.nspname = $2 THEN t.typname ELSE tn.nspname || '.' || t.typname END, "
         "t.typcategory, "
         "CASE WHEN a.attcollation <> t.typcollation THEN co.collname END, "
         "sq.seqstart, sq.seqincrement, sq.seqmin, sq.seqmax, sq.seqcache, sq.seqcycle, "
         // A serial's sequence is owned by its column (an auto dependency of the sequence on
         // it); a nextval() of another sequence is a default like any other. An index lookup
         // per column, where pg_get_serial_sequence parsed a name per column.
         "EXISTS (SELECT 1 FROM pg_depend sd JOIN pg_class sc ON sc.oid = sd.objid AND "
         "sc.relkind = 'S' WHERE sd.refclassid = 'pg_class'::regclass AND sd.refobjid = c.oid "
         "AND sd.refobjsubid = a.attnum AND sd.classid = 'pg_class'::regclass AND sd.deptype = "
         "'a'), et.oid, "
         "CASE WHEN etn.nspname = $2 THEN et.typname ELSE etn.nspname || '.' || et.typname END "
         "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
         "JOIN pg_attribute a ON a.attrelid = c.oid JOIN pg_type t ON t.oid = a.atttypid "
         "JOIN pg_namespace tn ON tn.oid = t.typnamespace "
         "LEFT JOIN pg_collation co ON co.oid = a.attcollation "
         // An identity column's sequence depends on it internally (deptype i).
         "LEFT JOIN pg_depend dep ON a.attidentity <> '' AND dep.classid = "
         "'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass AND dep.refobjid = "
         "c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i' "
         "LEFT JOIN pg_sequence sq ON sq.seqrelid = dep.objid "
         "LEFT JOIN pg_type bt ON bt.oid = t.typbasetype AND t.typtype = 'd' "
         // An array of an enum: its element type, for the labels.
         "LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A' AND et.typtype "
         "= 'e' LEFT JOIN pg_namespace etn ON etn.oid = et.typnamespace "
         "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
         "WHERE ") +
        in_schema + " AND a.attnum > 0 AND NOT a.attisdropped ORDER BY 1, a.attnum";
    for (const Row& r : rows_of(connection, sql, scope)) {
        auto it = by_name.find(text_of(r[0]));
        if (it == by_name.end()) continue;
        schema::Table& table = tables[it->second];
        schema::Column column;
        column.name = text_of(r[1]);
        std::string type_name = text_of(r[2]);
        std::string typtype = text_of(r[3]);
        std::string formatted = text_of(r[5]);
        column.native_type = formatted;
        column.collation = optional_text(r[14]);
        if (typtype == "e" || !schema::is_null(r[22])) {
            const bool array = typtype != "e";
            auto labels = enums.find(int_of(r[array ? 22 : 11]));
            column.type = schema::types::enumeration(
                text_of(r[array ? 23 : 12]),
                labels == enums.end() ? std::vector<std::string>{} : labels->second);
            if (array) column.type = schema::types::array_of(column.type);
        } else if (auto type = portable_candidate(type_name, typtype, text_of(r[13]))
                                   ? portable_type(type_name, int_of(r[4]))
                                   : std::nullopt) {
            column.type = *type;
        } else {
            // Domains, arrays of enums, time with time zone, ranges...: kept exactly
            // as the database spells them, so a revision writes them back unchanged.
            column.type = schema::types::verbatim(formatted);
            migrate::log().warn(
                "inspect: {}.{} has type '{}', which has no portable name; "
                "read as sql({})",
                table.name, column.name, formatted, formatted);
        }
        column.nullable = !bool_of(r[6]);
        column.comment = optional_text(r[8]);
        std::optional<std::string> dflt = optional_text(r[7]);
        if (!text_of(r[10]).empty()) {
            // adbin holds the generation expression, which is no default.
            if (dflt) column.generated = schema::Generated{*dflt, true};
            dflt.reset();
        }
        if (!text_of(r[9]).empty()) {  // GENERATED ALWAYS (a) / BY DEFAULT (d) AS IDENTITY
            SequenceValues values{int_of(r[15]), int_of(r[16]), int_of(r[17]),
                                  int_of(r[18]), int_of(r[19]), bool_of(r[20])};
            column.identity = identity_of(text_of(r[9]) == "a", values, column.type);
        } else if (dflt && integer_kind(column.type) && dflt->rfind("nextval(", 0) == 0 &&
                   bool_of(r[21])) {
            column.autoincrement = true;  // serial: its nextval default is the numbering
            dflt.reset();
        }
        if (dflt) column.server_default = unquote_numbers(*dflt);
        table.columns.push_back(std::move(column));
    }
}

void read_constraints(Connection& connection, const Scope& scope,
                      std::vector<schema::Table>& tables, const TableMap& by_name) {
    // One row per key column (conkey and confkey unnested in step); a check constraint
    // without columns still gives one row through the LEFT JOIN.
    const std::string sql =
        (std::string("SELECT ") + named_relation +
         ", con.oid, con.conname, con.contype, a.attname, rn.nspname, "
         "rc.relname, ra.attname, con.confdeltype, con.confupdtype, "
         "CASE WHEN con.contype IN ('c', 'x') THEN pg_get_constraintdef(con.oid) END, "
         "con.condeferrable, con.condeferred, con.confmatchtype "
         "FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
         "JOIN pg_namespace n ON n.oid = c.relnamespace "
         "LEFT JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY "
         "AS k(attnum, refnum, pos) ON true "
         "LEFT JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum "
         "LEFT JOIN pg_class rc ON rc.oid = con.confrelid "
         "LEFT JOIN pg_namespace rn ON rn.oid = rc.relnamespace "
         "LEFT JOIN pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refnum "
         "WHERE ") +
        in_schema + " AND con.contype IN ('p', 'f', 'u', 'c', 'x') ORDER BY 1, con.oid, k.pos";
    std::int64_t current = -1;
    for (const Row& r : rows_of(connection, sql, scope)) {
        auto it = by_name.find(text_of(r[0]));
        if (it == by_name.end()) continue;
        schema::Table& table = tables[it->second];
        std::int64_t oid = int_of(r[1]);
        std::string name = text_of(r[2]);
        std::string kind = text_of(r[3]);
        std::optional<std::string> column = optional_text(r[4]);
        bool first = oid != current;
        current = oid;
        if (kind == "p") {
            if (first) table.primary_key = schema::PrimaryKey{name, {}};
            if (column) table.primary_key->columns.push_back(*column);
        } else if (kind == "u") {
            if (first)
                table.unique_constraints.push_back(
                    schema::UniqueConstraint{name, {}, bool_of(r[11]), bool_of(r[12])});
            if (column) table.unique_constraints.back().columns.push_back(*column);
        } else if (kind == "x") {
            if (!first) continue;
            schema::ExclusionConstraint ex = parse_exclusion(text_of(r[10]));
            ex.name = name;
            if (ex.where) ex.where = unquote_numbers(*ex.where);
            ex.deferrable = bool_of(r[11]);
            ex.initially_deferred = bool_of(r[12]);
            table.exclusion_constraints.push_back(std::move(ex));
        } else if (kind == "c") {
            if (first)
                table.check_constraints.push_back(schema::CheckConstraint{
                    name, unquote_numbers(check_expression(text_of(r[10])))});
        } else {
            if (first) {
                schema::ForeignKey fk;
                fk.name = name;
                // A table of another schema keeps its schema in the name: it is not one
                // of the tables this MetaData describes.
                std::string referred_schema = text_of(r[5]);
                fk.referred_table = referred_schema == scope.own
                                        ? text_of(r[6])
                                        : referred_schema + "." + text_of(r[6]);
                fk.on_delete = referential_action(text_of(r[8]));
                fk.on_update = referential_action(text_of(r[9]));
                fk.match = text_of(r[13]) == "f" ? "FULL" : "";  // s: SIMPLE; p is unimplemented
                fk.deferrable = bool_of(r[11]);
                fk.initially_deferred = bool_of(r[12]);
                table.foreign_keys.push_back(std::move(fk));
            }
            if (column) table.foreign_keys.back().columns.push_back(*column);
            if (auto referred = optional_text(r[7]))
                table.foreign_keys.back().referred_columns.push_back(*referred);
        }
    }
}

// "(a + b)" -> "a + b": pg_get_indexdef wraps an expression that is not a call in
// parentheses of its own; "lower(a)" and "(a) + (b)" are kept.
std::string without_enclosing_parentheses(const std::string& sql) {
    std::string_view s = sql;
    if (s.size() < 2 || s.front() != '(' || s.back() != ')') return sql;
    int depth = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\'') {
            std::size_t end = literal_end(s, i);
            if (end == std::string_view::npos) return sql;
            i = end - 1;
        } else if (s[i] == '"') {
            std::size_t end = s.find('"', i + 1);
            if (end == std::string_view::npos) return sql;
            i = end;
        } else if (s[i] == '(') {
            ++depth;
        } else if (s[i] == ')' && --depth == 0 && i + 1 != s.size()) {
            return sql;
        }
    }
    return std::string(s.substr(1, s.size() - 2));
}

// One element (or INCLUDE column) of an index row: columns 4 and 6-13 of read_indexes' query.
void add_index_element(schema::Index& index, const Row& r) {
    std::optional<std::string> column = optional_text(r[4]);
    if (int_of(r[6]) > int_of(r[7])) {  // past indnkeyatts: an INCLUDE column
        index.include.push_back(column.value_or(text_of(r[9])));
        return;
    }
    schema::IndexElement e;
    if (column)
        e.column = *column;
    else
        e.expression = unquote_numbers(without_enclosing_parentheses(text_of(r[9])));
    e.native_opclass = text_of(r[10]);
    if (!bool_of(r[11])) e.opclass = e.native_opclass;  // only a class that is not the default
    // indoption: bit 1 DESC, bit 2 NULLS FIRST; the default is NULLS LAST ascending, FIRST
    // descending, and only a choice that differs from it is kept.
    std::int64_t option = int_of(r[12]);
    e.descending = (option & 1) != 0;
    bool nulls_first = (option & 2) != 0;
    if (nulls_first != e.descending)
        e.nulls = nulls_first ? schema::IndexNulls::first : schema::IndexNulls::last;
    index.columns.push_back(std::move(e));
}

void read_indexes(Connection& connection, const Scope& scope, std::vector<schema::Table>& tables,
                  const TableMap& by_name) {
    // Indexes that back a primary key, unique or exclusion constraint are the constraint's
    // (read above). One row per key or INCLUDE column (past indnkeyatts); an expression's
    // text comes from pg_get_indexdef(index, position). indnullsnotdistinct (PostgreSQL 15)
    // is read through to_jsonb so that older servers give NULL rather than an error.
    const std::string sql =
        (std::string("SELECT ") + named_relation +
         ", i.relname, x.indisunique, pg_get_expr(x.indpred, x.indrelid), "
         "a.attname, i.oid, k.pos, x.indnkeyatts, am.amname, "
         "pg_get_indexdef(x.indexrelid, k.pos::int, true), opc.opcname, opc.opcdefault, "
         "x.indoption[k.pos - 1], (to_jsonb(x) ->> 'indnullsnotdistinct')::boolean "
         "FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid "
         "JOIN pg_am am ON am.oid = i.relam "
         "JOIN pg_class c ON c.oid = x.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
         "CROSS JOIN LATERAL unnest(x.indkey::int2[]) WITH ORDINALITY AS k(attnum, pos) "
         "LEFT JOIN pg_attribute a ON a.attrelid = x.indrelid AND a.attnum = k.attnum "
         "AND k.attnum > 0 LEFT JOIN pg_opclass opc ON opc.oid = x.indclass[k.pos - 1] "
         "AND k.pos <= x.indnkeyatts WHERE ") +
        in_schema +
        " AND NOT x.indisprimary AND NOT EXISTS (SELECT 1 FROM "
        "pg_constraint con WHERE con.conindid = x.indexrelid AND con.contype IN ('p', 'u', "
        "'x')) ORDER BY 1, i.oid, k.pos";
    std::int64_t current = -1;
    for (const Row& r : rows_of(connection, sql, scope)) {
        auto it = by_name.find(text_of(r[0]));
        if (it == by_name.end()) continue;
        schema::Table& table = tables[it->second];
        std::int64_t oid = int_of(r[5]);
        if (oid != current) {
            current = oid;
            schema::Index index{text_of(r[1]), table.name, {}, bool_of(r[2])};
            if (auto predicate = optional_text(r[3])) index.where = unquote_numbers(*predicate);
            if (std::string method = text_of(r[8]); method != "btree") index.method = method;
            index.nulls_not_distinct = bool_of(r[13]);
            table.indexes.push_back(std::move(index));
        }
        add_index_element(table.indexes.back(), r);
    }
}

// The schema's sequences of their own, in one query: not an identity column's (a 'i' dependency
// on it) nor a serial's (owned, 'a', by an integer column whose default is a nextval(): that
// column reads as autoincrement). One owned by another column keeps its owner.
std::vector<schema::Sequence> read_sequences(Connection& connection, const Scope& scope,
                                             const std::set<std::string>& exclude) {
    const std::string sql =
        std::string("SELECT ") + named_relation +
        ", t.typname, s.seqstart, s.seqincrement, s.seqmin, s.seqmax, "
        "s.seqcache, s.seqcycle, oc.relname, oa.attname, on_.nspname, "
        "dep.deptype = 'a' AND oa.atttypid IN ('int2'::regtype, 'int4'::regtype, "
        "'int8'::regtype) AND coalesce(pg_get_expr(ad.adbin, ad.adrelid) LIKE 'nextval(%', "
        "false) "
        "FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = s.seqtypid "
        "LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid "
        "AND dep.refclassid = 'pg_class'::regclass AND dep.refobjsubid > 0 "
        "AND dep.deptype IN ('a', 'i') "
        "LEFT JOIN pg_class oc ON oc.oid = dep.refobjid "
        "LEFT JOIN pg_namespace on_ ON on_.oid = oc.relnamespace "
        "LEFT JOIN pg_attribute oa ON oa.attrelid = dep.refobjid AND oa.attnum = "
        "dep.refobjsubid "
        "LEFT JOIN pg_attrdef ad ON ad.adrelid = dep.refobjid AND ad.adnum = dep.refobjsubid "
        "WHERE n.nspname = ANY($1::text[]) AND c.relkind = 'S' AND coalesce(dep.deptype, 'a') = "
        "'a' ORDER BY 1";
    std::vector<schema::Sequence> out;
    // Those of the schemas read, named as their tables are ("audit.numbers" in another).
    for (const Row& r : rows_of(connection, sql, scope)) {
        // An owner in another schema keeps its schema, as a foreign key's table does.
        std::string owner_table;
        if (!schema::is_null(r[8]))
            owner_table =
                schema::qualified(text_of(r[10]) == scope.own ? "" : text_of(r[10]), text_of(r[8]));
        // A serial's, or one owned by a table left out (the engine's own).
        if (bool_of(r[11]) || (!owner_table.empty() && exclude.count(owner_table))) continue;
        auto type = portable_type(text_of(r[1]), -1).value_or(schema::types::bigint());
        SequenceValues values{int_of(r[2]), int_of(r[3]), int_of(r[4]),
                              int_of(r[5]), int_of(r[6]), bool_of(r[7])};
        std::string owner = owner_table.empty() ? "" : owner_table + "." + text_of(r[9]);
        out.push_back(sequence_of(text_of(r[0]), type, values, owner));
    }
    return out;
}

}  // namespace

std::string schema_list_literal(const std::string& own, const std::set<std::string>& others) {
    // Array literal elements double-quoted, with " and \ escaped: any schema name is safe.
    std::string listed = "{";
    auto add = [&](const std::string& name) {
        if (listed.size() > 1) listed += ',';
        listed += '"';
        for (char c : name) {
            if (c == '"' || c == '\\') listed += '\\';
            listed += c;
        }
        listed += '"';
    };
    add(own);
    for (const auto& name : others)
        if (name != own) add(name);
    return listed + "}";
}

schema::MetaData inspect(Connection& connection, const std::string& schema_name,
                         const std::set<std::string>& exclude,
                         const std::set<std::string>& schemas) {
    const Scope scope = scope_of(schema_name, schemas);
    std::vector<schema::Table> tables;
    TableMap by_name;
    read_tables(connection, scope, exclude, tables, by_name);
    read_columns(connection, scope, tables, by_name);
    read_constraints(connection, scope, tables, by_name);
    read_indexes(connection, scope, tables, by_name);

    schema::MetaData metadata;
    metadata.tables = std::move(tables);
    // Which of the other schemas exist: only asked when there are some, so that a
    // connection's own schema costs the same queries as before.
    if (schemas.size() > (schemas.count(schema_name) ? 1u : 0u))
        for (const Row& r :
             rows_of(connection,
                     "SELECT nspname FROM pg_namespace WHERE nspname = ANY($1::text[]) AND "
                     "nspname <> $2 ORDER BY 1",
                     scope))
            metadata.schemas.push_back(text_of(r[0]));
    metadata.sequences = read_sequences(connection, scope, exclude);
    return metadata;
}

}  // namespace migrate::dialect::postgres
