// `db revision --autogenerate --safe` on a real PostgreSQL: an index, a foreign key, a check, a
// NOT NULL and a unique constraint missing from a table with rows are written in the
// lock-friendly forms, the revisions lint clean, and applying them while another session
// writes to the table continuously fails no write and delays none by the lock timeout.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <thread>

#include "migrate/support/error.hpp"
#include "tests/support/cli_project.hpp"
#include "tests/support/pg_database.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

using namespace std::chrono_literals;
using migrate::dialect::Statement;
using testing_support::CliProject;
using testing_support::PgDatabase;
using Clock = std::chrono::steady_clock;

const char* kCrew = "00000000-0000-0000-0000-000000000001";

// The studio's schema applied, agents with rows, and five things taken away by hand.
struct DriftedAgents {
    PgDatabase db;
    CliProject project;
    DriftedAgents() {
        project.url = db.url();
        std::filesystem::create_directories(project.versions());
        for (const auto& f : std::filesystem::directory_iterator(
                 std::filesystem::path(CREWSTUDIO_SOURCE_DIR) / "migrations/versions"))
            std::filesystem::copy_file(f.path(), project.versions() / f.path().filename());
        auto up = project.db({"upgrade"});
        EXPECT_EQ(up.exit_code, 0) << up.err;
        sql(std::string("INSERT INTO crews (id, name) VALUES ('") + kCrew + "', 'crew')");
        sql(std::string("INSERT INTO agents (crew_id, name, role, goal) SELECT '") + kCrew +
            "', 'a' || g, 'r', 'g' FROM generate_series(1, 5000) g");
        for (const char* change : {"DROP INDEX ix_agents_crew_id",
                                   "ALTER TABLE agents DROP CONSTRAINT fk_agents_crew_id_crews",
                                   "ALTER TABLE agents DROP CONSTRAINT ck_agents_max_iter_positive",
                                   "ALTER TABLE agents DROP CONSTRAINT uq_agents_crew_id_name",
                                   "ALTER TABLE agents ALTER COLUMN goal DROP NOT NULL"})
            sql(change);
    }
    void sql(const std::string& text) { db.connection().execute({text, {}, false}); }
};

// Inserts and updates agents rows on its own connection until stopped, timing each.
class Writer {
  public:
    explicit Writer(const PgDatabase& db) : connection_(db.open()) {
        thread_ = std::thread([this] { run(); });
    }
    ~Writer() { stop(); }
    void stop() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
    }
    int writes() const { return writes_; }
    int failures() const { return failures_; }
    std::chrono::milliseconds longest() const { return longest_; }
    const std::string& first_failure() const { return first_failure_; }

  private:
    void run() {
        for (int i = 0; !stop_; ++i) {
            std::string sql = i % 2 == 0 ? std::string(
                                               "INSERT INTO agents (crew_id, name, role, goal) "
                                               "VALUES ('") +
                                               kCrew + "', 'w" + std::to_string(i) + "', 'r', 'g')"
                                         : "UPDATE agents SET role = 'r" + std::to_string(i) +
                                               "' WHERE name = 'a1'";
            auto start = Clock::now();
            try {
                connection_->execute(Statement{sql, {}, false});
                ++writes_;
            } catch (const migrate::Error& e) {
                if (failures_++ == 0) first_failure_ = e.message();
            }
            longest_ = std::max(longest_, std::chrono::duration_cast<std::chrono::milliseconds>(
                                              Clock::now() - start));
            std::this_thread::sleep_for(2ms);
        }
    }

    std::unique_ptr<migrate::dialect::Connection> connection_;
    std::atomic<bool> stop_{false};
    int writes_ = 0, failures_ = 0;
    std::chrono::milliseconds longest_{0};
    std::string first_failure_;
    std::thread thread_;
};

