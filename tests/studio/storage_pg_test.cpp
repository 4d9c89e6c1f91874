// Storage on PostgreSQL (throwaway cluster): the pool, SQLSTATE mapping, cascades, verbatim text.
#include <gtest/gtest.h>

#include <thread>

#include "migrate/dialect/url.hpp"
#include "studio/api_error.hpp"
#include "studio/storage.hpp"
#include "tests/studio/storage_fixture.hpp"
#include "tests/support/pg_database.hpp"

namespace {

using nlohmann::json;

using studio_testing::status_of;

TEST(StoragePg, crud_conflicts_checks_and_cascades) {
    testing_support::PgDatabase db;
    studio_testing::migrate_to_head(db.url());
    studio::Storage storage(migrate::dialect::parse_url(db.url()), {3});
    EXPECT_EQ(storage.dialect(), "postgresql");
    const std::string nasty = "x'); DROP TABLE crews;-- $1 \\ \"";
    json crew = storage.create("crews", {{"name", nasty}, {"tags", {nasty}}});
    std::string id = crew["id"];
    EXPECT_EQ(storage.get("crews", id)["name"], nasty);
    EXPECT_EQ(storage.get("crews", id)["tags"][0], nasty);
    EXPECT_EQ(crew["created_at"].get<std::string>().back(), 'Z');
    json agent = {{"crew_id", id}, {"name", "a"}, {"role", "r"}, {"goal", "g"}};
    json a = storage.create("agents", agent);
    EXPECT_EQ(status_of([&] { storage.create("agents", agent); }), 409);
    EXPECT_EQ(status_of([&] { storage.update("crews", id, {{"status", "bogus"}}); }), 400);
    EXPECT_EQ(status_of([&] { storage.update("crews", id, {{"execution_progress", 101}}); }), 422);
    json t = storage.create(
        "tasks", {{"crew_id", id}, {"agent_id", a["id"]}, {"title", "t"}, {"description", "d"}});
    storage.remove("agents", std::to_string(a["id"].get<std::int64_t>()));
    std::string task_id = std::to_string(t["id"].get<std::int64_t>());
    EXPECT_TRUE(storage.get("tasks", task_id)["agent_id"].is_null());
    storage.queue_execution(id, json::object());
    EXPECT_EQ(storage.get("crews", id)["execution_count"], 1);
    storage.remove("crews", id);
    EXPECT_EQ(status_of([&] { storage.get("tasks", task_id); }), 404);
}

TEST(StoragePg, pool_serves_concurrent_requests) {
    testing_support::PgDatabase db;
    studio_testing::migrate_to_head(db.url());
    studio::Storage storage(migrate::dialect::parse_url(db.url()), {3});
    std::string id = storage.create("crews", {{"name", "c"}})["id"];
    std::vector<std::thread> threads;
    for (int i = 0; i < 6; ++i)
        threads.emplace_back([&] {
            for (int j = 0; j < 5; ++j) storage.queue_execution(id, json::object());
        });
    for (auto& th : threads) th.join();
    EXPECT_EQ(storage.get("crews", id)["execution_count"], 30);
}

TEST(StoragePg, pool_size_is_what_was_asked_and_waits_are_bounded) {
    testing_support::PgDatabase db;
    studio_testing::migrate_to_head(db.url());
    studio::StorageOptions options;
    options.pool_size = 2;
    options.lease_timeout = std::chrono::milliseconds(200);
    studio::Storage storage(migrate::dialect::parse_url(db.url()), options);
    std::string count_sql =
        "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db.name() + "'";
    // The fixture's own connection, plus the pool's two.
    EXPECT_EQ(db.text(count_sql), "3");
    storage.with_connection([&](migrate::dialect::Connection&) {
        storage.with_connection([&](migrate::dialect::Connection&) {
            EXPECT_EQ(status_of([&] { storage.list("crews", {}); }), 503);
        });
        EXPECT_EQ(status_of([&] { storage.list("crews", {}); }), 0);
    });
}

}  // namespace
