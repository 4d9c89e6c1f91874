// settings::resolve: each precedence level beats the ones below it, and each misconfiguration
// errors.
#include "migrate/settings/settings.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <optional>

#include "migrate/support/error.hpp"
#include "migrate/support/text.hpp"
#include "tests/support/temp_dir.hpp"

namespace {

namespace fs = std::filesystem;
using migrate::Error;
using migrate::ErrorKind;
using migrate::settings::Overrides;
using testing_support::TempDir;
using testing_support::write_file;

// crewstudio's description of its settings, as the studio hands it over.
migrate::settings::SettingsSpec crewstudio_spec() {
    migrate::settings::SettingsSpec spec;
    spec.config_file = "crewstudio.toml";
    spec.default_url = "sqlite:///var/crewstudio.db";
    return spec;
}

migrate::settings::Settings load_settings(const Overrides& overrides) {
    return migrate::settings::resolve(crewstudio_spec(), overrides);
}

constexpr const char* kVariables[] = {"DATABASE_URL", "DATABASE_URL_FILE", "APP_ENV"};

// Each test starts with the variables the resolver reads unset, and gets the ambient values
// back afterwards so that nothing leaks between tests or into the developer's shell.
class SettingsTest : public ::testing::Test {
  protected:
    void SetUp() override {
        for (const char* name : kVariables) {
            if (const char* value = std::getenv(name)) saved_[name] = value;
            unsetenv(name);
        }
    }
    void TearDown() override {
        for (const char* name : kVariables) {
            auto it = saved_.find(name);
            if (it != saved_.end())
                setenv(name, it->second.c_str(), 1);
            else
                unsetenv(name);
        }
    }

    Overrides in_dir() const {
        Overrides o;
        o.working_dir = dir_.path();
        return o;
    }
    // A working dir with every level below the command line and environment filled in.
    void write_all_files() const {
        write_file(dir_ / ".env", "DATABASE_URL=sqlite:///from_dotenv.db\n");
        write_file(dir_ / "crewstudio.toml",
                   "[database]\nurl = \"sqlite:///from_database.db\"\n"
                   "[environments.development.database]\nurl = \"sqlite:///from_env_dev.db\"\n"
                   "[environments.production.database]\n"
                   "url = \"postgresql://app:Sekr1t@db/app\"\n");
    }
    static std::string printed(const Error& e) {
        return e.message() + "\n" + migrate::text::join(e.context(), "\n") + "\n" +
               migrate::text::join(e.hints(), "\n");
    }
    // The printed text of the config error load_settings throws.
    static std::string error_of(const Overrides& o) {
        try {
            load_settings(o);
        } catch (const Error& e) {
            EXPECT_EQ(e.kind(), ErrorKind::config);
            return printed(e);
        }
        ADD_FAILURE() << "load_settings did not throw";
        return "";
    }

    TempDir dir_;
    std::map<std::string, std::string> saved_;
};

TEST_F(SettingsTest, DefaultIsDevelopmentSqlite) {
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.env, "development");
    EXPECT_EQ(s.database_url, "sqlite:///var/crewstudio.db");
    EXPECT_EQ(s.url_source, "default");
    EXPECT_EQ(s.url.dialect, "sqlite");
    EXPECT_EQ(fs::path(s.url.path), dir_.path() / "var/crewstudio.db");
    EXPECT_EQ(s.migrations_dir, dir_.path() / "migrations/versions");
    EXPECT_EQ(s.version_table, "migrate_version");
    EXPECT_EQ(s.history_table, "migrate_history");
}

TEST_F(SettingsTest, TestEnvironmentAlsoDefaultsToSqlite) {
    setenv("APP_ENV", "test", 1);
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.env, "test");
    EXPECT_EQ(s.url_source, "default");
}

TEST_F(SettingsTest, DatabaseSectionBeatsDefault) {
    write_file(dir_ / "crewstudio.toml", "[database]\nurl = \"sqlite:///from_database.db\"\n");
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.database_url, "sqlite:///from_database.db");
    EXPECT_EQ(s.url_source, "crewstudio.toml [database]");
}

