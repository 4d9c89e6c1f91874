// The model builder: column-level shortcuts expand to table-level constraints.
#include "migrate/schema/builder.hpp"

#include "migrate/schema/naming_convention.hpp"
#include "migrate/schema/qualified_name.hpp"
#include "migrate/support/error.hpp"

namespace migrate::schema {

Sequence sequence(std::string name, SequenceOptions options) {
    if (!sequence_type(options.type))
        throw Error(ErrorKind::revision_file, "sequence " + name + " has type " +
                                                  to_string(options.type) +
                                                  "; a sequence is smallint, integer or bigint");
    if (options.increment && *options.increment == 0)
        throw Error(ErrorKind::revision_file, "sequence " + name + " has increment 0");
    Sequence s;
    s.name = std::move(name);
    s.type = options.type;
    s.start = options.start;
    s.increment = options.increment;
    s.min_value = options.min_value;
    s.max_value = options.max_value;
    s.cache = options.cache;
    s.cycle = options.cycle;
    if (!options.owned_by.empty()) s.owned_by = options.owned_by;
    return s;
}

ColumnBuilder::ColumnBuilder(std::string name, Type type) {
    column_.name = std::move(name);
    column_.type = std::move(type);
}
ColumnBuilder& ColumnBuilder::not_null() {
    column_.nullable = false;
    return *this;
}
ColumnBuilder& ColumnBuilder::server_default(std::string sql) {
    column_.server_default = std::move(sql);
    return *this;
}
ColumnBuilder& ColumnBuilder::comment(std::string text) {
    column_.comment = std::move(text);
    return *this;
}
ColumnBuilder& ColumnBuilder::identity(Identity options) {
    column_.identity = options;
    column_.nullable = false;
    return *this;
}
ColumnBuilder& ColumnBuilder::autoincrement() {
    column_.autoincrement = true;
    return *this;
}
ColumnBuilder& ColumnBuilder::primary_key() {
    primary_key_ = true;
    column_.nullable = false;
    return *this;
}
ColumnBuilder& ColumnBuilder::index() {
    index_ = true;
    return *this;
}
ColumnBuilder& ColumnBuilder::unique() {
    unique_ = true;
    return *this;
}
ColumnBuilder& ColumnBuilder::references(std::string table, std::string column,
                                         std::string on_delete) {
    ForeignKeyOptions options;
    options.on_delete = std::move(on_delete);
    return references(std::move(table), std::move(column), std::move(options));
}
ColumnBuilder& ColumnBuilder::references(std::string table, std::string column,
                                         ForeignKeyOptions options) {
    referred_table_ = std::move(table);
    referred_column_ = std::move(column);
    reference_options_ = std::move(options);
    return *this;
}

IndexKey::IndexKey(std::string column) {
    element_.column = std::move(column);
}
IndexKey::IndexKey(const char* column) {
    element_.column = column;
}
IndexKey& IndexKey::asc() {
    element_.descending = false;
    return *this;
}
IndexKey& IndexKey::desc() {
    element_.descending = true;
    return *this;
}
IndexKey& IndexKey::nulls_first() {
    element_.nulls = IndexNulls::first;
    return *this;
}
IndexKey& IndexKey::nulls_last() {
    element_.nulls = IndexNulls::last;
    return *this;
}
IndexKey& IndexKey::opclass(std::string name) {
    element_.opclass = std::move(name);
    return *this;
}
IndexKey key(std::string column) {
    return IndexKey(std::move(column));
}
IndexKey expression(std::string sql) {
    IndexKey k;
    k.element_.expression = std::move(sql);
    return k;
}

TableBuilder::TableBuilder(std::string name) {
    table_.name = std::move(name);
}

TableBuilder& TableBuilder::schema(const std::string& name) {
    table_.name = qualified(name, local_name(table_.name));
    return *this;
}

TableBuilder& TableBuilder::comment(std::string text) {
    table_.comment = std::move(text);
    return *this;
}

TableBuilder& TableBuilder::strict(bool on) {
    table_.strict = on;
    return *this;
}

TableBuilder& TableBuilder::without_rowid(bool on) {
    table_.without_rowid = on;
    return *this;
}

TableBuilder& TableBuilder::column(const ColumnBuilder& c) {
    table_.columns.push_back(c.column_);
    if (c.primary_key_) {
        if (!table_.primary_key)
            table_.primary_key = PrimaryKey{naming::primary_key(table_.name), {}};
        table_.primary_key->columns.push_back(c.column_.name);
    }
    if (!c.referred_table_.empty())
        foreign_key({c.column_.name}, c.referred_table_, {c.referred_column_},
                    c.reference_options_);
    if (c.unique_) unique({c.column_.name});
    if (c.index_) index({c.column_.name});
    return *this;
}

TableBuilder& TableBuilder::index(std::vector<std::string> columns, bool unique) {
    std::string name = naming::index(table_.name, columns);
    table_.indexes.push_back(Index{name, table_.name, {columns.begin(), columns.end()}, unique});
    return *this;
}

TableBuilder& TableBuilder::index(std::vector<IndexElement> elements, IndexOptions options) {
    Index ix;
    ix.name =
        options.name.empty() ? naming::index_for_elements(table_.name, elements) : options.name;
    ix.table = table_.name;
    ix.columns = std::move(elements);
    ix.unique = options.unique;
    if (!options.where.empty()) ix.where = std::move(options.where);
    ix.method = std::move(options.method);
    ix.include = std::move(options.include);
    ix.nulls_not_distinct = options.nulls_not_distinct;
    table_.indexes.push_back(std::move(ix));
    return *this;
}

TableBuilder& TableBuilder::unique(std::vector<std::string> columns) {
    return unique(std::move(columns), UniqueOptions{});
}

TableBuilder& TableBuilder::unique(std::vector<std::string> columns, UniqueOptions options) {
    std::string name = naming::unique(table_.name, columns);
    bool deferred = options.initially_deferred;
    table_.unique_constraints.push_back(
        UniqueConstraint{name, std::move(columns), options.deferrable || deferred, deferred});
    return *this;
}

TableBuilder& TableBuilder::exclude(std::string name, std::vector<ExclusionElement> elements,
                                    ExclusionOptions options) {
    ExclusionConstraint ex;
    ex.name = naming::exclusion(table_.name, name);
    ex.method = std::move(options.using_method);
    ex.elements = std::move(elements);
    ex.where = std::move(options.where);
    ex.initially_deferred = options.initially_deferred;
    ex.deferrable = options.deferrable || options.initially_deferred;
    table_.exclusion_constraints.push_back(std::move(ex));
    return *this;
}

TableBuilder& TableBuilder::check(std::string name, std::string expression) {
    table_.check_constraints.push_back(
        CheckConstraint{naming::check(table_.name, name), std::move(expression)});
    return *this;
}

TableBuilder& TableBuilder::foreign_key(std::vector<std::string> columns,
                                        std::string referred_table,
                                        std::vector<std::string> referred_columns,
                                        std::string on_delete) {
    ForeignKeyOptions options;
    options.on_delete = std::move(on_delete);
    return foreign_key(std::move(columns), std::move(referred_table), std::move(referred_columns),
                       std::move(options));
}

TableBuilder& TableBuilder::foreign_key(std::vector<std::string> columns,
                                        std::string referred_table,
                                        std::vector<std::string> referred_columns,
                                        ForeignKeyOptions options) {
    ForeignKey fk;
    fk.name = naming::foreign_key(table_.name, columns.at(0), referred_table);
    fk.columns = std::move(columns);
    fk.referred_table = std::move(referred_table);
    fk.referred_columns = std::move(referred_columns);
    fk.on_delete = std::move(options.on_delete);
    fk.on_update = std::move(options.on_update);
    fk.match = options.match_full ? "FULL" : "";
    fk.initially_deferred = options.initially_deferred;
    fk.deferrable = options.deferrable || options.initially_deferred;
    table_.foreign_keys.push_back(std::move(fk));
    return *this;
}

Table TableBuilder::build() const {
    return table_;
}

}  // namespace migrate::schema
