// The host's whole command line with CLI11: the settings flags, `db` and its verbs,
// completion, the manual page, the host's own commands; and the single place where errors
// are caught, worded (what, where, what to do) and mapped to exit codes.
#include "migrate/cli/host.hpp"

#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <iostream>
#include <memory>
#include <ostream>

#include "migrate/cli/completion.hpp"
#include "migrate/cli/db_verbs.hpp"
#include "migrate/cli/global_flags.hpp"
#include "migrate/cli/man_page.hpp"
#include "migrate/cli/output_format.hpp"
#include "migrate/cli/parse_error.hpp"
#include "migrate/cli/progress.hpp"
#include "migrate/support/command_name.hpp"
#include "migrate/support/interrupt.hpp"
#include "migrate/support/log.hpp"
#include "migrate/support/text.hpp"
#include "migrate/support/version.hpp"

namespace migrate::cli {

int exit_code(ErrorKind kind) {
    switch (kind) {
        case ErrorKind::usage:
        case ErrorKind::config:
            return 2;
        case ErrorKind::connection:
            return 3;
        case ErrorKind::migration:
        case ErrorKind::lock_timeout:
            return 4;
        case ErrorKind::revision_file:
            return 5;
        case ErrorKind::interrupted:
            return 130;
    }
    return 4;
}

namespace {

// With --format json an error is one JSON object on the last line of stderr.
int report(std::ostream& err, const Error& e, bool json, bool colour) {
    int code = exit_code(e.kind());
    if (json)
        err << error_json(e, code).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
    else
        print_error_text(err, e, colour);
    return code;
}

std::string version_text(const Host& host) {
    std::string engine = std::string("migrate ") + kToolVersion;
    if (host.program == "migrate" || host.version.empty()) return host.program + " " + engine;
    return host.program + " " + host.version + " (" + engine + ")";
}

// The program's commands, declared once per run; the host's commands keep their runners.
struct Program {
    explicit Program(const Host& host)
        : app(host.summary.empty() ? host.program : host.summary, host.program) {
        app.require_subcommand(1);
        app.set_version_flag("--version", version_text(host), "Print the version and exit");
        globals.add_to(app, host.settings.config_file);
        db = app.add_subcommand(
            "db", "Versioned schema migrations of the database (" + host.program + " db --help)");
        globals.add_to(*db, host.settings.config_file);
        verbs = std::make_unique<DbVerbs>(*db);
        for (const auto& command : host.commands) {
            auto* sub = app.add_subcommand(command.name, command.summary);
            globals.add_to(*sub, host.settings.config_file);
            runners.emplace_back(sub, command.define(*sub));
        }
        completion = app.add_subcommand("completion", "Print a shell completion script: source <(" +
                                                          host.program + " completion bash)");
        completion->add_option("shell", shell, "bash, zsh or fish")
            ->required()
            ->check(CLI::IsMember({"bash", "zsh", "fish"}));
        man = app.add_subcommand(
            "man", "Print the manual page (roff): " + host.program + " man | man -l -");
        if (!host.help.empty()) app.footer(host.help);
        for (auto* sub : app.get_subcommands({})) sub->fallthrough();
    }

