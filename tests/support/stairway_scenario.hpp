// The `db test` scenarios of issue 17, on any dialect: the studio's revisions pass; a
// downgrade that forgets an index is caught and named; a NOT NULL column without a default is
// caught once a fixture puts rows in the table; the configured database is never touched and
// the scratch database is gone afterwards.
#pragma once

#include <functional>
#include <map>
#include <string>

namespace testing_support {

struct StairwaySetup {
    std::string configured_url;              // DATABASE_URL: a database that must stay as it is
    std::map<std::string, std::string> env;  // more variables for every command (TMPDIR)
    std::vector<std::string> extra_args;     // e.g. --scratch-url
    // Whether the scratch database the report names ("file ...", "database ... on ...") is
    // gone once the command has finished.
    std::function<bool(const std::string& scratch)> scratch_gone;
};

void run_stairway_scenarios(const StairwaySetup& setup);

}  // namespace testing_support
