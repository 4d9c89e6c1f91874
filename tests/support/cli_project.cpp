// CliProject: a temporary project directory driven through the crewstudio binary.
#include "tests/support/cli_project.hpp"

#include <algorithm>

namespace testing_support {

namespace fs = std::filesystem;

CliProject::CliProject() : url("sqlite:///" + (dir_ / "app.db").string()) {}

CliResult CliProject::db(std::vector<std::string> args,
                         std::map<std::string, std::string> env) const {
    args.insert(args.begin(), "db");
    if (!env.count("DATABASE_URL")) env["DATABASE_URL"] = url;
    return run_cli(args, dir_.path(), env);
}

CliResult CliProject::db_on_terminal(std::vector<std::string> args,
                                     std::map<std::string, std::string> env) const {
    args.insert(args.begin(), "db");
    if (!env.count("DATABASE_URL")) env["DATABASE_URL"] = url;
    return run_cli_on_terminal(args, dir_.path(), "", env);
}

void CliProject::write_revision(const std::string& id, const std::string& parent,
                                const std::string& message, const std::vector<std::string>& upgrade,
                                const std::vector<std::string>& downgrade,
                                const std::vector<std::string>& branch_labels) const {
    std::string labels;
    for (const auto& l : branch_labels) labels += (labels.empty() ? "" : ", ") + l;
    std::string text = "revision: " + id +
                       "\ndown_revision: " + (parent.empty() ? "null" : parent) +
                       "\nbranch_labels: [" + labels + "]\ndepends_on: []\nmessage: " + message +
                       "\ncreated_at: 2026-11-24T14:02:19Z\ntransactional: true\n";
    for (const auto& [key, items] : {std::pair{"upgrade", &upgrade}, {"downgrade", &downgrade}}) {
        text += std::string(key) + ":" + (items->empty() ? " []\n" : "\n");
        for (const auto& item : *items) text += "  " + item + "\n";
    }
    std::string slug = message;
    std::replace(slug.begin(), slug.end(), ' ', '_');
    fs::create_directories(versions());
    write_file(versions() / ("20261124_1402_" + id + "_" + slug + ".yaml"), text);
}

std::vector<fs::path> CliProject::revision_files() const {
    std::vector<fs::path> files;
    if (fs::exists(versions()))
        for (const auto& e : fs::directory_iterator(versions())) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace testing_support
