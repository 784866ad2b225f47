// Case folding for unique keys and searches, shared by every backend: the store keeps the folded value of a
// unique member in <column>_key (computed here, so SQLite and PostgreSQL hold the same keys), and searches
// compare folded text. ASCII plus the Latin-1 and Latin Extended-A letters (å, ä, ö, é, ł, ...), because
// SQLite's NOCASE folds ASCII only and the Norce catalog's languages need more.
#pragma once

#include <string>
#include <string_view>

namespace norced::store {

std::string fold_case(std::string_view utf8);

}  // namespace norced::store