TEST(SafeAutogeneratePg, LockFriendlyFormsLintCleanAndApplyUnderContinuousWrites) {
    DriftedAgents p;
    auto written = p.project.db({"revision", "--autogenerate", "--safe", "-m", "restore agents"});
    ASSERT_EQ(written.exit_code, 0) << written.err;
    auto files = p.project.revision_files();
    ASSERT_GE(files.size(), 4u) << written.out;  // main, the index ones, the validations
    std::string all;
    for (const auto& f : files) all += testing_support::read_file(f);
    EXPECT_NE(all.find("concurrently: true"), std::string::npos);
    EXPECT_NE(all.find("transactional: false"), std::string::npos);
    EXPECT_NE(all.find("not_valid: true"), std::string::npos);
    EXPECT_NE(all.find("validate_constraint"), std::string::npos);
    EXPECT_NE(all.find("using_index: uq_agents_crew_id_name"), std::string::npos);
    EXPECT_NE(all.find("- assert:"), std::string::npos);

    auto lint = p.project.db({"lint", "--fail-on", "info"});
    EXPECT_EQ(lint.exit_code, 0) << lint.out << lint.err;

    Writer writer(p.db);
    std::this_thread::sleep_for(200ms);
    auto up = p.project.db({"upgrade", "--statement-lock-timeout", "2"});
    std::this_thread::sleep_for(200ms);
    writer.stop();
    ASSERT_EQ(up.exit_code, 0) << up.out << up.err;
    EXPECT_EQ(writer.failures(), 0) << writer.first_failure();
    EXPECT_GT(writer.writes(), 10);
    EXPECT_LT(writer.longest(), 2000ms + 500ms);

    auto& db = p.db;
    EXPECT_EQ(db.text("SELECT indisvalid::text FROM pg_index WHERE indexrelid = "
                      "'ix_agents_crew_id'::regclass"),
              "true");
    for (const char* name : {"fk_agents_crew_id_crews", "ck_agents_max_iter_positive"})
        EXPECT_EQ(db.text(std::string("SELECT convalidated::text FROM pg_constraint WHERE "
                                      "conname = '") +
                          name + "'"),
                  "true")
            << name;
    EXPECT_EQ(db.text("SELECT contype::text FROM pg_constraint WHERE conname = "
                      "'uq_agents_crew_id_name'"),
              "u");
    EXPECT_EQ(db.text("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = "
                      "'agents'::regclass AND attname = 'goal'"),
              "true");
    EXPECT_EQ(db.text("SELECT count(*) FROM pg_constraint WHERE conname LIKE '%not_null'"), "0");
    auto check = p.project.db({"check"});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
}

TEST(SafeAutogeneratePg, TheConfigFileTurnsItOn) {
    DriftedAgents p;
    testing_support::write_file(p.project.path() / "crewstudio.toml",
                                "[migrations]\nsafe = true\n");
    auto dry = p.project.db({"revision", "--autogenerate", "-m", "restore", "--dry-run"});
    ASSERT_EQ(dry.exit_code, 0) << dry.err;
    EXPECT_NE(dry.out.find("concurrently: true"), std::string::npos) << dry.out;
    EXPECT_NE(dry.out.find("not_valid: true"), std::string::npos) << dry.out;
}

TEST(AutogenerateAssertsPg, ASetNotNullOverNullsStopsAtTheAssertWithItsMessage) {
    DriftedAgents p;
    p.sql("UPDATE agents SET goal = NULL WHERE name = 'a7'");
    const std::string before = p.db.text("SELECT version_num FROM migrate_version");
    auto written = p.project.db({"revision", "--autogenerate", "-m", "restore agents"});
    ASSERT_EQ(written.exit_code, 0) << written.err;
    std::string all;
    for (const auto& f : p.project.revision_files()) all += testing_support::read_file(f);
    EXPECT_NE(all.find("SELECT count(*) = 0 FROM agents WHERE goal IS NULL"), std::string::npos)
        << all;
    EXPECT_NE(all.find("SELECT NOT EXISTS (SELECT 1 FROM agents WHERE crew_id IS NOT NULL AND "
                       "name IS NOT NULL GROUP BY crew_id, name HAVING count(*) > 1)"),
              std::string::npos)
        << all;
    auto up = p.project.db({"upgrade"});
    EXPECT_EQ(up.exit_code, 4) << up.err;
    EXPECT_NE(up.err.find("agents.goal holds NULLs"), std::string::npos) << up.err;
    EXPECT_EQ(p.db.text("SELECT version_num FROM migrate_version"), before);
    EXPECT_EQ(p.db.text("SELECT attnotnull::text FROM pg_attribute WHERE attrelid = "
                        "'agents'::regclass AND attname = 'goal'"),
              "false");
}

}  // namespace