TEST_F(SettingsTest, EnvironmentSectionBeatsDatabaseSection) {
    write_all_files();
    fs::remove(dir_ / ".env");
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.database_url, "sqlite:///from_env_dev.db");
    EXPECT_EQ(s.url_source, "crewstudio.toml [environments.development.database]");
}

TEST_F(SettingsTest, AppEnvSelectsItsEnvironmentSection) {
    write_all_files();
    fs::remove(dir_ / ".env");
    setenv("APP_ENV", "production", 1);
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.env, "production");
    EXPECT_EQ(s.url_source, "crewstudio.toml [environments.production.database]");
    EXPECT_EQ(s.url.dialect, "postgresql");
    EXPECT_EQ(s.url.masked(), "postgresql://app:***@db/app");
    // The test environment has no section of its own and falls to [database].
    setenv("APP_ENV", "test", 1);
    EXPECT_EQ(load_settings(in_dir()).url_source, "crewstudio.toml [database]");
}

TEST_F(SettingsTest, EnvOverrideBeatsAppEnv) {
    write_all_files();
    fs::remove(dir_ / ".env");
    setenv("APP_ENV", "production", 1);
    auto o = in_dir();
    o.env = "development";
    EXPECT_EQ(load_settings(o).url_source, "crewstudio.toml [environments.development.database]");
}

TEST_F(SettingsTest, DotenvBeatsConfigFile) {
    write_all_files();
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.database_url, "sqlite:///from_dotenv.db");
    EXPECT_EQ(s.url_source, ".env");
}

TEST_F(SettingsTest, EnvironmentVariableBeatsDotenv) {
    write_all_files();
    setenv("DATABASE_URL", "sqlite:///from_variable.db", 1);
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.database_url, "sqlite:///from_variable.db");
    EXPECT_EQ(s.url_source, "DATABASE_URL");
}

TEST_F(SettingsTest, EmptyEnvironmentVariableCountsAsUnset) {
    write_all_files();
    setenv("DATABASE_URL", "", 1);
    EXPECT_EQ(load_settings(in_dir()).url_source, ".env");
}

TEST_F(SettingsTest, DatabaseUrlFileBeatsDotenv) {
    write_all_files();
    write_file(dir_ / "secrets/db", "postgresql://app:Sekr1t@db:5432/app\n");
    setenv("DATABASE_URL_FILE", (dir_ / "secrets/db").c_str(), 1);
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.database_url, "postgresql://app:Sekr1t@db:5432/app");  // newline trimmed
    EXPECT_EQ(s.url_source, "DATABASE_URL_FILE " + (dir_ / "secrets/db").string());
    EXPECT_EQ(s.url.password, "Sekr1t");
}

TEST_F(SettingsTest, DatabaseUrlFileMissingOrEmpty) {
    setenv("DATABASE_URL_FILE", (dir_ / "nowhere").c_str(), 1);
    EXPECT_NE(error_of(in_dir()).find("does not exist"), std::string::npos);
    write_file(dir_ / "empty", "\n");
    setenv("DATABASE_URL_FILE", (dir_ / "empty").c_str(), 1);
    EXPECT_NE(error_of(in_dir()).find("is empty"), std::string::npos);
    setenv("DATABASE_URL_FILE", dir_.path().c_str(), 1);
    EXPECT_NE(error_of(in_dir()).find("is a directory"), std::string::npos);
}

// A secret is one line; a second line would end up in the database name, and a device
// would be read without end. Neither is read, and the content is never echoed.
TEST_F(SettingsTest, DatabaseUrlFileMustHoldOneLineOfABoundedFile) {
    write_file(dir_ / "two", "postgresql://app:Sekr1t@db/app\nsecond line\n");
    setenv("DATABASE_URL_FILE", (dir_ / "two").c_str(), 1);
    auto two = error_of(in_dir());
    EXPECT_NE(two.find("holds more than one line"), std::string::npos) << two;
    EXPECT_EQ(two.find("Sekr1t"), std::string::npos) << two;
    setenv("DATABASE_URL_FILE", "/dev/zero", 1);
    EXPECT_NE(error_of(in_dir()).find("is not a regular file"), std::string::npos);
    write_file(dir_ / "big", std::string(70 * 1024, 'x'));
    setenv("DATABASE_URL_FILE", (dir_ / "big").c_str(), 1);
    EXPECT_NE(error_of(in_dir()).find("is larger than 64 KiB"), std::string::npos);
}

