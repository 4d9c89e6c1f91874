// The HTTP API with a real client: an in-process server on a free port, and the binary's gate.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "migrate/dialect/url.hpp"
#include "studio/http_api.hpp"
#include "studio/storage.hpp"
#include "tests/studio/storage_fixture.hpp"
#include "tests/support/run_cli.hpp"

namespace {

using nlohmann::json;

class HttpTest : public ::testing::Test {
  protected:
    void SetUp() override {
        studio_testing::migrate_to_head(studio_testing::sqlite_url(dir_));
        storage_ = std::make_unique<studio::Storage>(
            migrate::dialect::parse_url(studio_testing::sqlite_url(dir_)), 4,
            std::chrono::milliseconds(5000));
        api_ = std::make_unique<studio::HttpApi>(*storage_, [] {
            return studio::Health{200, {{"dialect", "sqlite"}, {"in_sync", true}}};
        });
        port_ = api_->bind("127.0.0.1", 0);
        thread_ = std::thread([this] { api_->listen(); });
        client_ = std::make_unique<httplib::Client>("127.0.0.1", port_);
        // listen() may not have started accepting yet; the socket is bound, so connects queue.
    }
    void TearDown() override {
        api_->stop();
        thread_.join();
    }
    std::pair<int, json> call(const std::string& method, const std::string& path,
                              const std::string& body = "") {
        auto send = [&]() -> httplib::Result {
            if (method == "POST") return client_->Post(path, body, "application/json");
            if (method == "PATCH") return client_->Patch(path, body, "application/json");
            if (method == "DELETE") return client_->Delete(path);
            return client_->Get(path);
        };
        httplib::Result r = send();
        if (!r) return {-1, nullptr};
        json parsed = r->body.empty() ? json() : json::parse(r->body, nullptr, false);
        return {r->status, parsed};
    }
    std::pair<int, json> call(const std::string& method, const std::string& path, const json& b) {
        return call(method, path, b.dump());
    }
    std::string new_crew() {
        return call("POST", "/api/v1/crews", json{{"name", "c"}}).second["id"];
    }

