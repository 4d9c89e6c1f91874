// A bounded load of mixed requests, with the database counted against the answers.
#pragma once

#include <atomic>
#include <random>
#include <thread>

#include "tests/studio/served_api.hpp"

namespace studio_testing {

// 16 clients x 500 requests of create, read, update, queue, list and delete on keep-alive
// connections. Every answer must be one the request can have, and the rows left must be
// exactly what the successful answers say.
TEST_P(ServedTest, sixteen_clients_of_mixed_requests_leave_the_rows_the_answers_promise) {
    ServedApi api(GetParam(), {"--pool-size", "4"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    std::atomic<int> created{0}, deleted{0}, queued{0}, unexpected{0};
    std::mutex failures_mutex;
    std::vector<std::string> failures;
    auto fail = [&](const std::string& what) {
        ++unexpected;
        std::lock_guard lock(failures_mutex);
        if (failures.size() < 10) failures.push_back(what);
    };
    std::vector<std::thread> clients;
    for (int client = 0; client < 16; ++client)
        clients.emplace_back([&, client] {
            httplib::Client c("127.0.0.1", api.port());
            c.set_keep_alive(true);
            std::mt19937 rng(static_cast<unsigned>(client));
            std::vector<std::string> mine;
            for (int i = 0; i < 500; ++i) {
                int op = static_cast<int>(rng() % 10);
                std::string id = mine.empty() ? "" : mine[rng() % mine.size()];
                if (op < 3 || mine.empty()) {
                    auto r = c.Post(
                        "/api/v1/crews",
                        json{{"name", "c" + std::to_string(client) + "-" + std::to_string(i)}}
                            .dump(),
                        "application/json");
                    if (r && r->status == 201) {
                        mine.push_back(json::parse(r->body)["id"]);
                        ++created;
                    } else {
                        fail("create " + std::to_string(r ? r->status : -1));
                    }
                } else if (op < 5) {
                    auto r = c.Get("/api/v1/crews/" + id);
                    if (!r || r->status != 200) fail("get " + std::to_string(r ? r->status : -1));
                } else if (op < 6) {
                    auto r = c.Patch("/api/v1/crews/" + id, R"({"status":"running"})",
                                     "application/json");
                    if (!r || r->status != 200) fail("patch " + std::to_string(r ? r->status : -1));
                } else if (op < 8) {
                    auto r =
                        c.Post("/api/v1/crews/" + id + "/executions", "{}", "application/json");
                    if (r && r->status == 201)
                        ++queued;
                    else
                        fail("queue " + std::to_string(r ? r->status : -1));
                } else if (op < 9) {
                    auto r = c.Get("/api/v1/crews?limit=5");
                    if (!r || r->status != 200) fail("list " + std::to_string(r ? r->status : -1));
                } else {
                    auto r = c.Delete("/api/v1/crews/" + id);
                    if (r && r->status == 204) {
                        ++deleted;
                        mine.erase(std::find(mine.begin(), mine.end(), id));
                    } else {
                        fail("delete " + std::to_string(r ? r->status : -1));
                    }
                }
            }
        });
    for (auto& t : clients) t.join();
    EXPECT_EQ(unexpected.load(), 0) << ::testing::PrintToString(failures);
    EXPECT_GT(created.load(), 1000);
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), std::to_string(created - deleted));
    // Executions of deleted crews went with them (ON DELETE CASCADE); what is left matches the
    // counters of the crews that are left.
    EXPECT_EQ(api.sql("SELECT count(*) FROM executions"),
              api.sql("SELECT coalesce(sum(execution_count), 0) FROM crews"));
    EXPECT_GT(queued.load(), 0);
    Reply total = api.call("GET", "/api/v1/crews?limit=1");
    EXPECT_EQ(total.body["total"], created - deleted);
}

}  // namespace studio_testing