TEST_F(SettingsTest, DatabaseUrlAndFileBothSetIsAnError) {
    write_file(dir_ / "secret", "sqlite:///a.db\n");
    setenv("DATABASE_URL", "sqlite:///b.db", 1);
    setenv("DATABASE_URL_FILE", (dir_ / "secret").c_str(), 1);
    EXPECT_NE(error_of(in_dir()).find("both DATABASE_URL and DATABASE_URL_FILE are set"),
              std::string::npos);
}

TEST_F(SettingsTest, CommandLineBeatsEverything) {
    write_all_files();
    setenv("DATABASE_URL", "sqlite:///from_variable.db", 1);
    auto o = in_dir();
    o.database_url = "sqlite:///from_flag.db";
    auto s = load_settings(o);
    EXPECT_EQ(s.database_url, "sqlite:///from_flag.db");
    EXPECT_EQ(s.url_source, "--database-url");
}

TEST_F(SettingsTest, ProductionWithoutUrlIsAnError) {
    setenv("APP_ENV", "production", 1);
    try {
        load_settings(in_dir());
        FAIL() << "no error";
    } catch (const Error& e) {
        EXPECT_EQ(e.kind(), ErrorKind::config);
        EXPECT_EQ(e.message(), "APP_ENV=production and no database URL is configured");
        std::string hints = migrate::text::join(e.hints(), "\n");
        for (const char* way : {"--database-url", "DATABASE_URL_FILE", ".env",
                                "[environments.production.database]", "[database]"})
            EXPECT_NE(hints.find(way), std::string::npos) << way;
    }
}

TEST_F(SettingsTest, ProductionWithADatabaseSectionIsFine) {
    write_file(dir_ / "crewstudio.toml", "[database]\nurl = \"postgresql://app@db/app\"\n");
    auto o = in_dir();
    o.env = "production";
    EXPECT_EQ(load_settings(o).url_source, "crewstudio.toml [database]");
}

TEST_F(SettingsTest, UnknownEnvironmentSuggestsNearest) {
    setenv("APP_ENV", "prodution", 1);
    auto text = error_of(in_dir());
    EXPECT_NE(text.find("unknown environment 'prodution' (from APP_ENV)"), std::string::npos);
    EXPECT_NE(text.find("did you mean 'production'?"), std::string::npos);
    setenv("APP_ENV", "prod", 1);
    EXPECT_NE(error_of(in_dir()).find("did you mean 'production'?"), std::string::npos);
    unsetenv("APP_ENV");
    auto o = in_dir();
    o.env = "staging";
    EXPECT_NE(error_of(o).find("(from --env)"), std::string::npos);
}

TEST_F(SettingsTest, UnknownEnvironmentSectionIsAnError) {
    write_file(dir_ / "crewstudio.toml", "[environments.prod.database]\nurl = \"sqlite:///x\"\n");
    auto text = error_of(in_dir());
    EXPECT_NE(text.find("crewstudio.toml:1:"), std::string::npos) << text;
    EXPECT_NE(text.find("did you mean [environments.production]?"), std::string::npos) << text;
}

TEST_F(SettingsTest, MalformedTomlNamesTheLine) {
    write_file(dir_ / "crewstudio.toml", "[database]\nurl = \"sqlite:///a.db\"\nthis is = bad\n");
    auto text = error_of(in_dir());
    EXPECT_TRUE(migrate::text::starts_with(text, "crewstudio.toml:3:")) << text;
}

TEST_F(SettingsTest, WrongTypesInTomlAreErrors) {
    write_file(dir_ / "crewstudio.toml", "[database]\nurl = 5\n");
    EXPECT_NE(error_of(in_dir()).find("crewstudio.toml:2:7: url in [database] must be a string"),
              std::string::npos);
    write_file(dir_ / "crewstudio.toml", "database = \"sqlite:///a.db\"\n");
    EXPECT_NE(error_of(in_dir()).find("[database] must be a table"), std::string::npos);
}

