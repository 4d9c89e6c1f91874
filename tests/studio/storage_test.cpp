// Storage against a migrated SQLite file: CRUD, cascades, conflicts, checks, metacharacters.
#include "studio/storage.hpp"

#include <gtest/gtest.h>

#include "migrate/dialect/url.hpp"
#include "studio/api_error.hpp"
#include "studio/values.hpp"
#include "tests/studio/storage_fixture.hpp"

namespace {

using nlohmann::json;
using studio_testing::status_of;

class StorageTest : public ::testing::Test {
  protected:
    void SetUp() override {
        studio_testing::migrate_to_head(studio_testing::sqlite_url(dir_));
        studio::StorageOptions options;
        options.lease_timeout = std::chrono::milliseconds(200);
        storage_ = std::make_unique<studio::Storage>(
            migrate::dialect::parse_url(studio_testing::sqlite_url(dir_)), options);
    }
    json crew(const std::string& name = "crew") {
        return storage_->create("crews", {{"name", name}});
    }

    testing_support::TempDir dir_;
    std::unique_ptr<studio::Storage> storage_;
};

// SQLite has one connection: a request that cannot get it within the timeout is told so.
TEST_F(StorageTest, a_busy_connection_answers_503_after_the_lease_timeout) {
    storage_->with_connection([&](migrate::dialect::Connection&) {
        EXPECT_EQ(status_of([&] { storage_->list("crews", {}); }), 503);
    });
    EXPECT_EQ(status_of([&] { storage_->list("crews", {}); }), 0);  // free again
}

TEST_F(StorageTest, create_fills_generated_fields) {
    json c = crew();
    EXPECT_TRUE(studio::is_uuid(c["id"].get<std::string>()));
    EXPECT_EQ(c["status"], "idle");
    EXPECT_EQ(c["is_active"], true);
    EXPECT_EQ(c["agents_config"], json::array());
    EXPECT_EQ(c["created_at"].get<std::string>().back(), 'Z');
    EXPECT_EQ(c["created_at"].get<std::string>()[10], 'T');
    EXPECT_EQ(storage_->dialect(), "sqlite");
}

TEST_F(StorageTest, crud_round_trip_and_json_columns) {
    json w = storage_->create("workflows", {{"name", "wf"}, {"definition", {{"steps", {1, 2}}}}});
    EXPECT_EQ(w["definition"]["steps"], json({1, 2}));
    EXPECT_EQ(w["version"], 1);
    std::string id = std::to_string(w["id"].get<std::int64_t>());
    EXPECT_EQ(storage_->get("workflows", id), w);
    json u = storage_->update("workflows", id, {{"is_template", true}});
    EXPECT_EQ(u["is_template"], true);
    EXPECT_EQ(u["name"], "wf");
    EXPECT_NE(u["updated_at"], w["updated_at"]);
    EXPECT_EQ(u["created_at"], w["created_at"]);
    storage_->remove("workflows", id);
    EXPECT_EQ(status_of([&] { storage_->get("workflows", id); }), 404);
    EXPECT_EQ(status_of([&] { storage_->remove("workflows", id); }), 404);
}

TEST_F(StorageTest, list_pages_and_filters) {
    for (int i = 0; i < 5; ++i) crew("c" + std::to_string(i));
    storage_->update("crews", crew("running")["id"], {{"status", "running"}});
    studio::ListQuery q;
    q.limit = 2;
    q.offset = 1;
    json page = storage_->list("crews", q);
    ASSERT_EQ(page["items"].size(), 2u);
    EXPECT_EQ(page["items"][0]["name"], "c1");
    studio::ListQuery running;
    running.status = "running";
    EXPECT_EQ(storage_->list("crews", running)["items"].size(), 1u);
}

TEST_F(StorageTest, deleting_a_crew_cascades_and_an_agent_sets_null) {
    json c = crew();
    std::string crew_id = c["id"];
    json a = storage_->create("agents",
                              {{"crew_id", crew_id}, {"name", "a"}, {"role", "r"}, {"goal", "g"}});
    json t = storage_->create(
        "tasks",
        {{"crew_id", crew_id}, {"agent_id", a["id"]}, {"title", "t"}, {"description", "d"}});
    storage_->remove("agents", std::to_string(a["id"].get<std::int64_t>()));
    std::string task_id = std::to_string(t["id"].get<std::int64_t>());
    EXPECT_TRUE(storage_->get("tasks", task_id)["agent_id"].is_null());
    storage_->queue_execution(crew_id, json::object());
    storage_->remove("crews", crew_id);
    EXPECT_EQ(status_of([&] { storage_->get("tasks", task_id); }), 404);
    EXPECT_TRUE(storage_->list("executions", {})["items"].empty());
}

TEST_F(StorageTest, queue_execution_bumps_the_crew_in_one_transaction) {
    json c = crew();
    json e = storage_->queue_execution(c["id"], {{"inputs", {{"topic", "x"}}}});
    EXPECT_EQ(e["status"], "queued");
    EXPECT_EQ(e["inputs"]["topic"], "x");
    json after = storage_->get("crews", c["id"]);
    EXPECT_EQ(after["execution_count"], 1);
    EXPECT_FALSE(after["last_execution_at"].is_null());
    // A bad trigger fails the insert; the counter must not move.
    EXPECT_EQ(status_of([&] { storage_->queue_execution(c["id"], {{"trigger", 5}}); }), 400);
    EXPECT_EQ(storage_->get("crews", c["id"])["execution_count"], 1);
    EXPECT_EQ(status_of([&] {
                  storage_->queue_execution("00000000-0000-4000-8000-000000000000", json::object());
              }),
              404);
}

TEST_F(StorageTest, conflicts_and_check_violations_are_mapped) {
    json c = crew();
    json agent = {{"crew_id", c["id"]}, {"name", "a"}, {"role", "r"}, {"goal", "g"}};
    storage_->create("agents", agent);
    EXPECT_EQ(status_of([&] { storage_->create("agents", agent); }), 409);
    agent["crew_id"] = "00000000-0000-4000-8000-000000000000";
    EXPECT_EQ(status_of([&] { storage_->create("agents", agent); }), 409);
    // Not in the status constraint's list: refused before any SQL.
    EXPECT_EQ(status_of([&] { storage_->update("crews", c["id"], {{"status", "nope"}}); }), 400);
    EXPECT_EQ(status_of([&] {
                  storage_->update("crews", c["id"], {{"execution_progress", 101}});
              }),
              422);
}

TEST_F(StorageTest, bad_input_names_the_field) {
    auto field_of = [&](const json& body) -> std::string {
        try {
            storage_->create("crews", body);
        } catch (const studio::ApiError& e) {
            EXPECT_EQ(e.status(), 400);
            return e.details().value("field", "");
        }
        return "(accepted)";
    };
    EXPECT_EQ(field_of({{"name", "x"}, {"bogus", 1}}), "bogus");
    EXPECT_EQ(field_of({{"name", 5}}), "name");
    EXPECT_EQ(field_of({{"name", "x"}, {"verbose", "yes"}}), "verbose");
    EXPECT_EQ(field_of({{"name", "x"}, {"total_tasks", 1.5}}), "total_tasks");
    EXPECT_EQ(field_of({{"description", "no name"}}), "name");
    EXPECT_EQ(field_of({{"name", std::string(101, 'n')}}), "name");
    EXPECT_EQ(field_of({{"name", "x"}, {"id", "00000000-0000-4000-8000-000000000000"}}), "id");
    EXPECT_EQ(field_of({{"name", "x"}, {"last_execution_at", "yesterday"}}), "last_execution_at");
}

TEST_F(StorageTest, sql_metacharacters_are_stored_verbatim) {
    const std::string nasty = "Robert'); DROP TABLE crews;-- \"q\" \\ % _ ? $1 \xc3\xa9";
    json c = storage_->create("crews", {{"name", nasty.substr(0, 60)},
                                        {"description", nasty},
                                        {"current_task", nasty},
                                        {"tags", {nasty}}});
    json back = storage_->get("crews", c["id"]);
    EXPECT_EQ(back["name"], nasty.substr(0, 60));
    EXPECT_EQ(back["description"], nasty);
    EXPECT_EQ(back["current_task"], nasty);
    EXPECT_EQ(back["tags"][0], nasty);
    studio::ListQuery q;
    q.status = nasty;
    EXPECT_EQ(status_of([&] { storage_->list("crews", q); }), 400);  // not a status
    EXPECT_EQ(storage_->list("crews", {})["items"].size(), 1u);
}

TEST_F(StorageTest, malformed_ids_are_not_found) {
    EXPECT_EQ(status_of([&] { storage_->get("crews", "1 OR 1=1"); }), 404);
    EXPECT_EQ(status_of([&] { storage_->get("agents", "1abc"); }), 404);
}

}  // namespace
