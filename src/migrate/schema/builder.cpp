// The model builder: column-level shortcuts expand to table-level constraints.
#include "migrate/schema/builder.hpp"

#include "migrate/schema/naming_convention.hpp"

namespace migrate::schema {

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
    referred_table_ = std::move(table);
    referred_column_ = std::move(column);
    on_delete_ = std::move(on_delete);
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
        foreign_key({c.column_.name}, c.referred_table_, {c.referred_column_}, c.on_delete_);
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
    std::string name = naming::unique(table_.name, columns);
    table_.unique_constraints.push_back(UniqueConstraint{name, std::move(columns)});
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
    std::string name = naming::foreign_key(table_.name, columns.at(0), referred_table);
    table_.foreign_keys.push_back(ForeignKey{name, std::move(columns), std::move(referred_table),
                                             std::move(referred_columns), std::move(on_delete),
                                             ""});
    return *this;
}

Table TableBuilder::build() const {
    return table_;
}

}  // namespace migrate::schema