TEST_F(SettingsTest, ConfigPathOverride) {
    write_file(dir_ / "conf/other.toml", "[database]\nurl = \"sqlite:///other.db\"\n");
    write_file(dir_ / "crewstudio.toml", "[database]\nurl = \"sqlite:///ignored.db\"\n");
    auto o = in_dir();
    o.config_path = "conf/other.toml";
    auto s = load_settings(o);
    EXPECT_EQ(s.database_url, "sqlite:///other.db");
    EXPECT_EQ(s.url_source, "conf/other.toml [database]");
}

TEST_F(SettingsTest, MissingConfigPathIsAnError) {
    auto o = in_dir();
    o.config_path = "missing.toml";
    EXPECT_NE(error_of(o).find("does not exist"), std::string::npos);
}

TEST_F(SettingsTest, DotenvSyntax) {
    write_file(dir_ / ".env",
               "# a comment\n"
               "\n"
               "OTHER=1\n"
               "DATABASE_URL=sqlite:///first.db\n"
               "export DATABASE_URL = \"sqlite:///quoted db.db\"  # trailing comment\n");
    EXPECT_EQ(load_settings(in_dir()).database_url, "sqlite:///quoted db.db");
    write_file(dir_ / ".env", "DATABASE_URL='postgresql://app:p$s\\s@db/app'\n");
    EXPECT_EQ(load_settings(in_dir()).url.password, "p$s\\s");  // single quotes: literal
    write_file(dir_ / ".env", "DATABASE_URL=sqlite:///plain.db # note\n");
    EXPECT_EQ(load_settings(in_dir()).database_url, "sqlite:///plain.db");
}

TEST_F(SettingsTest, DotenvUnterminatedQuoteNamesTheLine) {
    write_file(dir_ / ".env", "A=1\nDATABASE_URL=\"sqlite:///a.db\n");
    auto text = error_of(in_dir());
    EXPECT_NE(text.find(".env:2: the value of DATABASE_URL has no closing \""), std::string::npos)
        << text;
}

TEST_F(SettingsTest, DotenvLineWithoutAssignmentNamesFileAndLine) {
    write_file(dir_ / ".env",
               "# settings\nOTHER=1\nNOT_AN_ASSIGNMENT\nDATABASE_URL=sqlite:///a.db\n");
    auto text = error_of(in_dir());
    EXPECT_NE(text.find((dir_ / ".env").string() + ":3: the line has no '='"), std::string::npos)
        << text;
    EXPECT_NE(text.find("KEY=value"), std::string::npos) << text;
}

TEST_F(SettingsTest, DotenvBadQuotingOnAnyLineIsAnError) {
    write_file(dir_ / ".env", "SECRET_KEY='abc\nDATABASE_URL=sqlite:///a.db\n");
    auto text = error_of(in_dir());
    EXPECT_NE(text.find(".env:1: the value of SECRET_KEY has no closing '"), std::string::npos)
        << text;
    write_file(dir_ / ".env", "A=\"x\" y\n");
    text = error_of(in_dir());
    EXPECT_NE(text.find(".env:1: unexpected text after the quoted value of A"), std::string::npos)
        << text;
    write_file(dir_ / ".env", "=value\n");
    EXPECT_NE(error_of(in_dir()).find(".env:1: the line has no name before '='"),
              std::string::npos);
    write_file(dir_ / ".env", "MY VAR=1\n");
    EXPECT_NE(error_of(in_dir()).find("'MY VAR' is not a variable name"), std::string::npos);
}

TEST_F(SettingsTest, DotenvIgnoresAppEnv) {
    write_file(dir_ / ".env", "APP_ENV=production\n");
    EXPECT_EQ(load_settings(in_dir()).env, "development");
}

