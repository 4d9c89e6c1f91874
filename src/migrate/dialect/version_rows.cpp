// The version table emptied, quoted by the dialect's own quote_ident.
#include "migrate/dialect/version_rows.hpp"

#include "migrate/dialect/postgres/render.hpp"
#include "migrate/dialect/sqlite/render.hpp"
#include "migrate/support/error.hpp"

namespace migrate::dialect {

Statement delete_all_versions(const std::string& dialect, const std::string& version_table) {
    if (dialect == "sqlite")
        return {"DELETE FROM " + sqlite::quote_ident(version_table), {}, false};
    if (dialect == "postgresql")
        return {"DELETE FROM " + postgres::quote_table(version_table), {}, false};
    throw Error(ErrorKind::config, "unknown database dialect '" + dialect + "'");
}

}  // namespace migrate::dialect
