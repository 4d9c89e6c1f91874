// Crash and concurrency stress on any dialect: a chain of revisions, runners killed at
// random moments or started together, and the check that schema, version and history agree.
#pragma once

#include <filesystem>
#include <string>

namespace testing_support {

// Writes revisions 0..n-1 into dir/migrations/versions; revision i creates table s_<i>
// with an index and one row.
void write_chain(const std::filesystem::path& dir, int n);
std::string chain_id(int i);

// The version row, the tables and the history agree: tables s_0..s_k exist exactly for
// the applied prefix, and each revision's upgrade rows outnumber its downgrade rows by
// one when applied and by none otherwise. Returns how many revisions are applied.
int expect_consistent(const std::string& url, int n);

// kills times: start `db upgrade`, SIGKILL it after a random delay within one full run's
// duration, check consistency, continue from there (downgrading to base at the head).
void kill_at_random_moments(const std::filesystem::path& dir, const std::string& url, int n,
                            int kills, unsigned seed);

// rounds times: runners `db upgrade` started together must all exit 0 and apply each
// revision exactly once; then down to base for the next round.
void concurrent_rounds(const std::filesystem::path& dir, const std::string& url, int n, int runners,
                       int rounds);

}  // namespace testing_support
