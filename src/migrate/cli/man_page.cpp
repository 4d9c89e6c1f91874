// Rendering --help texts as roff sections: each help verbatim in a no-fill block, so the
// page says exactly what --help says.
#include "migrate/cli/man_page.hpp"

#include <CLI/CLI.hpp>

#include <sstream>

#include "migrate/support/text.hpp"
#include "migrate/support/version.hpp"

namespace migrate::cli {

namespace {

// Text safe in roff: backslashes escaped, '-' as a minus (options must copy as typed),
// and a line starting with '.' or '\'' not taken for a request.
std::string roff(const std::string& text) {
    std::string out;
    bool line_start = true;
    for (char c : text) {
        if (line_start && (c == '.' || c == '\'')) out += "\\&";
        if (c == '\\')
            out += "\\e";
        else if (c == '-')
            out += "\\-";
        else
            out += c;
        line_start = c == '\n';
    }
    return out;
}

// The --help of app, whose usage line names it as title ("notes-app db upgrade"). Through
// the formatter: App::help would hand over to the command parsed (`man` itself).
void help_block(std::ostringstream& out, const CLI::App& app, const std::string& title) {
    std::string help = app.get_formatter()->make_help(&app, title, CLI::AppFormatMode::Normal);
    out << ".SS \"" << roff(title) << "\"\n.nf\n" << roff(help);
    if (!help.empty() && help.back() != '\n') out << "\n";
    out << ".fi\n";
}

}  // namespace

std::string man_page(const CLI::App& program, const Host& host) {
    const std::string& name = host.program;
    const auto& spec = host.settings;
    std::ostringstream out;
    std::string upper = text::lower(name);
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out << ".TH \"" << roff(upper) << "\" 1 \"\" \"" << roff(name) << " "
        << roff(host.version.empty() ? kToolVersion : host.version) << "\" \"User Commands\"\n";
    out << ".SH NAME\n"
        << roff(name) << " \\- " << roff(host.summary.empty() ? "schema migrations" : host.summary)
        << "\n";
    out << ".SH SYNOPSIS\n.B " << roff(name) << "\n[\\fIsettings flags\\fR] \\fICOMMAND\\fR "
        << "[\\fIoptions\\fR]\n.br\n.B " << roff(name)
        << " db\n\\fIVERB\\fR [\\fIoptions\\fR] [\\fIrevisions\\fR]\n";
    out << ".SH DESCRIPTION\n"
        << roff(name)
        << " versions its database schema with revision files, as Alembic does, on SQLite and "
           "PostgreSQL. The settings flags may come before the command or after it.\n";
    if (!host.help.empty()) out << ".PP\n" << roff(host.help) << "\n";

    out << ".SH COMMANDS\n";
    help_block(out, program, name);
    for (const CLI::App* command : program.get_subcommands({})) {
        help_block(out, *command, name + " " + command->get_name());
        if (command->get_name() != "db") continue;
        for (const CLI::App* verb : command->get_subcommands({}))
            help_block(out, *verb, name + " db " + verb->get_name());
    }

    out << ".SH ENVIRONMENT\n";
    auto variable = [&](const std::string& v, const std::string& what) {
        out << ".TP\n.B " << roff(spec.variable(v)) << "\n" << roff(what) << "\n";
    };
    variable("DATABASE_URL", "The database URL, below --database-url and above every file.");
    variable("DATABASE_URL_FILE",
             "A file holding the database URL alone (a secret); not together with " +
                 spec.variable("DATABASE_URL") + ".");
    variable("APP_ENV", "The environment: development (default), test or production.");
    out << ".TP\n.B PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, ...\nlibpq fills from them "
           "what a PostgreSQL URL leaves out.\n.TP\n.B NO_COLOR\nNo colour on a terminal.\n";
    out << ".SH FILES\n.TP\n.B " << roff(spec.config_file)
        << "\nThe config file in the working directory (or -c FILE): [database] url, "
           "[environments.ENV.database] url, [migrations] directory and version_table.\n"
        << ".TP\n.B .env\n"
        << roff(spec.variable("DATABASE_URL")) << "=URL lines, as docker compose writes them.\n";
    out << ".SH \"EXIT STATUS\"\n.nf\n"
           "0    success\n"
           "1    db check: the models and the database differ\n"
           "2    usage or configuration error\n"
           "3    cannot connect to the database\n"
           "4    a migration failed and was rolled back, or the lock wait timed out\n"
           "5    revision files malformed or inconsistent (several heads where one is needed)\n"
           "130  interrupted\n.fi\n";
    return out.str();
}

}  // namespace migrate::cli
