// db_settings: load_settings, copied into the db command line's settings struct.
#include "studio/db_settings.hpp"

#include "studio/settings.hpp"

namespace studio {

migrate::cli::DbSettings db_settings(const migrate::cli::GlobalOptions& global) {
    Overrides overrides;
    overrides.database_url = global.database_url;
    overrides.config_path = global.config;
    overrides.env = global.env;
    overrides.migrations_dir = global.migrations_dir;
    auto settings = load_settings(overrides);
    migrate::cli::DbSettings db;
    db.env = settings.env;
    db.url = settings.url;
    db.url_source = settings.url_source;
    db.migrations_dir = settings.migrations_dir;
    db.version_table = settings.version_table;
    db.history_table = settings.history_table;
    db.statement_lock_timeout = settings.statement_lock_timeout;
    db.statement_timeout = settings.statement_timeout;
    db.lock_retries = settings.lock_retries;
    db.safe = settings.safe;
    return db;
}

}  // namespace studio
