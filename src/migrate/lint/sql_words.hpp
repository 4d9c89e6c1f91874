// The statements of an execute's SQL, each as its words: enough to recognise what a
// statement is (CREATE INDEX CONCURRENTLY ... ON t, an UPDATE, a DO block), not to parse it.
// String literals, dollar-quoted bodies and comments are skipped, so a word inside them
// never counts.
#pragma once

#include <string>
#include <vector>

namespace migrate::lint {

struct Word {
    std::string upper;  // for keywords: the word upper-cased ("" for a quoted identifier)
    std::string name;   // as an identifier: lower-cased unless it was double-quoted
    bool punctuation = false;  // "(", ")", ",", "."
};

struct SqlStatement {
    std::string text;  // the statement as written, trimmed
    std::vector<Word> words;
    // True when the first words are these keywords, in order.
    bool starts(const std::vector<std::string>& keywords) const;
    // The index of the first word that is keyword, or words.size().
    std::size_t find(const std::string& keyword, std::size_t from = 0) const;
};

std::vector<SqlStatement> statements_of(const std::string& sql);

}  // namespace migrate::lint
