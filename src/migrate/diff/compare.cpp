// compare(): model vs inspected database into ordered operations, matching by name
// through hash maps so that thousands of tables compare in linear time.
#include "migrate/diff/compare.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <string>
#include <unordered_map>

#include "migrate/diff/order.hpp"
#include "migrate/schema/normalize.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::diff {

namespace {

using schema::Column;
using schema::Table;

std::string key_of(const std::vector<std::string>& columns) {
    return text::join(columns, "\x1f");
}

// "" and NO ACTION are the same referential action, in any case.
std::string action(const std::string& a) {
    std::string u = text::trim(a);
    for (auto& c : u) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u == "NO ACTION" ? "" : u;
}

// "" and SIMPLE are the same MATCH.
std::string match(const std::string& m) {
    std::string u = action(m);
    return u == "SIMPLE" ? "" : u;
}

// Each kind of constraint or index: how it is named, what it means, and the ops for it.
// An index element in one spelling: the expression normalised, NULLS as the order implies
// when unsaid (PostgreSQL's default: LAST ascending, FIRST descending; SQLite takes none).
std::string element_key(const schema::IndexElement& e) {
    std::string out =
        e.is_expression() ? "(" + schema::normalize_index_expression(e.expression) + ")" : e.column;
    bool nulls_first = e.nulls == schema::IndexNulls::unspecified
                           ? e.descending
                           : e.nulls == schema::IndexNulls::first;
    return out + (e.descending ? " DESC" : "") + (nulls_first ? " NULLS FIRST" : "");
}

// A database names the class it uses even when it is the default (native_opclass), and a
// model may name the default class or leave it out: either way it is the same index.
bool same_opclass(const schema::IndexElement& a, const schema::IndexElement& b) {
    if (a.opclass == b.opclass) return true;
    return (a.opclass.empty() && !a.native_opclass.empty() && a.native_opclass == b.opclass) ||
           (b.opclass.empty() && !b.native_opclass.empty() && b.native_opclass == a.opclass);
}

struct IndexTraits {
    using Item = schema::Index;
    static std::string where(const Item& x) {
        return x.where ? schema::normalize_index_expression(*x.where) : "";
    }
    static std::string method(const Item& x) {
        std::string m = text::lower(x.method);
        return m.empty() ? "btree" : m;
    }
    static std::string content(const Item& x) {
        std::vector<std::string> keys;
        for (const auto& e : x.columns) keys.push_back(element_key(e));
        return key_of(keys) + (x.unique ? "\x1eunique" : "") + "\x1e" + where(x) + "\x1e" +
               method(x) + "\x1e" + key_of(x.include) + (x.nulls_not_distinct ? "\x1enn" : "");
    }
    static bool same(const Item& m, const Item& d) {
        if (m.columns.size() != d.columns.size()) return false;
        for (std::size_t i = 0; i < m.columns.size(); ++i)
            if (element_key(m.columns[i]) != element_key(d.columns[i]) ||
                !same_opclass(m.columns[i], d.columns[i]))
                return false;
        return m.unique == d.unique && where(m) == where(d) && method(m) == method(d) &&
               m.include == d.include && m.nulls_not_distinct == d.nulls_not_distinct;
    }
    static ops::Op drop(const Table& t, const Item& d) {
        schema::Index carried = d;
        if (carried.table.empty()) carried.table = t.name;
        return ops::DropIndex{d.name, t.name, carried};
    }
    static ops::Op add(const Table& t, const Item& m) {
        schema::Index index = m;
        if (index.table.empty()) index.table = t.name;
        return ops::CreateIndex{index, false};
    }
};
struct UniqueTraits {
    using Item = schema::UniqueConstraint;
    static std::string content(const Item& x) { return key_of(x.columns); }
    // A change of deferral is the same constraint changed: dropped and added again.
    static bool same(const Item& m, const Item& d) {
        return m.columns == d.columns && m.deferrable == d.deferrable &&
               m.initially_deferred == d.initially_deferred;
    }
    static ops::Op drop(const Table& t, const Item& d) {
        return ops::DropUniqueConstraint{t.name, d.name, d};
    }
    static ops::Op add(const Table& t, const Item& m) {
        return ops::AddUniqueConstraint{t.name, m};
    }
};
struct CheckTraits {
    using Item = schema::CheckConstraint;
    static std::string content(const Item& x) { return schema::normalize_expression(x.expression); }
    static bool same(const Item& m, const Item& d) { return content(m) == content(d); }
    static ops::Op drop(const Table& t, const Item& d) {
        return ops::DropCheckConstraint{t.name, d.name, d};
    }
    static ops::Op add(const Table& t, const Item& m) { return ops::AddCheckConstraint{t.name, m}; }
};
struct ExclusionTraits {
    using Item = schema::ExclusionConstraint;
    static std::string content(const Item& x) {
        std::string out = text::lower(x.method);
        for (const auto& e : x.elements)
            out += "\x1f" + schema::normalize_expression(e.expression) + "\x1e" + e.op;
        return out + "\x1d" + (x.where ? schema::normalize_expression(*x.where) : "");
    }
    // An operator, a predicate or the deferral changed: dropped and added again.
    static bool same(const Item& m, const Item& d) {
        return content(m) == content(d) && m.deferrable == d.deferrable &&
               m.initially_deferred == d.initially_deferred;
    }
    static ops::Op drop(const Table& t, const Item& d) {
        return ops::DropExclusionConstraint{t.name, d.name, d};
    }
    static ops::Op add(const Table& t, const Item& m) {
        return ops::AddExclusionConstraint{t.name, m};
    }
};
struct ForeignKeyTraits {
    using Item = schema::ForeignKey;
    // The actions are not part of the identity: an unnamed key whose ON DELETE changed
    // is the same key changed, not another one.
    static std::string content(const Item& x) {
        return key_of(x.columns) + "\x1e" + x.referred_table + "\x1e" + key_of(x.referred_columns);
    }
    static bool same(const Item& m, const Item& d) {
        return m.columns == d.columns && m.referred_table == d.referred_table &&
               m.referred_columns == d.referred_columns &&
               action(m.on_delete) == action(d.on_delete) &&
               action(m.on_update) == action(d.on_update) && match(m.match) == match(d.match) &&
               m.deferrable == d.deferrable && m.initially_deferred == d.initially_deferred;
    }
    static ops::Op drop(const Table& t, const Item& d) {
        return ops::DropForeignKey{t.name, d.name, d};
    }
    static ops::Op add(const Table& t, const Item& m) { return ops::AddForeignKey{t.name, m}; }
};

struct Changes {
    std::vector<ops::Op> drops, adds;
};

// Matches by name; a database item without a name (SQLite's unnamed constraints) matches
// a model item with the same content. Unmatched or changed items are dropped and added.
template <class Traits>
void compare_items(const Table& m, const Table& d,
                   const std::vector<typename Traits::Item>& model_items,
                   const std::vector<typename Traits::Item>& database_items, Changes& out) {
    std::unordered_map<std::string, std::size_t> named;
    std::unordered_map<std::string, std::vector<std::size_t>> unnamed;
    for (std::size_t i = 0; i < database_items.size(); ++i) {
        const auto& x = database_items[i];
        if (x.name.empty())
            unnamed[Traits::content(x)].push_back(i);
        else
            named.emplace(x.name, i);
    }
    std::vector<bool> matched(database_items.size(), false), changed(database_items.size(), false);
    std::vector<const typename Traits::Item*> added;
    // An unnamed database item that holds what a named model item says is still dropped and
    // made again under the model's name: a later revision drops it by that name.
    auto pair_with = [&](const typename Traits::Item& item, std::size_t i) {
        matched[i] = true;
        if (Traits::same(item, database_items[i]) &&
            (item.name.empty() || !database_items[i].name.empty()))
            return;
        changed[i] = true;
        added.push_back(&item);
    };
    for (const auto& item : model_items) {
        if (auto it = named.find(item.name); it != named.end() && !matched[it->second]) {
            pair_with(item, it->second);
            continue;
        }
        if (auto it = unnamed.find(Traits::content(item)); it != unnamed.end()) {
            auto& candidates = it->second;
            auto free = std::find_if(candidates.begin(), candidates.end(),
                                     [&](std::size_t i) { return !matched[i]; });
            if (free != candidates.end()) {
                pair_with(item, *free);
                continue;
            }
        }
        added.push_back(&item);
    }
    for (std::size_t i = 0; i < database_items.size(); ++i)
        if (!matched[i] || changed[i]) out.drops.push_back(Traits::drop(d, database_items[i]));
    for (const auto* a : added) out.adds.push_back(Traits::add(m, *a));
}

std::size_t longest(const std::vector<std::string>& values) {
    std::size_t n = 0;
    for (const auto& v : values) n = std::max(n, v.size());
    return n;
}

bool enum_fits_string(const schema::Type& e, const schema::Type& s) {
    return e.kind == schema::TypeKind::enumeration && s.kind == schema::TypeKind::string &&
           static_cast<std::size_t>(s.length) == longest(e.enum_values);
}

std::string spaced_lower(const std::string& s) {
    std::string out;
    for (const auto& word : text::split(s, ' '))
        if (auto w = text::trim(word); !w.empty()) out += (out.empty() ? "" : " ") + text::lower(w);
    return out;
}

// The database column's type as a revision should carry it: its portable type, or verbatim
// when the database spells it otherwise than that type renders (so the downgrade gives it
// back exactly).
schema::Type carried_type(const Column& d, const CompareOptions& options) {
    if (!options.native_type || d.native_type.empty() || d.type.kind == schema::TypeKind::verbatim)
        return d.type;
    std::string rendered = options.native_type(d);
    if (rendered.empty() || spaced_lower(rendered) == spaced_lower(d.native_type)) return d.type;
    return schema::types::verbatim(d.native_type);
}

Column carried_column(Column d, const CompareOptions& options) {
    d.type = carried_type(d, options);
    return d;
}

Table carried_table(Table d, const CompareOptions& options) {
    for (auto& c : d.columns) c = carried_column(c, options);
    return d;
}

bool same_type(const Column& m, const Column& d, const CompareOptions& options) {
    if (options.native_type && !d.native_type.empty()) {
        std::string wanted = options.native_type(m);
        if (!wanted.empty()) {
            if (spaced_lower(wanted) != spaced_lower(d.native_type)) return false;
            // The same type name; an enum's labels can still differ.
            if (m.type.kind == schema::TypeKind::enumeration &&
                d.type.kind == schema::TypeKind::enumeration)
                return m.type.enum_values == d.type.enum_values;
            return true;
        }
    }
    schema::Type a = m.type, b = d.type;
    using schema::TypeKind;
    if (!options.compare_datetime_timezone && a.kind == TypeKind::datetime &&
        b.kind == TypeKind::datetime)
        a.timezone = b.timezone;
    if (!options.compare_json_text && a.kind == TypeKind::json && b.kind == TypeKind::json)
        a.json_text = b.json_text;
    if (options.enum_as_string && (enum_fits_string(a, b) || enum_fits_string(b, a))) return true;
    // Either way round: drift compares the revisions' schema with the database's.
    auto rowid_alias = [&](const schema::Type& x, const Column& xc, const schema::Type& y) {
        return x.kind == TypeKind::bigint && (xc.autoincrement || xc.identity) &&
               y.kind == TypeKind::integer;
    };
    if (options.bigint_autoincrement_as_integer && (rowid_alias(a, m, b) || rowid_alias(b, d, a)))
        return true;
    return a == b;
}

bool numeric_kind(const schema::Type& type) {
    using schema::TypeKind;
    return type.kind == TypeKind::integer || type.kind == TypeKind::bigint ||
           type.kind == TypeKind::smallint || type.kind == TypeKind::numeric ||
           type.kind == TypeKind::float_;
}

// '1' as a number: a quoted literal that holds only a decimal number, unquoted.
std::string unquoted_number(const std::string& normal) {
    if (normal.size() < 3 || normal.front() != '\'' || normal.back() != '\'') return normal;
    std::string inner = normal.substr(1, normal.size() - 2);
    bool digit = false, ok = !inner.empty();
    for (std::size_t i = 0; i < inner.size() && ok; ++i) {
        char c = inner[i];
        if (std::isdigit(static_cast<unsigned char>(c)))
            digit = true;
        else if (!(c == '.' || ((c == '-' || c == '+') && i == 0)))
            ok = false;
    }
    return ok && digit ? inner : normal;
}

// type: the column's, where a quoted number and the number mean the same default (a numeric
// column converts '1' to 1 on both dialects).
bool same_default(const std::optional<std::string>& m, const std::optional<std::string>& d,
                  const schema::Type& type) {
    if (!m || !d) return !m && !d;
    std::string a = schema::normalize_default(*m), b = schema::normalize_default(*d);
    if (a == b) return true;
    return numeric_kind(type) && unquoted_number(a) == unquoted_number(b);
}

// No comment and an empty comment read back the same on every database.
bool same_comment(const std::optional<std::string>& m, const std::optional<std::string>& d) {
    return m.value_or("") == d.value_or("");
}

std::optional<ops::AlterColumn> compare_column(const std::string& table, const Column& m,
                                               const Column& d, const CompareOptions& options) {
    ops::AlterColumn alter{table, m.name, {}, {}};
    bool changed = false;
    if (!same_type(m, d, options)) {
        alter.to.type = m.type;
        alter.from.type = carried_type(d, options);
        changed = true;
    }
    if (m.nullable != d.nullable) {
        alter.to.nullable = m.nullable;
        alter.from.nullable = d.nullable;
        changed = true;
    }
    if (!same_default(m.server_default, d.server_default, m.type)) {
        alter.to.server_default = m.server_default;
        alter.from.server_default = d.server_default;
        changed = true;
    }
    if (options.compare_comments && !same_comment(m.comment, d.comment)) {
        alter.to.comment = m.comment;
        alter.from.comment = d.comment;
        changed = true;
    }
    auto canonical = [&](const std::optional<schema::Identity>& i, const schema::Type& type) {
        if (!i || !options.canonical_identity) return i;
        return std::optional(options.canonical_identity(*i, type));
    };
    if (options.compare_identity &&
        canonical(m.identity, m.type) != canonical(d.identity, d.type)) {
        alter.to.identity = m.identity;
        alter.from.identity = d.identity;
        changed = true;
    }
    // Autoincrement is not compared: no database can switch it on an existing column.
    if (!changed) return std::nullopt;
    return alter;
}

// The key's columns, not its name: a primary key is not dropped by name in practice, and
// renaming one on PostgreSQL means dropping every foreign key that refers to it.
bool same_primary_key(const Table& m, const Table& d) {
    std::vector<std::string> mk =
        m.primary_key ? m.primary_key->columns : std::vector<std::string>{};
    std::vector<std::string> dk =
        d.primary_key ? d.primary_key->columns : std::vector<std::string>{};
    return mk == dk;
}

void compare_table(const Table& m, const Table& d, const CompareOptions& options,
                   std::vector<ops::Op>& out) {
    if (options.compare_comments && same_comment(m.comment, d.comment) == false)
        out.push_back(ops::AlterTableComment{m.name, m.comment, d.comment});
    if (options.compare_table_options &&
        (m.strict != d.strict || m.without_rowid != d.without_rowid))
        out.push_back(ops::AlterTableOptions{
            m.name, {m.strict, m.without_rowid}, ops::TableOptions{d.strict, d.without_rowid}});
    const bool key_changes = !same_primary_key(m, d);

    Changes indexes, uniques, checks, fks, exclusions;
    compare_items<IndexTraits>(m, d, m.indexes, d.indexes, indexes);
    compare_items<UniqueTraits>(m, d, m.unique_constraints, d.unique_constraints, uniques);
    compare_items<CheckTraits>(m, d, m.check_constraints, d.check_constraints, checks);
    compare_items<ForeignKeyTraits>(m, d, m.foreign_keys, d.foreign_keys, fks);
    compare_items<ExclusionTraits>(m, d, m.exclusion_constraints, d.exclusion_constraints,
                                   exclusions);

    auto move_into = [&](std::vector<ops::Op>& from) {
        for (auto& op : from) out.push_back(std::move(op));
    };
    move_into(indexes.drops);
    move_into(uniques.drops);
    move_into(checks.drops);
    move_into(exclusions.drops);
    move_into(fks.drops);
    if (key_changes && d.primary_key)
        out.push_back(ops::DropPrimaryKey{m.name, d.primary_key->name, *d.primary_key});

    std::unordered_map<std::string, const Column*> in_database, in_model;
    in_database.reserve(d.columns.size());
    in_model.reserve(m.columns.size());
    for (const auto& c : d.columns) in_database.emplace(c.name, &c);
    for (const auto& c : m.columns) in_model.emplace(c.name, &c);

    for (const auto& c : m.columns)
        if (!in_database.count(c.name)) out.push_back(ops::AddColumn{m.name, c});
    for (const auto& c : m.columns)
        if (auto it = in_database.find(c.name); it != in_database.end())
            if (auto alter = compare_column(m.name, c, *it->second, options))
                out.push_back(std::move(*alter));
    for (const auto& c : d.columns)
        if (!in_model.count(c.name))
            out.push_back(ops::DropColumn{m.name, c.name, carried_column(c, options)});

    if (key_changes && m.primary_key) out.push_back(ops::CreatePrimaryKey{m.name, *m.primary_key});
    move_into(fks.adds);
    move_into(uniques.adds);
    move_into(checks.adds);
    move_into(exclusions.adds);
    move_into(indexes.adds);
}

schema::Sequence unowned(schema::Sequence s) {
    s.owned_by.reset();
    return s;
}

// Sequences by name. One owned by a column is created unowned and made owned by an
// alter_sequence once its table is there (the table's default needs the sequence first), and
// released before it is dropped; order_sequences puts each where it can run.
void compare_sequences(const schema::MetaData& model, const schema::MetaData& database,
                       const CompareOptions& options, std::vector<ops::Op>& out) {
    auto canonical = [&](const schema::Sequence& s) {
        return options.canonical_sequence ? options.canonical_sequence(s) : s;
    };
    for (const auto& m : model.sequences) {
        const schema::Sequence* d = database.find_sequence(m.name);
        if (!d) {
            out.push_back(ops::CreateSequence{unowned(m)});
            if (m.owned_by) out.push_back(ops::AlterSequence{m.name, m, unowned(m)});
        } else if (canonical(*d) != canonical(m)) {
            out.push_back(ops::AlterSequence{m.name, m, *d});
        }
    }
    for (const auto& d : database.sequences) {
        if (model.find_sequence(d.name)) continue;
        if (d.owned_by) out.push_back(ops::AlterSequence{d.name, unowned(d), d});
        out.push_back(ops::DropSequence{d.name, unowned(d)});
    }
}

}  // namespace