TEST_F(SettingsTest, BadUrlErrorNamesItsSourceWithoutPassword) {
    setenv("DATABASE_URL", "postgresql://app:Sekr1t@db:99999/app", 1);
    auto text = error_of(in_dir());
    EXPECT_NE(text.find("database URL from DATABASE_URL"), std::string::npos) << text;
    EXPECT_NE(text.find("out of range"), std::string::npos) << text;
    EXPECT_EQ(text.find("Sekr1t"), std::string::npos) << text;
}

TEST_F(SettingsTest, SqlitePathsResolveAgainstWorkingDir) {
    auto o = in_dir();
    o.database_url = "sqlite:///data/../app.db";
    EXPECT_EQ(fs::path(load_settings(o).url.path), dir_.path() / "app.db");
    o.database_url = "sqlite:////tmp/abs.db";
    EXPECT_EQ(load_settings(o).url.path, "/tmp/abs.db");
    o.database_url = "sqlite:///:memory:";
    EXPECT_EQ(load_settings(o).url.path, ":memory:");
}

TEST_F(SettingsTest, MigrationsSection) {
    write_file(dir_ / "crewstudio.toml",
               "[migrations]\ndirectory = \"db/revisions\"\nversion_table = \"studio_version\"\n");
    auto s = load_settings(in_dir());
    EXPECT_EQ(s.migrations_dir, dir_.path() / "db/revisions");
    EXPECT_EQ(s.version_table, "studio_version");
    EXPECT_EQ(s.history_table, "studio_version_history");
    auto o = in_dir();
    o.migrations_dir = "/srv/migrations";
    EXPECT_EQ(load_settings(o).migrations_dir, fs::path("/srv/migrations"));
}

TEST_F(SettingsTest, DefaultVersionTableKeepsDefaultHistoryTable) {
    write_file(dir_ / "crewstudio.toml", "[migrations]\nversion_table = \"migrate_version\"\n");
    EXPECT_EQ(load_settings(in_dir()).history_table, "migrate_history");
}

TEST_F(SettingsTest, BadVersionTableIsAnError) {
    write_file(dir_ / "crewstudio.toml", "[migrations]\nversion_table = \"my-table\"\n");
    EXPECT_NE(error_of(in_dir()).find("crewstudio.toml:2:"), std::string::npos);
}

TEST_F(SettingsTest, VersionTableSchemaAndSchemasOnPostgresqlOnly) {
    write_file(dir_ / "crewstudio.toml",
               "[migrations]\nversion_table_schema = \"ops\"\nschemas = [\"legacy\", "
               "\"audit\"]\n");
    auto o = in_dir();
    o.database_url = "postgresql://app@db/app";
    auto s = load_settings(o);
    EXPECT_EQ(s.version_table, "ops.migrate_version");
    EXPECT_EQ(s.history_table, "ops.migrate_history");
    EXPECT_EQ(s.schemas, (std::vector<std::string>{"legacy", "audit"}));
    // SQLite has no schemas: its version tables stay in its one database.
    o.database_url = "sqlite:///app.db";
    s = load_settings(o);
    EXPECT_EQ(s.version_table, "migrate_version");
    EXPECT_TRUE(s.schemas.empty());
}

TEST_F(SettingsTest, BadSchemaNamesAreErrors) {
    write_file(dir_ / "crewstudio.toml", "[migrations]\nversion_table_schema = \"o-ps\"\n");
    EXPECT_NE(error_of(in_dir()).find("crewstudio.toml:2:"), std::string::npos);
    write_file(dir_ / "crewstudio.toml", "[migrations]\nschemas = \"legacy\"\n");
    EXPECT_NE(error_of(in_dir()).find("must be a list of strings"), std::string::npos);
}

TEST_F(SettingsTest, ReadAfreshEachCall) {
    auto o = in_dir();
    EXPECT_EQ(load_settings(o).url_source, "default");
    write_file(dir_ / ".env", "DATABASE_URL=sqlite:///later.db\n");
    EXPECT_EQ(load_settings(o).url_source, ".env");
}

}  // namespace

