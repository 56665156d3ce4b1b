// Writing outputs so that a crash never leaves half a file: write beside, then rename.
#pragma once

#include <filesystem>
#include <string_view>

namespace carepack {

enum class Privacy { Shared, OwnerOnly };

// Writes `bytes` to a temporary file in the same folder and renames it over `file`. OwnerOnly
// files (personal documents) are created readable by their owner only. Throws Failure naming
// the file on any error, leaving no partial file behind.
void write_file_atomically(const std::filesystem::path& file, std::string_view bytes,
                           Privacy privacy = Privacy::Shared);

}  // namespace carepack