std::vector<ops::Op> compare(const schema::MetaData& model, const schema::MetaData& database,
                             const CompareOptions& options) {
    std::unordered_map<std::string, const Table*> in_database, in_model;
    in_database.reserve(database.tables.size());
    in_model.reserve(model.tables.size());
    for (const auto& t : database.tables) in_database.emplace(t.name, &t);
    for (const auto& t : model.tables) in_model.emplace(t.name, &t);

    // Schemas first and last: made before the tables in them, dropped after they went.
    const std::set<std::string> model_schemas = schema::schemas_of(model),
                                database_schemas = schema::schemas_of(database);
    std::vector<ops::Op> out;
    for (const auto& name : model_schemas)
        if (!database_schemas.count(name)) out.push_back(ops::CreateSchema{name});
    for (std::size_t i : dependency_order(model)) {
        const auto& t = model.tables[i];
        if (!in_database.count(t.name)) out.push_back(ops::CreateTable{t});
    }
    for (const auto& t : model.tables)
        if (auto it = in_database.find(t.name); it != in_database.end())
            compare_table(t, *it->second, options, out);
    auto drop_order = dependency_order(database);
    for (auto it = drop_order.rbegin(); it != drop_order.rend(); ++it) {
        const auto& t = database.tables[*it];
        if (!in_model.count(t.name))
            out.push_back(ops::DropTable{t.name, carried_table(t, options)});
    }
    for (const auto& name : database_schemas)
        if (!model_schemas.count(name)) out.push_back(ops::DropSchema{name});
    order_unique_references(out);
    compare_sequences(model, database, options, out);
    order_sequences(out);
    return out;
}

}  // namespace migrate::diff
