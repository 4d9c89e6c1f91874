// `db init`: the starting layout of a project, as `alembic init` writes one: the migrations
// directory and a commented config file. Nothing that exists is overwritten.
#include <filesystem>
#include <fstream>
#include <ostream>

#include "migrate/cli/commands.hpp"
#include "migrate/support/error.hpp"
#include "migrate/support/log.hpp"

namespace migrate::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDefaultDirectory = "migrations/versions";

// Every line is a comment but the section headers: the file reads as "nothing configured"
// until the user fills it in, and it names every setting docs/configuration.md documents.
std::string config_text(const InitOptions& o) {
    const auto& spec = o.spec;
    std::string url = spec.variable("DATABASE_URL");
    std::string text =
        "# " + fs::path(o.config_file).filename().string() + ": the settings of " + o.program +
        " (written by " + o.program +
        " db init).\n"
        "#\n"
        "# The database URL, highest first: --database-url; " +
        url + " (or " + spec.variable("DATABASE_URL_FILE") +
        ", a file holding it) in the environment;\n# " + url +
        " in .env; [environments.<env>.database] url here; [database] url here;\n" +
        (spec.default_url.empty() ? std::string("# nothing else: an unset URL is an error.\n")
                                  : "# in development and test only: " + spec.default_url + ".\n") +
        "# <env> is " + spec.variable("APP_ENV") +
        " or --env: development (default), test or production.\n"
        "# URLs: sqlite:///relative/path.db, sqlite:////absolute/path.db,\n"
        "# postgresql://user@host:5432/dbname?sslmode=require (keep passwords out of this "
        "file:\n# use " +
        spec.variable("DATABASE_URL_FILE") +
        " or PGPASSWORD).\n\n"
        "[database]\n"
        "# url = \"sqlite:///var/app.db\"\n\n"
        "[migrations]\n" +
        std::string(o.migrations_dir == kDefaultDirectory ? "# " : "") + "directory = \"" +
        o.migrations_dir.generic_string() +
        "\"\n"
        "# version_table = \"migrate_version\"   # its log is <version_table>_history\n"
        "# version_table_schema = \"migrations\"  # PostgreSQL: the version tables' schema\n\n"
        "# [environments.production.database]\n"
        "# url = \"postgresql://app@db.internal:5432/app?sslmode=require\"\n";
    return text;
}

void write_new_file(const fs::path& path, const std::string& content) {
    // Exclusive creation: a file that appeared since the check is not overwritten either.
    std::FILE* f = std::fopen(path.c_str(), "wx");
    if (!f) throw Error(ErrorKind::usage, "cannot create " + path.string());
    bool ok = std::fwrite(content.data(), 1, content.size(), f) == content.size();
    ok = std::fclose(f) == 0 && ok;
    if (!ok) throw Error(ErrorKind::usage, "cannot write " + path.string());
}

}  // namespace

void command_init(CommandContext& ctx, const InitOptions& o) {
    std::error_code ec;
    std::vector<std::string> existing;
    if (fs::exists(o.migrations_dir, ec) && !fs::is_empty(o.migrations_dir, ec))
        existing.push_back("the migrations directory " + o.migrations_dir.string() +
                           " is not empty");
    if (fs::exists(o.config_file, ec)) existing.push_back(o.config_file.string() + " exists");
    if (!existing.empty()) {
        Error e(ErrorKind::usage,
                "db init writes a new layout and overwrites nothing: " + existing.front());
        for (std::size_t i = 1; i < existing.size(); ++i) e.add_context(existing[i]);
        e.add_hint("remove them first, or give another directory: " + o.program +
                   " db init DIRECTORY");
        throw e;
    }
    fs::create_directories(o.migrations_dir, ec);
    if (ec)
        throw Error(ErrorKind::usage,
                    "cannot create " + o.migrations_dir.string() + ": " + ec.message());
    write_new_file(o.config_file, config_text(o));
    log().info("wrote {} and {}", o.migrations_dir.string(), o.config_file.string());
    if (ctx.output.quiet) return;
    std::string db = o.program + " db";
    // The config file names a directory other than the default; another config file must
    // be named on every command.
    std::string dir_flag =
        o.config_file == o.spec.config_file ? "" : " -c " + o.config_file.string();
    ctx.out << "Created " << o.migrations_dir.string() << "/ (revision files) and "
            << o.config_file.string() << " (settings, all commented).\n"
            << "Next:\n"
            << "  1. Set the database URL: " << o.spec.variable("DATABASE_URL")
            << "=... in the environment or .env, or [database] url in " << o.config_file.string()
            << (o.spec.default_url.empty() ? ""
                                           : " (development default: " + o.spec.default_url + ")")
            << ".\n"
            << "  2. Declare the models in " << o.program << "'s code.\n"
            << "  3. " << db << dir_flag
            << " revision --autogenerate -m \"initial schema\"   # review the file it writes\n"
            << "  4. " << db << dir_flag << " upgrade\n";
}

}  // namespace migrate::cli
