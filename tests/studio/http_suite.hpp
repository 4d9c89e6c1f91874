// The HTTP API's tests, written once and run on each dialect: http_test.cpp instantiates them
// on SQLite files, http_pg_test.cpp on the throwaway PostgreSQL cluster.
#pragma once

#include <gtest/gtest.h>
#include <httplib.h>
#include <spdlog/sinks/base_sink.h>

#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <thread>

#include "migrate/dialect/connection.hpp"
#include "migrate/dialect/url.hpp"
#include "migrate/support/log.hpp"
#include "studio/field_rules.hpp"
#include "studio/http_api.hpp"
#include "studio/models.hpp"
#include "studio/storage.hpp"
#include "tests/studio/storage_fixture.hpp"
#include "tests/studio/test_database.hpp"
#include "tests/support/run_cli.hpp"
#include "tests/support/serve_process.hpp"
#include "tests/support/sqlite_file.hpp"
#include "tests/support/temp_dir.hpp"

namespace studio_testing {

// Captures what the service logs (the request lines, a 500's request id) for one test. The
// server logs a request after answering it, so readers wait for the line they expect.
class LogCapture {
  public:
    LogCapture() : sink_(std::make_shared<Sink>()) { migrate::log().sinks().push_back(sink_); }
    ~LogCapture() {
        auto& sinks = migrate::log().sinks();
        sinks.erase(std::remove(sinks.begin(), sinks.end(), sink_), sinks.end());
    }
    // Everything logged so far, once it contains expected (or after ten seconds).
    std::string wait_for(const std::string& expected) {
        for (int i = 0; i < 200; ++i) {
            std::string text = sink_->text();
            if (text.find(expected) != std::string::npos) return text;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        return sink_->text();
    }

  private:
    class Sink : public spdlog::sinks::base_sink<std::mutex> {
      public:
        std::string text() {
            std::lock_guard lock(mutex_);
            return text_;
        }

      protected:
        void sink_it_(const spdlog::details::log_msg& msg) override {
            text_.append(msg.payload.data(), msg.payload.size());
            text_ += '\n';
        }
        void flush_() override {}

      private:
        std::string text_;
    };
    std::shared_ptr<Sink> sink_;
};

// An in-process server on a free port over a database migrated to head, and a real client.
class HttpApiTest : public ::testing::TestWithParam<DatabaseKind> {
  protected:
    void SetUp() override {
        db_ = GetParam().make();
        migrate_to_head(db_->url());
        storage_ = std::make_unique<studio::Storage>(migrate::dialect::parse_url(db_->url()));
        api_ = std::make_unique<studio::HttpApi>(*storage_, [] {
            return studio::Health{200, {{"dialect", "test"}, {"in_sync", true}}};
        });
        port_ = api_->bind("127.0.0.1", 0);
        thread_ = std::thread([this] { api_->listen(); });
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
    }
    void TearDown() override {
        api_->stop();
        thread_.join();
        api_.reset();
        storage_.reset();
    }
    std::pair<int, json> call(const std::string& method, const std::string& path,
                              const std::string& body = "") {
        auto send = [&]() -> httplib::Result {
            if (method == "POST") return client_->Post(path, body, "application/json");
            if (method == "PATCH") return client_->Patch(path, body, "application/json");
            if (method == "PUT") return client_->Put(path, body, "application/json");
            if (method == "DELETE") return client_->Delete(path);
            return client_->Get(path);
        };
        httplib::Result r = send();
        if (!r) {
            std::cerr << "client error: " << httplib::to_string(r.error()) << "\n";
            return {-1, nullptr};
        }
        json parsed = r->body.empty() ? json() : json::parse(r->body, nullptr, false);
        return {r->status, parsed};
    }
    std::pair<int, json> call(const std::string& method, const std::string& path, const json& b) {
        return call(method, path, b.dump());
    }
    std::string new_crew() {
        return call("POST", "/api/v1/crews", json{{"name", "c"}}).second["id"];
    }
    static std::string id_text(const json& row) {
        return row["id"].is_string() ? row["id"].get<std::string>() : row["id"].dump();
    }

