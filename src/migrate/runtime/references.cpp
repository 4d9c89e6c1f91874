// Checking the referred tables of new foreign keys against the live database.
#include "migrate/runtime/references.hpp"

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"

namespace migrate::runtime {

namespace {

void require_referred_table(dialect::Connection& connection, const std::string& table,
                            const schema::ForeignKey& fk) {
    if (fk.referred_table == table || fk.referred_table.find('.') != std::string::npos) return;
    if (connection.table_exists(fk.referred_table)) return;
    std::string name = fk.name.empty() ? "(" + text::join(fk.columns, ", ") + ")" : fk.name;
    throw Error(ErrorKind::migration, "foreign key " + name + " of table " + table +
                                          " refers to table " + fk.referred_table +
                                          ", which does not exist")
        .add_hint("create table " + fk.referred_table +
                  " in an earlier operation or revision, or fix referred_table");
}

}  // namespace

void require_referred_tables(dialect::Connection& connection, const ops::Op& op) {
    if (const auto* create = std::get_if<ops::CreateTable>(&op)) {
        for (const auto& fk : create->table.foreign_keys)
            require_referred_table(connection, create->table.name, fk);
    } else if (const auto* add = std::get_if<ops::AddForeignKey>(&op)) {
        require_referred_table(connection, add->table, add->constraint);
    }
}

}  // namespace migrate::runtime
