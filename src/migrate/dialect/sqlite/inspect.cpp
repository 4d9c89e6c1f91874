// SQLite introspection: sqlite_master joined with the table-valued pragmas, so the number
// of queries does not grow with the number of tables, then canonicalised in one pass.
#include "migrate/dialect/sqlite/inspect.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <unordered_map>
#include <utility>
#include <vector>

#include "migrate/dialect/sqlite/create_table_parser.hpp"
#include "migrate/dialect/sqlite/database.hpp"
#include "migrate/dialect/sqlite/statement.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"

namespace migrate::dialect::sqlite {

namespace {

// The tables every pragma query walks. Virtual tables are left out here, not only in C++:
// a pragma on one whose module is not loaded would fail the whole query.
constexpr const char* user_tables =
    "m.type = 'table' AND m.name NOT LIKE 'sqlite\\_%' ESCAPE '\\' "
    "AND m.name NOT LIKE '\\_migrate\\_tmp\\_%' ESCAPE '\\' "
    "AND coalesce(m.sql, '') NOT LIKE 'CREATE VIRTUAL%'";

std::vector<Row> rows_of(const Database& db, const std::string& sql) {
    PreparedStatement ps(db, sql);
    std::vector<Row> rows;
    while (ps.step()) rows.push_back(ps.row());
    return rows;
}

std::string text_of(const schema::Value& v) {
    if (auto* s = std::get_if<std::string>(&v)) return *s;
    if (auto* n = std::get_if<std::int64_t>(&v)) return std::to_string(*n);
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

std::string upper(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return out;
}

// SQLite compares identifiers case-insensitively (ASCII), and hand-written SQL may spell a
// column differently in a constraint than in its definition.
bool same_columns(const std::vector<std::string>& a, const std::vector<std::string>& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [](const std::string& x, const std::string& y) {
                                                  return text::lower(x) == text::lower(y);
                                              });
}

// The name of the first unclaimed parsed constraint of this kind on these columns; a
// second key on the same columns gets the next one.
const ParsedConstraint* claim(const std::vector<ParsedConstraint>& parsed,
                              std::vector<bool>& claimed, ConstraintKind kind,
                              const std::vector<std::string>& columns) {
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        if (claimed[i] || parsed[i].kind != kind || !same_columns(parsed[i].columns, columns))
            continue;
        claimed[i] = true;
        return &parsed[i];
    }
    return nullptr;
}

std::string claim_name(const std::vector<ParsedConstraint>& parsed, std::vector<bool>& claimed,
                       ConstraintKind kind, const std::vector<std::string>& columns) {
    const ParsedConstraint* c = claim(parsed, claimed, kind, columns);
    return c ? c->name : "";
}

std::string action(const schema::Value& v) {
    std::string a = upper(text_of(v));
    return a == "NO ACTION" ? "" : a;
}

struct TableState {
    schema::Table table;
    ParsedTable parsed;
    std::vector<std::pair<std::int64_t, std::string>> key;  // (pk position, column)
    std::vector<std::string> declared;                      // declared type per column
};

struct IndexRow {
    std::int64_t created;  // sqlite_master rowid: creation order
    std::string origin;
    schema::Index index;
    std::vector<std::string> texts = {};  // each element's text in the stored CREATE INDEX
};

void read_columns(const Database& db, std::vector<TableState>& tables,
                  const std::unordered_map<std::string, std::size_t>& by_name) {
    // Columns: table, name, type, notnull, dflt_value, pk, hidden.
    for (const Row& r :
         rows_of(db, std::string("SELECT m.name, p.name, p.type, p.\"notnull\", p.dflt_value, "
                                 "p.pk, p.hidden FROM sqlite_master m JOIN "
                                 "pragma_table_xinfo(m.name) p WHERE ") +
                         user_tables + " ORDER BY m.rowid, p.cid")) {
        auto it = by_name.find(text_of(r[0]));
        if (it == by_name.end()) continue;
        TableState& t = tables[it->second];
        std::int64_t hidden = int_of(r[6]);
        if (hidden == 1) continue;  // a virtual table's hidden column
        schema::Column column;
        column.name = text_of(r[1]);
        std::string declared = text_of(r[2]);
        column.native_type = declared;
        // COLLATE and GENERATED come from the stored CREATE TABLE (no pragma reports them).
        for (const auto& detail : t.parsed.column_details) {
            if (text::lower(detail.name) != text::lower(column.name)) continue;
            if (!detail.collation.empty()) column.collation = detail.collation;
            if (hidden > 1 && !detail.generated.empty())
                column.generated = schema::Generated{detail.generated, hidden == 3};
        }
        if (hidden > 1 && !column.generated)
            migrate::log().warn(
                "inspect: {}.{} is a generated column whose expression was not read", t.table.name,
                column.name);
        if (auto type = portable_type(declared)) {
            column.type = *type;
        } else {
            // Kept as declared, so a revision writes it back unchanged (and a rebuild too).
            const std::string spelled = text::trim(declared);
            if (spelled.empty()) {
                column.type = schema::types::text();  // no type at all: BLOB affinity
                migrate::log().warn("inspect: {}.{} has no declared type; read as text",
                                    t.table.name, column.name);
            } else {
                column.type = schema::types::verbatim(spelled);
                migrate::log().warn(
                    "inspect: {}.{} has declared type '{}', which has no portable name; "
                    "read as sql({})",
                    t.table.name, column.name, spelled, spelled);
            }
        }
        column.nullable = int_of(r[3]) == 0;
        if (auto dflt = optional_text(r[4])) column.server_default = strip_outer_parentheses(*dflt);
        if (std::int64_t pk = int_of(r[5]); pk > 0) t.key.emplace_back(pk, column.name);
        t.declared.push_back(upper(text::trim(declared)));
        t.table.columns.push_back(std::move(column));
    }
}

void read_foreign_keys(const Database& db, std::vector<TableState>& tables,
                       const std::unordered_map<std::string, std::size_t>& by_name) {
    // SQLite numbers foreign keys last-declared first: id DESC is declaration order.
    std::int64_t current_id = -1;
    std::string current_table;
    for (const Row& r :
         rows_of(db, std::string("SELECT m.name, f.id, f.\"table\", f.\"from\", f.\"to\", "
                                 "f.on_update, f.on_delete FROM sqlite_master m JOIN "
                                 "pragma_foreign_key_list(m.name) f WHERE ") +
                         user_tables + " ORDER BY m.rowid, f.id DESC, f.seq")) {
        auto it = by_name.find(text_of(r[0]));
        if (it == by_name.end()) continue;
        TableState& t = tables[it->second];
        std::int64_t id = int_of(r[1]);
        if (id != current_id || current_table != t.table.name) {
            schema::ForeignKey fk;
            fk.referred_table = text_of(r[2]);
            fk.on_update = action(r[5]);
            fk.on_delete = action(r[6]);
            t.table.foreign_keys.push_back(std::move(fk));
            current_id = id;
            current_table = t.table.name;
        }
        schema::ForeignKey& fk = t.table.foreign_keys.back();
        fk.columns.push_back(text_of(r[3]));
        // NULL "to": REFERENCES t without columns, i.e. t's primary key (filled in later).
        if (auto to = optional_text(r[4])) fk.referred_columns.push_back(*to);
    }
}

// What sqlite_master says of an index beside the pragmas: when it was made, its text.
struct IndexEntry {
    std::int64_t created = 0;
    std::string sql;
};

std::vector<IndexRow> read_indexes(const Database& db,
                                   const std::unordered_map<std::string, std::size_t>& by_name,
                                   const std::unordered_map<std::string, IndexEntry>& entries) {
    std::vector<IndexRow> out;
    std::unordered_map<std::string, std::size_t> seen;  // index name -> position in out
    for (const Row& r :
         rows_of(db, std::string("SELECT m.name, il.name, il.\"unique\", il.origin, il.partial, "
                                 "ii.name, ii.cid, ii.\"desc\", ii.seqno FROM sqlite_master m "
                                 "JOIN pragma_index_list(m.name) il "
                                 "JOIN pragma_index_xinfo(il.name) ii WHERE ") +
                         user_tables +
                         " AND il.origin IN ('c', 'u') AND ii.key = 1 ORDER BY m.rowid, "
                         "il.name, ii.seqno")) {
        std::string table = text_of(r[0]);
        if (!by_name.count(table)) continue;
        std::string name = text_of(r[1]);
        auto [it, added] = seen.emplace(name, out.size());
        if (added) {
            auto e = entries.find(name);
            schema::Index index{name, table, {}, int_of(r[2]) != 0, std::nullopt, ""};
            if (e != entries.end()) {
                index.native_sql = e->second.sql;  // NULL for the automatic ones
                if (int_of(r[4]) != 0)
                    if (auto predicate = index_predicate(e->second.sql); !predicate.empty())
                        index.where = predicate;
            }
            out.push_back(IndexRow{e == entries.end() ? 0 : e->second.created, text_of(r[3]), index,
                                   index_element_texts(index.native_sql)});
        }
        IndexRow& row = out[it->second];
        schema::IndexElement element;
        if (auto column = optional_text(r[5])) {
            element.column = *column;
        } else {
            // An expression (cid -2): its text is the stored statement's, as written.
            auto seqno = static_cast<std::size_t>(int_of(r[8]));
            if (seqno < row.texts.size()) element.expression = row.texts[seqno];
            if (element.expression.empty()) {
                element.expression = "<expression>";
                migrate::log().warn(
                    "inspect: index {} on {} has an expression whose text was not read; it is "
                    "kept verbatim by rebuilds",
                    name, table);
            }
        }
        element.descending = int_of(r[7]) != 0;
        row.index.columns.push_back(std::move(element));
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const IndexRow& a, const IndexRow& b) { return a.created < b.created; });
    return out;
}