    testing_support::TempDir dir_;
    std::unique_ptr<studio::Storage> storage_;
    std::unique_ptr<studio::HttpApi> api_;
    std::thread thread_;
    std::unique_ptr<httplib::Client> client_;
    int port_ = 0;
};

void expect_error(const std::pair<int, json>& r, int status, const std::string& code) {
    EXPECT_EQ(r.first, status) << r.second.dump();
    EXPECT_EQ(r.second["error"]["code"], code) << r.second.dump();
    EXPECT_TRUE(r.second["error"].contains("message"));
    EXPECT_TRUE(r.second["error"].contains("details"));
}

TEST_F(HttpTest, every_resource_supports_crud) {
    std::string crew = new_crew();
    std::map<std::string, json> bodies = {
        {"workflows", {{"name", "wf"}}},
        {"crews", {{"name", "c2"}}},
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
        std::string id = row["id"].is_string() ? row["id"].get<std::string>() : row["id"].dump();
        std::string path = "/api/v1/" + table + "/" + id;
        EXPECT_EQ(call("GET", path).first, 200);
        auto listed = call("GET", "/api/v1/" + table + "?limit=10&offset=0");
        EXPECT_EQ(listed.first, 200);
        EXPECT_FALSE(listed.second["items"].empty());
        auto patched = call("PATCH", path, patches[table]);
        EXPECT_EQ(patched.first, 200) << patched.second.dump();
        for (const auto& [k, v] : patches[table].items()) EXPECT_EQ(patched.second[k], v);
        EXPECT_EQ(call("DELETE", path).first, 204);
        expect_error(call("GET", path), 404, "not_found");
    }
}

TEST_F(HttpTest, crew_children_and_queued_executions) {
    std::string crew = new_crew();
    call("POST", "/api/v1/agents",
         json{{"crew_id", crew}, {"name", "a"}, {"role", "r"}, {"goal", "g"}});
    call("POST", "/api/v1/tasks", json{{"crew_id", crew}, {"title", "t"}, {"description", "d"}});
    auto queued = call("POST", "/api/v1/crews/" + crew + "/executions", json{{"inputs", {1}}});
    ASSERT_EQ(queued.first, 201) << queued.second.dump();
    EXPECT_EQ(queued.second["status"], "queued");
    for (const char* child : {"agents", "tasks", "executions"}) {
        auto r = call("GET", "/api/v1/crews/" + crew + "/" + child);
        EXPECT_EQ(r.first, 200);
        EXPECT_EQ(r.second["items"].size(), 1u) << child;
    }
    EXPECT_EQ(call("GET", "/api/v1/crews/" + crew).second["execution_count"], 1);
    EXPECT_EQ(call("GET", "/api/v1/executions?status=queued").second["items"].size(), 1u);
    EXPECT_EQ(call("GET", "/api/v1/tasks?crew_id=" + crew).second["items"].size(), 1u);
    expect_error(call("GET", "/api/v1/crews/00000000-0000-4000-8000-000000000000/agents"), 404,
                 "not_found");
    // Cascade through the API: the crew's agents, tasks and executions go with it.
    EXPECT_EQ(call("DELETE", "/api/v1/crews/" + crew).first, 204);
    EXPECT_TRUE(call("GET", "/api/v1/agents").second["items"].empty());
    EXPECT_TRUE(call("GET", "/api/v1/tasks").second["items"].empty());
    EXPECT_TRUE(call("GET", "/api/v1/executions").second["items"].empty());
}

TEST_F(HttpTest, error_statuses) {
    std::string crew = new_crew();
    expect_error(call("POST", "/api/v1/crews", std::string("{not json")), 400, "invalid_json");
    expect_error(call("POST", "/api/v1/crews", std::string("[1]")), 400, "validation_error");
    auto unknown = call("POST", "/api/v1/crews", json{{"name", "x"}, {"colour", "red"}});
    expect_error(unknown, 400, "validation_error");
    EXPECT_EQ(unknown.second["error"]["details"]["field"], "colour");
    auto wrong = call("PATCH", "/api/v1/crews/" + crew, json{{"is_active", "yes"}});
    expect_error(wrong, 400, "validation_error");
    EXPECT_EQ(wrong.second["error"]["details"]["field"], "is_active");
    expect_error(call("GET", "/api/v1/crews?limit=0"), 400, "validation_error");
    expect_error(call("GET", "/api/v1/nothing"), 404, "not_found");
    expect_error(call("GET", "/api/v1/crews/not-a-uuid"), 404, "not_found");
    json agent = {{"crew_id", crew}, {"name", "a"}, {"role", "r"}, {"goal", "g"}};
    call("POST", "/api/v1/agents", agent);
    expect_error(call("POST", "/api/v1/agents", agent), 409, "conflict");
    expect_error(call("PATCH", "/api/v1/crews/" + crew, json{{"status", "bogus"}}), 422,
                 "constraint_violation");
    std::string big = json{{"name", "x"}, {"description", std::string(1 << 20, 'a')}}.dump();
    expect_error(call("POST", "/api/v1/crews", big), 413, "payload_too_large");
}

TEST_F(HttpTest, sql_metacharacters_round_trip_in_every_string_field) {
    const std::string nasty = "x'); DELETE FROM agents;-- \"\\ $1 ? %";
    std::string crew = new_crew();
    json agent = {{"crew_id", crew}, {"name", nasty},      {"role", nasty},
                  {"goal", nasty},   {"backstory", nasty}, {"llm_model", nasty}};
    auto [status, row] = call("POST", "/api/v1/agents", agent);
    ASSERT_EQ(status, 201) << row.dump();
    for (const auto& [k, v] : agent.items()) EXPECT_EQ(row[k], v) << k;
}

TEST_F(HttpTest, healthz_reports_the_schema) {
    auto [status, body] = call("GET", "/healthz");
    EXPECT_EQ(status, 200);
    EXPECT_EQ(body["in_sync"], true);
}

// The binary: the schema gate refuses a database behind head, and --auto-migrate serves.
TEST(ServeGate, behind_refuses_with_the_upgrade_command) {
    testing_support::TempDir dir;
    auto r = testing_support::run_cli(
        {"serve", "--database-url", studio_testing::sqlite_url(dir), "--migrations-dir",
         studio_testing::migrations_dir(), "--port", "0"},
        dir.path());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("crewstudio db upgrade"), std::string::npos) << r.err;
}

TEST(ServeGate, unknown_revision_refuses_naming_it) {
    testing_support::TempDir dir;
    studio_testing::migrate_to_head(studio_testing::sqlite_url(dir));
    auto empty = dir / "no_versions";
    std::filesystem::create_directories(empty);
    auto r = testing_support::run_cli({"serve", "--database-url", studio_testing::sqlite_url(dir),
                                       "--migrations-dir", empty.string(), "--port", "0"},
                                      dir.path());
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("385b23fc5d40"), std::string::npos) << r.err;
}

TEST(ServeGate, auto_migrate_migrates_then_serves) {
    testing_support::TempDir dir;
    auto out_path = dir / "out.txt";
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
        std::FILE* f = std::freopen(out_path.c_str(), "w", stdout);
        if (!f) _exit(127);
        std::string url = studio_testing::sqlite_url(dir), dirs = studio_testing::migrations_dir();
        execl(CREWSTUDIO_BIN, CREWSTUDIO_BIN, "serve", "--auto-migrate", "--env", "test",
              "--database-url", url.c_str(), "--migrations-dir", dirs.c_str(), "--port", "0",
              static_cast<char*>(nullptr));
        _exit(127);
    }
    int port = 0;
    for (int i = 0; i < 300 && port == 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        std::ifstream in(out_path);
        std::string line;
        if (std::getline(in, line)) {
            auto colon = line.rfind(':');
            if (colon != std::string::npos && line.find("serving on") != std::string::npos)
                port = std::stoi(line.substr(colon + 1));
        }
    }
    ASSERT_NE(port, 0) << "the server did not report its port";
    httplib::Client client("127.0.0.1", port);
    auto health = client.Get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200) << health->body;
    json body = json::parse(health->body);
    EXPECT_EQ(body["in_sync"], true);
    EXPECT_EQ(body["current_revision"], body["head_revision"]);
    EXPECT_EQ(body["dialect"], "sqlite");
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

}  // namespace