    CLI::App app;
    GlobalFlags globals;
    CLI::App* db = nullptr;
    std::unique_ptr<DbVerbs> verbs;
    std::vector<std::pair<CLI::App*, std::function<int(const Invocation&)>>> runners;
    CLI::App* completion = nullptr;
    std::string shell;
    CLI::App* man = nullptr;
};

settings::Settings resolve(const Host& host, const settings::Overrides& overrides) {
    return settings::resolve(host.settings, overrides);
}

int run_db_verb(Program& p, const Host& host, const std::vector<std::string>& args,
                std::ostream& out, std::ostream& err, Terminals terminals) {
    auto overrides = p.globals.overrides();
    CommandContext ctx{p.verbs->needs_settings() ? resolve(host, overrides) : settings::Settings{},
                       out};
    ctx.err = &err;
    ctx.output.quiet = p.globals.quiet();
    ctx.lock_timeout =
        std::chrono::milliseconds(static_cast<long long>(p.verbs->lock_timeout_seconds() * 1000));
    ctx.output.colour = !p.verbs->json() && colour_allowed(terminals.out);
    p.verbs->apply_limits(ctx);
    if (!ctx.output.quiet && !p.verbs->json())
        ctx.progress = progress_observer(err, terminals.err, p.verbs->progress_interval());
    return p.verbs->dispatch(ctx, host, overrides, args);
}

int run_parsed(Program& p, const Host& host, const std::vector<std::string>& args,
               std::ostream& out, std::ostream& err, Terminals terminals) {
    if (p.completion->parsed()) {
        out << completion_script(p.shell, host.program);
        return 0;
    }
    if (p.man->parsed()) {
        out << man_page(p.app, host);
        return 0;
    }
    if (p.db->parsed()) {
        return run_db_verb(p, host, args, out, err, terminals);
    }
    for (auto& [sub, runner] : p.runners) {
        if (!sub->parsed()) continue;
        auto overrides = p.globals.overrides();
        Invocation invocation{overrides, [&host, overrides] { return resolve(host, overrides); },
                              out, err, p.globals.log_format()};
        return runner(invocation);
    }
    return 0;
}

}  // namespace

int run(const Host& host, const std::vector<std::string>& args, std::ostream& out,
        std::ostream& err, Terminals terminals) {
    set_program_name(host.program);
    Program p(host);
    // Hidden: the completion scripts ask for the words that may come next.
    if (!args.empty() && args[0] == kCompleteCommand) {
        auto settings_of = [&](const settings::Overrides& o) { return resolve(host, o); };
        for (const auto& word : complete_words(p.app, {args.begin() + 1, args.end()}, settings_of))
            out << word << "\n";
        return 0;
    }
    // A usage error is worded before the flags are known: read them from the words, so that
    // --format json and --log-format json get a JSON line here too.
    bool json = json_requested(args) ||
                std::find(args.begin(), args.end(), "--log-format=json") != args.end();
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        json = json || (args[i] == "--log-format" && args[i + 1] == "json");
    const bool err_colour = colour_allowed(terminals.err);
    std::vector<std::string> argv_storage{host.program};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<const char*> argv;
    for (const auto& a : argv_storage) argv.push_back(a.c_str());
    try {
        p.app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::CallForHelp&) {
        out << p.app.help();  // the help of the deepest command given
        return 0;
    } catch (const CLI::CallForAllHelp&) {
        out << p.app.help("", CLI::AppFormatMode::All);
        return 0;
    } catch (const CLI::CallForVersion& v) {
        out << v.what() << "\n";
        return 0;
    } catch (const CLI::ParseError& e) {
        auto problem = explain_parse_error(p.app, e, args);
        Error error(ErrorKind::usage, problem.message);
        for (const auto& hint : problem.hints) error.add_hint(hint);
        return report(err, error, json, err_colour);
    }

    configure_log(p.globals.quiet()     ? spdlog::level::err
                  : p.globals.verbose() ? spdlog::level::debug
                                        : spdlog::level::info,
                  p.globals.log_format());
    install_interrupt_handler();
    // With JSON logs every line of stderr is JSON, the error included.
    const bool db_json = (p.db->parsed() && p.verbs->json()) || p.globals.log_format() == "json";
    try {
        auto code = run_parsed(p, host, args, out, err, terminals);
        return code;
    } catch (const Error& e) {
        return report(err, e, db_json, err_colour);
    } catch (const std::exception& e) {
        Error unexpected(ErrorKind::migration,
                         std::string("unexpected failure: ") + text::mask_password(e.what()));
        return report(err, unexpected, db_json, err_colour);
    }
}

int run(const Host& host, int argc, const char* const* argv) {
    std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
    Terminals terminals{isatty(STDOUT_FILENO) == 1, isatty(STDERR_FILENO) == 1};
    return run(host, args, std::cout, std::cerr, terminals);
}

int run_db(const Host& host, const std::vector<std::string>& args, std::ostream& out,
           std::ostream& err, Terminals terminals) {
    std::vector<std::string> all{"db"};
    all.insert(all.end(), args.begin(), args.end());
    return run(host, all, out, err, terminals);
}

}  // namespace migrate::cli