// Keys, names and checks: what the pragmas say, named from the stored CREATE TABLE.
void finish_table(TableState& t) {
    schema::Table& table = t.table;
    const std::vector<ParsedConstraint>& parsed = t.parsed.constraints;
    std::vector<bool> claimed(parsed.size(), false);

    if (!t.key.empty()) {
        std::sort(t.key.begin(), t.key.end());
        schema::PrimaryKey key;
        for (auto& [position, column] : t.key) key.columns.push_back(column);
        key.name = claim_name(parsed, claimed, ConstraintKind::primary_key, key.columns);
        table.primary_key = std::move(key);
        // The rowid alias: exactly one column declared exactly INTEGER, in a rowid table.
        if (table.primary_key->columns.size() == 1 && !t.parsed.without_rowid) {
            for (std::size_t i = 0; i < table.columns.size(); ++i) {
                schema::Column& c = table.columns[i];
                if (c.name != table.primary_key->columns[0] || t.declared[i] != "INTEGER") continue;
                c.autoincrement = true;
                c.nullable = false;  // a rowid alias numbers a NULL; it never holds one
            }
        }
    }
    for (auto& fk : table.foreign_keys) {
        const ParsedConstraint* c = claim(parsed, claimed, ConstraintKind::foreign_key, fk.columns);
        if (!c) continue;
        // PRAGMA foreign_key_list says MATCH NONE whatever the text says: the text is the truth.
        fk.name = c->name;
        fk.match = c->match;
        fk.deferrable = c->deferrable;
        fk.initially_deferred = c->initially_deferred;
    }
    for (auto& uq : table.unique_constraints)
        uq.name = claim_name(parsed, claimed, ConstraintKind::unique, uq.columns);
    for (const auto& c : parsed)
        if (c.kind == ConstraintKind::check)
            table.check_constraints.push_back(schema::CheckConstraint{c.name, c.expression});
}

}  // namespace

