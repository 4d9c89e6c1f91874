// The squash scenario of issue 17, on any dialect: a 30-revision chain with a branch and a
// merge inside the squashed range, databases standing at every revision of the range, a
// fresh one through the checkpoint, and the replaced files deleted afterwards.
#pragma once

#include <functional>
#include <string>

#include "migrate/schema/table.hpp"
#include "tests/support/cli_project.hpp"

namespace testing_support {

// ab0000000001 .. ab0000000030: 01 creates t01; 11 branches into 12 -> 14 and 13 -> 15, which
// 16 merges; 07 seeds t01 (bulk_insert); every third adds a column to t01, the others create a
// table tNN with an index. The squashed range is 05:20.
void write_squash_chain(const CliProject& project);
std::string chain_id(int n);

// The live schema (without the version tables) and the version rows of a database.
migrate::schema::MetaData schema_of(const std::string& url);
std::string version_of(const std::string& url);
// The revisions of the history table's upgrade rows, in order.
std::vector<std::string> upgraded_revisions(const std::string& url);
// The differences between two schemas, one line each (empty: equal).
std::vector<std::string> schema_differences(const migrate::schema::MetaData& want,
                                            const migrate::schema::MetaData& got);

// The whole scenario with gtest assertions; new_url makes an empty database each call.
void run_squash_scenario(const std::function<std::string()>& new_url);

}  // namespace testing_support
