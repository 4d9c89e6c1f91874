// A SQLite file migrated to head with the committed revisions, for storage and HTTP tests.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/renderer.hpp"
#include "migrate/runtime/runner.hpp"
#include "migrate/script/revision_graph.hpp"
#include "studio/api_error.hpp"
#include "tests/support/temp_dir.hpp"

namespace studio_testing {

inline std::string migrations_dir() {
    return CREWSTUDIO_SOURCE_DIR "/migrations/versions";
}

// Runs the real Runner, so the tests see exactly the schema `db upgrade` makes.
inline void migrate_to_head(const std::string& url_text) {
    auto url = migrate::dialect::parse_url(url_text);
    auto connection = migrate::dialect::open(url, std::chrono::milliseconds(5000));
    auto renderer = migrate::dialect::renderer_for(connection->dialect_name());
    auto graph = migrate::script::RevisionGraph::load(migrations_dir());
    migrate::runtime::Runner runner(*connection, *renderer, graph, {});
    runner.upgrade("heads");
}

// The HTTP status of the ApiError f throws; 0 when it throws none.
inline int status_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const studio::ApiError& e) {
        return e.status();
    }
    return 0;
}

inline std::string sqlite_url(const testing_support::TempDir& dir) {
    return "sqlite:///" + (dir / "studio.db").string();
}

}  // namespace studio_testing