std::optional<schema::Type> portable_type(std::string_view declared) {
    namespace types = schema::types;
    std::string spelled = upper(text::trim(declared));
    std::string base = spelled;
    std::vector<int> args;
    if (auto open = spelled.find('('); open != std::string::npos) {
        auto close = spelled.find(')', open);
        if (close == std::string::npos) return std::nullopt;
        base = spelled.substr(0, open);
        for (const auto& part : text::split(spelled.substr(open + 1, close - open - 1), ',')) {
            std::string number = text::trim(part);
            int value = 0;
            auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
            if (ec != std::errc() || end != number.data() + number.size()) return std::nullopt;
            args.push_back(value);
        }
    }
    // One space between words: "DOUBLE  PRECISION" and "CHARACTER\nVARYING" are the same.
    std::string name;
    for (const auto& word : text::split(base, ' ')) {
        std::string w = text::trim(word);
        if (w.empty()) continue;
        name += (name.empty() ? "" : " ") + w;
    }
    int first = args.empty() ? 0 : args[0];
    if (name == "VARCHAR" || name == "CHARACTER VARYING" || name == "NVARCHAR" ||
        name == "VARYING CHARACTER")
        return types::string(first);
    if (name == "CHAR" && first == 36) return types::uuid();  // how a uuid is stored here
    if (name == "CHAR" || name == "CHARACTER" || name == "NCHAR")
        return types::char_(first == 0 ? 1 : first);
    if (name == "TEXT" || name == "CLOB") return types::text();
    if (name == "INTEGER" || name == "INT") return types::integer();
    if (name == "BIGINT") return types::bigint();
    if (name == "SMALLINT") return types::smallint();
    if (name == "BOOLEAN" || name == "BOOL") return types::boolean();
    if (name == "REAL") return types::float_(24);
    if (name == "FLOAT" || name == "DOUBLE" || name == "DOUBLE PRECISION") return types::float_();
    if (name == "NUMERIC" || name == "DECIMAL")
        return types::numeric(first, args.size() > 1 ? args[1] : 0);
    if (name == "DATE") return types::date();
    if (name == "TIME") return types::time();
    if (name == "DATETIME" || name == "TIMESTAMP") return types::datetime(false);
    if (name == "JSON") return types::json();
    if (name == "BLOB") return types::binary();
    if (name == "UUID") return types::uuid();
    return std::nullopt;
}