    std::unique_ptr<TestDatabase> db_;
    std::unique_ptr<studio::Storage> storage_;
    std::unique_ptr<studio::HttpApi> api_;
    std::thread thread_;
    std::unique_ptr<httplib::Client> client_;
    int port_ = 0;
};

inline void expect_error(const std::pair<int, json>& r, int status, const std::string& code) {
    EXPECT_EQ(r.first, status) << r.second.dump();
    EXPECT_EQ(r.second["error"]["code"], code) << r.second.dump();
    EXPECT_TRUE(r.second["error"]["message"].is_string()) << r.second.dump();
    EXPECT_TRUE(r.second["error"].contains("details")) << r.second.dump();
}

// ISO-8601 UTC as the API promises: 2026-11-27T03:19:01.123456Z.
inline bool is_iso_utc(const json& v) {
    if (!v.is_string()) return false;
    const std::string s = v;
    return s.size() >= 20 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' &&
           s[16] == ':' && s.back() == 'Z';
}

TEST_P(HttpApiTest, every_resource_supports_crud) {
    std::string crew = new_crew();
    std::map<std::string, json> bodies = {
        {"workflows", {{"name", "wf"}, {"definition", {{"steps", {1, 2}}}}}},
        {"crews", {{"name", "c2"}, {"meta_data", {{"k", {{"nested", true}}}}}}},
        {"agents", {{"crew_id", crew}, {"name", "a"}, {"role", "r"}, {"goal", "g"}}},
        {"tasks", {{"crew_id", crew}, {"title", "t"}, {"description", "d"}}},
        {"executions", {{"crew_id", crew}}},
    };
    std::map<std::string, json> patches = {
        {"workflows", {{"description", "x"}}}, {"crews", {{"status", "paused"}}},
        {"agents", {{"temperature", 0.5}}},    {"tasks", {{"status", "running"}}},
        {"executions", {{"progress", 50}}},
    };
    for (const auto& [table, body] : bodies) {
        SCOPED_TRACE(table);
        auto [status, row] = call("POST", "/api/v1/" + table, body);
        ASSERT_EQ(status, 201) << row.dump();
        EXPECT_FALSE(row["id"].is_null());
        EXPECT_TRUE(is_iso_utc(row["created_at"])) << row["created_at"];
        EXPECT_EQ(row["created_at"], row["updated_at"]);
        for (const auto& [k, v] : body.items()) EXPECT_EQ(row[k], v) << k;  // JSON round-trips
        std::string path = "/api/v1/" + table + "/" + id_text(row);
        auto got = call("GET", path);
        EXPECT_EQ(got.first, 200);
        EXPECT_EQ(got.second, row);
        auto listed = call("GET", "/api/v1/" + table + "?limit=10&offset=0");
        EXPECT_EQ(listed.first, 200);
        EXPECT_FALSE(listed.second["items"].empty());
        auto patched = call("PATCH", path, patches[table]);
        EXPECT_EQ(patched.first, 200) << patched.second.dump();
        for (const auto& [k, v] : patches[table].items()) EXPECT_EQ(patched.second[k], v);
        EXPECT_EQ(patched.second["created_at"], row["created_at"]);
        EXPECT_GT(patched.second["updated_at"].get<std::string>(),
                  row["updated_at"].get<std::string>());
        EXPECT_EQ(call("DELETE", path).first, 204);
        expect_error(call("GET", path), 404, "not_found");
        expect_error(call("PATCH", path, patches[table]), 404, "not_found");
        expect_error(call("DELETE", path), 404, "not_found");
    }
}

TEST_P(HttpApiTest, crews_get_uuids_from_the_service) {
    auto [status, row] = call("POST", "/api/v1/crews", json{{"name", "x"}});
    ASSERT_EQ(status, 201);
    std::string id = row["id"];
    ASSERT_EQ(id.size(), 36u) << id;
    EXPECT_EQ(id[14], '4') << id;  // version 4
    EXPECT_NE(id, new_crew());
    auto chosen = call("POST", "/api/v1/crews",
                       json{{"id", "00000000-0000-4000-8000-000000000000"}, {"name", "y"}});
    expect_error(chosen, 400, "validation_error");
    EXPECT_EQ(chosen.second["error"]["details"]["field"], "id");
}

TEST_P(HttpApiTest, paging_and_filters) {
    std::string a = new_crew(), b = new_crew();
    for (int i = 0; i < 5; ++i) call("POST", "/api/v1/crews/" + a + "/executions", json::object());
    call("POST", "/api/v1/crews/" + b + "/executions", json::object());
    auto page = [&](const std::string& q) { return call("GET", "/api/v1/executions?" + q); };
    EXPECT_EQ(page("limit=2").second["items"].size(), 2u);
    EXPECT_EQ(page("limit=2&offset=4").second["items"].size(), 2u);
    EXPECT_EQ(page("limit=10&offset=6").second["items"].size(), 0u);
    EXPECT_EQ(page("crew_id=" + a).second["items"].size(), 5u);
    EXPECT_EQ(page("crew_id=" + b + "&status=queued").second["items"].size(), 1u);
    EXPECT_EQ(page("status=running").second["items"].size(), 0u);
    // Pages do not overlap: ordered by id.
    auto first = page("limit=3").second["items"], second = page("limit=3&offset=3").second["items"];
    for (const auto& x : first)
        for (const auto& y : second) EXPECT_NE(x["id"], y["id"]);
    EXPECT_EQ(call("GET", "/api/v1/crews/" + a + "/executions?limit=1").second["items"].size(), 1u);
    expect_error(page("limit=501"), 400, "validation_error");
    expect_error(page("offset=-1"), 400, "validation_error");
    expect_error(page("crew_id=nope"), 400, "validation_error");
}

TEST_P(HttpApiTest, crew_children_and_queued_executions) {
    std::string crew = new_crew();
    call("POST", "/api/v1/agents",
         json{{"crew_id", crew}, {"name", "a"}, {"role", "r"}, {"goal", "g"}});
    call("POST", "/api/v1/tasks", json{{"crew_id", crew}, {"title", "t"}, {"description", "d"}});
    auto queued = call("POST", "/api/v1/crews/" + crew + "/executions",
                       json{{"inputs", {{"topic", "x"}}}, {"trigger", "api"}});
    ASSERT_EQ(queued.first, 201) << queued.second.dump();
    EXPECT_EQ(queued.second["status"], "queued");
    EXPECT_EQ(queued.second["crew_id"], crew);
    EXPECT_EQ(queued.second["inputs"]["topic"], "x");
    for (const char* child : {"agents", "tasks", "executions"}) {
        auto r = call("GET", "/api/v1/crews/" + crew + "/" + child);
        EXPECT_EQ(r.first, 200);
        EXPECT_EQ(r.second["items"].size(), 1u) << child;
    }
    EXPECT_EQ(call("GET", "/api/v1/crews/" + crew).second["execution_count"], 1);
    EXPECT_EQ(call("GET", "/api/v1/executions?status=queued").second["items"].size(), 1u);
    EXPECT_EQ(call("GET", "/api/v1/tasks?crew_id=" + crew).second["items"].size(), 1u);
    const std::string missing = "/api/v1/crews/00000000-0000-4000-8000-000000000000";
    expect_error(call("GET", missing + "/agents"), 404, "not_found");
    expect_error(call("POST", missing + "/executions", json::object()), 404, "not_found");
    auto unknown = call("POST", "/api/v1/crews/" + crew + "/executions", json{{"status", "x"}});
    expect_error(unknown, 400, "validation_error");
    EXPECT_EQ(unknown.second["error"]["details"]["field"], "status");
    // The rejected request bumped nothing: the counter moves with the execution, atomically.
    EXPECT_EQ(call("GET", "/api/v1/crews/" + crew).second["execution_count"], 1);
}

TEST_P(HttpApiTest, deleting_a_crew_cascades_and_an_agent_sets_null) {
    std::string crew = new_crew(), other = new_crew();
    json agent = call("POST", "/api/v1/agents",
                      json{{"crew_id", crew}, {"name", "a"}, {"role", "r"}, {"goal", "g"}})
                     .second;
    json task =
        call(
            "POST", "/api/v1/tasks",
            json{
                {"crew_id", crew}, {"agent_id", agent["id"]}, {"title", "t"}, {"description", "d"}})
            .second;
    json kept = call("POST", "/api/v1/tasks",
                     json{{"crew_id", other}, {"title", "t"}, {"description", "d"}})
                    .second;
    call("POST", "/api/v1/crews/" + crew + "/executions", json::object());
    // Deleting the agent keeps its task, with agent_id set to NULL.
    EXPECT_EQ(call("DELETE", "/api/v1/agents/" + id_text(agent)).first, 204);
    auto orphan = call("GET", "/api/v1/tasks/" + id_text(task));
    ASSERT_EQ(orphan.first, 200);
    EXPECT_TRUE(orphan.second["agent_id"].is_null()) << orphan.second.dump();
    // Deleting the crew takes its tasks and executions, and leaves the other crew's.
    EXPECT_EQ(call("DELETE", "/api/v1/crews/" + crew).first, 204);
    expect_error(call("GET", "/api/v1/tasks/" + id_text(task)), 404, "not_found");
    EXPECT_TRUE(call("GET", "/api/v1/executions").second["items"].empty());
    EXPECT_EQ(call("GET", "/api/v1/tasks/" + id_text(kept)).first, 200);
}

TEST_P(HttpApiTest, client_errors_are_json_with_the_field) {
    std::string crew = new_crew();
    expect_error(call("POST", "/api/v1/crews", std::string("{not json")), 400, "invalid_json");
    expect_error(call("POST", "/api/v1/crews", std::string("")), 400, "invalid_json");
    expect_error(call("POST", "/api/v1/crews", std::string("[1]")), 400, "validation_error");
    auto unknown = call("POST", "/api/v1/crews", json{{"name", "x"}, {"colour", "red"}});
    expect_error(unknown, 400, "validation_error");
    EXPECT_EQ(unknown.second["error"]["details"]["field"], "colour");
    auto missing = call("POST", "/api/v1/agents", json{{"crew_id", crew}, {"name", "a"}});
    expect_error(missing, 400, "validation_error");
    for (const auto& [field, bad] :
         std::vector<std::pair<std::string, json>>{{"is_active", "yes"},
                                                   {"name", 5},
                                                   {"max_execution_time", "ten"},
                                                   {"verbose", 1.5},
                                                   {"workflow_id", "one"},
                                                   {"name", nullptr}}) {
        auto wrong = call("PATCH", "/api/v1/crews/" + crew, json{{field, bad}});
        expect_error(wrong, 400, "validation_error");
        EXPECT_EQ(wrong.second["error"]["details"]["field"], field) << wrong.second.dump();
    }
    expect_error(call("GET", "/api/v1/nothing"), 404, "not_found");
    expect_error(call("GET", "/api/v2/crews"), 404, "not_found");
    expect_error(call("GET", "/api/v1/crews/not-a-uuid"), 404, "not_found");
    expect_error(call("GET", "/api/v1/tasks/12x"), 404, "not_found");
    json agent = {{"crew_id", crew}, {"name", "a"}, {"role", "r"}, {"goal", "g"}};
    call("POST", "/api/v1/agents", agent);
    expect_error(call("POST", "/api/v1/agents", agent), 409, "conflict");
    json orphan = agent;
    orphan["crew_id"] = "00000000-0000-4000-8000-000000000000";
    expect_error(call("POST", "/api/v1/agents", orphan), 409, "conflict");
    // An enum-like column is checked against its constraint's list before any SQL.
    expect_error(call("PATCH", "/api/v1/crews/" + crew, json{{"status", "bogus"}}), 400,
                 "validation_error");
    expect_error(call("POST", "/api/v1/executions", json{{"crew_id", crew}, {"progress", 101}}),
                 422, "constraint_violation");
    std::string big = json{{"name", "x"}, {"description", std::string(1 << 20, 'a')}}.dump();
    expect_error(call("POST", "/api/v1/crews", big), 413, "payload_too_large");
    // Nothing above reached the table except the first crew.
    EXPECT_EQ(call("GET", "/api/v1/crews").second["items"].size(), 1u);
}

TEST_P(HttpApiTest, wrong_methods_get_405) {
    std::string crew = new_crew();
    expect_error(call("PUT", "/api/v1/crews/" + crew, json{{"name", "x"}}), 405,
                 "method_not_allowed");
    expect_error(call("DELETE", "/api/v1/crews"), 405, "method_not_allowed");
    expect_error(call("PATCH", "/api/v1/crews", json::object()), 405, "method_not_allowed");
    expect_error(call("POST", "/api/v1/crews/" + crew, json::object()), 405, "method_not_allowed");
    expect_error(call("DELETE", "/api/v1/crews/" + crew + "/agents"), 405, "method_not_allowed");
    expect_error(call("POST", "/api/v1/crews/" + crew + "/agents", json::object()), 405,
                 "method_not_allowed");
    expect_error(call("POST", "/healthz", json::object()), 405, "method_not_allowed");
    EXPECT_EQ(call("GET", "/api/v1/crews/" + crew).second["name"], "c");  // untouched
}

TEST_P(HttpApiTest, server_errors_are_500_with_a_logged_request_id_and_no_internals) {
    LogCapture log;
    // Another client breaks the schema under the running service.
    {
        auto c = migrate::dialect::open(migrate::dialect::parse_url(db_->url()),
                                        std::chrono::seconds(5));
        c->execute(
            migrate::dialect::Statement{"ALTER TABLE workflows RENAME TO workflows_gone", {}});
    }
    auto r = call("GET", "/api/v1/workflows");
    expect_error(r, 500, "internal");
    std::string id = r.second["error"]["details"]["request_id"];
    EXPECT_EQ(id.size(), 16u);
    std::string body = r.second.dump();
    for (const char* internal : {"workflows", "SELECT", "exist", "no such"})
        EXPECT_EQ(body.find(internal), std::string::npos) << internal << " in " << body;
    // The service keeps serving the tables that are still there.
    EXPECT_EQ(call("POST", "/api/v1/crews", json{{"name", "ok"}}).first, 201);
    std::string logged = log.wait_for("POST /api/v1/crews 201 ");
    EXPECT_NE(logged.find(id), std::string::npos) << logged;
    EXPECT_NE(logged.find("workflows"), std::string::npos) << logged;
    // The request log lines: method, path, status, duration.
    EXPECT_NE(logged.find("GET /api/v1/workflows 500 "), std::string::npos) << logged;
    EXPECT_NE(logged.find("POST /api/v1/crews 201 "), std::string::npos) << logged;
}

// Every string column of every table, filled with SQL and JSON metacharacters, comes back
// byte for byte, and no other row is touched.
TEST_P(HttpApiTest, sql_metacharacters_are_stored_verbatim_in_every_string_field) {
    const std::string nasty = "x'); DELETE FROM crews;-- \"\\ $1 ? % \\x00 ; DROP TABLE tasks;";
    std::string crew = new_crew();
    json agent = call("POST", "/api/v1/agents",
                      json{{"crew_id", crew}, {"name", "a0"}, {"role", "r"}, {"goal", "g"}})
                     .second;
    std::map<std::string, json> required = {
        {"workflows", json::object()},
        {"crews", json::object()},
        {"agents", {{"crew_id", crew}}},
        {"tasks", {{"crew_id", crew}, {"agent_id", agent["id"]}}},
        {"executions", {{"crew_id", crew}}},
    };
    for (const auto& table : studio::metadata().tables) {
        SCOPED_TRACE(table.name);
        json body = required.at(table.name);
        for (const auto& column : table.columns) {
            bool text = column.type.kind == migrate::schema::TypeKind::string ||
                        column.type.kind == migrate::schema::TypeKind::text;
            // Enum-like columns take only their listed values; ids are generated.
            if (!text || !studio::allowed_values(table, column).empty() || column.name == "id")
                continue;
            std::size_t limit = column.type.length > 0 ? column.type.length : nasty.size();
            body[column.name] = nasty.substr(0, std::min(limit, nasty.size()));
        }
        auto [status, row] = call("POST", "/api/v1/" + table.name, body);
        ASSERT_EQ(status, 201) << row.dump();
        auto stored = call("GET", "/api/v1/" + table.name + "/" + id_text(row)).second;
        for (const auto& [k, v] : body.items()) EXPECT_EQ(stored[k], v) << k;
        if (table.find_column("status")) {
            // A filter value is checked like the column's values: not one of the statuses.
            auto filtered = call("GET", "/api/v1/" + table.name + "?status=" +
                                            httplib::detail::encode_query_param(nasty));
            expect_error(filtered, 400, "validation_error");
            EXPECT_EQ(filtered.second["error"]["details"]["field"], "status");
        }
    }
    EXPECT_EQ(call("GET", "/api/v1/crews").second["items"].size(), 2u);
    EXPECT_EQ(call("GET", "/api/v1/tasks").second["items"].size(), 1u);
}

TEST_P(HttpApiTest, concurrent_clients_are_all_served) {
    std::string crew = new_crew();
    std::vector<std::thread> clients;
    std::atomic<int> created{0};
    for (int i = 0; i < 6; ++i)
        clients.emplace_back([&, i] {
            httplib::Client c("127.0.0.1", port_);
            for (int j = 0; j < 5; ++j) {
                auto r = c.Post("/api/v1/crews/" + crew + "/executions", "{}", "application/json");
                if (r && r->status == 201) ++created;
                auto g = c.Get("/api/v1/crews/" + crew);
                (void)g;
                (void)i;
            }
        });
    for (auto& t : clients) t.join();
    EXPECT_EQ(created.load(), 30);
    EXPECT_EQ(call("GET", "/api/v1/crews/" + crew).second["execution_count"], 30);
}

// The binary's start-up schema gate, on a database the test owns.
class ServeGateTest : public ::testing::TestWithParam<DatabaseKind> {
  protected:
    void SetUp() override { db_ = GetParam().make(); }
    std::vector<std::string> args(const std::string& migrations = migrations_dir()) const {
        return {"--database-url", db_->url(), "--migrations-dir", migrations, "--port", "0"};
    }
    std::unique_ptr<TestDatabase> db_;
    testing_support::TempDir dir_;
};

inline json get_json(int port, const std::string& path, int* status) {
    httplib::Client client("127.0.0.1", port);
    auto r = client.Get(path);
    *status = r ? r->status : -1;
    return r ? json::parse(r->body, nullptr, false) : json();
}

TEST_P(ServeGateTest, behind_refuses_with_the_upgrade_command) {
    testing_support::ServeProcess server(args(), dir_.path(), dir_.path());
    EXPECT_EQ(server.wait_for_port(), 0) << server.out();
    EXPECT_EQ(server.wait(), 2) << server.err();
    EXPECT_NE(server.err().find("crewstudio db upgrade"), std::string::npos) << server.err();
    EXPECT_NE(server.err().find("--auto-migrate"), std::string::npos) << server.err();
    EXPECT_EQ(scalar(db_->url(), GetParam().name == "sqlite"
                                     ? "SELECT count(*) FROM sqlite_master WHERE type='table'"
                                     : "SELECT count(*) FROM pg_tables WHERE schemaname='public'"),
              "0");
}

TEST_P(ServeGateTest, unknown_revision_refuses_naming_it) {
    migrate_to_head(db_->url());
    auto empty = dir_ / "no_versions";
    std::filesystem::create_directories(empty);
    testing_support::ServeProcess server(args(empty.string()), dir_.path(), dir_.path());
    EXPECT_EQ(server.wait(), 2) << server.err();
    EXPECT_NE(server.err().find("385b23fc5d40"), std::string::npos) << server.err();
}

TEST_P(ServeGateTest, a_missing_migrations_directory_is_a_configuration_error) {
    auto a = args((dir_ / "no_such_dir").string());
    a.push_back("--auto-migrate");
    testing_support::ServeProcess server(a, dir_.path(), dir_.path());
    EXPECT_EQ(server.wait(), 2) << server.err();
    EXPECT_NE(server.err().find((dir_ / "no_such_dir").string()), std::string::npos)
        << server.err();
}

TEST_P(ServeGateTest, auto_migrate_migrates_then_serves) {
    auto a = args();
    a.push_back("--auto-migrate");
    testing_support::ServeProcess server(a, dir_.path(), dir_.path());
    int port = server.wait_for_port();
    ASSERT_NE(port, 0) << server.err();
    int status = 0;
    json body = get_json(port, "/healthz", &status);
    EXPECT_EQ(status, 200) << body.dump();
    EXPECT_EQ(body["in_sync"], true);
    EXPECT_EQ(body["current_revision"], body["head_revision"]);
    EXPECT_EQ(body["dialect"], GetParam().name == "sqlite" ? "sqlite" : "postgresql");
    httplib::Client client("127.0.0.1", port);
    auto created = client.Post("/api/v1/crews", R"({"name":"served"})", "application/json");
    ASSERT_TRUE(created);
    EXPECT_EQ(created->status, 201) << created->body;
    // The database moves away from head under the running service: /healthz says so.
    auto stamped = testing_support::run_cli(
        {"db", "stamp", "base", "--database-url", db_->url(), "--migrations-dir", migrations_dir()},
        dir_.path());
    ASSERT_EQ(stamped.exit_code, 0) << stamped.err;
    body = get_json(port, "/healthz", &status);
    EXPECT_EQ(status, 503) << body.dump();
    EXPECT_EQ(body["in_sync"], false);
    EXPECT_NE(body["current_revision"], body["head_revision"]);
    EXPECT_EQ(server.stop(), 0) << server.err();
    // Each request was logged: method, path, status, duration.
    EXPECT_NE(server.err().find("POST /api/v1/crews 201 "), std::string::npos) << server.err();
}

TEST_P(ServeGateTest, bad_pool_flags_are_refused_before_anything_runs) {
    for (const auto& [flag, value] : std::vector<std::pair<std::string, std::string>>{
             {"--pool-size", "0"}, {"--pool-size", "65"}, {"--db-timeout", "soon"}}) {
        auto a = args();
        a.insert(a.end(), {flag, value, "--auto-migrate"});
        testing_support::ServeProcess server(a, dir_.path(), dir_.path());
        EXPECT_EQ(server.wait(), 2) << server.err();
        EXPECT_NE(server.err().find(flag + ": expects a number"), std::string::npos)
            << server.err();
    }
    // --auto-migrate did not run: the arguments are checked first.
    EXPECT_EQ(scalar(db_->url(), GetParam().name == "sqlite"
                                     ? "SELECT count(*) FROM sqlite_master WHERE type='table'"
                                     : "SELECT count(*) FROM pg_tables WHERE schemaname='public'"),
              "0");
}

TEST_P(ServeGateTest, pool_size_and_timeout_flags_serve) {
    auto a = args();
    a.insert(a.end(), {"--auto-migrate", "--pool-size", "2", "--db-timeout", "2000"});
    testing_support::ServeProcess server(a, dir_.path(), dir_.path());
    int port = server.wait_for_port();
    ASSERT_NE(port, 0) << server.err();
    int status = 0;
    get_json(port, "/healthz", &status);
    EXPECT_EQ(status, 200);
    EXPECT_EQ(server.stop(), 0) << server.err();
}

TEST_P(ServeGateTest, three_replicas_with_auto_migrate_migrate_once_and_all_serve) {
    auto a = args();
    a.push_back("--auto-migrate");
    std::vector<std::unique_ptr<testing_support::ServeProcess>> replicas;
    for (int i = 0; i < 3; ++i)
        replicas.push_back(
            std::make_unique<testing_support::ServeProcess>(a, dir_.path(), dir_.path()));
    for (auto& replica : replicas) {
        int port = replica->wait_for_port();
        ASSERT_NE(port, 0) << replica->err();
        int status = 0;
        json body = get_json(port, "/healthz", &status);
        EXPECT_EQ(status, 200) << body.dump();
    }
    // One upgrade per revision in the history, whoever ran it.
    EXPECT_EQ(scalar(db_->url(), "SELECT count(*) FROM migrate_history"), "1");
    EXPECT_EQ(scalar(db_->url(), "SELECT count(*) FROM migrate_version"), "1");
    for (auto& replica : replicas) EXPECT_EQ(replica->stop(), 0) << replica->err();
}

}  // namespace studio_testing