namespace {

// The finding: [databse] was ignored and the tool quietly used another database. Every table
// and key the resolver does not know is an error naming it, its line and the nearest name.
TEST_F(SettingsTest, UnknownSectionsAndKeysAreErrorsWithTheNearestName) {
    setenv("DATABASE_URL", "sqlite:///from_env.db", 1);  // would have hidden the typo
    write_file(dir_ / "crewstudio.toml", "[databse]\nurl = \"sqlite:///a.db\"\n");
    auto section = error_of(in_dir());
    EXPECT_NE(section.find("crewstudio.toml:1:2: unknown section [databse]"), std::string::npos)
        << section;
    EXPECT_NE(section.find("did you mean [database]?"), std::string::npos) << section;
    write_file(dir_ / "crewstudio.toml", "[database]\nuri = \"sqlite:///a.db\"\n");
    auto key = error_of(in_dir());
    EXPECT_NE(key.find("crewstudio.toml:2:1: unknown key 'uri' in [database]"), std::string::npos)
        << key;
    EXPECT_NE(key.find("did you mean 'url'?"), std::string::npos) << key;
    write_file(dir_ / "crewstudio.toml", "[migrations]\ndirectroy = \"db\"\n");
    EXPECT_NE(error_of(in_dir()).find("did you mean 'directory'?"), std::string::npos);
    write_file(dir_ / "crewstudio.toml", "[environments.production.databse]\nurl = \"x\"\n");
    EXPECT_NE(error_of(in_dir()).find("did you mean [environments.production.database]?"),
              std::string::npos);
    write_file(dir_ / "crewstudio.toml", "database_url = \"sqlite:///a.db\"\n");
    EXPECT_NE(error_of(in_dir()).find("unknown key 'database_url' at the top level"),
              std::string::npos);
}

// A host keeps its own tables in the same file; migrate leaves them alone.
TEST_F(SettingsTest, HostSectionsAreTheHostsToRead) {
    write_file(dir_ / "crewstudio.toml",
               "[server]\nport = 9000\n[database]\nurl = \"sqlite:///from_database.db\"\n");
    auto spec = crewstudio_spec();
    spec.host_sections = {"server"};
    EXPECT_EQ(migrate::settings::resolve(spec, in_dir()).url_source, "crewstudio.toml [database]");
    EXPECT_NE(error_of(in_dir()).find("unknown section [server]"), std::string::npos);
}

// Another host: its file name, its prefix on every variable (environment and .env), no
// default URL.
TEST_F(SettingsTest, AHostsPrefixAndConfigFileName) {
    migrate::settings::SettingsSpec spec;
    spec.config_file = "notes.toml";
    spec.env_prefix = "NOTES_";
    auto resolve = [&] { return migrate::settings::resolve(spec, in_dir()); };
    try {
        resolve();
        ADD_FAILURE() << "no default URL: an error";
    } catch (const Error& e) {
        EXPECT_EQ(e.message(), "no database URL is configured");
        EXPECT_NE(migrate::text::join(e.hints(), "\n").find("NOTES_DATABASE_URL"),
                  std::string::npos);
    }
    write_file(dir_ / "notes.toml", "[database]\nurl = \"sqlite:///from_toml.db\"\n");
    EXPECT_EQ(resolve().url_source, "notes.toml [database]");
    write_file(dir_ / ".env",
               "DATABASE_URL=sqlite:///not_ours.db\nNOTES_DATABASE_URL=sqlite:///ours.db\n");
    EXPECT_EQ(resolve().database_url, "sqlite:///ours.db");
    setenv("DATABASE_URL", "sqlite:///not_ours_either.db", 1);
    EXPECT_EQ(resolve().url_source, ".env");
    setenv("NOTES_APP_ENV", "production", 1);
    EXPECT_EQ(resolve().env, "production");
    unsetenv("NOTES_APP_ENV");
}

// Editors on Windows save .env with a byte-order mark; the first variable is still read.
TEST_F(SettingsTest, DotenvWithAByteOrderMark) {
    write_file(dir_ / ".env",
               "\xEF\xBB\xBF"
               "DATABASE_URL=sqlite:///bom.db\n");
    EXPECT_EQ(load_settings(in_dir()).database_url, "sqlite:///bom.db");
}

}  // namespace
