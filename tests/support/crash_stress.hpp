// Crash stress on any dialect: `db upgrade` of a 50-revision chain killed with SIGKILL at
// random moments; after every kill the database must hold exactly the committed revisions.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace testing_support {

// kills runs, each killed after a random delay within one full upgrade's duration (reruns
// that outlive it must finish at head; a full run is downgraded to base and started over).
// fresh_url(scratch) gives an empty database; scratch is the run's working directory (on
// tmpfs when there is one), where a SQLite file can go. CREWSTUDIO_STRESS_SEED replays a run.
void run_crash_stress(
    int kills, const std::function<std::string(const std::filesystem::path& scratch)>& fresh_url);

}  // namespace testing_support