schema::MetaData inspect(const Database& db, const std::set<std::string>& exclude) {
    std::vector<TableState> tables;
    std::unordered_map<std::string, std::size_t> by_name;
    std::unordered_map<std::string, std::size_t>
        by_lower_name;  // for REFERENCES spelled in another case
    std::unordered_map<std::string, IndexEntry> index_entries;
    std::vector<std::pair<std::string, schema::Trigger>> triggers;  // (table, trigger)

    for (const Row& r :
         rows_of(db, std::string("SELECT m.rowid, m.type, m.name, m.sql, m.tbl_name FROM "
                                 "sqlite_master m WHERE m.type IN ('index', 'trigger') OR (") +
                         user_tables + ") ORDER BY m.rowid")) {
        std::string name = text_of(r[2]);
        if (text_of(r[1]) == "index") {
            index_entries.emplace(name, IndexEntry{int_of(r[0]), text_of(r[3])});
            continue;
        }
        if (text_of(r[1]) == "trigger") {
            triggers.emplace_back(text_of(r[4]), schema::Trigger{name, text_of(r[3])});
            continue;
        }
        if (exclude.count(name)) continue;
        TableState t;
        t.table.name = name;
        std::string sql = text_of(r[3]);
        try {
            t.parsed = parse_create_table(sql);
        } catch (const Error& e) {
            // The pragmas still give the shape; only names and checks are lost.
            migrate::log().warn(
                "inspect: table {}: {}; its constraint names and checks are "
                "not read",
                name, e.message());
        }
        t.table.without_rowid = t.parsed.without_rowid;
        t.table.strict = t.parsed.strict;
        by_name.emplace(name, tables.size());
        by_lower_name.emplace(text::lower(name), tables.size());
        tables.push_back(std::move(t));
    }

    for (auto& [table, trigger] : triggers)
        if (auto it = by_lower_name.find(text::lower(table)); it != by_lower_name.end())
            tables[it->second].table.triggers.push_back(std::move(trigger));
    read_columns(db, tables, by_name);
    read_foreign_keys(db, tables, by_name);
    for (IndexRow& row : read_indexes(db, by_name, index_entries)) {
        schema::Table& table = tables[by_name.at(row.index.table)].table;
        if (row.origin == "u")
            table.unique_constraints.push_back(
                schema::UniqueConstraint{"", schema::column_names(row.index.columns)});
        else
            table.indexes.push_back(std::move(row.index));
    }
    for (TableState& t : tables) finish_table(t);

    // Foreign keys name their target and its columns as written; use the target's own
    // spelling, and its primary key where REFERENCES gave no columns.
    for (TableState& t : tables) {
        for (auto& fk : t.table.foreign_keys) {
            auto it = by_lower_name.find(text::lower(fk.referred_table));
            if (it == by_lower_name.end()) continue;
            const schema::Table& target = tables[it->second].table;
            fk.referred_table = target.name;
            if (fk.referred_columns.empty() && target.primary_key)
                fk.referred_columns = target.primary_key->columns;
            for (auto& column : fk.referred_columns)
                for (const auto& c : target.columns)
                    if (text::lower(c.name) == text::lower(column)) column = c.name;
        }
    }

    schema::MetaData metadata;
    metadata.tables.reserve(tables.size());
    for (TableState& t : tables) metadata.tables.push_back(std::move(t.table));
    return metadata;
}

}  // namespace migrate::dialect::sqlite
