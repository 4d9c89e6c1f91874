// The served binary when PostgreSQL ends its connections: pg_terminate_backend and a restart.
#include <thread>

#include "tests/studio/served_api.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/run_cli.hpp"

namespace studio_testing {
namespace {

struct PgDatabase : TestDatabase {
    testing_support::PgDatabase db;
    std::string url() const override { return db.url(); }
};

// A cluster of the test's own, so that restarting it disturbs no other test.
struct OwnCluster : TestDatabase {
    testing_support::TempDir dir;
    std::string cluster_url;
    OwnCluster() { cluster_url = script_pg("start"); }
    ~OwnCluster() override { script_pg("stop"); }
    std::string url() const override { return cluster_url; }
    std::string script_pg(const std::string& verb) const {
        std::string out = (dir / "pg.out").string();
        std::string command = std::string(CREWSTUDIO_SOURCE_DIR) + "/script/pg " + verb + " " +
                              (dir / "pg").string() + " > " + out + " 2>&1";
        if (std::system(command.c_str()) != 0)
            ADD_FAILURE() << command << ": " << testing_support::read_file(out);
        return verb == "start" ? testing_support::read_file(out).substr(
                                     0, testing_support::read_file(out).find('\n'))
                               : "";
    }
};

// Ends every session of the database but the caller's, as an administrator or a failover does.
void terminate_sessions(const std::string& url) {
    scalar(url,
           "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = "
           "current_database() AND pid <> pg_backend_pid()");
}

TEST(ServedPgFaults, terminated_pool_connections_are_replaced_reads_retried_writes_503) {
    DatabaseKind kind{"postgresql", [] { return std::make_unique<PgDatabase>(); }};
    ServedApi api(kind, {"--pool-size", "3"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    Reply crew = api.call("POST", "/api/v1/crews", json{{"name", "before"}});
    ASSERT_EQ(crew.status, 201);
    std::string path = "/api/v1/crews/" + crew.body["id"].get<std::string>();
    terminate_sessions(api.url());
    // A read that finds its connection gone runs again on a fresh one.
    Reply read = api.call("GET", path);
    EXPECT_EQ(read.status, 200) << read.body.dump();
    EXPECT_EQ(read.body["name"], "before");
    terminate_sessions(api.url());
    // A write is not repeated (the server may have done it): 503, retry later.
    Reply write = api.call("POST", "/api/v1/crews", json{{"name", "lost"}});
    expect_reply(write, 503, "unavailable");
    EXPECT_EQ(write.header("Retry-After"), "1");
    Reply again = api.call("POST", "/api/v1/crews", json{{"name", "after"}});
    EXPECT_EQ(again.status, 201) << again.body.dump();
    EXPECT_EQ(api.call("GET", "/healthz").status, 200);
    EXPECT_EQ(api.sql("SELECT string_agg(name, ',' ORDER BY name) FROM crews"), "after,before");
    // The pool holds no more connections than asked for.
    EXPECT_LE(std::stoi(api.sql("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                                "current_database() AND pid <> pg_backend_pid()")),
              3);
}

TEST(ServedPgFaults, a_server_restart_mid_run_is_survived_without_restarting_the_service) {
    OwnCluster* cluster = nullptr;
    DatabaseKind kind{"postgresql", [&cluster] {
                          auto c = std::make_unique<OwnCluster>();
                          cluster = c.get();
                          return c;
                      }};
    ServedApi api(kind, {"--pool-size", "2", "--db-timeout", "2000"});
    ASSERT_TRUE(api.ok()) << api.process().err();
    ASSERT_EQ(api.call("POST", "/api/v1/crews", json{{"name", "one"}}).status, 201);
    // Clients keep reading while the server restarts: they may hear 503, never 500.
    std::atomic<bool> done{false};
    std::atomic<int> ok{0}, busy{0}, other{0};
    std::thread reader([&] {
        while (!done) {
            int s = api.call("GET", "/api/v1/crews").status;
            (s == 200 ? ok : s == 503 ? busy : other)++;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
    });
    cluster->script_pg("restart");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    done = true;
    reader.join();
    EXPECT_EQ(other.load(), 0) << ok << " ok, " << busy << " 503";
    EXPECT_GT(ok.load(), 0);
    Reply read = api.call("GET", "/api/v1/crews");
    EXPECT_EQ(read.status, 200) << read.body.dump();
    EXPECT_EQ(read.body["total"], 1);
    Reply write = api.call("POST", "/api/v1/crews", json{{"name", "two"}});
    if (write.status == 503) write = api.call("POST", "/api/v1/crews", json{{"name", "two"}});
    EXPECT_EQ(write.status, 201) << write.body.dump();
    EXPECT_EQ(api.call("GET", "/healthz").status, 200);
    EXPECT_EQ(api.sql("SELECT count(*) FROM crews"), "2");
    EXPECT_EQ(api.process().stop(), 0) << api.process().err();
}

}  // namespace
}  // namespace studio_testing
